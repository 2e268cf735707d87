import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { decodeJwt } from 'jose';
import { assertError } from '../support/api-checks';
import { startApp, type AppServer } from '../support/app-server';
import { bodyOf, signedInBody } from '../support/bodies';
import { call, signUp, type ApiResponse } from '../support/client';
import { redisServerInstalled, startRedis, type RunningRedis } from '../support/redis';
import { skipUnlessAvailable } from '../support/requirements';
import { describeEachSetup } from '../support/setups';
import { startUpstashRestServer, type UpstashRestServer } from '../support/upstash-rest-server';

const REUSE_INTERVAL_SECONDS = 2;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeEachSetup('refresh rotation', { REFRESH_REUSE_INTERVAL: `${REUSE_INTERVAL_SECONDS}s`, REFRESH_TOKEN_TTL: '1h' }, (app) => {
  test('refresh rotates the cookie and returns a fresh access token for the same session', async () => {
    const { refresh, accessToken } = await signUp(app());
    const res = await call(app(), 'POST', '/api/auth/refresh', { cookie: refresh });
    assert.equal(res.status, 200);
    const body = bodyOf(res, signedInBody);
    assert.equal(body.success, true);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.ok(res.refreshCookie && res.refreshCookie !== refresh, 'a new refresh token');
    assert.notEqual(body.accessToken, accessToken);
    assert.equal(decodeJwt(body.accessToken).sid, decodeJwt(accessToken).sid, 'same session');
    assert.ok(!JSON.stringify(res.body).includes(res.refreshCookie!), 'refresh token never in the body');
    const me = await call(app(), 'GET', '/api/auth/me', { token: body.accessToken });
    assert.equal(me.status, 200);
  });

  test('rotation never extends the session: the cookie Max-Age counts down and exp stays fixed', async () => {
    const { refresh } = await signUp(app());
    const loginExp = decodeJwt(refresh).exp;
    await sleep(1100);
    const res = await call(app(), 'POST', '/api/auth/refresh', { cookie: refresh });
    assert.equal(res.status, 200);
    assert.equal(decodeJwt(res.refreshCookie!).exp, loginExp);
    const maxAge = Number(/Max-Age=(\d+)/.exec(res.setCookie.join(';'))![1]);
    assert.ok(maxAge < 3600 && maxAge >= 3590, `Max-Age ${maxAge} is the remaining lifetime`);
  });

  test('within the reuse interval the previous token gets the same successor', async () => {
    const { refresh } = await signUp(app());
    const first = await call(app(), 'POST', '/api/auth/refresh', { cookie: refresh });
    const again = await call(app(), 'POST', '/api/auth/refresh', { cookie: refresh });
    assert.equal(first.status, 200);
    assert.equal(again.status, 200);
    assert.equal(again.refreshCookie, first.refreshCookie, 'byte-identical successor');
    const next = await call(app(), 'POST', '/api/auth/refresh', { cookie: first.refreshCookie });
    assert.equal(next.status, 200, 'and the successor keeps working');
  });

  test('6 concurrent refreshes of one session all succeed with one successor', async () => {
    const { refresh } = await signUp(app());
    const results = await Promise.all(Array.from({ length: 6 }, () => call(app(), 'POST', '/api/auth/refresh', { cookie: refresh })));
    assert.deepEqual(
      results.map((res) => res.status),
      [200, 200, 200, 200, 200, 200],
    );
    const successors = new Set(results.map((res) => res.refreshCookie));
    assert.equal(successors.size, 1, 'no fork: every response carries the same successor');
    const [successor] = successors;
    const next = await call(app(), 'POST', '/api/auth/refresh', { cookie: successor });
    assert.equal(next.status, 200);
  });

  test('an old token presented after the interval revokes the whole session (reuse means theft)', async () => {
    const { refresh } = await signUp(app());
    const rotated = await call(app(), 'POST', '/api/auth/refresh', { cookie: refresh });
    assert.equal(rotated.status, 200);
    await sleep(REUSE_INTERVAL_SECONDS * 1000 + 500);
    const stolen = await call(app(), 'POST', '/api/auth/refresh', { cookie: refresh });
    assert.equal(assertError(stolen, 401, 'invalid_refresh_token').message, 'Invalid refresh token');
    assert.equal(stolen.refreshCookie, '', 'the dead cookie is cleared');
    const legit = await call(app(), 'POST', '/api/auth/refresh', { cookie: rotated.refreshCookie });
    assert.equal(legit.status, 401, 'the current token of the revoked session stops working too');
  });

  test('a token two rotations old is reuse even inside the interval', async () => {
    const { refresh } = await signUp(app());
    const one = await call(app(), 'POST', '/api/auth/refresh', { cookie: refresh });
    const two = await call(app(), 'POST', '/api/auth/refresh', { cookie: one.refreshCookie });
    assert.equal(two.status, 200);
    const ancient = await call(app(), 'POST', '/api/auth/refresh', { cookie: refresh });
    assert.equal(ancient.status, 401);
    const current = await call(app(), 'POST', '/api/auth/refresh', { cookie: two.refreshCookie });
    assert.equal(current.status, 401, 'session revoked');
  });

  test('missing, malformed, forged and access-token cookies are 401 invalid_refresh_token', async () => {
    const { refresh, accessToken } = await signUp(app());
    const [header, payload] = refresh.split('.');
    const forged = `${header}.${payload}.${'A'.repeat(43)}`;
    for (const cookie of [undefined, '', 'garbage', forged, accessToken]) {
      const res = await call(app(), 'POST', '/api/auth/refresh', { cookie });
      assert.equal(res.status, 401, String(cookie));
      assert.deepEqual(res.body, { success: false, message: 'Invalid refresh token', code: 'invalid_refresh_token' });
      const challenge = res.headers.get('www-authenticate') ?? '';
      assert.match(challenge, /^Bearer/);
      if (cookie) assert.match(challenge, /error="invalid_token"/, 'a token was sent, so the challenge names the error');
      else assert.doesNotMatch(challenge, /error=/);
    }
    const stillValid = await call(app(), 'POST', '/api/auth/refresh', { cookie: refresh });
    assert.equal(stillValid.status, 200, 'failed attempts with other tokens do not hurt the real session');
  });

  test('a refresh token is not an access token', async () => {
    const { refresh } = await signUp(app());
    const res = await call(app(), 'GET', '/api/auth/me', { token: refresh });
    assertError(res, 401, 'invalid_token');
  });
});

