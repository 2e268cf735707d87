import { after, before, describe } from 'node:test';
import { startApp, type AppServer } from './app-server';
import { REAL_SERVICES_SKIP, startRealServices } from './real-services';

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

export const SETUPS: Setup[] = [
  { name: 'embedded', skip: false, start: (env) => startApp(env) },
  {
    name: 'postgres+redis',
    skip: REAL_SERVICES_SKIP,
    async start(env) {
      const services = await startRealServices();
      try {
        const app = await startApp({ ...services.env, ...env });
        return {
          ...app,
          stop: async () => {
            await app.stop();
            await services.stop();
          },
        };
      } catch (error) {
        await services.stop();
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
