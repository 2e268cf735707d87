import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { AuthClient } from '../../lib/client/auth-client';
import { startApp, type AppServer } from '../support/app-server';
import { newUser } from '../support/client';
import { waitFor } from '../support/ports';

const ACCESS_TTL_SECONDS = 2;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The browser client against the real server. The only stand-in is what the browser itself would
 * do for fetch: resolve relative URLs against the page's origin and keep the refresh cookie.
 */
describe('browser auth client against next start', () => {
  let app: AppServer;
  const realFetch = globalThis.fetch;
  let cookie: string | undefined;
  const requests: string[] = [];
  // Each test is its own browser: its clients share a channel no other test's clients hear.
  let browser: { channel: string };
  const clients: AuthClient[] = [];
  const openClient = () => {
    const client = new AuthClient(browser);
    clients.push(client);
    return client;
  };

  before(async () => {
    app = await startApp({ ACCESS_TOKEN_TTL: `${ACCESS_TTL_SECONDS}s` });
    globalThis.fetch = async (input, init = {}) => {
      const url = new URL(String(input), app.url);
      const reason = new Headers(init.headers).get('x-refresh-reason');
      requests.push(reason ? `${url.pathname} (${reason})` : url.pathname);
      const headers = new Headers(init.headers);
      if (cookie) headers.set('cookie', `refresh_token=${cookie}`);
      headers.set('origin', app.url);
      const response = await realFetch(url, { ...init, headers });
      for (const line of response.headers.getSetCookie()) {
        const match = /^refresh_token=([^;]*)/.exec(line);
        if (match) cookie = match[1] || undefined;
      }
      return response;
    };
  });
  after(async () => {
    globalThis.fetch = realFetch;
    await app?.stop();
  });
  beforeEach(() => {
    cookie = undefined;
    requests.length = 0;
    browser = { channel: `test-${randomUUID()}` };
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });

  test('concurrent requests after expiry share one refresh and all succeed', async () => {
    const client = openClient();
    await client.register(newUser());
    await sleep((ACCESS_TTL_SECONDS + 1.2) * 1000);
    requests.length = 0;
    const responses = await Promise.all(Array.from({ length: 5 }, () => client.fetch('/api/auth/me')));
    assert.deepEqual(
      responses.map((response) => response.status),
      [200, 200, 200, 200, 200],
    );
    assert.deepEqual(requests.filter((path) => path.startsWith('/api/auth/refresh')), ['/api/auth/refresh (expired)'], 'exactly one refresh');
    assert.equal(requests.filter((path) => path === '/api/auth/me').length, 10, 'each request retried once');
  });

  test('a request is not retried for 401s other than Token expired', async () => {
    const client = openClient();
    const response = await client.fetch('/api/auth/me');
    assert.equal(response.status, 401);
    assert.deepEqual(requests, ['/api/auth/me']);
  });

  test('when refresh fails the request resolves to its 401 and the session ends', async () => {
    const client = openClient();
    const reasons: Array<string | undefined> = [];
    client.subscribe((session, reason) => reasons.push(session ? 'signed-in' : reason));
    await client.register(newUser());
    cookie = undefined;
    await sleep((ACCESS_TTL_SECONDS + 1.2) * 1000);
    const response = await client.fetch('/api/auth/me');
    assert.equal(response.status, 401);
    assert.equal(client.current, null);
    assert.deepEqual(reasons, ['signed-in', 'expired']);
    assert.deepEqual(requests.filter((path) => path.startsWith('/api/auth/refresh')), ['/api/auth/refresh (expired)'], 'no retry loop');
  });

  test('each refresh is logged once, with its reason and outcome and no token', async () => {
    const client = openClient();
    const lengths: number[] = [];
    client.subscribeRefreshes(() => lengths.push(client.refreshes.length));
    await client.register(newUser());
    await sleep((ACCESS_TTL_SECONDS + 1.2) * 1000);
    await Promise.all(Array.from({ length: 3 }, () => client.fetch('/api/auth/me')));
    assert.ok(await client.refresh('proactive'));
    cookie = undefined;
    assert.equal(await client.refresh('proactive'), null);
    assert.deepEqual(
      client.refreshes.map(({ reason, outcome }) => `${reason}: ${outcome}`),
      ['expired: ok', 'proactive: ok', 'proactive: signed-out'],
      'the three requests that met Token expired shared one refresh',
    );
    assert.deepEqual(lengths, [1, 2, 3]);
    assert.ok(client.refreshes.every((entry) => Object.keys(entry).sort().join() === 'at,outcome,reason'));
  });

  test('log out everywhere ends the session and signs out the other tabs like a logout', async () => {
    const tab = openClient();
    const otherTab = openClient();
    await tab.register(newUser());
    await waitFor(async () => otherTab.current !== null, 'login in one tab signing in the other', 10_000);
    const ended = new Promise((resolve) => otherTab.subscribe((session, reason) => session === null && resolve(reason)));
    assert.equal(await tab.logoutEverywhere(), 1);
    assert.equal(tab.current, null);
    assert.equal(await ended, 'logout');
    assert.equal(cookie, undefined, 'the refresh cookie is cleared');
  });

  test('logout in one client ends the session in the others (BroadcastChannel)', async () => {
    const tab = openClient();
    const otherTab = openClient();
    await tab.register(newUser());
    await waitFor(async () => otherTab.current !== null, 'login in one tab signing in the other', 10_000);
    const ended = new Promise((resolve) => otherTab.subscribe((session, reason) => session === null && resolve(reason)));
    await tab.logout();
    assert.equal(await ended, 'logout');
    assert.equal(cookie, undefined, 'the refresh cookie is cleared');
  });
});
