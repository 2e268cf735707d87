import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { decodeJwt } from 'jose';
import postgres from 'postgres';
import { assertError, assertFieldError } from '../support/api-checks';
import { startApp } from '../support/app-server';
import { accessTokenOf, bodyOf, eventsBody, healthBody, signedInBody, userBody, userOf } from '../support/bodies';
import { call, newUser, signUp } from '../support/client';
import { outboxLinkTo } from '../support/outbox';
import { waitFor } from '../support/ports';
import { REAL_SERVICES_SKIP, startRealServices } from '../support/real-services';
import { adminEnv } from '../support/roles';
import { describeEachSetup } from '../support/setups';

const USER_KEYS = ['createdAt', 'email', 'emailVerified', 'firstName', 'id', 'lastName', 'mfaEnabled', 'role'];

// Unique per run: the real-services set-up keeps its users between runs.
const ADMIN_LOCAL = `boss-${randomUUID()}`;

describeEachSetup('auth API', adminEnv(`${ADMIN_LOCAL}@Example.com`), (app) => {
  test('register answers 201 with the user, an access token and an HttpOnly Strict refresh cookie', async () => {
    const user = newUser();
    const res = await call(app(), 'POST', '/api/auth/register', { json: user });
    assert.equal(res.status, 201);
    const body = bodyOf(res, signedInBody);
    assert.equal(body.success, true);
    assert.deepEqual(Object.keys(body.user).sort(), USER_KEYS);
    assert.equal(body.user.email, user.email);
    assert.equal(body.user.role, 'user');
    assert.equal(body.expiresIn, 900);
    assert.match(body.accessToken, /^[\w-]+\.[\w-]+\.[\w-]+$/);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const cookie = res.setCookie.find((value) => value.startsWith('refresh_token='));
    assert.ok(cookie, 'refresh cookie set');
    assert.match(cookie, /; HttpOnly/);
    assert.match(cookie, /; SameSite=Strict/);
    assert.match(cookie, /; Path=\//);
    assert.match(cookie, /; Max-Age=604800/);
    assert.doesNotMatch(cookie, /Secure/, 'plain HTTP gets no Secure attribute');
    const raw = JSON.stringify(res.body);
    assert.ok(!raw.includes(res.refreshCookie!), 'refresh token never in the body');
    assert.doesNotMatch(raw, /password|hash|\$2b\$/i);
  });

  test('register ignores a role in the body, and ADMIN_EMAILS makes admins once the address is verified', async () => {
    const sneaky = await call(app(), 'POST', '/api/auth/register', { json: { ...newUser(), role: 'admin', emailVerified: true } });
    assert.equal(sneaky.status, 201);
    assert.equal(userOf(sneaky).role, 'user');
    assert.equal(userOf(sneaky).emailVerified, false);
    const boss = await call(app(), 'POST', '/api/auth/register', { json: newUser({ email: `  ${ADMIN_LOCAL.toUpperCase()}@example.COM ` }) });
    assert.equal(boss.status, 201);
    assert.equal(userOf(boss).role, 'user', 'registering a listed address first makes nobody admin');
    assert.equal(decodeJwt(accessTokenOf(boss)).role, 'user');
    const verified = await call(app(), 'POST', '/api/auth/verify-email', { json: { token: await outboxLinkTo(app(), `${ADMIN_LOCAL}@example.com`) } });
    assert.equal(verified.status, 200, JSON.stringify(verified.body));
    assert.equal(userOf(verified).role, 'admin');
  });

  test('emails are trimmed, NFC-normalised and lower-cased: case variants are one account', async () => {
    const local = `José-${Date.now()}`;
    const first = await call(app(), 'POST', '/api/auth/register', { json: newUser({ email: ` ${local}@Example.COM ` }) });
    assert.equal(first.status, 201);
    assert.equal(userOf(first).email, `${local.toLowerCase()}@example.com`);
    const decomposed = `${local.toUpperCase().normalize('NFD')}@EXAMPLE.com`;
    const again = await call(app(), 'POST', '/api/auth/register', { json: newUser({ email: decomposed }) });
    assertError(again, 409, 'email_taken');
  });

  test('register refuses bad input with field errors and changes nothing', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...newUser(), email: 'not-an-email' }, 'email'],
      [{ ...newUser(), email: 'a\u0000b@example.com' }, 'email'],
      [{ ...newUser(), email: `${'a'.repeat(250)}@example.com` }, 'email'],
      [{ ...newUser(), password: 'short1!' }, 'password'],
      [{ ...newUser(), password: 'x'.repeat(129) }, 'password'],
      [{ ...newUser(), password: 'password1' }, 'password'],
      [{ ...newUser(), firstName: '   ' }, 'firstName'],
      [{ email: newUser().email, password: newUser().password, firstName: 'A' }, 'lastName'],
      [{ ...newUser(), email: 42 }, 'email'],
    ];
    for (const [body, field] of cases) {
      const res = await call(app(), 'POST', '/api/auth/register', { json: body });
      assertFieldError(res, field, `field error for ${field}`);
      assert.equal(res.refreshCookie, undefined);
    }
    const email = newUser().email;
    await call(app(), 'POST', '/api/auth/register', { json: { ...newUser({ email }), password: 'password1' } });
    const later = await call(app(), 'POST', '/api/auth/register', { json: newUser({ email }) });
    assert.equal(later.status, 201, 'a refused sign-up leaves no account behind');
  });

  test('internationalised emails (RFC 6531) sign up and log in', async () => {
    const email = `josé.${Date.now()}@exämple.com`;
    const { user } = await signUp(app(), { email });
    const login = await call(app(), 'POST', '/api/auth/login', { json: { email: email.toUpperCase(), password: user.password } });
    assert.equal(login.status, 200);
    assert.equal(userOf(login).email, email.normalize('NFC'));
  });

  test('every character of a long password counts: no truncation at 72 bytes', async () => {
    const prefix = 'é'.repeat(40);
    const { user } = await signUp(app(), { password: `${prefix}-first-ending` });
    assert.ok(Buffer.byteLength(prefix) >= 72);
    const wrong = await call(app(), 'POST', '/api/auth/login', { json: { email: user.email, password: `${prefix}-other-ending` } });
    assert.equal(wrong.status, 401);
    const right = await call(app(), 'POST', '/api/auth/login', { json: { email: user.email, password: user.password } });
    assert.equal(right.status, 200);
  });

  test('login: unknown email and wrong password get the same 401 body', async () => {
    const { user } = await signUp(app());
    const wrong = await call(app(), 'POST', '/api/auth/login', { json: { email: user.email, password: 'Not-the-password-1' } });
    const unknown = await call(app(), 'POST', '/api/auth/login', { json: { email: newUser().email, password: 'Not-the-password-1' } });
    for (const res of [wrong, unknown]) {
      assert.equal(res.status, 401);
      assert.deepEqual(res.body, { success: false, message: 'Invalid email or password', code: 'invalid_credentials' });
      assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer/);
      assert.equal(res.refreshCookie, undefined);
    }
  });

  test('login starts a new independent session each time', async () => {
    const { user, refresh } = await signUp(app());
    const second = await call(app(), 'POST', '/api/auth/login', { json: { email: user.email, password: user.password } });
    assert.equal(second.status, 200);
    assert.notEqual(second.refreshCookie, refresh);
    const out = await call(app(), 'POST', '/api/auth/logout', { cookie: second.refreshCookie });
    assert.equal(out.status, 200);
    const first = await call(app(), 'POST', '/api/auth/refresh', { cookie: refresh });
    assert.equal(first.status, 200, 'logging out one device leaves the other signed in');
  });

  test('me answers the user for a valid access token', async () => {
    const { accessToken, user } = await signUp(app());
    const res = await call(app(), 'GET', '/api/auth/me', { token: accessToken });
    assert.equal(res.status, 200);
    const body = bodyOf(res, userBody);
    assert.equal(body.success, true);
    assert.equal(body.user.email, user.email);
    assert.deepEqual(Object.keys(body.user).sort(), USER_KEYS);
  });

  test('me without a token: 401 missing_token with WWW-Authenticate: Bearer', async () => {
    for (const headers of [{}, { authorization: 'Basic dXNlcjpwYXNz' }, { authorization: 'Bearer' }] as Array<Record<string, string>>) {
      const res = await call(app(), 'GET', '/api/auth/me', { headers });
      assert.equal(res.status, 401);
      assert.deepEqual(res.body, { success: false, message: 'No token provided', code: 'missing_token' });
      assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer/);
    }
  });

  test('the access token is accepted from the Authorization header only', async () => {
    const { accessToken, refresh } = await signUp(app());
    const viaQuery = await call(app(), 'GET', `/api/auth/me?access_token=${accessToken}`);
    assert.equal(viaQuery.status, 401);
    const viaCookie = await call(app(), 'GET', '/api/auth/me', { headers: { cookie: `access_token=${accessToken}; refresh_token=${refresh}` } });
    assertError(viaCookie, 401, 'missing_token');
  });

  test('bodies that are not JSON objects are 400; wrong content type is 400; over 64 KiB is 413', async () => {
    const path = '/api/auth/login';
    const notJson = await call(app(), 'POST', path, { body: '{"email":', headers: { 'content-type': 'application/json' } });
    assertError(notJson, 400, 'validation_error');
    for (const body of ['[]', '[{"email":"a@b.co"}]', 'null', '"text"', '42']) {
      const res = await call(app(), 'POST', path, { body, headers: { 'content-type': 'application/json' } });
      assertError(res, 400, 'validation_error', body);
    }
    const form = await call(app(), 'POST', path, { body: 'email=a%40b.co&password=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assertError(form, 400, 'validation_error');
    const huge = JSON.stringify({ ...newUser(), padding: 'x'.repeat(65 * 1024) });
    const tooLarge = await call(app(), 'POST', '/api/auth/register', { body: huge, headers: { 'content-type': 'application/json' } });
    assertError(tooLarge, 413, 'payload_too_large');
  });

  test('other methods on auth endpoints are 405 with an Allow header and a JSON body', async () => {
    for (const [method, path] of [
      ['GET', '/api/auth/login'],
      ['PUT', '/api/auth/register'],
      ['GET', '/api/auth/refresh'],
      ['DELETE', '/api/auth/logout'],
      ['POST', '/api/health'],
    ] as const) {
      const res = await call(app(), method, path);
      assertError(res, 405, 'method_not_allowed', `${method} ${path}`);
      assert.ok(res.headers.get('allow'));
    }
  });

  test('cookie-authenticated POSTs refuse foreign origins and change nothing', async () => {
    const { refresh } = await signUp(app());
    const attempts: Array<Record<string, string>> = [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { referer: 'https://evil.example/page' },
      { 'sec-fetch-site': 'cross-site' },
    ];
    for (const headers of attempts) {
      for (const path of ['/api/auth/refresh', '/api/auth/logout']) {
        const res = await call(app(), 'POST', path, { cookie: refresh, headers });
        assertError(res, 403, 'forbidden_origin', `${path} ${JSON.stringify(headers)}`);
        assert.equal(res.refreshCookie, undefined, 'a refused request does not touch the cookie');
      }
    }
    const sameOrigin = await call(app(), 'POST', '/api/auth/refresh', { cookie: refresh, headers: { origin: app().url, 'sec-fetch-site': 'same-origin' } });
    assert.equal(sameOrigin.status, 200, 'the session survived every refused attempt');
  });

  test('login and register from a foreign page are refused: a browser cannot be signed in by another site', async () => {
    const { user } = await signUp(app());
    const login = await call(app(), 'POST', '/api/auth/login', { json: { email: user.email, password: user.password }, headers: { origin: 'https://evil.example' } });
    assertError(login, 403, 'forbidden_origin');
    assert.equal(login.refreshCookie, undefined);
    const register = await call(app(), 'POST', '/api/auth/register', { json: newUser(), headers: { 'sec-fetch-site': 'cross-site' } });
    assert.equal(register.status, 403);
  });

  test('logout deletes the session server-side, clears the cookie, and is idempotent', async () => {
    const { refresh, accessToken } = await signUp(app());
    const out = await call(app(), 'POST', '/api/auth/logout', { cookie: refresh, headers: { origin: app().url } });
    assert.equal(out.status, 200);
    assert.deepEqual(out.body, { success: true });
    assert.equal(out.refreshCookie, '');
    assert.match(out.setCookie.join('\n'), /Max-Age=0/);
    const refreshAfter = await call(app(), 'POST', '/api/auth/refresh', { cookie: refresh });
    assertError(refreshAfter, 401, 'invalid_refresh_token');
    for (const cookie of [refresh, undefined, 'garbage']) {
      const again = await call(app(), 'POST', '/api/auth/logout', { cookie });
      assert.equal(again.status, 200);
    }
    const me = await call(app(), 'GET', '/api/auth/me', { token: accessToken });
    assert.equal(me.status, 200, 'an access token stays valid until its exp (stateless by design)');
  });

  test('health reports the database and the store', async () => {
    const res = await call(app(), 'GET', '/api/health');
    assert.equal(res.status, 200);
    const body = bodyOf(res, healthBody);
    assert.equal(body.success, true);
    assert.equal(body.status, 'ok');
    assert.equal(body.database.status, 'ok');
    assert.equal(body.store.status, 'ok');
  });

  test('responses carry no X-Powered-By and no secret ever reaches the logs', async () => {
    const { user, refresh, accessToken } = await signUp(app());
    await call(app(), 'POST', '/api/auth/login', { json: { email: user.email, password: 'Wrong-password-123' } });
    const res = await call(app(), 'GET', '/api/health');
    assert.equal(res.headers.get('x-powered-by'), null);
    const logs = app().output();
    for (const secret of [user.password, refresh, accessToken, app().env.JWT_SECRET!, app().env.REFRESH_TOKEN_SECRET!]) {
      assert.ok(!logs.includes(secret), 'a secret appeared in the server output');
    }
    assert.doesNotMatch(logs, /\$2b\$/);
  });
});

