import 'server-only';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { Sql } from 'postgres';
import { getConfig } from '../config/env';
import { BackendUnavailableError, isBackendUnavailable } from '../backends/unavailable';
import { settleCanonicalEmails } from './canonical-emails';
import { lockEmbeddedDatabase } from './pglite-lock';
import type { PGliteThread } from './pglite-thread';
import { reconnectDelaySeconds } from './reconnect';
import * as schema from './schema';

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

interface DatabaseHandle {
  kind: 'postgres' | 'pglite';
  db: Database;
  close(): Promise<void>;
}

// Next.js bundles each route separately, so module state is not shared between routes: one
// client per process lives on globalThis instead.
const globalForDb = globalThis as typeof globalThis & { __authDatabase?: Promise<DatabaseHandle> };

export const MIGRATIONS_FOLDER = path.join(process.cwd(), 'drizzle');

/** What every postgres.js client of this app is created with: the app's pool and the migration runner. */
export const POSTGRES_DRIVER_OPTIONS = {
  // Transaction-mode poolers (Supabase, Neon, PgBouncer) cannot keep prepared statements.
  prepare: false,
  // The driver's array-type lookup, its first query on every new connection, is not awaited by
  // anyone: a connection lost during it, with the database gone before the retry, surfaces as an
  // unhandled rejection (postgres.js 3.4.9). Arrays need no lookup here: drizzle writes and reads
  // them as PostgreSQL array literals. One round trip fewer per new connection, too.
  fetch_types: false,
  onnotice: () => {},
} as const;

/**
 * A postgres.js client of the embedded database on its thread. PGlite is one backend: one
 * connection, on which transactions and everything else take turns. `socket` (a custom stream in
 * place of TCP) is in postgres.js's README but not its type definitions, so it goes in through a
 * variable.
 */
export async function connectToPGliteThread(thread: PGliteThread): Promise<Sql> {
  const { default: postgres } = await import('postgres');
  const options = { ...POSTGRES_DRIVER_OPTIONS, max: 1, socket: () => thread.connect() };
  return postgres(options);
}

async function open(): Promise<DatabaseHandle> {
  const config = getConfig();
  const { drizzle } = await import('drizzle-orm/postgres-js');
  if (config.databaseUrl) {
    const { default: postgres } = await import('postgres');
    const client = postgres(config.databaseUrl, {
      ...POSTGRES_DRIVER_OPTIONS,
      max: 10,
      connect_timeout: 5,
      idle_timeout: 30,
      backoff: reconnectDelaySeconds,
    });
    return { kind: 'postgres', db: drizzle(client, { schema }) as unknown as Database, close: () => client.end({ timeout: 5 }) };
  }

  const { startPGliteThread } = await import('./pglite-thread');
  const { migrate } = await import('drizzle-orm/postgres-js/migrator');
  const directory = path.resolve(config.dataDir, 'pglite');
  mkdirSync(directory, { recursive: true });
  lockEmbeddedDatabase(directory);
  const thread = startPGliteThread(directory);
  const client = await connectToPGliteThread(thread);
  const close = async () => {
    await client.end({ timeout: 5 });
    await thread.close();
  };
  const db = drizzle(client, { schema });
  try {
    // The embedded database belongs to this process alone, so it migrates itself on open; a real
    // server is migrated explicitly with `npm run db:migrate` before deploy.
    await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    await settleCanonicalEmails(db as unknown as Database);
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
  return { kind: 'pglite', db: db as unknown as Database, close };
}

export function getDatabase(): Promise<DatabaseHandle> {
  if (!globalForDb.__authDatabase) {
    globalForDb.__authDatabase = open().catch((error: unknown) => {
      globalForDb.__authDatabase = undefined;
      throw new BackendUnavailableError('database', { cause: error });
    });
  }
  return globalForDb.__authDatabase;
}

/** Closes the database if this process opened it (command-line tasks, before they exit). */
export async function closeDatabase(): Promise<void> {
  const opened = globalForDb.__authDatabase;
  globalForDb.__authDatabase = undefined;
  const handle = await opened?.catch(() => undefined);
  await handle?.close();
}

export function databaseKind(): 'postgres' | 'pglite' {
  return getConfig().databaseUrl ? 'postgres' : 'pglite';
}

const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'EPIPE',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
]);

type DriverError = Error & { code?: unknown; constraint_name?: unknown };

// drizzle wraps the driver's error, and postgres.js can wrap a socket error in turn: the fact that
// matters is a few causes deep.
function* causes(error: unknown): Generator<DriverError> {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) yield current;
}

function isConnectionError(error: unknown): boolean {
  for (const current of causes(error)) {
    if (typeof current.code === 'string' && CONNECTION_ERROR_CODES.has(current.code)) return true;
    if (current instanceof AggregateError && current.errors.some(isConnectionError)) return true;
  }
  return false;
}

/** True when `error` broke the unique index `constraint` (postgres.js names it in `constraint_name`). */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  for (const current of causes(error)) {
    if (current.code === '23505') return current.constraint_name === constraint;
  }
  return false;
}

/** True when `error` is a foreign-key violation: a referenced row does not exist. */
export function isForeignKeyViolation(error: unknown): boolean {
  for (const current of causes(error)) if (current.code === '23503') return true;
  return false;
}

/** Runs `work` with the database, turning an unreachable server into a 503 rather than a 500. */
export async function withDatabase<T>(work: (db: Database) => Promise<T>): Promise<T> {
  const { db } = await getDatabase();
  try {
    return await work(db);
  } catch (error) {
    // A token-store outage inside a transaction must keep its own name, not become the database's.
    if (!isBackendUnavailable(error) && isConnectionError(error)) throw new BackendUnavailableError('database', { cause: error });
    throw error;
  }
}
