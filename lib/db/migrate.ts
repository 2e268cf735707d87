import 'server-only';
import { settleCanonicalEmails } from './canonical-emails';
import { MIGRATIONS_FOLDER, POSTGRES_DRIVER_OPTIONS, type Database } from './client';
import * as schema from './schema';

// Any constant shared by every deploy of this app; PostgreSQL advisory locks are keyed by number.
const MIGRATION_LOCK = 4_817_202_611;

/**
 * Applies drizzle/ to a real PostgreSQL server and returns how many migrations were new. Two
 * deploys building at once (a preview and production, two previews on one database) take turns
 * on an advisory lock instead of both running the same DDL; the second finds nothing left to do.
 */
export async function migratePostgres(url: string): Promise<{ applied: number }> {
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const { migrate } = await import('drizzle-orm/postgres-js/migrator');
  // One connection, so the lock and the migration share a session.
  const client = postgres(url, { ...POSTGRES_DRIVER_OPTIONS, max: 1, connect_timeout: 10 });
  const count = async () => {
    const [row] = await client<{ count: number }[]>`
      SELECT count(*)::int AS count FROM pg_catalog.pg_tables
      WHERE schemaname = 'drizzle' AND tablename = '__drizzle_migrations'`;
    if (!row?.count) return 0;
    const [applied] = await client<{ count: number }[]>`SELECT count(*)::int AS count FROM drizzle.__drizzle_migrations`;
    return applied?.count ?? 0;
  };
  try {
    await client`SELECT pg_advisory_lock(${MIGRATION_LOCK})`;
    const before = await count();
    const db = drizzle(client, { schema });
    await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    await settleCanonicalEmails(db as unknown as Database);
    return { applied: (await count()) - before };
  } finally {
    await client.end({ timeout: 5 });
  }
}
