import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { decodeJwt } from 'jose';
import { z } from 'zod';
import { normalizeEmail } from '../../lib/validation/email';
import { assertError, assertFieldError } from '../support/api-checks';
import type { AppServer } from '../support/app-server';
import { accessTokenOf, alreadyVerifiedBody, bodyOf, errorBody, eventsBody, keysOf, signedInBody, userOf, verificationRequiredBody, type SecurityEvent } from '../support/bodies';
import { call, newUser, type ApiResponse } from '../support/client';
import { REAL_SERVICES_SKIP } from '../support/real-services';
import { embedded, realServices } from '../support/restartable';
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
  // Signed in where verification is optional; only the account where it is required.
  const body = bodyOf(response, z.union([signedInBody, verificationRequiredBody]));
  const accessToken = 'accessToken' in body ? body.accessToken : undefined;
  return { user, response, mail: received, token: linkIn(received.text), accessToken, refresh: response.refreshCookie };
}

async function eventsOf(app: AppServer, accessToken: string): Promise<SecurityEvent[]> {
  const res = await call(app, 'GET', '/api/auth/events', { token: accessToken });
  assert.equal(res.status, 200);
  return bodyOf(res, eventsBody).events;
}

/** The contract's one refusal of a dead link, and the `reason` that tells the page which it is. */
function assertUnusable(res: ApiResponse, reason: 'used' | 'expired' | 'invalid', context: string) {
  assert.match(assertFieldError(res, 'token', context), UNUSABLE, context);
  assert.equal(bodyOf(res, errorBody).reason, reason, context);
}

const BASE_ENV = { SMTP_URL: smtp.url, APP_URL, MAIL_FROM: 'Auth <auth@example.test>' };

