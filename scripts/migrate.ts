import { getConfig } from '../lib/config/env';
import { getDatabase } from '../lib/db/client';
import { migratePostgres } from '../lib/db/migrate';
import { loadEnvFiles, runCli } from './cli';

/**
 * `npm run db:migrate`: applies drizzle/ to DATABASE_URL, or to the embedded database, which
 * migrates itself when opened under its one-process lock (so never beside a running `npm run dev`).
 */
loadEnvFiles();
const databaseUrl = process.env.DATABASE_URL?.trim();

await runCli(
  async () => {
    if (databaseUrl) {
      const { applied } = await migratePostgres(databaseUrl);
      console.log(applied === 0 ? 'database is up to date' : `applied ${applied} migration${applied === 1 ? '' : 's'}`);
      return;
    }
    await getDatabase();
    console.log(`embedded database in ${getConfig().dataDir}/pglite is up to date`);
  },
  // Migrating a real server needs DATABASE_URL only, not the app's secrets.
  { appConfig: !databaseUrl },
);
