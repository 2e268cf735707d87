import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import { startApp, testSecrets, type AppServer } from './app-server';
import { REAL_SERVICES_SKIP, startRealServices } from './real-services';

export type Row = Record<string, unknown>;
export interface Statement {
  query: string;
  params?: unknown[];
}
/** One array of rows per statement, as a tuple of the same length. */
export type Results<T extends readonly Statement[]> = { -readonly [K in keyof T]: Row[] };

/** An app whose database a test can also read and write with SQL. */
export interface AppWithDatabase {
  app(): AppServer;
  /**
   * Runs the statements in order and resolves with the rows of each. On the embedded set-up the
   * database belongs to the server's process: the server is stopped for them and started again
   * on the same data, which ends every session of the in-process store (access tokens, being
   * stateless, keep working). Batch what can be batched.
   */
  sql<const T extends readonly Statement[]>(statements: T): Promise<Results<T>>;
  stop(): Promise<void>;
}

async function embedded(given: Record<string, string>): Promise<AppWithDatabase> {
  const dataDir = await mkdtemp(join(tmpdir(), 'auth-db-'));
  const { openPGlite } = await import('../../lib/db/pglite');
  // The same secrets at every start: access tokens and device cookies outlive a restart.
  const env = { ...testSecrets(), ...given };
  let current = await startApp(env, { dataDir });
  // One object for the whole life of the server, restarts included: helpers that cache per app
  // (the ADMIN_EMAILS admin of signUpAs) keep working. Its origin stays the same: same port.
  const app: AppServer = {
    url: current.url,
    env: current.env,
    output: () => current.output(),
    running: () => current.running(),
    stop: () => current.stop(),
  };
  return {
    app: () => app,
    async sql<const T extends readonly Statement[]>(statements: T): Promise<Results<T>> {
      const port = Number(new URL(current.url).port);
      await current.stop();
      const db = openPGlite(join(dataDir, 'pglite'));
      try {
        const results: Row[][] = [];
        for (const { query, params = [] } of statements) results.push((await db.query<Row>(query, params)).rows);
        return results as Results<T>;
      } finally {
        await db.close();
        current = await startApp(env, { dataDir, port });
      }
    },
    async stop() {
      await current.stop();
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
