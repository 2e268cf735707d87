import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { ed25519Kid, secretKid } from '../../lib/auth/keys';
import { assertError } from '../support/api-checks';
import { startApp, type AppServer } from '../support/app-server';
import { accessTokenOf, bodyOf, jwksBody } from '../support/bodies';
import { call, signUp } from '../support/client';
import { freePort } from '../support/ports';
import { REAL_SERVICES_SKIP, startRealServices, type RealServices } from '../support/real-services';
import { logIn, refreshWith } from '../support/roles';
import { newEd25519Key, newSecret } from '../support/signing-keys';

const ISSUER = 'nextjs-jwt-auth';
const ACCESS = { audience: 'nextjs-jwt-auth:api', typ: 'at+jwt' } as const;
const kid = (token: string) => decodeProtectedHeader(token).kid;
const me = (app: AppServer, token: string) => call(app, 'GET', '/api/auth/me', { token });

/** `payload` signed HS256 with `secret` under `header`: a token the test controls entirely. */
function hs256(payload: JWTPayload, secret: string | Uint8Array, header: Record<string, unknown>): Promise<string> {
  const key = typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;
  return new SignJWT(payload).setProtectedHeader({ alg: 'HS256', ...header }).sign(key);
}

function assertInvalidToken(res: Awaited<ReturnType<typeof call>>, context: string) {
  assertError(res, 401, 'invalid_token', context);
  assert.match(res.headers.get('www-authenticate') ?? '', /error="invalid_token"/, context);
}

function assertInvalidRefresh(res: Awaited<ReturnType<typeof call>>, context: string) {
  assertError(res, 401, 'invalid_refresh_token', context);
  assert.equal(res.refreshCookie, '', `${context}: the dead cookie is cleared`);
}

async function jwksOf(app: AppServer, headers: Record<string, string> = {}) {
  const response = await fetch(`${app.url}/.well-known/jwks.json`, { headers });
  return { response, text: await response.text() };
}

describe('signing keys, HS256 (JWT_SECRET) [embedded]', () => {
  let app: AppServer;
  before(async () => {
    app = await startApp();
  });
  after(async () => {
    await app?.stop();
  });

  test('every token names its key by kid; the key set is public, empty under HS256 and cacheable', async () => {
    const { accessToken, refresh } = await signUp(app);
    assert.equal(kid(accessToken), await secretKid(app.env.JWT_SECRET!));
    assert.equal(kid(refresh), await secretKid(app.env.REFRESH_TOKEN_SECRET!));
    for (const secret of [app.env.JWT_SECRET!, app.env.REFRESH_TOKEN_SECRET!]) {
      assert.ok(!JSON.stringify([decodeProtectedHeader(accessToken), decodeProtectedHeader(refresh)]).includes(secret));
    }

    // No token needed, and a bad one or a bad cookie changes nothing.
    for (const headers of [{}, { authorization: 'Bearer not-a-token' }, { cookie: 'refresh_token=forged.token.value' }] as Array<Record<string, string>>) {
      const { response, text } = await jwksOf(app, headers);
      assert.equal(response.status, 200, JSON.stringify(headers));
      assert.deepEqual(JSON.parse(text), { keys: [] });
      assert.equal(response.headers.get('cache-control'), 'public, max-age=300');
      assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    }
    const post = await call(app, 'POST', '/.well-known/jwks.json');
    assertError(post, 405, 'method_not_allowed', 'POST to the key set');
  });

  test('an access token without kid, or naming no configured key, is 401 invalid_token though its signature is right', async () => {
    const { accessToken } = await signUp(app);
    const now = Math.floor(Date.now() / 1000);
    const claims = { ...decodeJwt(accessToken), iat: now, exp: now + 600 };
    const secret = app.env.JWT_SECRET!;
    const control = await hs256(claims, secret, { typ: 'at+jwt', kid: await secretKid(secret) });
    assert.equal((await me(app, control)).status, 200, 'the same claims under the right kid pass: the refusals below are for the kid');
    const refused: Record<string, string> = {
      'no kid': await hs256(claims, secret, { typ: 'at+jwt' }),
      'unknown kid': await hs256(claims, secret, { typ: 'at+jwt', kid: 'no-such-key' }),
      'the refresh key\'s kid': await hs256(claims, secret, { typ: 'at+jwt', kid: await secretKid(app.env.REFRESH_TOKEN_SECRET!) }),
      'kid that is not a string': await hs256(claims, secret, { typ: 'at+jwt', kid: 7 }),
    };
    for (const [name, token] of Object.entries(refused)) assertInvalidToken(await me(app, token), name);
  });

  test('a refresh cookie without kid, or naming no configured key, is 401 invalid_refresh_token, and protected pages redirect', async () => {
    const { refresh } = await signUp(app);
    const claims = decodeJwt(refresh);
    const secret = app.env.REFRESH_TOKEN_SECRET!;
    const cookies: Record<string, string> = {
      'no kid': await hs256(claims, secret, { typ: 'rt+jwt' }),
      'unknown kid': await hs256(claims, secret, { typ: 'rt+jwt', kid: 'no-such-key' }),
    };
    for (const [name, cookie] of Object.entries(cookies)) {
      const page = await fetch(`${app.url}/dashboard`, { headers: { cookie: `refresh_token=${cookie}` }, redirect: 'manual' });
      assert.equal(page.status, 307, `${name}: /dashboard`);
      assert.match(page.headers.get('location') ?? '', /^\/login\?next=/);
      assertInvalidRefresh(await refreshWith(app, cookie), name);
    }
    const control = await refreshWith(app, await hs256(claims, secret, { typ: 'rt+jwt', kid: await secretKid(secret) }));
    assert.equal(control.status, 200, 'the same claims under the right kid refresh: the refusals were for the kid');
  });
});

