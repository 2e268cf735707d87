import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';
import { RELAXED_RATE_LIMITS } from './tests/support/rate-limits';

/**
 * End-to-end flows against `next start` of the production build (`npm test` builds first), with a
 * short access-token lifetime so expiry happens inside a test. PLAYWRIGHT_BASE_URL points the same
 * suite at any running deployment instead, and no local server is started.
 */
const externalBaseUrl = process.env.PLAYWRIGHT_BASE_URL;
const port = Number(process.env.E2E_PORT ?? 3210);
export const E2E_ACCESS_TOKEN_TTL_SECONDS = 5;
/** The local server makes this address an admin (ADMIN_EMAILS); the flows that need one sign in as it. */
export const E2E_ADMIN_EMAIL = 'e2e-admin@example.com';

// Browsers cannot be downloaded on every machine (CI here installs Debian's chromium); use the
// system one when it exists, Playwright's own otherwise. PLAYWRIGHT_CHROMIUM_PATH overrides both.
const systemChromium = process.env.PLAYWRIGHT_CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
const runningAsRoot = process.getuid?.() === 0;

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: [['list']],
  use: {
    baseURL: externalBaseUrl ?? `http://127.0.0.1:${port}`,
    trace: 'retain-on-failure',
    launchOptions: {
      ...(systemChromium ? { executablePath: systemChromium } : {}),
      // The Chromium sandbox cannot start as root; the other flags stop background calls to
      // Google services, which a closed network refuses noisily.
      args: [
        ...(runningAsRoot ? ['--no-sandbox'] : []),
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
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
          JWT_SECRET: randomBytes(48).toString('base64url'),
          REFRESH_TOKEN_SECRET: randomBytes(48).toString('base64url'),
          ACCESS_TOKEN_TTL: `${E2E_ACCESS_TOKEN_TTL_SECONDS}s`,
          ADMIN_EMAILS: E2E_ADMIN_EMAIL,
          BCRYPT_COST: '10',
          DATA_DIR: `.data/e2e-${Date.now()}`,
          // Reset links are built from APP_URL, and with no SMTP server the flows read them at /dev/outbox.
          APP_URL: `http://127.0.0.1:${port}`,
          DEV_OUTBOX: '1',
          // Every flow signs up and logs in from 127.0.0.1, far faster than a person; the limits
          // themselves are tested in tests/integration/rate-limits.test.ts.
          ...RELAXED_RATE_LIMITS,
        },
      },
});
