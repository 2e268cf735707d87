import { migratePostgres } from '../../lib/db/migrate';

/** Applies drizzle/ to a real PostgreSQL server, as `npm run db:migrate` does before a deploy. */
export async function migrateRealDatabase(url: string): Promise<void> {
  await migratePostgres(url);
}
