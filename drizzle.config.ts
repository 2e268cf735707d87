import path from 'node:path';
import { defineConfig } from 'drizzle-kit';

// With DATABASE_URL the real server; without it the same embedded PGlite directory the app opens.
const databaseUrl = process.env.DATABASE_URL?.trim();

export default defineConfig({
  schema: './lib/db/schema.ts',
  out: './drizzle',
  dialect: 'postgresql',
  strict: true,
  ...(databaseUrl
    ? { dbCredentials: { url: databaseUrl } }
    : { driver: 'pglite', dbCredentials: { url: path.resolve(process.env.DATA_DIR ?? '.data', 'pglite') } }),
});
