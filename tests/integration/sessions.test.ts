import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { decodeJwt } from 'jose';
import { assertError, assertFieldError } from '../support/api-checks';
import { accessTokenOf, bodyOf, registrationOptionsOf, sessionsBody } from '../support/bodies';
import { call, signUp } from '../support/client';
import { describeEachSetup } from '../support/setups';
import { SoftwareAuthenticator } from '../support/webauthn';

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0';
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1';

describeEachSetup('sessions and password change', { REFRESH_TOKEN_TTL: '1h' }, (app) => {
  /** One account signed in on two more devices: [laptop, phone, tablet]. */
  async function threeDevices() {
    const laptop = await signUp(app());
    const login = (agent: string) =>
      call(app(), 'POST', '/api/auth/login', { json: { email: laptop.user.email, password: laptop.user.password }, headers: { 'user-agent': agent } });
    const phone = await login(IPHONE);
    const tablet = await login(FIREFOX);
    assert.equal(phone.status, 200);
    assert.equal(tablet.status, 200);
    return {
      user: laptop.user,
      laptop: { token: laptop.accessToken, refresh: laptop.refresh },
      phone: { token: accessTokenOf(phone), refresh: phone.refreshCookie! },
      tablet: { token: accessTokenOf(tablet), refresh: tablet.refreshCookie! },
    };
  }
  const sid = (token: string) => decodeJwt(token).sid as string;
  const sessionsOf = async (token: string) => bodyOf(await call(app(), 'GET', '/api/auth/sessions', { token }), sessionsBody).sessions;

  test('GET /api/auth/sessions lists every device, this one first and marked, with readable devices and no token ids', async () => {
    const { phone, laptop, tablet } = await threeDevices();
    const res = await call(app(), 'GET', '/api/auth/sessions', { token: phone.token });
    assert.equal(res.status, 200);
    const { success, sessions } = bodyOf(res, sessionsBody);
    assert.equal(success, true);
    assert.deepEqual(
      sessions.map((session) => session.id).sort(),
      [sid(laptop.token), sid(phone.token), sid(tablet.token)].sort(),
    );
    assert.equal(sessions[0]?.id, sid(phone.token));
    assert.deepEqual(
      sessions.map((session) => session.current),
      [true, false, false],
    );
    assert.equal(sessions[0]?.device, 'Safari on iOS');
    assert.equal(sessions[0]?.userAgent, IPHONE);
    assert.ok(sessions.some((session) => session.device === 'Firefox on Linux'));
    for (const session of sessions) {
      assert.deepEqual(Object.keys(session).sort(), ['createdAt', 'current', 'device', 'expiresAt', 'id', 'lastUsedAt', 'userAgent']);
      assert.ok(!Number.isNaN(Date.parse(session.createdAt)));
    }
    assert.ok(!JSON.stringify(res.body).includes(decodeJwt(phone.refresh).jti as string), 'no refresh-token id leaks');
  });

  test('a refresh moves lastUsedAt; other users never see these sessions', async () => {
    const { laptop } = await threeDevices();
    const [before] = await sessionsOf(laptop.token);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const refreshed = await call(app(), 'POST', '/api/auth/refresh', { cookie: laptop.refresh });
    const [after] = await sessionsOf(accessTokenOf(refreshed));
    assert.ok(before && after, 'the session is listed');
    assert.equal(after.id, before.id);
    assert.equal(after.createdAt, before.createdAt);
    assert.ok(Date.parse(after.lastUsedAt) > Date.parse(before.lastUsedAt));

    const stranger = await signUp(app());
    assert.deepEqual(
      (await sessionsOf(stranger.accessToken)).map((session) => session.id),
      [sid(stranger.accessToken)],
    );
  });

  test('DELETE /api/auth/sessions/:id ends that device at its next refresh and leaves the others', async () => {
    const { laptop, phone, tablet } = await threeDevices();
    const res = await call(app(), 'DELETE', `/api/auth/sessions/${sid(phone.token)}`, { token: laptop.token });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { success: true, current: false });
    assert.equal(res.refreshCookie, undefined, "the caller's cookie is left alone");

    const phoneRefresh = await call(app(), 'POST', '/api/auth/refresh', { cookie: phone.refresh });
    assertError(phoneRefresh, 401, 'invalid_refresh_token');
    assert.equal((await call(app(), 'POST', '/api/auth/refresh', { cookie: tablet.refresh })).status, 200);
    assert.equal((await call(app(), 'POST', '/api/auth/refresh', { cookie: laptop.refresh })).status, 200);

    const again = await call(app(), 'DELETE', `/api/auth/sessions/${sid(phone.token)}`, { token: laptop.token });
    assert.equal(again.status, 404, 'an ended session is not found');
  });

  test("revoking another user's session is a 404 that changes nothing, like an unknown or malformed id", async () => {
    const victim = await signUp(app());
    const attacker = await signUp(app());
    const attempts = [sid(victim.accessToken), randomUUID(), 'not-a-session', 'x'.repeat(500)];
    const bodies: unknown[] = [];
    for (const id of attempts) {
      const res = await call(app(), 'DELETE', `/api/auth/sessions/${encodeURIComponent(id)}`, { token: attacker.accessToken });
      assertError(res, 404, 'not_found', id);
      bodies.push(res.body);
    }
    assert.ok(bodies.every((body) => JSON.stringify(body) === JSON.stringify(bodies[0])), 'one body for all');
    assert.equal((await call(app(), 'POST', '/api/auth/refresh', { cookie: victim.refresh })).status, 200);
  });

  test('revoking this device clears its cookie and says so', async () => {
    const { laptop } = await threeDevices();
    const res = await call(app(), 'DELETE', `/api/auth/sessions/${sid(laptop.token)}`, { token: laptop.token });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { success: true, current: true });
    assert.equal(res.refreshCookie, '');
    assert.equal((await call(app(), 'POST', '/api/auth/refresh', { cookie: laptop.refresh })).status, 401);
  });

  test('POST /api/auth/logout-all ends every session, this one too, and clears the cookie', async () => {
    const { laptop, phone, tablet } = await threeDevices();
    const other = await signUp(app());
    const res = await call(app(), 'POST', '/api/auth/logout-all', { token: phone.token });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { success: true, revoked: 3 });
    assert.equal(res.refreshCookie, '');
    for (const device of [laptop, phone, tablet]) {
      assert.equal((await call(app(), 'POST', '/api/auth/refresh', { cookie: device.refresh })).status, 401);
    }
    assert.deepEqual(await sessionsOf(phone.token), []);
    assert.equal((await call(app(), 'POST', '/api/auth/refresh', { cookie: other.refresh })).status, 200, "another user's session survives");
  });

  test("an ended session's access token, still within its lifetime, is refused the actions that need a recent sign-in", async () => {
    const { laptop, phone } = await threeDevices();
    // Someone signed in with the owner's password asks to add a passkey...
    const options = registrationOptionsOf(await call(app(), 'POST', '/api/auth/passkeys/options', { token: phone.token }));
    // ...and the owner ends their session before they answer.
    assert.equal((await call(app(), 'DELETE', `/api/auth/sessions/${decodeJwt(phone.token).sid as string}`, { token: laptop.token })).status, 200);
    const response = new SoftwareAuthenticator(app().url).register(options);
    assertError(await call(app(), 'POST', '/api/auth/passkeys', { token: phone.token, json: { response, name: 'Not the owner' } }), 401, 'invalid_token', 'the passkey asked for before');
    for (const [method, path] of [
      ['POST', '/api/auth/mfa/totp/setup'],
      ['POST', '/api/auth/passkeys/options'],
      ['POST', '/api/auth/email'],
    ] as const) {
      assertError(await call(app(), method, path, { token: phone.token, json: { email: `elsewhere-${randomUUID()}@example.com` } }), 401, 'invalid_token', `${method} ${path}`);
    }
    assert.equal((await call(app(), 'GET', '/api/auth/me', { token: phone.token })).status, 200, 'an ordinary read still trusts the token until it expires');
    assert.equal((await call(app(), 'POST', '/api/auth/mfa/totp/setup', { token: laptop.token })).status, 200, 'a live session still can');
  });

  test('POST /api/auth/password: the new password works, the old does not, other sessions end, this one stays', async () => {
    const { user, laptop, phone, tablet } = await threeDevices();
    const newPassword = `Fresh-${randomUUID()}-phrase`;
    const res = await call(app(), 'POST', '/api/auth/password', { token: laptop.token, json: { currentPassword: user.password, newPassword } });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { success: true, endedSessions: 2 });

    assert.equal((await call(app(), 'POST', '/api/auth/refresh', { cookie: laptop.refresh })).status, 200, 'this device stays signed in');
    for (const device of [phone, tablet]) assert.equal((await call(app(), 'POST', '/api/auth/refresh', { cookie: device.refresh })).status, 401);

    const oldLogin = await call(app(), 'POST', '/api/auth/login', { json: { email: user.email, password: user.password } });
    assert.equal(oldLogin.status, 401);
    const newLogin = await call(app(), 'POST', '/api/auth/login', { json: { email: user.email, password: newPassword } });
    assert.equal(newLogin.status, 200);
  });

  test('POST /api/auth/password refuses a wrong current password, a weak or unchanged new one, and changes nothing', async () => {
    const { user, laptop, phone } = await threeDevices();
    const cases: [Record<string, unknown>, string, string][] = [
      [{ currentPassword: 'wrong-password-here', newPassword: `Fresh-${randomUUID()}` }, 'currentPassword', 'Current password is incorrect'],
      [{ currentPassword: user.password, newPassword: 'short' }, 'newPassword', 'New password must be at least 8 characters'],
      [{ currentPassword: user.password, newPassword: 'password123' }, 'newPassword', 'This password is too common; choose one that is harder to guess'],
      [{ currentPassword: user.password, newPassword: user.password }, 'newPassword', 'New password must be different from the current one'],
      [{ newPassword: `Fresh-${randomUUID()}` }, 'currentPassword', 'Current password is required'],
    ];
    for (const [body, field, message] of cases) {
      const res = await call(app(), 'POST', '/api/auth/password', { token: laptop.token, json: body });
      assert.equal(assertFieldError(res, field, JSON.stringify(body)), message);
    }
    assert.equal((await call(app(), 'POST', '/api/auth/refresh', { cookie: phone.refresh })).status, 200, 'other sessions untouched');
    assert.equal((await call(app(), 'POST', '/api/auth/login', { json: { email: user.email, password: user.password } })).status, 200);
  });

  test('every sessions endpoint needs a Bearer token: 401 missing_token, never a cookie', async () => {
    const { refresh } = await signUp(app());
    const requests: [string, string][] = [
      ['GET', '/api/auth/sessions'],
      ['DELETE', `/api/auth/sessions/${randomUUID()}`],
      ['POST', '/api/auth/logout-all'],
      ['POST', '/api/auth/password'],
    ];
    for (const [method, path] of requests) {
      const res = await call(app(), method, path, { cookie: refresh, json: method === 'POST' ? {} : undefined });
      assertError(res, 401, 'missing_token', `${method} ${path}`);
    }
    assert.equal((await call(app(), 'POST', '/api/auth/refresh', { cookie: refresh })).status, 200, 'the cookie was not touched');
  });
});