describe('signing keys, EdDSA (JWT_PRIVATE_KEYS) [embedded]', () => {
  let app: AppServer;
  let keys: Awaited<ReturnType<typeof newEd25519Key>>[];
  before(async () => {
    keys = [await newEd25519Key(), await newEd25519Key()];
    app = await startApp({ JWT_PRIVATE_KEYS: JSON.stringify(keys) });
  });
  after(async () => {
    await app?.stop();
  });

  test('the key set publishes every listed public key, never a private part', async () => {
    const { response, text } = await jwksOf(app);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'public, max-age=300');
    const kids = await Promise.all(keys.map(ed25519Kid));
    assert.deepEqual(JSON.parse(text), {
      keys: keys.map(({ x }, index) => ({ kty: 'OKP', crv: 'Ed25519', x, kid: kids[index], alg: 'EdDSA', use: 'sig' })),
    });
    for (const { d } of keys) assert.ok(!text.includes(d), 'no private key in the published set');
    assert.ok(!/"d"/.test(text));
    assert.match(app.output(), new RegExp(`access tokens EdDSA .* signed with kid ${kids[0]}, verified with ${kids[0]}, ${kids[1]}`));
  });

  test('access tokens are EdDSA by the first key, and another service verifies them from the key set alone', async () => {
    const { accessToken, refresh } = await signUp(app);
    assert.deepEqual(decodeProtectedHeader(accessToken), { alg: 'EdDSA', typ: 'at+jwt', kid: await ed25519Kid(keys[0]!) });
    assert.equal(decodeProtectedHeader(refresh).alg, 'HS256', 'refresh tokens stay HS256: they never leave the app');
    assert.equal((await me(app, accessToken)).status, 200);

    const remote = createRemoteJWKSet(new URL(`${app.url}/.well-known/jwks.json`));
    const { payload, protectedHeader } = await jwtVerify(accessToken, remote, { issuer: ISSUER, ...ACCESS, algorithms: ['EdDSA'] });
    assert.equal(payload.sub, decodeJwt(accessToken).sub);
    assert.equal(protectedHeader.kid, await ed25519Kid(keys[0]!));

    const refreshed = await refreshWith(app, refresh);
    assert.equal(refreshed.status, 200);
    assert.equal((await jwtVerify(accessTokenOf(refreshed), remote, { issuer: ISSUER, ...ACCESS })).payload.sid, payload.sid);
  });

  test('no HS256 access token passes in EdDSA mode, whatever key signs it or its header names', async () => {
    const { accessToken } = await signUp(app);
    const now = Math.floor(Date.now() / 1000);
    const claims = { ...decodeJwt(accessToken), iat: now, exp: now + 600 };
    const jwtSecret = app.env.JWT_SECRET!;
    const edKid = await ed25519Kid(keys[0]!);
    const forgeries: Record<string, string> = {
      'JWT_SECRET, its own kid (the HS256 configuration before)': await hs256(claims, jwtSecret, { typ: 'at+jwt', kid: await secretKid(jwtSecret) }),
      'JWT_SECRET, the Ed25519 kid': await hs256(claims, jwtSecret, { typ: 'at+jwt', kid: edKid }),
      'the public key as an HMAC secret': await hs256(claims, Buffer.from(keys[0]!.x, 'base64url'), { typ: 'at+jwt', kid: edKid }),
      'the public key text as an HMAC secret': await hs256(claims, keys[0]!.x, { typ: 'at+jwt', kid: edKid }),
    };
    for (const [name, token] of Object.entries(forgeries)) assertInvalidToken(await me(app, token), name);
  });
});

