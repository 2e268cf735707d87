import { migratePostgres } from '../../lib/db/migrate';
import { startUpstashRedis } from './redis';
import { skipUnlessAvailable } from './requirements';

const databaseUrl = process.env.TEST_DATABASE_URL;

/** Why the real-services tests cannot run here, or false when they can. */
export const REAL_SERVICES_SKIP = skipUnlessAvailable(databaseUrl ? false : 'TEST_DATABASE_URL is not set (bash .ci/run starts PostgreSQL and Redis and sets it)');

let migrated: Promise<unknown> | undefined;

export interface RealServices {
  /** DATABASE_URL and the Upstash REST variables, for `startApp`. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * Real PostgreSQL from TEST_DATABASE_URL (migrated once per test process) and real Redis behind a
 * local Upstash REST server (in a process of its own with `restProcess`). Every app started with
 * `env` shares both.
 */
export async function startRealServices(options: { restProcess?: boolean } = {}): Promise<RealServices> {
  if (!databaseUrl) throw new Error(String(REAL_SERVICES_SKIP));
  migrated ??= migratePostgres(databaseUrl);
  await migrated;
  const redis = await startUpstashRedis({ ownProcess: options.restProcess });
  if (!redis) throw new Error('TEST_DATABASE_URL is set but no Redis: set TEST_REDIS_URL or install redis-server');
  return {
    env: { DATABASE_URL: databaseUrl, UPSTASH_REDIS_REST_URL: redis.url, UPSTASH_REDIS_REST_TOKEN: redis.token },
    stop: () => redis.stop(),
  };
}
