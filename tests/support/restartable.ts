import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, type AppServer } from './app-server';
import { embeddedSql, embeddedSqlEnv, type Row } from './embedded-sql';
import { startRealServices } from './real-services';

/**
 * A server that is stopped and started again over the same data: on the embedded set-up the
 * same database files, on the real one the same PostgreSQL. Its SQL runs while it runs (on the
 * embedded set-up, inside the server's process: `tests/support/embedded-sql.ts`).
 */
export interface Restartable {
  app: AppServer;
  restart(env: Record<string, string>): Promise<void>;
  /** Runs SQL against the app's database. */
  sql(query: string, params?: unknown[]): Promise<Row[]>;
  stop(): Promise<void>;
}

export async function embedded(env: Record<string, string>): Promise<Restartable> {
  const dataDir = await mkdtemp(join(tmpdir(), 'auth-db-'));
  const start = (given: Record<string, string>) => startApp({ ...given, ...embeddedSqlEnv(dataDir) }, { dataDir });
  const state: Restartable = {
    app: await start(env),
    async restart(next) {
      await state.app.stop();
      state.app = await start(next);
    },
    sql: (query, params = []) => embeddedSql(dataDir, { query, params }),
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