describe('rotation across restarts on PostgreSQL + Redis', { skip: REAL_SERVICES_SKIP }, () => {
  let services: RealServices | undefined;
  let running: AppServer | undefined;
  before(async () => {
    services = await startRealServices();
  });
  after(async () => {
    await running?.stop();
    await services?.stop();
  });

  /** Stops the running instance, if any, and starts one with `keys`: a deployment's restart. */
  async function restart(keys: Record<string, string>, port?: number): Promise<AppServer> {
    await running?.stop();
    running = undefined;
    running = await startApp({ ...services!.env, ...keys }, { port });
    return running;
  }

  test('HS256: old-key tokens work while listed, a session refreshes straight through, dropped keys are refused', async () => {
    const [accessOld, accessNew, refreshOld, refreshNew] = [newSecret(), newSecret(), newSecret(), newSecret()];

    const before = await restart({ JWT_SECRET: accessOld, REFRESH_TOKEN_SECRET: refreshOld });
    const laptop = await signUp(before);
    const phone = await logIn(before, { email: laptop.user.email, password: laptop.user.password });
    assert.equal(kid(laptop.accessToken), await secretKid(accessOld));
    assert.equal(kid(laptop.refresh), await secretKid(refreshOld));

    // The new keys go first; the old ones stay listed.
    const during = await restart({ JWT_SECRET: `${accessNew},${accessOld}`, REFRESH_TOKEN_SECRET: `${refreshNew},${refreshOld}` });
    assert.match(during.output(), new RegExp(`access tokens HS256 \\(JWT_SECRET\\) signed with kid ${await secretKid(accessNew)}, verified with ${await secretKid(accessNew)}, ${await secretKid(accessOld)}`));
    for (const secret of [accessOld, accessNew, refreshOld, refreshNew]) assert.ok(!during.output().includes(secret), 'no key in the log');
    assert.equal((await me(during, laptop.accessToken)).status, 200, 'an access token of the old key works while it is listed');
    const refreshed = await refreshWith(during, laptop.refresh);
    assert.equal(refreshed.status, 200, `the old refresh cookie refreshes: ${JSON.stringify(refreshed.body)}`);
    assert.equal(kid(accessTokenOf(refreshed)), await secretKid(accessNew), 'the new access token is under the new key');
    assert.equal(kid(refreshed.refreshCookie!), await secretKid(refreshNew), 'and so is the new refresh cookie');
    assert.equal(decodeJwt(accessTokenOf(refreshed)).sid, decodeJwt(laptop.accessToken).sid, 'the same session');
    assert.equal((await me(during, accessTokenOf(refreshed))).status, 200);

    // Every old token has expired (in theory): the old keys go.
    const afterwards = await restart({ JWT_SECRET: accessNew, REFRESH_TOKEN_SECRET: refreshNew });
    assertInvalidToken(await me(afterwards, laptop.accessToken), 'an access token of the dropped key');
    assertInvalidRefresh(await refreshWith(afterwards, phone.refresh), 'a refresh cookie of the dropped key');
    assert.equal((await me(afterwards, accessTokenOf(refreshed))).status, 200, 'the new key\'s access token works');
    const again = await refreshWith(afterwards, refreshed.refreshCookie!);
    assert.equal(again.status, 200, 'the session carries on under the new key');
    assert.equal(kid(accessTokenOf(again)), await secretKid(accessNew));
  });

  test('EdDSA: a verifier on the published key set follows the rotation; dropped keys are refused', async () => {
    const [keyOld, keyNew] = [await newEd25519Key(), await newEd25519Key()];
    const refreshSecret = newSecret();
    // One origin throughout, as a deployment keeps it, so one remote key set follows every restart.
    const port = await freePort();
    const verifierOf = (app: AppServer) => createRemoteJWKSet(new URL(`${app.url}/.well-known/jwks.json`), { cooldownDuration: 0 });
    const verifyRemotely = (token: string, verifier: ReturnType<typeof createRemoteJWKSet>) => jwtVerify(token, verifier, { issuer: ISSUER, ...ACCESS });

    const before = await restart({ JWT_PRIVATE_KEYS: JSON.stringify([keyOld]), REFRESH_TOKEN_SECRET: refreshSecret }, port);
    const verifier = verifierOf(before);
    const laptop = await signUp(before);
    const phone = await logIn(before, { email: laptop.user.email, password: laptop.user.password });
    assert.equal(kid(laptop.accessToken), await ed25519Kid(keyOld));
    await verifyRemotely(laptop.accessToken, verifier);

    // The new key is published as standby first (second), then signs (first): here, straight to first.
    const during = await restart({ JWT_PRIVATE_KEYS: JSON.stringify([keyNew, keyOld]), REFRESH_TOKEN_SECRET: refreshSecret }, port);
    const { response, text } = await jwksOf(during);
    const body: unknown = JSON.parse(text);
    const published = bodyOf({ status: response.status, body }, jwksBody);
    assert.deepEqual(published.keys.map((key) => key.kid), [await ed25519Kid(keyNew), await ed25519Kid(keyOld)]);
    assert.equal((await me(during, laptop.accessToken)).status, 200, 'the old key\'s access token works while it is listed');
    const refreshed = await refreshWith(during, laptop.refresh);
    assert.equal(refreshed.status, 200);
    assert.equal(kid(accessTokenOf(refreshed)), await ed25519Kid(keyNew), 'the refresh answers under the new key');
    // The verifier has never seen this kid: it fetches the set again and finds it.
    await verifyRemotely(accessTokenOf(refreshed), verifier);

    const afterwards = await restart({ JWT_PRIVATE_KEYS: JSON.stringify([keyNew]), REFRESH_TOKEN_SECRET: refreshSecret }, port);
    assertInvalidToken(await me(afterwards, laptop.accessToken), 'an access token of the dropped key');
    assertInvalidToken(await me(afterwards, phone.accessToken), 'another access token of the dropped key');
    assert.equal((await me(afterwards, accessTokenOf(refreshed))).status, 200);
    const fresh = verifierOf(afterwards);
    await verifyRemotely(accessTokenOf(refreshed), fresh);
    await assert.rejects(verifyRemotely(laptop.accessToken, fresh), (error: Error & { code?: string }) => error.code === 'ERR_JWKS_NO_MATCHING_KEY');
    assert.equal((await refreshWith(afterwards, phone.refresh)).status, 200, 'refresh keys did not change: the phone refreshes into the new access key');
  });
});
