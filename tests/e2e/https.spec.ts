import type { Page, Response } from '@playwright/test';
import { expect, signUpThroughForm, test } from './fixtures';

/**
 * What changes with the scheme the app is served over. Over HTTPS the refresh cookie takes the
 * `__Host-` prefix and Secure (a sibling subdomain cannot plant or overwrite it, and it never
 * travels in clear) and pages ask for HSTS; over plain HTTP neither can work, so neither is sent.
 * The flows run in both modes: `npm run test:e2e` over HTTP, `npm run test:e2e:https` behind TLS.
 */

const HTTPS_NAME = '__Host-refresh_token';
const HTTP_NAME = 'refresh_token';
const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

function servedOverHttps(baseURL: string | undefined): boolean {
  return new URL(baseURL!).protocol === 'https:';
}

/** The refresh cookies a response set, as `Set-Cookie` lines (the platform may set others). */
async function refreshCookiesSetBy(response: Response): Promise<string[]> {
  const lines = (await response.headersArray()).filter((header) => header.name.toLowerCase() === 'set-cookie').map((header) => header.value);
  return lines.filter((line) => line.startsWith(`${HTTPS_NAME}=`) || line.startsWith(`${HTTP_NAME}=`));
}

function attributesOf(setCookie: string): string[] {
  return setCookie
    .split(';')
    .slice(1)
    .map((attribute) => attribute.trim().toLowerCase());
}

function waitForAuthResponse(page: Page, path: string): Promise<Response> {
  return page.waitForResponse((response) => new URL(response.url()).pathname === path);
}

test('the refresh cookie is __Host-refresh_token and Secure over HTTPS, refresh_token without Secure over HTTP', async ({ page, context, baseURL }) => {
  const https = servedOverHttps(baseURL);
  const [name, otherName] = https ? [HTTPS_NAME, HTTP_NAME] : [HTTP_NAME, HTTPS_NAME];

  const registered = waitForAuthResponse(page, '/api/auth/register');
  await signUpThroughForm(page);
  const refreshed = waitForAuthResponse(page, '/api/auth/refresh');
  await page.reload();
  await expect(page).toHaveURL(/\/dashboard$/);

  for (const [what, response] of [['sign-up', await registered], ['refresh', await refreshed]] as const) {
    const set = await refreshCookiesSetBy(response);
    expect(set.map((line) => line.split('=')[0]), `${what} sets one refresh cookie, named for the scheme`).toEqual([name]);
    const attributes = attributesOf(set[0]!);
    expect(attributes, what).toEqual(expect.arrayContaining(['httponly', 'samesite=strict', 'path=/']));
    expect(attributes.filter((attribute) => attribute.startsWith('domain')), `${what}: host-only, no Domain`).toEqual([]);
    expect(attributes.includes('secure'), `${what}: Secure exactly when served over HTTPS`).toBe(https);
  }

  const cookies = await context.cookies();
  const kept = cookies.find((cookie) => cookie.name === name);
  expect(kept, 'the browser kept the refresh cookie').toBeDefined();
  expect(kept).toMatchObject({ domain: new URL(baseURL!).hostname, path: '/', httpOnly: true, secure: https, sameSite: 'Strict' });
  expect(cookies.find((cookie) => cookie.name === otherName), `no ${otherName} cookie`).toBeUndefined();
});

test('pages ask for HSTS and upgrade their requests over HTTPS, and never over plain HTTP', async ({ page, baseURL }) => {
  const https = servedOverHttps(baseURL);
  const check = async (response: Response | null) => {
    const headers = response!.headers();
    const hsts = headers['strict-transport-security'];
    const csp = headers['content-security-policy'] ?? '';
    const where = new URL(response!.url()).pathname;
    if (https) {
      expect(hsts, `${where}: HSTS`).toMatch(/^max-age=\d+/);
      expect(Number(/max-age=(\d+)/.exec(hsts!)![1]), `${where}: HSTS for a year or more`).toBeGreaterThanOrEqual(ONE_YEAR_SECONDS);
      expect(csp, where).toContain('upgrade-insecure-requests');
    } else {
      expect(hsts, `${where}: no HSTS over plain HTTP`).toBeUndefined();
      expect(csp, where).not.toContain('upgrade-insecure-requests');
    }
  };

  for (const path of ['/', '/login']) await check(await page.goto(path));
  await signUpThroughForm(page);
  await check(await page.goto('/account'));
});
