import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, test } from 'node:test';
import { z } from 'zod';
import { bodyOf, errorBody, signedInBody } from '../support/bodies';
import { assertError, assertFieldError } from '../support/api-checks';
import { OWN_ORIGIN, type AppServer } from '../support/app-server';
import { call, newUser, signUp } from '../support/client';
import { addPasskey, enableTotp, passkeySignIn, staleToken, totpCode } from '../support/lifecycle';
import { adminEnv, logIn, refreshWith, signUpAs, type SignedIn } from '../support/roles';
import { describeEachSetup } from '../support/setups';
import { startSmtpServer } from '../support/smtp';

const smtp = await startSmtpServer();
after(() => smtp.stop());

// Unique per run: the real-services set-up keeps its users between runs.
const ADMIN_EMAIL = `disable-admin-${randomUUID()}@example.com`;
const DISABLED = { success: false, message: 'This account has been disabled. Ask an administrator if you think this is a mistake.', code: 'account_disabled' };

const AdminUserBody = z.object({ success: z.literal(true), user: z.object({ id: z.string(), role: z.string(), disabled: z.boolean() }) });
const MfaStep = z.object({ mfaRequired: z.literal(true), mfaToken: z.string() });
const EventsBody = z.object({ events: z.array(z.object({ type: z.string(), detail: z.record(z.string(), z.unknown()).nullable() })) });

const patchUser = (app: AppServer, as: SignedIn | string, id: string, json: unknown) =>
  call(app, 'PATCH', `/api/admin/users/${id}`, { token: typeof as === 'string' ? as : as.accessToken, json });
const login = (app: AppServer, who: { email: string; password: string }) => call(app, 'POST', '/api/auth/login', { json: { email: who.email, password: who.password } });

async function setDisabled(app: AppServer, admin: SignedIn, id: string, disabled: boolean) {
  const res = await patchUser(app, admin, id, { disabled });
  const body = bodyOf(res, AdminUserBody, `disabled: ${disabled}`);
  assert.equal(body.user.disabled, disabled);
  return body.user;
}

