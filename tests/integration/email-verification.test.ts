import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { decodeJwt } from 'jose';
import { normalizeEmail } from '../../lib/validation/email';
import { assertError, assertFieldError } from '../support/api-checks';
import { startApp, type AppServer } from '../support/app-server';
import { call, newUser, type ApiResponse } from '../support/client';
import { REAL_SERVICES_SKIP, startRealServices } from '../support/real-services';
import { describeEachSetup } from '../support/setups';
import { startSmtpServer } from '../support/smtp';

const smtp = await startSmtpServer();
after(() => smtp.stop());

const APP_URL = 'https://auth.example.test';
const VERIFY = 'Verify your email address';
const CONFIRM_NEW = 'Confirm your new email address';
const ABOUT_TO_CHANGE = 'Your email address is about to change';
const CHANGED = 'Your email address was changed';
const UNUSABLE = /invalid, expired or already used/;
// Unique per run: the real-services set-up keeps its users between runs.
const run = randomUUID().slice(0, 8);
const listed = (name: string) => `${name}-${run}@listed.test`;
const LISTED = ['first', 'second', 'third', 'fourth'].map(listed);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function linkIn(text: string, path = '/verify-email'): string {
  const match = new RegExp(`https://auth\\.example\\.test${path}#token=([A-Za-z0-9_-]+)`).exec(text);
  assert.ok(match, `a ${path} link in:\n${text}`);
  return match[1]!;
}

const verify = (app: AppServer, token: unknown, headers: Record<string, string> = {}) => call(app, 'POST', '/api/auth/verify-email', { json: { token }, headers });
const resend = (app: AppServer, accessToken: string) => call(app, 'POST', '/api/auth/verify-email/resend', { token: accessToken });
const logIn = (app: AppServer, email: string, password: string) => call(app, 'POST', '/api/auth/login', { json: { email, password } });
// Without an Origin header, like any client that is not a browser: the app's origin is APP_URL.
const refreshWith = (app: AppServer, cookie: string) => call(app, 'POST', '/api/auth/refresh', { cookie });

/** Registers a fresh user and waits for the verification mail: its token, and whatever register answered. */
async function register(app: AppServer, overrides: Parameters<typeof newUser>[0] = {}) {
  const user = newUser(overrides);
  const mail = smtp.nextMailTo(normalizeEmail(user.email), { subject: VERIFY });
  const response = await call(app, 'POST', '/api/auth/register', { json: user });
  assert.equal(response.status, 201, JSON.stringify(response.body));
  const received = await mail;
  return { user, response, mail: received, token: linkIn(received.text), accessToken: response.body.accessToken as string | undefined, refresh: response.refreshCookie };
}

async function eventsOf(app: AppServer, accessToken: string): Promise<{ type: string; email: string; detail: Record<string, unknown> | null }[]> {
  const res = await call(app, 'GET', '/api/auth/events', { token: accessToken });
  assert.equal(res.status, 200);
  return res.body.events;
}

function assertUnusable(res: ApiResponse, context: string) {
  assertFieldError(res, 'token', context);
  assert.match(res.body.fields.token, UNUSABLE, context);
}

const BASE_ENV = { SMTP_URL: smtp.url, APP_URL, MAIL_FROM: 'Auth <auth@example.test>' };

