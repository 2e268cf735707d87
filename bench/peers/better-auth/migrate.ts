// Better Auth's own migration step, programmatically (what its CLI's `migrate` runs): creates the
// user, session, account, verification and jwks tables in DATABASE_URL.
import { getMigrations } from 'better-auth/db/migration';
import { authOptions } from './lib/options';

const options = authOptions();
try {
  const { runMigrations } = await getMigrations(options);
  await runMigrations();
} finally {
  await options.database.end();
}
