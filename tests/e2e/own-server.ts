import { OWN_ORIGIN, startApp, type AppServer } from '../support/app-server';
import { e2eServerEnv } from '../support/e2e-server';
import { E2E_ADMIN } from './admin-account';
import { test as base } from './fixtures';

/**
 * For flows that need a server configured otherwise than the suite's: each test gets a server of
 * its own, started like the suite's (mail in /dev/outbox, short access tokens) with `serverEnv`
 * (set with `test.use`) on top, and its pages and `request` go there.
 */
export const testWithOwnServer = base.extend<{ serverEnv: Record<string, string>; server: AppServer }>({
  serverEnv: [{}, { option: true }],
  server: async ({ serverEnv }, provide, testInfo) => {
    testInfo.skip(Boolean(process.env.PLAYWRIGHT_BASE_URL), 'starts a server of its own, so it runs only where the suite starts the local one');
    // Starting the server is set-up, not the flow: on a loaded machine it took a third of the
    // flow's 60 s, and one flow ran out of time with its last link on screen. It gets time of its own.
    testInfo.setTimeout(testInfo.timeout + 30_000);
    const server = await startApp({ ...e2eServerEnv(E2E_ADMIN.email), APP_URL: OWN_ORIGIN, ...serverEnv });
    try {
      await provide(server);
    } finally {
      await server.stop();
    }
  },
  baseURL: async ({ server }, provide) => {
    await provide(server.url);
  },
});
