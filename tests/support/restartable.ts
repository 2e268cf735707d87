import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, type AppServer } from './app-server';
import { startRealServices } from './real-services';

/**
 * A server that is stopped and started again over the same data: on the embedded set-up the
 * database files (which the test edits while the server is down), on the real one the same
 * PostgreSQL, edited while it runs.
 */
export interface Restartable {
  app: AppServer;
  restart(env: Record<string, string>): Promise<void>;
  /** Runs SQL against the app's database. */
  sql(query: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  stop(): Promise<void>;
}

export async function embedded(env: Record<string, string>): Promise<Restartable> {
  const dataDir = await mkdtemp(join(tmpdir(), 'auth-verify-'));
  const { openPGlite } = await import('../../lib/db/pglite');
  const state: Restartable = {
    app: await startApp(env, { dataDir }),
    async restart(next) {
      await state.app.stop();
      state.app = await startApp(next, { dataDir });
    },
    async sql(query, params = []) {
      // PGlite belongs to one process: the server is stopped for the edit, then started again.
      const env = state.app.env;
      await state.app.stop();
      const db = openPGlite(join(dataDir, 'pglite'));
      try {
        return (await db.query<Record<string, unknown>>(query, params)).rows;
      } finally {
        await db.close();
        state.app = await startApp(env, { dataDir });
      }
    },
    async stop() {
      await state.app.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return state;
}

export async function realServices(env: Record<string, string>): Promise<Restartable> {
  const services = await startRealServices();
  const { default: postgres } = await import('postgres');
  const client = postgres(services.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
  const state: Restartable = {
    app: await startApp({ ...services.env, ...env }),
    async restart(next) {
      await state.app.stop();
      state.app = await startApp({ ...services.env, ...next });
    },
    sql: async (query, params = []) => [...(await client.unsafe(query, params as never[]))],
    async stop() {
      await state.app.stop();
      await client.end();
      await services.stop();
    },
  };
  return state;
}
