import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import { startApp, type AppServer } from './app-server';
import { embeddedSql, embeddedSqlEnv, type Row, type Statement } from './embedded-sql';
import { REAL_SERVICES_SKIP, startRealServices } from './real-services';

export type { Row, Statement };
/** One array of rows per statement, as a tuple of the same length. */
export type Results<T extends readonly Statement[]> = { -readonly [K in keyof T]: Row[] };

/** An app whose database a test can also read and write with SQL. */
export interface AppWithDatabase {
  app(): AppServer;
  /**
   * Runs the statements in order and resolves with the rows of each, while the server runs: on
   * the embedded set-up, inside the server's process, which alone holds the database
   * (`tests/support/embedded-sql.ts`).
   */
  sql<const T extends readonly Statement[]>(statements: T): Promise<Results<T>>;
  stop(): Promise<void>;
}

async function embedded(env: Record<string, string>): Promise<AppWithDatabase> {
  const dataDir = await mkdtemp(join(tmpdir(), 'auth-db-'));
  const app = await startApp({ ...env, ...embeddedSqlEnv(dataDir) }, { dataDir });
  return {
    app: () => app,
    sql: async <const T extends readonly Statement[]>(statements: T) => (await embeddedSql(dataDir, statements)) as Results<T>,
    async stop() {
      await app.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function realServices(env: Record<string, string>): Promise<AppWithDatabase> {
  const services = await startRealServices();
  const { default: postgres } = await import('postgres');
  const client = postgres(services.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
  const app = await startApp({ ...services.env, ...env });
  return {
    app: () => app,
    async sql<const T extends readonly Statement[]>(statements: T): Promise<Results<T>> {
      const results: Row[][] = [];
      for (const { query, params = [] } of statements) results.push([...(await client.unsafe(query, params as never[]))]);
      return results as Results<T>;
    },
    async stop() {
      await app.stop();
      await client.end();
      await services.stop();
    },
  };
}

/** Declares `body` once per set-up (embedded, real PostgreSQL + Redis), each with its own app and SQL access. */
export function describeEachDatabase(title: string, env: Record<string, string>, body: (server: () => AppWithDatabase, setup: string) => void): void {
  for (const [name, start, skip] of [
    ['embedded', embedded, false],
    ['postgres+redis', realServices, REAL_SERVICES_SKIP],
  ] as const) {
    describe(`${title} [${name}]`, { skip }, () => {
      let server: AppWithDatabase | undefined;
      before(async () => {
        server = await start(env);
      });
      after(async () => {
        await server?.stop();
      });
      body(() => {
        if (!server) throw new Error('server not started');
        return server;
      }, name);
    });
  }
}
