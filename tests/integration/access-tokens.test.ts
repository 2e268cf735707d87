import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeJwt, SignJWT } from 'jose';
import { secretKid } from '../../lib/auth/keys';
import { assertError } from '../support/api-checks';
import { accessTokenOf, keysOf } from '../support/bodies';
import { call, signUp } from '../support/client';
import { describeEachSetup } from '../support/setups';

// Long enough that the first use right after sign-up is in time on a loaded machine (2 s was not).
const ACCESS_TTL_SECONDS = 4;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describeEachSetup('access tokens at the edge and in the handler', { ACCESS_TOKEN_TTL: `${ACCESS_TTL_SECONDS}s` }, (app) => {
  const secret = () => new TextEncoder().encode(app().env.JWT_SECRET);
  // Every forgery names the real key, so each is refused for its own flaw, not for an unknown kid.
  const kid = () => secretKid(app().env.JWT_SECRET!);

  async function forge(claims: Record<string, unknown>, header: Record<string, unknown> = { alg: 'HS256', typ: 'at+jwt' }, key = secret()) {
    return new SignJWT(claims).setProtectedHeader({ kid: await kid(), ...(header as { alg: string }) }).sign(key);
  }

  test('the access token carries the contract claims and nothing secret', async () => {
    const { accessToken, user } = await signUp(app());
    const claims = decodeJwt(accessToken);
    for (const claim of ['sub', 'email', 'role', 'sid', 'iat', 'exp', 'iss', 'aud', 'jti', 'auth_time', 'amr']) assert.ok(claim in claims, claim);
    assert.equal(claims.email, user.email);
    assert.equal(claims.exp! - claims.iat!, ACCESS_TTL_SECONDS);
    assert.doesNotMatch(JSON.stringify(claims), /password|hash/i);
  });

  test('an expired access token is 401 Token expired; refresh brings a working one', async () => {
    const { accessToken, refresh } = await signUp(app());
    assert.equal((await call(app(), 'GET', '/api/auth/me', { token: accessToken })).status, 200);
    await sleep((ACCESS_TTL_SECONDS + 1.5) * 1000);
    const expired = await call(app(), 'GET', '/api/auth/me', { token: accessToken });
    assert.equal(expired.status, 401);
    assert.deepEqual(expired.body, { success: false, message: 'Token expired', code: 'token_expired' });
    assert.match(expired.headers.get('www-authenticate') ?? '', /error="invalid_token"/);
    const refreshed = await call(app(), 'POST', '/api/auth/refresh', { cookie: refresh });
    assert.equal(refreshed.status, 200);
    assert.equal((await call(app(), 'GET', '/api/auth/me', { token: accessTokenOf(refreshed) })).status, 200);
  });

  test('forged access tokens are 401 Invalid token', async () => {
    const { accessToken, refresh } = await signUp(app());
    const real = decodeJwt(accessToken);
    const now = Math.floor(Date.now() / 1000);
    const valid = { ...real, iat: now, exp: now + 600 };
    const [header, payload, signature] = accessToken.split('.');
    const forgeries: Record<string, string> = {
      'alg none': `${b64({ alg: 'none', typ: 'at+jwt', kid: await kid() })}.${b64(valid)}.`,
      'HS512 with the real secret': await forge(valid, { alg: 'HS512', typ: 'at+jwt' }),
      'wrong secret': await forge(valid, undefined, new TextEncoder().encode('x'.repeat(48))),
      'refresh token as access token': refresh,
      'refresh secret, access claims': await forge(valid, undefined, new TextEncoder().encode(app().env.REFRESH_TOKEN_SECRET)),
      'no exp': await forge({ ...valid, exp: undefined }),
      'future nbf': await forge({ ...valid, nbf: now + 3600 }),
      'wrong issuer': await forge({ ...valid, iss: 'someone-else' }),
      'wrong audience': await forge({ ...valid, aud: 'nextjs-jwt-auth:refresh' }),
      'no typ header': await forge(valid, { alg: 'HS256' }),
      'tampered payload (role admin)': `${header}.${b64({ ...real, role: 'admin' })}.${signature}`,
      'truncated signature': `${header}.${payload}.${signature!.slice(0, 20)}`,
      'not a JWT': 'definitely-not-a-token',
    };
    for (const [name, token] of Object.entries(forgeries)) {
      const res = await call(app(), 'GET', '/api/auth/me', { token });
      assert.equal(res.status, 401, name);
      assert.deepEqual(res.body, { success: false, message: 'Invalid token', code: 'invalid_token' }, name);
      assert.match(res.headers.get('www-authenticate') ?? '', /error="invalid_token"/, name);
    }
  });

  test('validly signed access tokens with a non-UUID sub, sid or jti, or a future iat, are 401 Invalid token, never a 500', async () => {
    const { accessToken } = await signUp(app());
    const real = decodeJwt(accessToken);
    const now = Math.floor(Date.now() / 1000);
    const valid = { ...real, iat: now, exp: now + 600 };
    const tokens: Record<string, string> = {
      'sub not a UUID': await forge({ ...valid, sub: 'not-a-uuid' }),
      'sub with SQL': await forge({ ...valid, sub: "' or '1'='1" }),
      'sid not a UUID': await forge({ ...valid, sid: 'not-a-uuid' }),
      'jti not a UUID': await forge({ ...valid, jti: 'not-a-uuid' }),
      'iat an hour ahead': await forge({ ...valid, iat: now + 3600, exp: now + 4200 }),
      'iat 5 s ahead': await forge({ ...valid, iat: now + 5 }),
    };
    for (const [name, token] of Object.entries(tokens)) {
      for (const [method, path] of [
        ['GET', '/api/auth/me'],
        ['GET', '/api/projects'],
        ['GET', '/api/auth/sessions'],
        ['POST', '/api/auth/logout-all'],
      ]) {
        const res = await call(app(), method!, path!, { token });
        assert.equal(res.status, 401, `${name}: ${method} ${path}`);
        assert.deepEqual(res.body, { success: false, message: 'Invalid token', code: 'invalid_token' }, `${name}: ${method} ${path}`);
      }
    }
    assert.doesNotMatch(app().output(), /unexpected/, 'nothing was logged as an unexpected error');
  });

  test('validly signed refresh tokens with a non-UUID sub, sid or jti, or a future iat, are 401 Invalid refresh token', async () => {
    const { refresh } = await signUp(app());
    const real = decodeJwt(refresh);
    const now = Math.floor(Date.now() / 1000);
    const key = new TextEncoder().encode(app().env.REFRESH_TOKEN_SECRET);
    const header = { alg: 'HS256', typ: 'rt+jwt' };
    const cookies: Record<string, string> = {
      'sub not a UUID': await forge({ ...real, sub: 'not-a-uuid' }, header, key),
      'sid not a UUID': await forge({ ...real, sid: 'not-a-uuid' }, header, key),
      'jti not a UUID': await forge({ ...real, jti: 'not-a-uuid' }, header, key),
      'iat an hour ahead': await forge({ ...real, iat: now + 3600 }, header, key),
    };
    for (const [name, cookie] of Object.entries(cookies)) {
      const res = await call(app(), 'POST', '/api/auth/refresh', { cookie });
      assertError(res, 401, 'invalid_refresh_token', name);
    }
    assert.equal((await call(app(), 'POST', '/api/auth/refresh', { cookie: refresh })).status, 200, 'the real session was not touched');
    assert.doesNotMatch(app().output(), /unexpected/);
  });

  test('a token validly signed with the real secret still works (the forgeries fail for their flaw)', async () => {
    const { accessToken } = await signUp(app());
    const now = Math.floor(Date.now() / 1000);
    const reSigned = await forge({ ...decodeJwt(accessToken), iat: now, exp: now + 600 });
    assert.equal((await call(app(), 'GET', '/api/auth/me', { token: reSigned })).status, 200);
  });

  test('identity headers and x-middleware-subrequest get no special treatment', async () => {
    for (const headers of [
      { 'x-middleware-subrequest': 'middleware:middleware:middleware:middleware:middleware' },
      { 'x-middleware-subrequest': 'src/middleware:middleware:middleware:middleware:middleware' },
      { 'x-user-id': '00000000-0000-0000-0000-000000000000', 'x-user-role': 'admin' },
    ] as Array<Record<string, string>>) {
      const res = await call(app(), 'GET', '/api/auth/me', { headers });
      assertError(res, 401, 'missing_token', JSON.stringify(headers));
    }
  });

  test('unknown API paths: 401 at the edge without a token, JSON 404 with one', async () => {
    const res = await call(app(), 'GET', '/api/no-such-thing');
    assertError(res, 401, 'missing_token');
    const { accessToken } = await signUp(app());
    const withToken = await call(app(), 'POST', '/api/no/such/thing', { token: accessToken, json: {} });
    assertError(withToken, 404, 'not_found');
    assert.deepEqual(keysOf(withToken), ['code', 'message', 'success']);
  });

  test('protected pages redirect to /login?next= without a valid refresh cookie', async () => {
    const { refresh } = await signUp(app());
    const cases: Array<[string, Record<string, string>]> = [
      ['/dashboard', {}],
      ['/projects/123?tab=tasks', {}],
      ['/account', { cookie: 'refresh_token=forged.token.value' }],
      ['/admin', { authorization: 'Bearer whatever', 'next-router-prefetch': '1', rsc: '1' }],
      ['/employees', { cookie: `refresh_token=${refresh.slice(0, -2)}xx` }],
    ];
    for (const [path, headers] of cases) {
      const res = await fetch(`${app().url}${path}`, { headers, redirect: 'manual' });
      assert.ok([302, 307, 308].includes(res.status), `${path}: ${res.status}`);
      assert.match(res.headers.get('location')!, /^\/login\?/, 'a relative Location, whatever the Host header says');
      const location = new URL(res.headers.get('location')!, app().url);
      assert.equal(location.pathname, '/login');
      assert.equal(location.searchParams.get('next'), path);
    }
    const allowed = await fetch(`${app().url}/dashboard`, { headers: { cookie: `refresh_token=${refresh}` }, redirect: 'manual' });
    assert.ok(![302, 307, 308].includes(allowed.status), 'a valid refresh cookie passes the edge');
  });
});
