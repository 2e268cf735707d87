import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertError } from '../support/api-checks';
import type { AppServer } from '../support/app-server';
import { accessTokenOf, loginOptionsOf, registrationOptionsOf } from '../support/bodies';
import { call, newUser, type ApiResponse } from '../support/client';
import { SETUPS } from '../support/setups';

/**
 * A production server configured as Vercel configures a preview deployment, behind its proxy
 * (TLS ended upstream, `X-Forwarded-Proto: https`). APP_URL is shared with production, as it is
 * when set for every environment: the preview must still accept its own pages and nobody else's.
 */
const BRANCH = 'auth-git-feature-team.vercel.app';
const DEPLOYMENT = 'auth-k3x9a7-team.vercel.app';
const PRODUCTION = 'https://auth.example.com';

const realServices = SETUPS.find((setup) => setup.name === 'postgres+redis')!;

const COOKIE = '__Host-refresh_token';

function hostCookie(response: ApiResponse): { value: string; attributes: string[] } | undefined {
  const header = response.setCookie.find((cookie) => cookie.startsWith(`${COOKIE}=`));
  if (header === undefined) return undefined;
  const [pair, ...attributes] = header.split(';').map((part) => part.trim());
  return { value: pair!.slice(COOKIE.length + 1), attributes };
}

describe('a Vercel preview deployment', { skip: realServices.skip }, () => {
  let app: AppServer;
  before(async () => {
    app = await realServices.start({
      VERCEL: '1',
      VERCEL_ENV: 'preview',
      VERCEL_URL: DEPLOYMENT,
      VERCEL_BRANCH_URL: BRANCH,
      VERCEL_PROJECT_PRODUCTION_URL: 'auth.example.com',
      APP_URL: PRODUCTION,
    });
  });
  after(async () => {
    await app?.stop();
  });

  const via = (host: string, headers: Record<string, string> = {}) => ({ host, 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.7', ...headers });
  const withCookie = (value: string) => ({ cookie: `${COOKIE}=${value}` });

  test('signs up on its branch URL with a __Host- cookie that is Secure, HttpOnly, SameSite=Strict, host-only', async () => {
    const res = await call(app, 'POST', '/api/auth/register', { json: newUser(), headers: via(BRANCH, { origin: `https://${BRANCH}` }) });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const cookie = hostCookie(res);
    assert.ok(cookie, `a ${COOKIE} cookie: ${res.setCookie.join(' | ')}`);
    assert.deepEqual(new Set(cookie.attributes.map((attribute) => attribute.split('=')[0]!.toLowerCase())), new Set(['path', 'max-age', 'httponly', 'samesite', 'secure']));
    assert.ok(cookie.attributes.includes('Path=/') && cookie.attributes.includes('SameSite=Strict'));
    assert.ok(!res.setCookie.some((line) => line.startsWith('refresh_token=')), 'no plain refresh_token cookie over https');
  });

  test('refreshes from its own branch URL and deployment URL, and refuses other origins', async () => {
    const registered = await call(app, 'POST', '/api/auth/register', { json: newUser(), headers: via(BRANCH, { origin: `https://${BRANCH}` }) });
    let refresh = hostCookie(registered)!.value;

    const foreign: Array<[string, Record<string, string>]> = [
      ['another vercel.app project', via(BRANCH, { origin: 'https://someone-else.vercel.app' })],
      ['production, a different origin from this preview', via(BRANCH, { origin: PRODUCTION })],
      ['the preview URL over plain http', via(BRANCH, { origin: `http://${BRANCH}` })],
      ['a forged Host matching its forged Origin', via('evil.example', { origin: 'https://evil.example' })],
    ];
    for (const [what, headers] of foreign) {
      const refused = await call(app, 'POST', '/api/auth/refresh', { headers: { ...headers, ...withCookie(refresh) } });
      assertError(refused, 403, 'forbidden_origin', what);
      assert.equal(hostCookie(refused), undefined, `${what}: the cookie is untouched`);
    }

    for (const host of [BRANCH, DEPLOYMENT]) {
      const res = await call(app, 'POST', '/api/auth/refresh', { headers: { ...via(host, { origin: `https://${host}` }), ...withCookie(refresh) } });
      assert.equal(res.status, 200, `${host}: ${JSON.stringify(res.body)}`);
      refresh = hostCookie(res)!.value;
    }
  });

  test('passkeys belong to the URL they are made on: the RP ID follows the deployment URL asked, never a forged Host', async () => {
    const registered = await call(app, 'POST', '/api/auth/register', { json: newUser(), headers: via(BRANCH, { origin: `https://${BRANCH}` }) });
    const token = accessTokenOf(registered);
    for (const host of [BRANCH, DEPLOYMENT]) {
      const options = await call(app, 'POST', '/api/auth/passkeys/options', { token, headers: via(host) });
      assert.equal(options.status, 200, JSON.stringify(options.body));
      assert.equal(registrationOptionsOf(options).rp.id, host, `registration on ${host}`);
      const login = await call(app, 'POST', '/api/auth/passkeys/login/options', { headers: via(host, { origin: `https://${host}` }) });
      assert.equal(loginOptionsOf(login).rpId, host, `sign-in on ${host}`);
      assert.ok(login.setCookie.some((line) => /^__Host-passkey_login=[^;]+; Path=\/; Max-Age=300; HttpOnly; SameSite=Strict; Secure$/.test(line)), login.setCookie.join(' | '));
    }
    const forged = await call(app, 'POST', '/api/auth/passkeys/options', { token, headers: via('evil.example') });
    assert.equal(registrationOptionsOf(forged).rp.id, 'auth.example.com', 'a Host that is none of its URLs gets APP_URL\'s, the first configured');
  });

  test('pages on the preview carry HSTS', async () => {
    const res = await call(app, 'GET', '/login', { headers: via(BRANCH) });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('strict-transport-security') ?? '', /max-age=\d{7,}/);
  });
});
