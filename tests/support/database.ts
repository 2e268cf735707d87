import { after, before, describe } from 'node:test';
import type { AppServer } from './app-server';
import type { Row, Statement } from './embedded-sql';
import { REAL_SERVICES_SKIP } from './real-services';
import { embedded, realServices, type Restartable } from './restartable';

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

/** The statements in order, through one of restartable.ts's set-ups (which this never restarts). */
async function withDatabase(start: (env: Record<string, string>) => Promise<Restartable>, env: Record<string, string>): Promise<AppWithDatabase> {
  const server = await start(env);
  return {
    app: () => server.app,
    async sql<const T extends readonly Statement[]>(statements: T): Promise<Results<T>> {
      const results: Row[][] = [];
      for (const { query, params } of statements) results.push(await server.sql(query, params));
      return results as Results<T>;
    },
    stop: () => server.stop(),
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
        server = await withDatabase(start, env);
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