// Real PostgreSQL only: the test holds the account's row from a connection of its own, which the
// embedded database (one connection, inside the server) cannot give it.
describe('a password change landing during a login [postgres+redis]', { skip: REAL_SERVICES_SKIP }, () => {
  test('the right password is refused with 401 invalid_credentials, and the refusal is in the account\'s security log', async () => {
    const services = await startRealServices();
    const sql = postgres(process.env.TEST_DATABASE_URL!, { max: 2 });
    const app = await startApp(services.env);
    try {
      const { user, response, accessToken } = await signUp(app);
      const id = userOf(response).id;
      // Held as a password change holds it, so the login stops at its last step (the session's
      // transaction locks the row); the change commits while the login waits there.
      const { login } = await sql.begin(async (tx) => {
        await tx`select id from users where id = ${id} for update`;
        const login = call(app, 'POST', '/api/auth/login', { json: { email: user.email, password: user.password } });
        await waitFor(
          async () => (await sql`select 1 from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database() and query ilike '%"users"%for update%'`).length > 0,
          'the login waiting for the account row',
        );
        await tx`update users set password_changed_at = now() where id = ${id}`;
        return { login };
      });
      const refused = await login;
      assertError(refused, 401, 'invalid_credentials', 'the password checked is no longer the account\'s');
      assert.equal(refused.refreshCookie, undefined, 'no session');
      const events = bodyOf(await call(app, 'GET', '/api/auth/events', { token: accessToken }), eventsBody).events;
      const failed = events.find((event) => event.type === 'login_failed');
      assert.deepEqual(failed?.detail, { reason: 'password_changed' }, 'logged with its reason');
    } finally {
      await app.stop();
      await sql.end();
      await services.stop();
    }
  });
});
