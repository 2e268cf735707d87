import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import type { Page, Response } from '@playwright/test';
import { secretKid } from '../../lib/auth/keys';
import { startApp, type AppServer } from '../support/app-server';
import { jsonOf, signedInBody } from '../support/bodies';
import { e2eServerEnv } from '../support/e2e-server';
import { freePort } from '../support/ports';
import { startUpstashRedis } from '../support/redis';
import { skipUnlessAvailable } from '../support/requirements';
import { newSecret } from '../support/signing-keys';
import { E2E_ADMIN } from './admin-account';
import { expect, signUpThroughForm, test as base } from './fixtures';

type Keys = { JWT_SECRET: string; REFRESH_TOKEN_SECRET: string };

/** A server of this test's own, restarted with other keys on the same origin, data and Redis. */
interface RotatingServer {
  url: string;
  restartWith(keys: Keys): Promise<void>;
}

const test = base.extend<{ firstKeys: Keys; rotating: RotatingServer }>({
  firstKeys: async ({}, provide) => {
    await provide({ JWT_SECRET: newSecret(), REFRESH_TOKEN_SECRET: newSecret() });
  },
  rotating: async ({ firstKeys }, provide, testInfo) => {
    testInfo.skip(Boolean(process.env.PLAYWRIGHT_BASE_URL), 'restarts a server of its own, so it runs only where the suite starts the local one');
    // Sessions must outlive a restart: the in-process store would forget them.
    const redis = await startUpstashRedis();
    const noRedis = skipUnlessAvailable(redis ? false : 'needs Redis for sessions that outlive a restart: set TEST_REDIS_URL or install redis-server');
    testInfo.skip(Boolean(noRedis), String(noRedis));
    const port = await freePort();
    const dataDir = await mkdtemp(join(tmpdir(), 'auth-e2e-rotation-'));
    const env = {
      ...e2eServerEnv(E2E_ADMIN.email),
      UPSTASH_REDIS_REST_URL: redis!.url,
      UPSTASH_REDIS_REST_TOKEN: redis!.token,
      APP_URL: `http://127.0.0.1:${port}`,
    };
    let server: AppServer | undefined;
    try {
      server = await startApp({ ...env, ...firstKeys }, { port, dataDir });
      await provide({
        url: server.url,
        restartWith: async (keys) => {
          await server?.stop();
          server = undefined;
          server = await startApp({ ...env, ...keys }, { port, dataDir });
        },
      });
    } finally {
      await server?.stop();
      await redis!.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  },
  baseURL: async ({ rotating }, provide) => {
    await provide(rotating.url);
  },
});

const kid = (token: string) => decodeProtectedHeader(token).kid;

/** Waits out the access token's lifetime, then creates a project: the page must refresh first, and say nothing of it. */
async function createProjectAfterExpiry(page: Page, accessToken: string, name: string): Promise<Response> {
  const expiresAt = (decodeJwt(accessToken).exp as number) * 1000;
  await page.waitForTimeout(Math.max(0, expiresAt + 1500 - Date.now()));
  // A page whose token the server no longer accepts gets invalid_token, which is never refreshed.
  const refreshed = page.waitForResponse((response) => response.url().endsWith('/api/auth/refresh'), { timeout: 30_000 });
  await page.getByLabel('Project name').fill(name);
  await page.getByRole('button', { name: 'Create project' }).click();
  const response = await refreshed;
  await expect(page.getByRole('link', { name })).toBeVisible();
  await expect(page).toHaveURL(/\/dashboard$/);
  return response;
}

test('an open page stays signed in while the keys rotate and the old ones are dropped', async ({ page, context, firstKeys, rotating, refreshCookieName }) => {
  // Three server starts (each allowed a minute under load) and two access-token lifetimes: on a
  // loaded CI machine the three minutes this had ran out during the last reload.
  test.setTimeout(300_000);
  const refreshCookie = async () => (await context.cookies()).find((cookie) => cookie.name === refreshCookieName)!.value;
  const { accessToken } = await signUpThroughForm(page);
  expect(kid(accessToken)).toBe(await secretKid(firstKeys.JWT_SECRET));
  expect(kid(await refreshCookie())).toBe(await secretKid(firstKeys.REFRESH_TOKEN_SECRET));

  // New keys first, old ones still listed; the page stays open through the restart.
  const next = { JWT_SECRET: newSecret(), REFRESH_TOKEN_SECRET: newSecret() };
  await rotating.restartWith({
    JWT_SECRET: `${next.JWT_SECRET},${firstKeys.JWT_SECRET}`,
    REFRESH_TOKEN_SECRET: `${next.REFRESH_TOKEN_SECRET},${firstKeys.REFRESH_TOKEN_SECRET}`,
  });
  const rotated = await createProjectAfterExpiry(page, accessToken, 'Made during the rotation');
  expect(rotated.status(), 'the old refresh cookie refreshes').toBe(200);
  const { accessToken: rotatedToken } = await jsonOf(rotated, signedInBody);
  expect(kid(rotatedToken), 'the new access token is under the new key').toBe(await secretKid(next.JWT_SECRET));
  expect(kid(await refreshCookie()), 'and so is the new refresh cookie').toBe(await secretKid(next.REFRESH_TOKEN_SECRET));

  // The old keys go: the page, already on the new ones, carries on.
  await rotating.restartWith(next);
  const after = await createProjectAfterExpiry(page, rotatedToken, 'Made after the old keys went');
  expect(after.status()).toBe(200);

  const restored = page.waitForResponse((response) => response.url().endsWith('/api/auth/refresh') && response.status() === 200);
  await page.reload();
  await restored;
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole('link', { name: 'Made during the rotation' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Made after the old keys went' })).toBeVisible();
});