describeEachSetup('disabled accounts', adminEnv(ADMIN_EMAIL), (app) => {
  test('disabling ends every session at once; the right password then answers 403 account_disabled, a wrong one stays 401; enabling lets it in again', async () => {
    const admin = await signUpAs(app(), 'admin');
    const target = await signUpAs(app(), 'user');
    const otherDevice = await logIn(app(), target);

    const user = await setDisabled(app(), admin, target.id, true);
    assert.equal(user.id, target.id);
    for (const session of [target, otherDevice]) {
      const refreshed = await refreshWith(app(), session.refresh);
      assertError(refreshed, 401, 'invalid_refresh_token', 'a session of the disabled account');
      assert.match(refreshed.setCookie.join('\n'), /refresh_token=;.*Max-Age=0/, 'the cookie is cleared');
    }

    const refused = await login(app(), target);
    assertError(refused, 403, 'account_disabled', 'the right password');
    assert.deepEqual(refused.body, DISABLED);
    assert.equal(refused.refreshCookie, undefined, 'no session');
    assert.ok(!refused.setCookie.some((cookie) => /^device=/.test(cookie)), 'no device cookie either');
    const wrong = await login(app(), { email: target.email, password: 'not-the-password-at-all' });
    const unknown = await login(app(), { email: `nobody-${randomUUID()}@example.com`, password: 'not-the-password-at-all' });
    assertError(wrong, 401, 'invalid_credentials', 'a wrong password says nothing about the account');
    assert.deepEqual(wrong.body, unknown.body);

    // The access token already issued: the routes that read the account refuse it; the others trust it until it expires.
    for (const [method, path] of [
      ['GET', '/api/auth/me'],
      ['GET', '/api/auth/account/export'],
      ['DELETE', '/api/auth/account'],
      ['POST', '/api/auth/passkeys/options'],
    ] as const) {
      assertError(await call(app(), method, path, { token: target.accessToken }), 403, 'account_disabled', `${method} ${path}`);
    }
    assertError(await call(app(), 'POST', '/api/auth/reauth', { token: target.accessToken, json: { password: target.password } }), 403, 'account_disabled', 'no re-authentication');
    assert.equal((await call(app(), 'GET', '/api/projects', { token: target.accessToken })).status, 200, 'a stateless read still passes until the token expires');

    const listed = await call(app(), 'GET', '/api/admin/users?limit=100', { token: admin.accessToken });
    const listedTarget = bodyOf(listed, z.object({ users: z.array(z.object({ id: z.string(), disabled: z.boolean() })) })).users.find((row) => row.id === target.id);
    assert.equal(listedTarget?.disabled, true, 'the admin list shows it');

    const events = bodyOf(await call(app(), 'GET', '/api/admin/events?limit=100', { token: admin.accessToken }), EventsBody).events;
    const disabling = events.find((event) => event.type === 'account_disabled');
    assert.deepEqual(disabling?.detail, { by: admin.id, revoked: 2 }, 'the event says who and how many sessions ended');
    assert.ok(events.some((event) => event.type === 'login_failed' && event.detail?.reason === 'account_disabled'), 'the refused sign-in is logged');

    await setDisabled(app(), admin, target.id, false);
    const back = await login(app(), target);
    assert.equal(back.status, 200, JSON.stringify(back.body));
    assert.equal((await call(app(), 'GET', '/api/auth/me', { token: bodyOf(back, signedInBody).accessToken })).status, 200);
    assert.equal(bodyOf(await call(app(), 'GET', '/api/auth/events', { token: bodyOf(back, signedInBody).accessToken }), EventsBody).events.some((event) => event.type === 'account_enabled'), true);
  });

  test('with a second factor: the password step answers 403 and starts no code step; a code step begun before is refused too', async () => {
    const admin = await signUpAs(app(), 'admin');
    const { user, response } = await signUp(app());
    const id = bodyOf(response, signedInBody).user.id;
    const { secret } = await enableTotp(app(), bodyOf(response, signedInBody).accessToken);
    const pending = bodyOf(await login(app(), user), MfaStep, 'the code step');

    await setDisabled(app(), admin, id, true);
    const step = await call(app(), 'POST', '/api/auth/login/mfa', { json: { mfaToken: pending.mfaToken, code: await totpCode(secret, 1) } });
    assertError(step, 403, 'account_disabled', 'a code step begun before the account was disabled');
    assert.equal(step.refreshCookie, undefined);
    assertError(await call(app(), 'POST', '/api/auth/login/mfa', { json: { mfaToken: pending.mfaToken, code: await totpCode(secret, 1) } }), 401, 'invalid_mfa_token', 'that step is spent');
    const password = await login(app(), user);
    assertError(password, 403, 'account_disabled', 'the password step');
    assert.equal(bodyOf(password, errorBody).code, 'account_disabled');
  });

  test('a passkey sign-in of a disabled account is 403 only after a valid assertion; an invalid one stays 401', async () => {
    const admin = await signUpAs(app(), 'admin');
    const signedUp = bodyOf((await signUp(app())).response, signedInBody);
    const { authenticator } = await addPasskey(app(), signedUp.accessToken, 'Key');
    await setDisabled(app(), admin, signedUp.user.id, true);
    assertError(await passkeySignIn(app(), authenticator, { origin: 'https://evil.example' }), 401, 'invalid_credentials', 'an assertion for another origin');
    const refused = await passkeySignIn(app(), authenticator);
    assertError(refused, 403, 'account_disabled', 'a valid assertion');
    assert.equal(refused.refreshCookie, undefined);
    await setDisabled(app(), admin, signedUp.user.id, false);
    assert.equal((await passkeySignIn(app(), authenticator)).status, 200, 'enabled again, the passkey signs in');
  });

  test('not yourself (400 on fields.disabled); recent authentication; validation; other roles; a disabled admin acts no more', async () => {
    const admin = await signUpAs(app(), 'admin');
    const target = await signUpAs(app(), 'user');
    const self = await patchUser(app(), admin, admin.id, { disabled: true });
    assertFieldError(self, 'disabled', 'disabling yourself');
    assert.equal(bodyOf(self, errorBody).fields?.disabled, 'You cannot disable your own account');
    assert.equal(bodyOf(await patchUser(app(), admin, admin.id, { disabled: false }), AdminUserBody).user.disabled, false, 'enabling yourself changes nothing');

    assertError(await patchUser(app(), await staleToken(app(), admin.accessToken), target.id, { disabled: true }), 403, 'reauth_required', 'a stale admin token');
    for (const disabled of ['true', 1, null, 'yes']) assertFieldError(await patchUser(app(), admin, target.id, { disabled }), 'disabled', JSON.stringify(disabled));
    assertFieldError(await patchUser(app(), admin, target.id, {}), 'role', 'nothing to change');
    assertError(await patchUser(app(), admin, randomUUID(), { disabled: true }), 404, 'not_found', 'unknown user');
    assertError(await patchUser(app(), target, admin.id, { disabled: true }), 403, 'forbidden', 'a user');
    assert.equal((await refreshWith(app(), target.refresh)).status, 200, 'nothing refused disabled anyone');

    // Both at once: a role and the flag, in one transaction.
    const both = bodyOf(await patchUser(app(), admin, target.id, { role: 'editor', disabled: true }), AdminUserBody);
    assert.deepEqual([both.user.role, both.user.disabled], ['editor', true]);

    // An admin disabled by another: their token still says admin, the database does not.
    const other = await signUpAs(app(), 'admin');
    await setDisabled(app(), admin, other.id, true);
    assertError(await call(app(), 'GET', '/api/admin/users', { token: other.accessToken }), 403, 'forbidden', 'a disabled admin lists');
    assertError(await patchUser(app(), other, admin.id, { disabled: true }), 403, 'forbidden', 'a disabled admin disables back');
  });
});

