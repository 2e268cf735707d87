import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeJwt } from 'jose';
import { assertError } from '../support/api-checks';
import { bodyOf, signedInBody } from '../support/bodies';
import { call, signUp } from '../support/client';
import { describeEachSetup } from '../support/setups';

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
