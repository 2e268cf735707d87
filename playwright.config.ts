import { defineConfig, devices } from '@playwright/test';
import { E2E_ADMIN } from './tests/e2e/admin-account';
import { protectionBypassHeaders } from './tests/e2e/deployment-protection';
import { testSecrets } from './tests/support/app-server';
import { chromiumLaunchOptions } from './tests/support/chromium';
import { e2eServerEnv } from './tests/support/e2e-server';

/**
 * End-to-end flows against `next start` of the production build (`npm test` builds first), with a
 * short access-token lifetime so expiry happens inside a test. PLAYWRIGHT_BASE_URL points the same
 * suite at any running deployment instead, and no local server is started. Either way the global
 * setup first measures what the target can do, and flows it cannot serve skip themselves.
 */
const externalBaseUrl = process.env.PLAYWRIGHT_BASE_URL;
const port = Number(process.env.E2E_PORT ?? 3210);
const bypassHeaders = protectionBypassHeaders();

export default defineConfig({
  testDir: 'tests/e2e',
  globalSetup: './tests/e2e/global-setup.ts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: [['list']],
  // Apart per target, so runs side by side in CI (the halves of the local run and of the HTTPS run,
  // each on a port of its own) never clear one another's failure reports.
  outputDir: externalBaseUrl ? `test-results/external-${new URL(externalBaseUrl).port || 'default'}` : `test-results/local-${port}`,
  use: {
    baseURL: externalBaseUrl ?? `http://127.0.0.1:${port}`,
    extraHTTPHeaders: bypassHeaders,
    // Only for a target whose certificate is known to be self-signed (tests/support/e2e-https.ts).
    ignoreHTTPSErrors: process.env.PLAYWRIGHT_IGNORE_HTTPS_ERRORS === '1',
    // Recording a trace for every flow (kept only for failures) cost a quarter of the suite's CPU
    // and a third of its time (measured: 62 s against 39 s for eight flows); a failure still leaves
    // its page snapshot (error-context.md) and a screenshot. To debug a flow, run it with
    // `--trace on`; never against a protected deployment, since a trace records every request's
    // headers, the bypass secret among them.
    trace: 'off',
    screenshot: 'only-on-failure',
    launchOptions: chromiumLaunchOptions(),
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
  webServer: externalBaseUrl
    ? undefined
    : {
        command: `node node_modules/next/dist/bin/next start -p ${port} -H 127.0.0.1`,
        url: `http://127.0.0.1:${port}/api/health`,
        reuseExistingServer: false,
        timeout: 60_000,
        stdout: 'ignore',
        stderr: 'pipe',
        env: {
          NODE_ENV: 'production',
          NEXT_TELEMETRY_DISABLED: '1',
          ...testSecrets(),
          ...e2eServerEnv(E2E_ADMIN.email),
          DATA_DIR: `.data/e2e-${port}-${Date.now()}`,
          // Reset links are built from APP_URL.
          APP_URL: `http://127.0.0.1:${port}`,
        },
      },
});