describeEachSetup('disabled accounts and the verification link', { EMAIL_VERIFICATION: 'required', SMTP_URL: smtp.url, APP_URL: OWN_ORIGIN, ADMIN_EMAILS: `link-admin-${randomUUID()}@example.com` }, (app) => {
  test('under EMAIL_VERIFICATION=required the link of a disabled account verifies the address but signs nobody in (403)', async () => {
    // The admin: a listed address, signed in by its own link.
    const adminEmail = app().env.ADMIN_EMAILS!;
    const adminLink = smtp.verificationLinkTo(adminEmail);
    assert.equal((await call(app(), 'POST', '/api/auth/register', { json: newUser({ email: adminEmail }) })).status, 201);
    const admin = bodyOf(await call(app(), 'POST', '/api/auth/verify-email', { json: { token: await adminLink } }), signedInBody, 'the admin\'s link');
    assert.equal(admin.user.role, 'admin');

    const person = newUser();
    const link = smtp.verificationLinkTo(person.email);
    const registered = await call(app(), 'POST', '/api/auth/register', { json: person });
    const id = bodyOf(registered, z.object({ user: z.object({ id: z.string() }), verificationRequired: z.literal(true) })).user.id;
    const token = await link;
    assert.equal(bodyOf(await patchUser(app(), admin.accessToken, id, { disabled: true }), AdminUserBody).user.disabled, true);

    const used = await call(app(), 'POST', '/api/auth/verify-email', { json: { token } });
    assertError(used, 403, 'account_disabled', 'the link of a disabled account');
    assert.equal(used.refreshCookie, undefined, 'no session');
    assertError(await login(app(), person), 403, 'account_disabled', 'disabled comes before unverified');

    assert.equal(bodyOf(await patchUser(app(), admin.accessToken, id, { disabled: false }), AdminUserBody).user.disabled, false);
    const back = await login(app(), person);
    assert.equal(back.status, 200, `the address was verified by the link: ${JSON.stringify(back.body)}`);
  });
});
