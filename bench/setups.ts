import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { openPGlite } from '../lib/db/pglite';
import { Redis } from 'ioredis';
import postgres from 'postgres';
import { BENCH_SESSIONS_TABLE } from '../lib/bench/session-table';
import { startApp, type AppServer } from '../tests/support/app-server';
import { migratePostgres } from '../lib/db/migrate';
import { startRedis } from '../tests/support/redis';
import { spawnUpstashRestServer } from '../tests/support/upstash-rest-process';

/** A running app with the benchmark routes on, and the session row the lookup baseline reads. */
export interface BenchSetup {
  name: 'embedded' | 'postgres+redis';
  app: AppServer;
  sessionId: string;
  /** Where the round trips can be counted: only on real services. The app's PostgreSQL connections carry `appName`. */
  real?: { databaseUrl: string; appName: string; redisUrl: string; redisDb: number };
  stop(): Promise<void>;
}

// The bench's Redis commands go to a database index of their own, so MONITOR can tell them from
// those of other clients of a shared server (bench/counters.ts).
const BENCH_REDIS_DB = 11;

// Created before the app starts and dropped after it stops. 10,000 other sessions, so the lookup
// is an index probe into a table of realistic size.
function sessionTableSql(sessionId: string): string[] {
  const table = BENCH_SESSIONS_TABLE;
  return [
    `create table if not exists ${table} (id uuid primary key, user_id uuid not null, email text not null, role text not null, expires_at timestamptz not null)`,
    `insert into ${table} select gen_random_uuid(), gen_random_uuid(), 'other-' || n || '@example.com', 'user', now() + interval '1 day' from generate_series(1, 10000) as n`,
    `insert into ${table} values ('${sessionId}', '${randomUUID()}', 'bench@example.com', 'user', now() + interval '1 day')`,
  ];
}

/** The app's own `/api/bench/*` routes must be in the build, or every scenario would meet 404s. */
export const BENCH_ROUTE_PATHS = ['/api/bench/public', '/api/bench/protected', '/api/bench/session', '/api/bench/event-loop', '/api/bench/cpu-profile'];

const ROOT = resolve(import.meta.dirname, '..');

/** Why the production build in .next cannot serve the bench (none, or one without its routes); undefined when it can. */
export function buildProblem(): string | undefined {
  if (!existsSync(join(ROOT, '.next', 'BUILD_ID'))) {
    return 'no production build in .next: run `npm run build` first (the bench measures a build, it does not make one)';
  }
  const routes = JSON.parse(readFileSync(join(ROOT, '.next', 'app-path-routes-manifest.json'), 'utf8')) as Record<string, string>;
  const served = new Set(Object.values(routes));
  const missing = BENCH_ROUTE_PATHS.filter((path) => !served.has(path));
  if (missing.length > 0) return `the build in .next has no ${missing.join(', ')}: it predates the benchmark routes; run \`npm run build\` again`;
  return undefined;
}

/**
 * The embedded defaults on `dataDir`, which the set-up then owns: empty, or a store a previous
 * `next start` left (the start-up scenario's), which saves creating another.
 */
export async function startEmbedded(env: Record<string, string>, dataDir: string): Promise<BenchSetup> {
  const sessionId = randomUUID();
  try {
    await mkdir(join(dataDir, 'pglite'), { recursive: true });
    const pglite = openPGlite(join(dataDir, 'pglite'));
    for (const statement of sessionTableSql(sessionId)) await pglite.exec(statement);
    await pglite.close();
    const app = await startApp({ ...env, DATA_DIR: dataDir, BENCH_ROUTES: '1' });
    return {
      name: 'embedded',
      app,
      sessionId,
      stop: async () => {
        await app.stop();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

function withDatabaseIndex(redisUrl: string, db: number): string {
  const url = new URL(redisUrl);
  url.pathname = `/${db}`;
  return url.href;
}

async function deleteBenchKeys(redisUrl: string): Promise<void> {
  const redis = new Redis(redisUrl);
  try {
    for await (const keys of redis.scanStream({ match: 'auth:*', count: 500 }) as AsyncIterable<string[]>) {
      if (keys.length > 0) await redis.del(...keys);
    }
  } finally {
    redis.disconnect();
  }
}

/**
 * PostgreSQL at `databaseUrl` (migrated here, as the tests do) and Redis from TEST_REDIS_URL or a
 * redis-server of our own, behind the local Upstash REST server.
 */
export async function startReal(databaseUrl: string, env: Record<string, string>): Promise<BenchSetup> {
  await migratePostgres(databaseUrl);
  const redis = await startRedis();
  if (!redis) throw new Error('PostgreSQL is given but Redis is not: set TEST_REDIS_URL or install redis-server');
  const redisUrl = withDatabaseIndex(redis.url, BENCH_REDIS_DB);
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  const cleanups: Array<() => Promise<unknown>> = [() => redis.stop(), () => sql.end({ timeout: 5 })];
  const cleanUp = async () => {
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((error: unknown) => console.error(`bench: clean-up failed: ${error instanceof Error ? error.message : String(error)}`));
    }
  };
  try {
    const sessionId = randomUUID();
    cleanups.push(() => sql.unsafe(`drop table if exists ${BENCH_SESSIONS_TABLE}`));
    for (const statement of sessionTableSql(sessionId)) await sql.unsafe(statement);
    const token = randomBytes(24).toString('base64url');
    const rest = await spawnUpstashRestServer(redisUrl, token);
    cleanups.push(() => deleteBenchKeys(redisUrl), () => rest.close());
    const appName = `auth-bench-app-${randomBytes(4).toString('hex')}`;
    const appDatabaseUrl = new URL(databaseUrl);
    appDatabaseUrl.searchParams.set('application_name', appName);
    const app = await startApp({ ...env, DATABASE_URL: appDatabaseUrl.href, UPSTASH_REDIS_REST_URL: rest.url, UPSTASH_REDIS_REST_TOKEN: token, BENCH_ROUTES: '1' });
    cleanups.push(() => app.stop());
    return { name: 'postgres+redis', app, sessionId, real: { databaseUrl, appName, redisUrl, redisDb: BENCH_REDIS_DB }, stop: cleanUp };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}