describeEachSetup('email verification (EMAIL_VERIFICATION=optional, the default)', { ...BASE_ENV, ADMIN_EMAILS: LISTED.join(',') }, (app) => {
  test('register mails a link built from APP_URL (never the Host header) that verifies the address once', async () => {
    const user = newUser({ firstName: '<b>Eve</b>' });
    const mail = smtp.nextMailTo(user.email, { subject: VERIFY });
    const res = await call(app(), 'POST', '/api/auth/register', { json: user, headers: { host: 'evil.example' } });
    assert.equal(res.status, 201);
    assert.deepEqual(keysOf(res), ['accessToken', 'expiresIn', 'success', 'user'], 'unverified users may sign in where verification is optional');
    assert.equal(userOf(res).emailVerified, false);
    assert.equal(userOf(res).mfaEnabled, false);

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
    assert.deepEqual(keysOf(verified), ['success', 'user']);
    assert.equal(userOf(verified).emailVerified, true);
    assert.equal(userOf(verified).id, userOf(res).id);
    assert.equal(verified.refreshCookie, undefined, 'no new session where verification is optional');
    const me = await call(app(), 'GET', '/api/auth/me', { token: accessTokenOf(res) });
    assert.equal(userOf(me).emailVerified, true);

    assertUnusable(await verify(app(), token), 'used', 'the link works once');
    assert.ok(!app().output().includes(token), 'the server log never holds the token');
  });

  test('only the newest link works; a verified address gets no more mail', async () => {
    const { user, token: first, accessToken } = await register(app());
    const mail = smtp.nextMailTo(user.email, { subject: VERIFY });
    const resent = await resend(app(), accessToken!);
    assert.equal(resent.status, 202, JSON.stringify(resent.body));
    const second = linkIn((await mail).text);
    assert.notEqual(second, first);
    assertUnusable(await verify(app(), first), 'invalid', 'the older link');
    assert.equal((await verify(app(), second)).status, 200);

    const before = smtp.mails.length;
    const again = await resend(app(), accessToken!);
    assert.equal(again.status, 200);
    const answer = bodyOf(again, alreadyVerifiedBody);
    assert.deepEqual([answer.success, answer.alreadyVerified], [true, true]);
    await sleep(300);
    assert.equal(smtp.mails.length, before, 'no mail for a verified address');

    const types = (await eventsOf(app(), accessToken!)).map((event) => event.type);
    assert.deepEqual(types.filter((type) => type.startsWith('email_')), ['email_verified', 'email_verification_sent', 'email_verification_sent']);
  });

  test('two requests with one link: exactly one verifies', async () => {
    const { token } = await register(app());
    const results = await Promise.all([1, 2, 3].map(() => verify(app(), token)));
    assert.deepEqual(results.map((res) => res.status).sort(), [200, 400, 400]);
    for (const lost of results.filter((res) => res.status === 400)) assertUnusable(lost, 'used', 'a request that lost the race');
  });

  test('bad tokens and bodies are 400 on fields.token, never 500; a foreign page is refused', async () => {
    for (const token of ['', 'x'.repeat(201), 42, null]) {
      const refused = await verify(app(), token);
      assertFieldError(refused, 'token', JSON.stringify(token));
      assert.equal(bodyOf(refused, errorBody).reason, undefined, `${JSON.stringify(token)} is no token: nothing was looked up`);
    }
    for (const token of ['x', 'not-a-real-token-at-all', "'; drop table users; --"]) assertUnusable(await verify(app(), token), 'invalid', token);
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
    assert.equal(userOf(response).role, 'user');
    assert.equal(decodeJwt(accessTokenOf(response)).role, 'user');
    const login = await logIn(app(), email, user.password);
    assert.equal(userOf(login).role, 'user', 'logging in does not promote an unverified address');
    assert.equal(decodeJwt(accessTokenOf(login)).role, 'user');

    const verified = await verify(app(), token);
    assert.equal(userOf(verified).role, 'admin');
    const refreshed = await refreshWith(app(), login.refreshCookie!);
    assert.equal(decodeJwt(accessTokenOf(refreshed)).role, 'admin', 'the next refresh carries it');
    const event = (await eventsOf(app(), accessTokenOf(refreshed))).find((entry) => entry.type === 'email_verified');
    // Sent without the account's cookies, the link counts as opened elsewhere; the grant is the same.
    assert.deepEqual(event?.detail, { by: 'link', elsewhere: true, promotedToAdmin: true });
  });

  test("an admin's demotion of an ADMIN_EMAILS account sticks: later logins, resends and resets do not promote it again", async () => {
    const promote = async (email: string) => {
      const signedUp = await register(app(), { email });
      assert.equal(userOf(await verify(app(), signedUp.token)).role, 'admin');
      const login = await logIn(app(), email, signedUp.user.password);
      assert.equal(decodeJwt(accessTokenOf(login)).role, 'admin');
      return { ...signedUp, login };
    };
    const admin = await promote(LISTED[1]!);
    const demoted = await promote(LISTED[2]!);
    const patched = await call(app(), 'PATCH', `/api/admin/users/${userOf(demoted.login).id}`, { token: accessTokenOf(admin.login), json: { role: 'user' } });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));

    for (let i = 0; i < 2; i++) {
      const again = await logIn(app(), demoted.user.email, demoted.user.password);
      assert.equal(userOf(again).role, 'user', `login ${i + 1} after the demotion`);
      assert.equal(decodeJwt(accessTokenOf(again)).role, 'user');
    }
    assert.equal(bodyOf(await resend(app(), accessTokenOf(demoted.login)), alreadyVerifiedBody).alreadyVerified, true);
    const resetMail = smtp.nextMailTo(demoted.user.email, { subject: 'Reset your password' });
    assert.equal((await call(app(), 'POST', '/api/auth/forgot-password', { json: { email: demoted.user.email } })).status, 202);
    const password = `Reset-${randomUUID()}`;
    assert.equal((await call(app(), 'POST', '/api/auth/reset-password', { json: { token: linkIn((await resetMail).text, '/reset-password'), password } })).status, 200);
    const afterReset = await logIn(app(), demoted.user.email, password);
    assert.equal(decodeJwt(accessTokenOf(afterReset)).role, 'user', 'a reset does not promote it either');
  });

  test('a completed password reset verifies the address it was sent to', async () => {
    const { user, accessToken } = await register(app());
    const mail = smtp.nextMailTo(user.email, { subject: 'Reset your password' });
    assert.equal((await call(app(), 'POST', '/api/auth/forgot-password', { json: { email: user.email } })).status, 202);
    const password = `Reset-${randomUUID()}`;
    assert.equal((await call(app(), 'POST', '/api/auth/reset-password', { json: { token: linkIn((await mail).text, '/reset-password'), password } })).status, 200);
    const login = await logIn(app(), user.email, password);
    assert.equal(userOf(login).emailVerified, true);
    const event = (await eventsOf(app(), accessTokenOf(login))).find((entry) => entry.type === 'email_verified');
    assert.deepEqual(event?.detail, { by: 'password_reset' });
    assert.equal(bodyOf(await resend(app(), accessToken!), alreadyVerifiedBody).alreadyVerified, true);
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
    assert.equal(userOf(before).email, user.email, 'nothing changes before the link is used');
    assert.equal((await logIn(app(), user.email, user.password)).status, 200);

    const done = smtp.nextMailTo(user.email, { subject: CHANGED });
    const used = await verify(app(), token);
    assert.equal(used.status, 200, JSON.stringify(used.body));
    assert.equal(userOf(used).email, target);
    assert.equal(userOf(used).emailVerified, true);
    assert.ok((await done).text.includes(target), 'the old address is told it changed');
    assertUnusable(await verify(app(), token), 'used', 'the change link works once');
    assertUnusable(await verify(app(), verifyToken), 'invalid', 'a verification link to the old address no longer works');

    assert.equal((await logIn(app(), user.email, user.password)).status, 401, 'the old address names no account now');
    const login = await logIn(app(), target, user.password);
    assert.equal(login.status, 200);
    assert.equal(decodeJwt(accessTokenOf(login)).email, target);
    const events = await eventsOf(app(), accessTokenOf(login));
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
    assert.equal(userOf(await call(app(), 'GET', '/api/auth/me', { token: accessToken })).email, user.email, 'unchanged');
  });

  test('a password change cancels a pending address change; an address change voids reset links sent to the old address', async () => {
    const { user, accessToken } = await register(app());
    const first = `first-${randomUUID()}@example.com`;
    const mail = smtp.nextMailTo(first, { subject: CONFIRM_NEW });
    await call(app(), 'POST', '/api/auth/email', { token: accessToken, json: { email: first } });
    const pending = linkIn((await mail).text);
    const password = `Changed-${randomUUID()}`;
    assert.equal((await call(app(), 'POST', '/api/auth/password', { token: accessToken, json: { currentPassword: user.password, newPassword: password } })).status, 200);
    assertUnusable(await verify(app(), pending), 'invalid', 'the pending change died with the old password');

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

  test('logging out everywhere cancels a pending address change: the link someone signed in with a stolen password asked for dies with their sessions', async () => {
    const { accessToken } = await register(app());
    const theirs = `theirs-${randomUUID()}@example.com`;
    const mail = smtp.nextMailTo(theirs, { subject: CONFIRM_NEW });
    assert.equal((await call(app(), 'POST', '/api/auth/email', { token: accessToken, json: { email: theirs } })).status, 202);
    const pending = linkIn((await mail).text);
    assert.equal((await call(app(), 'POST', '/api/auth/logout-all', { token: accessToken })).status, 200);
    assertUnusable(await verify(app(), pending), 'invalid', 'the pending change ended with the sessions');
  });

  test('PATCH /api/auth/me edits the names and ignores everything else in the body', async () => {
    const { user, accessToken, response } = await register(app());
    const res = await call(app(), 'PATCH', '/api/auth/me', {
      token: accessToken,
      json: { firstName: ' Grace ', lastName: 'Hopper', email: `evil-${randomUUID()}@example.com`, role: 'admin', emailVerified: true, mfaEnabled: true, id: randomUUID(), createdAt: '2000-01-01T00:00:00.000Z' },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(userOf(res), { ...userOf(response), firstName: 'Grace', lastName: 'Hopper' });
    assert.deepEqual(userOf(await call(app(), 'GET', '/api/auth/me', { token: accessToken })), userOf(res));
    assert.equal(userOf(await logIn(app(), user.email, user.password)).role, 'user');

    const lastOnly = await call(app(), 'PATCH', '/api/auth/me', { token: accessToken, json: { lastName: 'Murray Hopper' } });
    assert.deepEqual([userOf(lastOnly).firstName, userOf(lastOnly).lastName], ['Grace', 'Murray Hopper']);
    assertFieldError(await call(app(), 'PATCH', '/api/auth/me', { token: accessToken, json: { role: 'admin' } }), 'body', 'nothing it may change');
    assertFieldError(await call(app(), 'PATCH', '/api/auth/me', { token: accessToken, json: { firstName: '  ' } }), 'firstName');
    assertFieldError(await call(app(), 'PATCH', '/api/auth/me', { token: accessToken, json: { lastName: 'x'.repeat(101) } }), 'lastName');
    assert.equal(userOf(await call(app(), 'GET', '/api/auth/me', { token: accessToken })).lastName, 'Murray Hopper', 'a refused edit changes nothing');
  });
});

describeEachSetup('email verification (EMAIL_VERIFICATION=required)', { ...BASE_ENV, EMAIL_VERIFICATION: 'required', ADMIN_EMAILS: listed('required') }, (app) => {
  test('register answers without tokens or cookies; the right password is 403 email_unverified, a wrong one 401; the link signs in', async () => {
    const { user, response, token } = await register(app());
    assert.deepEqual(keysOf(response), ['success', 'user', 'verificationRequired']);
    assert.equal(bodyOf(response, verificationRequiredBody).verificationRequired, true);
    assert.equal(userOf(response).emailVerified, false);
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
    assert.deepEqual(keysOf(signedIn), ['accessToken', 'expiresIn', 'success', 'user']);
    assert.equal(userOf(signedIn).emailVerified, true);
    assert.equal(signedIn.headers.get('cache-control'), 'no-store');
    assert.ok(signedIn.refreshCookie, 'the refresh cookie');
    assert.ok(signedIn.setCookie.some((cookie) => /^(__Host-)?device=/.test(cookie)), 'the device cookie, as login sets it');
    assert.equal((await call(app(), 'GET', '/api/auth/me', { token: accessTokenOf(signedIn) })).status, 200);
    assert.equal((await refreshWith(app(), signedIn.refreshCookie!)).status, 200);
    const events = await eventsOf(app(), accessTokenOf(signedIn));
    assert.deepEqual(events.find((event) => event.type === 'login')?.detail, { by: 'verification_link' });

    assertUnusable(await verify(app(), token), 'used', 'the link signs in once');
    assert.equal((await logIn(app(), user.email, user.password)).status, 200, 'verified, the password works');
  });

  test("a link opened in a browser signed in to another account verifies the address but keeps that browser's session", async () => {
    // Someone mails themselves a link and sends it to a person who is signed in.
    const { token } = await register(app());
    const { user: victim, token: victimToken } = await register(app());
    const victimSession = await verify(app(), victimToken);
    assert.ok(victimSession.refreshCookie, 'the person is signed in');

    const opened = await call(app(), 'POST', '/api/auth/verify-email', { json: { token }, cookie: victimSession.refreshCookie! });
    assert.equal(opened.status, 200, JSON.stringify(opened.body));
    assert.deepEqual(keysOf(opened), ['success', 'user'], 'no access token for the sender\'s account');
    assert.equal(userOf(opened).emailVerified, true, "the sender's address is verified all the same");
    assert.deepEqual(opened.setCookie, [], 'the browser keeps its cookies');
    const still = await refreshWith(app(), victimSession.refreshCookie!);
    assert.equal(still.status, 200);
    assert.equal(userOf(still).email, victim.email, 'and its session is still its own');
  });

  test('a new link by address (signed out): 202 for any address, mail only to an unverified account', async () => {
    const { user, token: first } = await register(app());
    const ask = (email: string) => call(app(), 'POST', '/api/auth/verify-email/request', { json: { email } });
    const mail = smtp.nextMailTo(user.email, { subject: VERIFY });
    const known = await ask(user.email.toUpperCase());
    assert.equal(known.status, 202);
    const second = linkIn((await mail).text);
    assertUnusable(await verify(app(), first), 'invalid', 'the older link');

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
    assert.equal(userOf(login).emailVerified, true);
  });

  test('an ADMIN_EMAILS address is admin once its link has signed it in', async () => {
    const { response, token } = await register(app(), { email: listed('required') });
    assert.equal(userOf(response).role, 'user');
    const signedIn = await verify(app(), token);
    assert.equal(userOf(signedIn).role, 'admin');
    assert.equal(decodeJwt(accessTokenOf(signedIn)).role, 'admin');
  });
});

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
        assertUnusable(await verify(server.app, token), 'expired', 'a link past its expiry');

        // A live link to an address the account no longer has: never usable, so not `used` either,
        // however often it is tried (each try's use is rolled back).
        await server.sql(`update email_links set expires_at = now() + interval '1 hour', email = $2 where token_hash = $1`, [digest(token), `gone-${run}@example.com`]);
        for (const attempt of ['first', 'second']) assertUnusable(await verify(server.app, token), 'invalid', `a link to a former address, ${attempt} try`);
      } finally {
        await server.stop();
      }
    });

    test('an account verified before ADMIN_EMAILS named it becomes admin at its next login, once; a demotion then sticks', async () => {
      const [later, other] = [listed(`later-${name}`), listed(`other-${name}`)];
      const server = await start(BASE_ENV);
      try {
        const account = await register(server.app, { email: later });
        assert.equal(userOf(await verify(server.app, account.token)).role, 'user', 'not listed yet');

        await server.restart({ ...BASE_ENV, ADMIN_EMAILS: `${later},${other}` });
        const promoted = await logIn(server.app, later, account.user.password);
        assert.equal(userOf(promoted).role, 'admin');
        assert.equal(decodeJwt(accessTokenOf(promoted)).role, 'admin');
        const event = (await eventsOf(server.app, accessTokenOf(promoted))).find((entry) => entry.type === 'login');
        assert.deepEqual(event?.detail, { promotedToAdmin: true });

        const second = await register(server.app, { email: other });
        await verify(server.app, second.token);
        const otherAdmin = await logIn(server.app, other, second.user.password);
        assert.equal(
          (await call(server.app, 'PATCH', `/api/admin/users/${userOf(promoted).id}`, { token: accessTokenOf(otherAdmin), json: { role: 'user' } })).status,
          200,
        );
        const again = await logIn(server.app, later, account.user.password);
        assert.equal(userOf(again).role, 'user', 'the demotion sticks');
        await server.restart({ ...BASE_ENV, ADMIN_EMAILS: `${later},${other}` });
        assert.equal(userOf(await logIn(server.app, later, account.user.password)).role, 'user', 'across a restart too');
      } finally {
        await server.stop();
      }
    });
  });
}