// The REST server runs in this process so it can count what reaches it; the database is the
// embedded one, so only redis-server is needed.
describe('one token-store round trip per refresh [Redis through the Upstash REST protocol]', { skip: skipUnlessAvailable(process.env.TEST_REDIS_URL || redisServerInstalled() ? false : 'no redis-server installed and TEST_REDIS_URL unset') }, () => {
  const LIMIT = 2;
  let redis: RunningRedis | null = null;
  let rest: UpstashRestServer | undefined;
  let app: AppServer | undefined;
  before(async () => {
    redis = await startRedis();
    const token = randomBytes(24).toString('base64url');
    rest = await startUpstashRestServer({ redisUrl: redis!.url, token });
    app = await startApp({ UPSTASH_REDIS_REST_URL: rest.url, UPSTASH_REDIS_REST_TOKEN: token, RATE_LIMIT_REFRESH_PER_SESSION: `${LIMIT}/60s` });
  });
  after(async () => {
    await app?.stop();
    await rest?.close();
    await redis?.stop();
  });

  /** A refresh with `cookie`, and how many requests reached the store while it ran. */
  async function countedRefresh(cookie: string): Promise<{ res: ApiResponse; storeRequests: number }> {
    const before = rest!.requests;
    const res = await call(app!, 'POST', '/api/auth/refresh', { cookie });
    return { res, storeRequests: rest!.requests - before };
  }

  test('a rotation, a refresh over the per-session limit and a refresh of an ended session each cost one request to the store', async () => {
    const { refresh } = await signUp(app!);
    let cookie = refresh;
    for (let i = 0; i < LIMIT; i++) {
      const rotated = await countedRefresh(cookie);
      assert.equal(rotated.res.status, 200);
      assert.equal(rotated.storeRequests, 1, `rotation ${i + 1}: the limit check and the rotation in one round trip`);
      cookie = rotated.res.refreshCookie!;
    }
    const limited = await countedRefresh(cookie);
    assertError(limited.res, 429, 'rate_limited');
    assert.equal(limited.storeRequests, 1, 'refused in the same one round trip');

    const other = await signUp(app!);
    assert.equal((await call(app!, 'POST', '/api/auth/logout', { cookie: other.refresh })).status, 200);
    const ended = await countedRefresh(other.refresh);
    assertError(ended.res, 401, 'invalid_refresh_token');
    assert.equal(ended.storeRequests, 1);
  });
});