describeEachSetup('email verification (EMAIL_VERIFICATION=optional, the default)', { ...BASE_ENV, ADMIN_EMAILS: LISTED.join(',') }, (app) => {
  test('register mails a link built from APP_URL (never the Host header) that verifies the address once', async () => {
    const user = newUser({ firstName: '<b>Eve</b>' });
    const mail = smtp.nextMailTo(user.email, { subject: VERIFY });
    const res = await call(app(), 'POST', '/api/auth/register', { json: user, headers: { host: 'evil.example' } });
    assert.equal(res.status, 201);
    assert.equal(res.body.user.emailVerified, false);
    assert.equal(res.body.user.mfaEnabled, false);
    assert.equal(typeof res.body.accessToken, 'string', 'unverified users may sign in where verification is optional');
    assert.equal(res.body.verificationRequired, undefined);

    const received = await mail;
    assert.equal(received.from, 'auth@example.test');
    const token = linkIn(received.text);
    assert.equal(Buffer.from(token, 'base64url').length, 32, '256 random bits');
    assert.ok(!received.text.includes('evil.example') && !received.html.includes('evil.example'));
    for (const part of ['JWT Auth', '24 hours', `${APP_URL}/verify-email#token=${token}`]) {
      assert.ok(received.text.includes(part), `the text says ${part}`);
      assert.ok(received.html.includes(part), `the HTML says ${part}`);
    }
    assert.ok(received.html.includes('Hello &#60;b&#62;Eve&#60;/b&#62;,'), 'what the user typed is escaped in the HTML');
    assert.ok(!received.html.includes('<b>Eve</b>'));

    const verified = await verify(app(), token);
    assert.equal(verified.status, 200, JSON.stringify(verified.body));
    assert.deepEqual(Object.keys(verified.body).sort(), ['success', 'user']);
    assert.equal(verified.body.user.emailVerified, true);
    assert.equal(verified.body.user.id, res.body.user.id);
    assert.equal(verified.refreshCookie, undefined, 'no new session where verification is optional');
    const me = await call(app(), 'GET', '/api/auth/me', { token: res.body.accessToken });
    assert.equal(me.body.user.emailVerified, true);

    assertUnusable(await verify(app(), token), 'the link works once');
    assert.ok(!app().output().includes(token), 'the server log never holds the token');
  });

  test('only the newest link works; a verified address gets no more mail', async () => {
    const { user, token: first, accessToken } = await register(app());
    const mail = smtp.nextMailTo(user.email, { subject: VERIFY });
    const resent = await resend(app(), accessToken!);
    assert.equal(resent.status, 202, JSON.stringify(resent.body));
    const second = linkIn((await mail).text);
    assert.notEqual(second, first);
    assertUnusable(await verify(app(), first), 'the older link');
    assert.equal((await verify(app(), second)).status, 200);

    const before = smtp.mails.length;
    const again = await resend(app(), accessToken!);
    assert.equal(again.status, 200);
    assert.deepEqual([again.body.success, again.body.alreadyVerified], [true, true]);
    await sleep(300);
    assert.equal(smtp.mails.length, before, 'no mail for a verified address');

    const types = (await eventsOf(app(), accessToken!)).map((event) => event.type);
    assert.deepEqual(types.filter((type) => type.startsWith('email_')), ['email_verified', 'email_verification_sent', 'email_verification_sent']);
  });

  test('two requests with one link: exactly one verifies', async () => {
    const { token } = await register(app());
    const results = await Promise.all([1, 2, 3].map(() => verify(app(), token)));
    assert.deepEqual(results.map((res) => res.status).sort(), [200, 400, 400]);
  });

  test('bad tokens and bodies are 400 on fields.token, never 500; a foreign page is refused', async () => {
    for (const token of ['', 'x', 'not-a-real-token-at-all', 'x'.repeat(201), "'; drop table users; --", 42, null]) {
      assertFieldError(await verify(app(), token), 'token', JSON.stringify(token));
    }
    assertError(await call(app(), 'POST', '/api/auth/verify-email', { body: 'token=abc', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 400, 'validation_error');
    const { token } = await register(app());
    assertError(await verify(app(), token, { origin: 'https://evil.example' }), 403, 'forbidden_origin');
    assert.equal((await verify(app(), token)).status, 200, 'the refused request used nothing up');
  });

  test('resend and email change need an access token', async () => {
    for (const path of ['/api/auth/verify-email/resend', '/api/auth/email']) {
      const res = await call(app(), 'POST', path, { json: { email: newUser().email } });
      assertError(res, 401, 'missing_token', path);
    }
    assertError(await call(app(), 'PATCH', '/api/auth/me', { json: { firstName: 'Mallory' } }), 401, 'missing_token');
  });

  test('registering an ADMIN_EMAILS address first gives no admin: the role comes with the verified address', async () => {
    const email = LISTED[0]!;
    const { user, response, token } = await register(app(), { email: email.toUpperCase() });
    assert.equal(response.body.user.role, 'user');
    assert.equal(decodeJwt(response.body.accessToken).role, 'user');
    const login = await logIn(app(), email, user.password);
    assert.equal(login.body.user.role, 'user', 'logging in does not promote an unverified address');
    assert.equal(decodeJwt(login.body.accessToken).role, 'user');

    const verified = await verify(app(), token);
    assert.equal(verified.body.user.role, 'admin');
    const refreshed = await refreshWith(app(), login.refreshCookie!);
    assert.equal(decodeJwt(refreshed.body.accessToken).role, 'admin', 'the next refresh carries it');
    const event = (await eventsOf(app(), refreshed.body.accessToken)).find((entry) => entry.type === 'email_verified');
    assert.deepEqual(event?.detail, { by: 'link', promotedToAdmin: true });
  });

  test("an admin's demotion of an ADMIN_EMAILS account sticks: later logins, resends and resets do not promote it again", async () => {
    const promote = async (email: string) => {
      const signedUp = await register(app(), { email });
      assert.equal((await verify(app(), signedUp.token)).body.user.role, 'admin');
      const login = await logIn(app(), email, signedUp.user.password);
      assert.equal(decodeJwt(login.body.accessToken).role, 'admin');
      return { ...signedUp, login };
    };
    const admin = await promote(LISTED[1]!);
    const demoted = await promote(LISTED[2]!);
    const patched = await call(app(), 'PATCH', `/api/admin/users/${demoted.login.body.user.id}`, { token: admin.login.body.accessToken, json: { role: 'user' } });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));

    for (let i = 0; i < 2; i++) {
      const again = await logIn(app(), demoted.user.email, demoted.user.password);
      assert.equal(again.body.user.role, 'user', `login ${i + 1} after the demotion`);
      assert.equal(decodeJwt(again.body.accessToken).role, 'user');
    }
    assert.equal((await resend(app(), demoted.login.body.accessToken)).body.alreadyVerified, true);
    const resetMail = smtp.nextMailTo(demoted.user.email, { subject: 'Reset your password' });
    assert.equal((await call(app(), 'POST', '/api/auth/forgot-password', { json: { email: demoted.user.email } })).status, 202);
    const password = `Reset-${randomUUID()}`;
    assert.equal((await call(app(), 'POST', '/api/auth/reset-password', { json: { token: linkIn((await resetMail).text, '/reset-password'), password } })).status, 200);
    const afterReset = await logIn(app(), demoted.user.email, password);
    assert.equal(decodeJwt(afterReset.body.accessToken).role, 'user', 'a reset does not promote it either');
  });

  test('a completed password reset verifies the address it was sent to', async () => {
    const { user, accessToken } = await register(app());
    const mail = smtp.nextMailTo(user.email, { subject: 'Reset your password' });
    assert.equal((await call(app(), 'POST', '/api/auth/forgot-password', { json: { email: user.email } })).status, 202);
    const password = `Reset-${randomUUID()}`;
    assert.equal((await call(app(), 'POST', '/api/auth/reset-password', { json: { token: linkIn((await mail).text, '/reset-password'), password } })).status, 200);
    const login = await logIn(app(), user.email, password);
    assert.equal(login.body.user.emailVerified, true);
    const event = (await eventsOf(app(), login.body.accessToken)).find((entry) => entry.type === 'email_verified');
    assert.deepEqual(event?.detail, { by: 'password_reset' });
    assert.equal((await resend(app(), accessToken!)).body.alreadyVerified, true);
  });

  test('an address change: a link to the new address, a notice to the old; the change happens when the link is used, and the old address hears of it', async () => {
    const { user, accessToken, token: verifyToken } = await register(app(), { firstName: '<i>Ann</i>' });
    // `&` and `'` are allowed in an address: the HTML must escape them like any text a user typed.
    const target = `new&o'brien-${randomUUID().slice(0, 8)}@example.com`;
    const toNew = smtp.nextMailTo(target, { subject: CONFIRM_NEW });
    const toOld = smtp.nextMailTo(user.email, { subject: ABOUT_TO_CHANGE });
    const asked = await call(app(), 'POST', '/api/auth/email', { token: accessToken, json: { email: ` ${target.toUpperCase()} ` } });
    assert.equal(asked.status, 202, JSON.stringify(asked.body));
    const [confirm, notice] = [await toNew, await toOld];
    const token = linkIn(confirm.text);
    assert.ok(confirm.text.includes('24 hours') && confirm.text.includes('JWT Auth'));
    assert.ok(!confirm.text.includes(user.email), 'the new mailbox is not told the old address');
    assert.ok(notice.text.includes(target), 'the old address is told where the account is going');
    assert.ok(notice.html.includes('new&#38;o&#39;brien') && !notice.html.includes("new&o'brien"), 'escaped in the HTML');
    assert.ok(notice.html.includes('Hello &#60;i&#62;Ann&#60;/i&#62;,'));
    assert.ok(!notice.text.includes('#token='), 'the old address gets no link');

    const before = await call(app(), 'GET', '/api/auth/me', { token: accessToken });
    assert.equal(before.body.user.email, user.email, 'nothing changes before the link is used');
    assert.equal((await logIn(app(), user.email, user.password)).status, 200);

    const done = smtp.nextMailTo(user.email, { subject: CHANGED });
    const used = await verify(app(), token);
    assert.equal(used.status, 200, JSON.stringify(used.body));
    assert.equal(used.body.user.email, target);
    assert.equal(used.body.user.emailVerified, true);
    assert.ok((await done).text.includes(target), 'the old address is told it changed');
    assertUnusable(await verify(app(), token), 'the change link works once');
    assertUnusable(await verify(app(), verifyToken), 'a verification link to the old address no longer works');

    assert.equal((await logIn(app(), user.email, user.password)).status, 401, 'the old address names no account now');
    const login = await logIn(app(), target, user.password);
    assert.equal(login.status, 200);
    assert.equal(decodeJwt(login.body.accessToken).email, target);
    const events = await eventsOf(app(), login.body.accessToken);
    const changed = events.find((event) => event.type === 'email_changed');
    assert.deepEqual([changed?.email, changed?.detail], [target, { from: user.email }]);
    const requested = events.find((event) => event.type === 'email_change_requested');
    assert.deepEqual([requested?.email, requested?.detail], [user.email, { to: target }]);
  });

  test('an address change answers a taken address as register would, refuses the current one, and a link to an address taken meanwhile changes nothing', async () => {
    const { user, accessToken } = await register(app());
    const other = await register(app());
    const taken = await call(app(), 'POST', '/api/auth/email', { token: accessToken, json: { email: other.user.email.toUpperCase() } });
    const registerTaken = await call(app(), 'POST', '/api/auth/register', { json: newUser({ email: other.user.email }) });
    assertError(taken, 409, 'email_taken');
    assert.deepEqual(taken.body, registerTaken.body, 'the same answer as a sign-up with that address');
    assertFieldError(await call(app(), 'POST', '/api/auth/email', { token: accessToken, json: { email: user.email.toUpperCase() } }), 'email');
    assertFieldError(await call(app(), 'POST', '/api/auth/email', { token: accessToken, json: { email: 'not an email' } }), 'email');

    const later = `later-${randomUUID()}@example.com`;
    const mail = smtp.nextMailTo(later, { subject: CONFIRM_NEW });
    assert.equal((await call(app(), 'POST', '/api/auth/email', { token: accessToken, json: { email: later } })).status, 202);
    const token = linkIn((await mail).text);
    await register(app(), { email: later });
    assertError(await verify(app(), token), 409, 'email_taken');
    assert.equal((await call(app(), 'GET', '/api/auth/me', { token: accessToken })).body.user.email, user.email, 'unchanged');
  });

  test('a password change cancels a pending address change; an address change voids reset links sent to the old address', async () => {
    const { user, accessToken } = await register(app());
    const first = `first-${randomUUID()}@example.com`;
    const mail = smtp.nextMailTo(first, { subject: CONFIRM_NEW });
    await call(app(), 'POST', '/api/auth/email', { token: accessToken, json: { email: first } });
    const pending = linkIn((await mail).text);
    const password = `Changed-${randomUUID()}`;
    assert.equal((await call(app(), 'POST', '/api/auth/password', { token: accessToken, json: { currentPassword: user.password, newPassword: password } })).status, 200);
    assertUnusable(await verify(app(), pending), 'the pending change died with the old password');

    const resetMail = smtp.nextMailTo(user.email, { subject: 'Reset your password' });
    await call(app(), 'POST', '/api/auth/forgot-password', { json: { email: user.email } });
    const reset = linkIn((await resetMail).text, '/reset-password');
    const second = `second-${randomUUID()}@example.com`;
    const secondMail = smtp.nextMailTo(second, { subject: CONFIRM_NEW });
    await call(app(), 'POST', '/api/auth/email', { token: accessToken, json: { email: second } });
    assert.equal((await verify(app(), linkIn((await secondMail).text))).status, 200);
    const resetRes = await call(app(), 'POST', '/api/auth/reset-password', { json: { token: reset, password: `Other-${randomUUID()}` } });
    assertFieldError(resetRes, 'token', 'a reset link mailed to the old address');
  });

  test('PATCH /api/auth/me edits the names and ignores everything else in the body', async () => {
    const { user, accessToken, response } = await register(app());
    const res = await call(app(), 'PATCH', '/api/auth/me', {
      token: accessToken,
      json: { firstName: ' Grace ', lastName: 'Hopper', email: `evil-${randomUUID()}@example.com`, role: 'admin', emailVerified: true, mfaEnabled: true, id: randomUUID(), createdAt: '2000-01-01T00:00:00.000Z' },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.user, { ...response.body.user, firstName: 'Grace', lastName: 'Hopper' });
    assert.deepEqual((await call(app(), 'GET', '/api/auth/me', { token: accessToken })).body.user, res.body.user);
    assert.equal((await logIn(app(), user.email, user.password)).body.user.role, 'user');

    const lastOnly = await call(app(), 'PATCH', '/api/auth/me', { token: accessToken, json: { lastName: 'Murray Hopper' } });
    assert.deepEqual([lastOnly.body.user.firstName, lastOnly.body.user.lastName], ['Grace', 'Murray Hopper']);
    assertFieldError(await call(app(), 'PATCH', '/api/auth/me', { token: accessToken, json: { role: 'admin' } }), 'body', 'nothing it may change');
    assertFieldError(await call(app(), 'PATCH', '/api/auth/me', { token: accessToken, json: { firstName: '  ' } }), 'firstName');
    assertFieldError(await call(app(), 'PATCH', '/api/auth/me', { token: accessToken, json: { lastName: 'x'.repeat(101) } }), 'lastName');
    assert.equal((await call(app(), 'GET', '/api/auth/me', { token: accessToken })).body.user.lastName, 'Murray Hopper', 'a refused edit changes nothing');
  });
});

describeEachSetup('email verification (EMAIL_VERIFICATION=required)', { ...BASE_ENV, EMAIL_VERIFICATION: 'required', ADMIN_EMAILS: listed('required') }, (app) => {
  test('register answers without tokens or cookies; the right password is 403 email_unverified, a wrong one 401; the link signs in', async () => {
    const { user, response, token } = await register(app());
    assert.deepEqual(Object.keys(response.body).sort(), ['success', 'user', 'verificationRequired']);
    assert.equal(response.body.verificationRequired, true);
    assert.equal(response.body.user.emailVerified, false);
    assert.deepEqual(response.setCookie, [], 'no refresh cookie, no device cookie');

    const refused = await logIn(app(), user.email, user.password);
    assertError(refused, 403, 'email_unverified');
    assert.deepEqual(refused.setCookie, []);
    const wrong = await logIn(app(), user.email, 'Not-the-password-1');
    const unknown = await logIn(app(), newUser().email, 'Not-the-password-1');
    assertError(wrong, 401, 'invalid_credentials');
    assert.deepEqual(wrong.body, unknown.body, 'a wrong password reveals nothing more than before');

    const signedIn = await verify(app(), token, { 'user-agent': 'VerifyAgent/1.0' });
    assert.equal(signedIn.status, 200, JSON.stringify(signedIn.body));
    assert.deepEqual(Object.keys(signedIn.body).sort(), ['accessToken', 'expiresIn', 'success', 'user']);
    assert.equal(signedIn.body.user.emailVerified, true);
    assert.equal(signedIn.headers.get('cache-control'), 'no-store');
    assert.ok(signedIn.refreshCookie, 'the refresh cookie');
    assert.ok(signedIn.setCookie.some((cookie) => /^(__Host-)?device=/.test(cookie)), 'the device cookie, as login sets it');
    assert.equal((await call(app(), 'GET', '/api/auth/me', { token: signedIn.body.accessToken })).status, 200);
    assert.equal((await refreshWith(app(), signedIn.refreshCookie!)).status, 200);
    const events = await eventsOf(app(), signedIn.body.accessToken);
    assert.deepEqual(events.find((event) => event.type === 'login')?.detail, { by: 'verification_link' });

    assertUnusable(await verify(app(), token), 'the link signs in once');
    assert.equal((await logIn(app(), user.email, user.password)).status, 200, 'verified, the password works');
  });

  test('a new link by address (signed out): 202 for any address, mail only to an unverified account', async () => {
    const { user, token: first } = await register(app());
    const ask = (email: string) => call(app(), 'POST', '/api/auth/verify-email/request', { json: { email } });
    const mail = smtp.nextMailTo(user.email, { subject: VERIFY });
    const known = await ask(user.email.toUpperCase());
    assert.equal(known.status, 202);
    const second = linkIn((await mail).text);
    assertUnusable(await verify(app(), first), 'the older link');

    const nobody = `nobody-${randomUUID()}@example.com`;
    const unknown = await ask(nobody);
    assert.equal(unknown.status, 202);
    assert.deepEqual(unknown.body, known.body, 'the same answer whether or not the account exists');
    assert.equal((await verify(app(), second)).status, 200);
    const before = smtp.mails.filter((received) => received.to.includes(user.email)).length;
    assert.deepEqual((await ask(user.email)).body, known.body, 'verified: the same answer');
    await sleep(500);
    assert.equal(smtp.mails.filter((received) => received.to.includes(user.email)).length, before, 'and no mail');
    assert.equal(smtp.mails.filter((received) => received.to.includes(nobody)).length, 0);
    assertError(await call(app(), 'POST', '/api/auth/verify-email/request', { json: { email: user.email }, headers: { origin: 'https://evil.example' } }), 403, 'forbidden_origin');
  });

  test('a completed password reset verifies the address, so the account can sign in', async () => {
    const { user } = await register(app());
    const mail = smtp.nextMailTo(user.email, { subject: 'Reset your password' });
    await call(app(), 'POST', '/api/auth/forgot-password', { json: { email: user.email } });
    const password = `Reset-${randomUUID()}`;
    assert.equal((await call(app(), 'POST', '/api/auth/reset-password', { json: { token: linkIn((await mail).text, '/reset-password'), password } })).status, 200);
    const login = await logIn(app(), user.email, password);
    assert.equal(login.status, 200, JSON.stringify(login.body));
    assert.equal(login.body.user.emailVerified, true);
  });

  test('an ADMIN_EMAILS address is admin once its link has signed it in', async () => {
    const { response, token } = await register(app(), { email: listed('required') });
    assert.equal(response.body.user.role, 'user');
    const signedIn = await verify(app(), token);
    assert.equal(signedIn.body.user.role, 'admin');
    assert.equal(decodeJwt(signedIn.body.accessToken).role, 'admin');
  });
});

/**
 * A server that is stopped and started again over the same data: on the embedded set-up the
 * database files (which the test edits while the server is down), on the real one the same
 * PostgreSQL, edited while it runs.
 */
interface Restartable {
  app: AppServer;
  restart(env: Record<string, string>): Promise<void>;
  /** Runs SQL against the app's database. */
  sql(query: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  stop(): Promise<void>;
}

async function embedded(env: Record<string, string>): Promise<Restartable> {
  const dataDir = await mkdtemp(join(tmpdir(), 'auth-verify-'));
  const { PGlite } = await import('@electric-sql/pglite');
  const state: Restartable = {
    app: await startApp(env, { dataDir }),
    async restart(next) {
      await state.app.stop();
      state.app = await startApp(next, { dataDir });
    },
    async sql(query, params = []) {
      // PGlite belongs to one process: the server is stopped for the edit, then started again.
      const env = state.app.env;
      await state.app.stop();
      const db = new PGlite(join(dataDir, 'pglite'));
      try {
        return (await db.query<Record<string, unknown>>(query, params)).rows;
      } finally {
        await db.close();
        state.app = await startApp(env, { dataDir });
      }
    },
    async stop() {
      await state.app.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return state;
}

async function realServices(env: Record<string, string>): Promise<Restartable> {
  const services = await startRealServices();
  const { default: postgres } = await import('postgres');
  const client = postgres(services.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
  const state: Restartable = {
    app: await startApp({ ...services.env, ...env }),
    async restart(next) {
      await state.app.stop();
      state.app = await startApp({ ...services.env, ...next });
    },
    sql: async (query, params = []) => [...(await client.unsafe(query, params as never[]))],
    async stop() {
      await state.app.stop();
      await client.end();
      await services.stop();
    },
  };
  return state;
}

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

for (const [name, start, skip] of [
  ['embedded', embedded, false],
  ['postgres+redis', realServices, REAL_SERVICES_SKIP],
] as const) {
  describe(`email verification across restarts and in the database [${name}]`, { skip }, () => {
    test('links are stored hashed and expire after 24 hours', async () => {
      const server = await start(BASE_ENV);
      try {
        const { user, token } = await register(server.app);
        const [row] = await server.sql(`select token_hash, extract(epoch from expires_at - created_at)::int as seconds from email_links where token_hash = $1`, [digest(token)]);
        assert.equal(row?.seconds, 24 * 3600, 'the link lives 24 hours');
        const stored = JSON.stringify(await server.sql(`select l.* from email_links l join users u on u.id = l.user_id where u.email = $1`, [user.email]));
        assert.ok(stored.includes(digest(token)) && !stored.includes(token), 'only its SHA-256 is stored');

        await server.sql(`update email_links set expires_at = now() - interval '1 second' where token_hash = $1`, [digest(token)]);
        assertUnusable(await verify(server.app, token), 'a link past its expiry');
      } finally {
        await server.stop();
      }
    });

    test('an account verified before ADMIN_EMAILS named it becomes admin at its next login, once; a demotion then sticks', async () => {
      const [later, other] = [listed(`later-${name}`), listed(`other-${name}`)];
      const server = await start(BASE_ENV);
      try {
        const account = await register(server.app, { email: later });
        assert.equal((await verify(server.app, account.token)).body.user.role, 'user', 'not listed yet');

        await server.restart({ ...BASE_ENV, ADMIN_EMAILS: `${later},${other}` });
        const promoted = await logIn(server.app, later, account.user.password);
        assert.equal(promoted.body.user.role, 'admin');
        assert.equal(decodeJwt(promoted.body.accessToken).role, 'admin');
        const event = (await eventsOf(server.app, promoted.body.accessToken)).find((entry) => entry.type === 'login');
        assert.deepEqual(event?.detail, { promotedToAdmin: true });

        const second = await register(server.app, { email: other });
        await verify(server.app, second.token);
        const otherAdmin = await logIn(server.app, other, second.user.password);
        assert.equal(
          (await call(server.app, 'PATCH', `/api/admin/users/${promoted.body.user.id}`, { token: otherAdmin.body.accessToken, json: { role: 'user' } })).status,
          200,
        );
        const again = await logIn(server.app, later, account.user.password);
        assert.equal(again.body.user.role, 'user', 'the demotion sticks');
        await server.restart({ ...BASE_ENV, ADMIN_EMAILS: `${later},${other}` });
        assert.equal((await logIn(server.app, later, account.user.password)).body.user.role, 'user', 'across a restart too');
      } finally {
        await server.stop();
      }
    });
  });
}
