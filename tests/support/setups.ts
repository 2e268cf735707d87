import { after, before, describe } from 'node:test';
import { startApp, type AppServer } from './app-server';
import { migrateRealDatabase } from './database';
import { useUpstashRedis } from './redis';

/**
 * The two set-ups every integration suite runs on: the embedded defaults (PGlite, in-process
 * store) and real services (PostgreSQL from TEST_DATABASE_URL, Redis through the Upstash REST
 * protocol). The real one is skipped, with the reason, where PostgreSQL is not given.
 */
interface Setup {
  name: string;
  skip: string | false;
  start(env: Record<string, string>): Promise<AppServer>;
}

let migrated: Promise<void> | undefined;

const databaseUrl = process.env.TEST_DATABASE_URL;

export const SETUPS: Setup[] = [
  { name: 'embedded', skip: false, start: (env) => startApp(env) },
  {
    name: 'postgres+redis',
    skip: databaseUrl ? false : 'TEST_DATABASE_URL is not set (bash .ci/run starts PostgreSQL and Redis and sets it)',
    async start(env) {
      migrated ??= migrateRealDatabase(databaseUrl!);
      await migrated;
      const redis = await useUpstashRedis();
      if (!redis) throw new Error('TEST_DATABASE_URL is set but no Redis: set TEST_REDIS_URL or install redis-server');
      try {
        const app = await startApp({ DATABASE_URL: databaseUrl!, UPSTASH_REDIS_REST_URL: redis.url, UPSTASH_REDIS_REST_TOKEN: redis.token, ...env });
        return {
          ...app,
          stop: async () => {
            await app.stop();
            await redis.stop();
          },
        };
      } catch (error) {
        await redis.stop();
        throw error;
      }
    },
  },
];

/** Declares `body` once per set-up, each against its own freshly started server. */
export function describeEachSetup(title: string, env: Record<string, string>, body: (app: () => AppServer) => void): void {
  for (const setup of SETUPS) {
    describe(`${title} [${setup.name}]`, { skip: setup.skip }, () => {
      let app: AppServer | undefined;
      before(async () => {
        app = await setup.start(env);
      });
      after(async () => {
        await app?.stop();
      });
      body(() => {
        if (!app) throw new Error('server not started');
        return app;
      });
    });
  }
}
