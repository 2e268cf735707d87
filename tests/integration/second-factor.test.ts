import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openPGlite } from '../../lib/db/pglite';
import { decodeJwt, SignJWT } from 'jose';
import { generate } from 'otplib';
import postgres from 'postgres';
import { secretKid } from '../../lib/auth/keys';
import { assertError, assertFieldError } from '../support/api-checks';
import { OWN_ORIGIN, startApp, type AppServer } from '../support/app-server';
import {
  accessTokenOf,
  bodyOf,
  eventsBody,
  keysOf,
  mfaRequiredBody,
  reauthBody,
  recoveryCodesBody,
  signedInBody,
  totpSetupBody,
  userBody,
  userOf,
} from '../support/bodies';
import { call, signUp, type ApiResponse } from '../support/client';
import { REAL_SERVICES_SKIP } from '../support/real-services';
import { describeEachSetup } from '../support/setups';
import { startSmtpServer } from '../support/smtp';

const smtp = await startSmtpServer();
after(() => smtp.stop());

// Long enough that a password change on a loaded machine fits inside one mfaToken's life, so a
// refusal after it is the change's doing and not the token's age.
const MFA_TOKEN_TTL_SECONDS = 20;
const STEP_SECONDS = 30;
const ADMIN_EMAIL = `mfa-admin-${crypto.randomUUID()}@example.com`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const nowSeconds = () => Math.floor(Date.now() / 1000);

/**
 * A code of the current step plus `steps`. The server accepts one step either side of its own
 * clock, so the current step and the next one stay valid even when a step boundary passes between
 * making the code and checking it; earlier steps are never used where a test expects success.
 */
const codeFor = (secret: string, steps = 0) => generate({ secret, epoch: nowSeconds() + steps * STEP_SECONDS });

const USER_KEYS = ['createdAt', 'email', 'emailVerified', 'firstName', 'id', 'lastName', 'mfaEnabled', 'role'];
const RECOVERY_CODE = /^[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){3}$/;

describeEachSetup(
  'second factor and re-authentication',
  {
    ADMIN_EMAILS: ADMIN_EMAIL,
    MFA_TOKEN_TTL: `${MFA_TOKEN_TTL_SECONDS}s`,
    RATE_LIMIT_CODE_CHECKS_PER_USER: '10/15m',
    SMTP_URL: smtp.url,
    // Verification links need APP_URL; the server's own origin keeps its Origin check accepting it.
    APP_URL: OWN_ORIGIN,
  },
  (app) => {
    const post = (path: string, token: string, json?: unknown) => call(app(), 'POST', path, { token, json });
    const login = (email: string, password: string) => call(app(), 'POST', '/api/auth/login', { json: { email, password } });
    const loginMfa = (mfaToken: string, code: string) => call(app(), 'POST', '/api/auth/login/mfa', { json: { mfaToken, code } });
    const me = async (token: string) => bodyOf(await call(app(), 'GET', '/api/auth/me', { token }), userBody).user;
    const reauthTokenOf = (res: ApiResponse) => bodyOf(res, reauthBody).accessToken;

    /** The same access token's claims with `auth_time` an hour back, signed with the app's own key: a session whose last proof is old. */
    async function staleToken(accessToken: string): Promise<string> {
      const claims = decodeJwt(accessToken);
      const now = nowSeconds();
      return new SignJWT({ ...claims, auth_time: now - 3600, iat: now, exp: now + 600 })
        .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: await secretKid(app().env.JWT_SECRET!) })
        .sign(new TextEncoder().encode(app().env.JWT_SECRET));
    }

    /**
     * The ADMIN_EMAILS account, signed in as admin. ADMIN_EMAILS grants the role only to a verified
     * address, and this suite's mail goes to its SMTP server (so there is no /dev/outbox for
     * roles.ts's signUpAs): the link is read from there. The grant is given once per account.
     */
    async function signUpAdmin() {
      const mail = smtp.nextMailTo(ADMIN_EMAIL, { subject: 'Verify your email address' });
      const { refresh } = await signUp(app(), { email: ADMIN_EMAIL });
      const token = /\/verify-email#token=([\w-]+)/.exec((await mail).text)?.[1];
      assert.ok(token, 'a verification link in the sign-up mail');
      assert.equal(userOf(await call(app(), 'POST', '/api/auth/verify-email', { json: { token } })).role, 'admin');
      // The role reaches the access token at the next refresh.
      const refreshed = await call(app(), 'POST', '/api/auth/refresh', { cookie: refresh });
      return { accessToken: accessTokenOf(refreshed) };
    }

    /** A user with the second factor on: the secret (as an app holds it), the recovery codes, and a session. */
    async function userWithTotp(email?: string) {
      const signedUp = await signUp(app(), email === undefined ? {} : { email });
      const setup = await post('/api/auth/mfa/totp/setup', signedUp.accessToken);
      assert.equal(setup.status, 200, JSON.stringify(setup.body));
      const { secret } = bodyOf(setup, totpSetupBody);
      const enable = await post('/api/auth/mfa/totp/enable', signedUp.accessToken, { code: await codeFor(secret) });
      assert.equal(enable.status, 200, JSON.stringify(enable.body));
      return { ...signedUp, secret, recoveryCodes: bodyOf(enable, recoveryCodesBody).recoveryCodes };
    }

    async function mfaTokenFor(user: { email: string; password: string }): Promise<string> {
      const res = await login(user.email, user.password);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const body = bodyOf(res, mfaRequiredBody);
      assert.equal(body.mfaRequired, true);
      return body.mfaToken;
    }

    function assertSignedIn(res: ApiResponse, amr: string[]) {
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(keysOf(res), ['accessToken', 'expiresIn', 'success', 'user']);
      assert.ok(res.refreshCookie, 'the refresh cookie is set');
      assert.ok(res.setCookie.some((cookie) => /^device=/.test(cookie)), 'the device cookie is set once the login is complete');
      const claims = decodeJwt(accessTokenOf(res));
      assert.deepEqual(claims.amr, amr);
      assert.ok(Math.abs((claims.auth_time as number) - nowSeconds()) <= 2, 'auth_time is the moment of this login');
      assert.equal(userOf(res).mfaEnabled, true);
    }

    /**
     * A challenge started as the block starts and spent by its last test, so that the wait for it to
     * expire overlaps the other tests instead of being slept through; `issuedBy` is a moment after
     * the server set its expiry.
     */
    let earlyChallenge: { mfaToken: string; secret: string; issuedBy: number };
    before(async () => {
      const { user, secret } = await userWithTotp();
      earlyChallenge = { mfaToken: await mfaTokenFor(user), secret, issuedBy: Date.now() };
    });

    test('set-up answers a secret, its otpauth URI and a QR code drawn here; nothing changes until a current code confirms it', async () => {
      const { user, accessToken } = await signUp(app());
      assert.equal((await me(accessToken)).mfaEnabled, false);
      const setup = await post('/api/auth/mfa/totp/setup', accessToken);
      assert.equal(setup.status, 200);
      assert.deepEqual(keysOf(setup), ['otpauthUri', 'qrCode', 'secret', 'success']);
      assert.equal(setup.headers.get('cache-control'), 'no-store');
      const { secret, otpauthUri, qrCode } = bodyOf(setup, totpSetupBody);
      assert.match(secret, /^[A-Z2-7]{32}$/);
      const uri = new URL(otpauthUri);
      assert.equal(uri.protocol, 'otpauth:');
      assert.equal(uri.host, 'totp');
      assert.equal(uri.searchParams.get('secret'), secret);
      assert.equal(decodeURIComponent(uri.pathname), `/JWT Auth:${user.email}`);
      assert.match(qrCode, /^data:image\/svg\+xml;base64,/);
      assert.match(Buffer.from(qrCode.split(',')[1] ?? '', 'base64').toString('utf8'), /^<svg /);

      assert.equal((await me(accessToken)).mfaEnabled, false, 'a set-up alone turns nothing on');
      const plain = await login(user.email, user.password);
      assert.equal(plain.status, 200);
      bodyOf(plain, signedInBody, 'login still needs only the password');

      for (const code of ['000000', await codeFor('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ')]) {
        const wrong = await post('/api/auth/mfa/totp/enable', accessToken, { code });
        assert.equal(assertFieldError(wrong, 'code', 'a wrong code'), 'That code is not right');
      }
      assertFieldError(await post('/api/auth/mfa/totp/enable', accessToken, { code: '12345' }), 'code', 'five digits');
      assertFieldError(await post('/api/auth/mfa/totp/enable', accessToken, {}), 'code', 'no code');
      assert.equal((await me(accessToken)).mfaEnabled, false);

      const enable = await post('/api/auth/mfa/totp/enable', accessToken, { code: await codeFor(secret) });
      assert.equal(enable.status, 200);
      assert.deepEqual(keysOf(enable), ['recoveryCodes', 'success']);
      const codes = bodyOf(enable, recoveryCodesBody).recoveryCodes;
      assert.equal(codes.length, 10);
      assert.equal(new Set(codes).size, 10);
      for (const code of codes) assert.match(code, RECOVERY_CODE);
      assert.equal((await me(accessToken)).mfaEnabled, true);

      assertError(await post('/api/auth/mfa/totp/setup', accessToken), 400, 'validation_error', 'a second set-up while on');
      assertError(await post('/api/auth/mfa/totp/enable', accessToken, { code: await codeFor(secret, 1) }), 400, 'validation_error', 'enabling twice');
    });

    test('with a second factor, the right password answers mfaRequired and an mfaToken, with no token and no cookie; the wrong one is unchanged', async () => {
      const { user } = await userWithTotp();
      const wrong = await login(user.email, 'Not-the-password-1');
      const unknown = await login(`nobody-${crypto.randomUUID()}@example.com`, 'Not-the-password-1');
      assert.equal(wrong.status, 401);
      assert.deepEqual(wrong.body, unknown.body, 'a wrong password says nothing of a second factor');
      assertError(wrong, 401, 'invalid_credentials');

      const res = await login(user.email, user.password);
      assert.equal(res.status, 200);
      assert.deepEqual(keysOf(res), ['mfaRequired', 'mfaToken', 'success']);
      const body = bodyOf(res, mfaRequiredBody);
      assert.equal(body.success, true);
      assert.equal(body.mfaRequired, true);
      assert.match(body.mfaToken, /^[A-Za-z0-9_-]{43}$/);
      assert.deepEqual(res.setCookie, [], 'no refresh cookie and no device cookie before the second factor');
      assert.equal(res.headers.get('cache-control'), 'no-store');
    });

    test('POST /api/auth/login/mfa: a wrong code is 401 invalid_code; the right one signs in with amr pwd+otp; the mfaToken then is used up', async () => {
      const { user, secret } = await userWithTotp();
      const mfaToken = await mfaTokenFor(user);
      const wrong = await loginMfa(mfaToken, '000000');
      assertError(wrong, 401, 'invalid_code');
      assert.match(wrong.headers.get('www-authenticate') ?? '', /^Bearer/);
      assert.deepEqual(wrong.setCookie, []);

      const right = await loginMfa(mfaToken, await codeFor(secret, 1));
      assertSignedIn(right, ['pwd', 'otp']);
      assert.equal((await call(app(), 'POST', '/api/auth/refresh', { cookie: right.refreshCookie })).status, 200, 'a real session');

      assertError(await loginMfa(mfaToken, user.password), 400, 'validation_error', 'a password is not a code');
      assertError(await loginMfa(mfaToken, await codeFor(secret, 1)), 401, 'invalid_mfa_token', 'an mfaToken serves one login');
      assertError(await loginMfa('x'.repeat(43), await codeFor(secret)), 401, 'invalid_mfa_token', 'an unknown mfaToken');
    });

    test('POST /api/auth/login/mfa is public but refuses foreign pages and other methods, and counts nothing then', async () => {
      const { user, secret } = await userWithTotp();
      const mfaToken = await mfaTokenFor(user);
      const code = await codeFor(secret, 1);
      const foreign = await call(app(), 'POST', '/api/auth/login/mfa', { json: { mfaToken, code }, headers: { origin: 'https://evil.example' } });
      assertError(foreign, 403, 'forbidden_origin');
      const crossSite = await call(app(), 'POST', '/api/auth/login/mfa', { json: { mfaToken, code }, headers: { 'sec-fetch-site': 'cross-site' } });
      assertError(crossSite, 403, 'forbidden_origin');
      const get = await call(app(), 'GET', '/api/auth/login/mfa');
      assertError(get, 405, 'method_not_allowed');
      assert.equal(get.headers.get('allow'), 'POST, OPTIONS');
      assertError(await call(app(), 'POST', '/api/auth/login/mfa', { body: JSON.stringify({ mfaToken, code }), headers: { 'content-type': 'text/plain' } }), 400, 'validation_error', 'not JSON');
      assertError(await call(app(), 'POST', '/api/auth/login/mfa', { json: { mfaToken, code: 'x'.repeat(70_000) } }), 413, 'payload_too_large');
      assertSignedIn(await call(app(), 'POST', '/api/auth/login/mfa', { json: { mfaToken, code }, headers: { origin: app().url } }), ['pwd', 'otp']);
    });

    test('a TOTP code is accepted once: the code that turned the factor on, or one already used to sign in, is refused', async () => {
      const signedUp = await signUp(app());
      const { secret } = bodyOf(await post('/api/auth/mfa/totp/setup', signedUp.accessToken), totpSetupBody);
      const enableCode = await codeFor(secret);
      assert.equal((await post('/api/auth/mfa/totp/enable', signedUp.accessToken, { code: enableCode })).status, 200);
      const mfaToken = await mfaTokenFor(signedUp.user);
      assertError(await loginMfa(mfaToken, enableCode), 401, 'invalid_code', 'the set-up code again');
      const next = await codeFor(secret, 1);
      assertSignedIn(await loginMfa(mfaToken, next), ['pwd', 'otp']);
      assertError(await loginMfa(await mfaTokenFor(signedUp.user), next), 401, 'invalid_code', 'the same login code on a second login');
    });

    test('a recovery code signs in once, however it is typed, and leaves the others working', async () => {
      const { user, recoveryCodes } = await userWithTotp();
      const [first, second] = recoveryCodes as [string, string];
      assertSignedIn(await loginMfa(await mfaTokenFor(user), ` ${first.toUpperCase().replaceAll('-', ' ')} `), ['pwd', 'otp']);
      assertError(await loginMfa(await mfaTokenFor(user), first), 401, 'invalid_code', 'a used recovery code');
      assertSignedIn(await loginMfa(await mfaTokenFor(user), second), ['pwd', 'otp']);
    });

    test('an mfaToken dies after 5 wrong codes: even the right code is then 401 invalid_mfa_token', async () => {
      const { user, secret } = await userWithTotp();
      const mfaToken = await mfaTokenFor(user);
      for (let i = 0; i < 5; i++) assertError(await loginMfa(mfaToken, `00000${i}`), 401, 'invalid_code', `wrong code ${i + 1}`);
      assertError(await loginMfa(mfaToken, await codeFor(secret, 1)), 401, 'invalid_mfa_token', 'after 5 wrong codes');
      assertSignedIn(await loginMfa(await mfaTokenFor(user), await codeFor(secret, 1)), ['pwd', 'otp']);
    });

    test('a password change or reset while the code is awaited ends the code step: the right code is then 401 invalid_mfa_token', async () => {
      // Verified in the account's own browser: a reset removes a second factor set up before the
      // address was proved, or proved from a browser that never signed in to the account, anyway.
      const email = `mfa-${crypto.randomUUID()}@example.com`;
      const verification = smtp.verificationLinkTo(email);
      const { user, accessToken, secret, refresh } = await userWithTotp(email);
      assert.equal((await call(app(), 'POST', '/api/auth/verify-email', { json: { token: await verification }, cookie: refresh })).status, 200);
      /** The right code on a token taken before `change`, refused within the token's lifetime, so not for its age. */
      async function refusedAfter(password: string, change: () => Promise<void>, what: string) {
        const issuedAt = Date.now();
        const mfaToken = await mfaTokenFor({ email: user.email, password });
        await change();
        assertError(await loginMfa(mfaToken, await codeFor(secret, 1)), 401, 'invalid_mfa_token', what);
        assert.ok(Date.now() - issuedAt < MFA_TOKEN_TTL_SECONDS * 1000, `${what}: refused before the token could expire`);
      }

      const changed = `Changed-${crypto.randomUUID()}`;
      await refusedAfter(user.password, async () => {
        assert.equal((await post('/api/auth/password', accessToken, { currentPassword: user.password, newPassword: changed })).status, 200);
      }, 'after a password change');

      // The link is asked for first, so that only the reset itself falls inside the token's life.
      const mail = smtp.nextMailTo(user.email, { subject: 'Reset your password' });
      assert.equal((await call(app(), 'POST', '/api/auth/forgot-password', { json: { email: user.email } })).status, 202);
      const token = /\/reset-password#token=([\w-]+)/.exec((await mail).text)?.[1];
      assert.ok(token, 'a reset link');
      const reset = `Reset-${crypto.randomUUID()}`;
      await refusedAfter(changed, async () => {
        assert.equal((await call(app(), 'POST', '/api/auth/reset-password', { json: { token, password: reset } })).status, 200);
      }, 'after a reset');

      assertSignedIn(await loginMfa(await mfaTokenFor({ email: user.email, password: reset }), await codeFor(secret, 1)), ['pwd', 'otp']);
    });

    test('at most 10 wrong codes per user in the window, across mfaTokens: then 429 before any code is checked', async () => {
      const { user, secret } = await userWithTotp();
      for (let round = 0; round < 2; round++) {
        const mfaToken = await mfaTokenFor(user);
        for (let i = 0; i < 5; i++) assertError(await loginMfa(mfaToken, `11111${i}`), 401, 'invalid_code', `round ${round}, code ${i}`);
      }
      const limited = await loginMfa(await mfaTokenFor(user), await codeFor(secret, 1));
      assertError(limited, 429, 'rate_limited', 'the 11th code, even a right one');
      assert.ok(Number(limited.headers.get('retry-after')) > 0);
      const other = await userWithTotp();
      assertSignedIn(await loginMfa(await mfaTokenFor(other.user), await codeFor(other.secret, 1)), ['pwd', 'otp']);
    });

    test('every sensitive action refuses a token whose last proof is older than REAUTH_MAX_AGE with 403 reauth_required, and changes nothing', async () => {
      const withTotp = await userWithTotp();
      const stale = await staleToken(withTotp.accessToken);
      assert.equal((await call(app(), 'GET', '/api/auth/me', { token: stale })).status, 200, 'an old proof is still a valid token for everything else');
      const attempts: Array<[string, unknown?]> = [
        ['/api/auth/mfa/totp/setup'],
        ['/api/auth/mfa/totp/enable', { code: await codeFor(withTotp.secret, 1) }],
        ['/api/auth/mfa/totp/disable'],
        ['/api/auth/mfa/recovery-codes'],
      ];
      for (const [path, json] of attempts) assertError(await post(path, stale, json), 403, 'reauth_required', path);
      assert.equal((await me(withTotp.accessToken)).mfaEnabled, true, 'still on');
      assertSignedIn(await loginMfa(await mfaTokenFor(withTotp.user), withTotp.recoveryCodes[0]!), ['pwd', 'otp']);

      const admin = await signUpAdmin();
      const target = await signUp(app());
      const targetId = userOf(target.response).id;
      const staleAdmin = await staleToken(admin.accessToken);
      assertError(await call(app(), 'PATCH', `/api/admin/users/${targetId}`, { token: staleAdmin, json: { role: 'editor' } }), 403, 'reauth_required', 'role change');
      assertError(await post(`/api/admin/users/${targetId}/revoke-sessions`, staleAdmin), 403, 'reauth_required', 'revoke sessions');
      const refreshed = await call(app(), 'POST', '/api/auth/refresh', { cookie: target.refresh });
      assert.equal(refreshed.status, 200, 'the target keeps their sessions');
      assert.equal(userOf(refreshed).role, 'user', 'and their role');
      assert.equal((await call(app(), 'PATCH', `/api/admin/users/${targetId}`, { token: admin.accessToken, json: { role: 'editor' } })).status, 200, 'a fresh proof passes');
    });

    test('POST /api/auth/reauth {password}: a fresh auth_time (amr pwd) that opens the sensitive actions; a wrong password is a field error', async () => {
      const { user, accessToken } = await signUp(app());
      const stale = await staleToken(accessToken);
      assertError(await post('/api/auth/mfa/totp/setup', stale), 403, 'reauth_required');

      const wrong = await post('/api/auth/reauth', stale, { password: 'Not-the-password-1' });
      assert.equal(assertFieldError(wrong, 'password', 'a wrong password'), 'Password is incorrect');
      assertFieldError(await post('/api/auth/reauth', stale, {}), 'password', 'nothing given');
      assertFieldError(await post('/api/auth/reauth', stale, { code: '123456' }), 'code', 'a code without a second factor');
      assertError(await call(app(), 'POST', '/api/auth/reauth', { json: { password: user.password } }), 401, 'missing_token');

      const res = await post('/api/auth/reauth', stale, { password: user.password });
      assert.equal(res.status, 200);
      assert.deepEqual(keysOf(res), ['accessToken', 'expiresIn', 'success']);
      assert.equal(res.headers.get('cache-control'), 'no-store');
      assert.deepEqual(res.setCookie, [], 'the refresh cookie is left alone');
      const claims = decodeJwt(reauthTokenOf(res));
      assert.ok(Math.abs((claims.auth_time as number) - nowSeconds()) <= 2);
      assert.deepEqual(claims.amr, ['pwd']);
      assert.equal(claims.sid, decodeJwt(accessToken).sid, 'the same session');
      assert.equal((await post('/api/auth/mfa/totp/setup', reauthTokenOf(res))).status, 200);
    });

    test('POST /api/auth/reauth {code}: an authenticator or recovery code also restores it (amr otp), and the password still does for a user with a second factor', async () => {
      const { user, secret, recoveryCodes, accessToken } = await userWithTotp();
      const stale = await staleToken(accessToken);
      assertFieldError(await post('/api/auth/reauth', stale, { code: '000000' }), 'code', 'a wrong code');

      const byCode = await post('/api/auth/reauth', stale, { code: await codeFor(secret, 1) });
      assert.equal(byCode.status, 200, JSON.stringify(byCode.body));
      assert.deepEqual(decodeJwt(reauthTokenOf(byCode)).amr, ['otp']);
      assert.equal((await post('/api/auth/mfa/recovery-codes', reauthTokenOf(byCode))).status, 200);

      const fresh = await post('/api/auth/mfa/recovery-codes', reauthTokenOf(await post('/api/auth/reauth', stale, { password: user.password })));
      assert.equal(fresh.status, 200, 'the password alone re-authenticates a user with a second factor');
      assertFieldError(await post('/api/auth/reauth', stale, { code: recoveryCodes[0]! }), 'code', 'a recovery code of a replaced set');
      const newCodes = bodyOf(fresh, recoveryCodesBody).recoveryCodes;
      const byRecovery = await post('/api/auth/reauth', stale, { code: newCodes[0]! });
      assert.equal(byRecovery.status, 200);
      assert.deepEqual(decodeJwt(reauthTokenOf(byRecovery)).amr, ['otp']);
    });

    test('the session keeps a re-authentication across refreshes: the refreshed token carries its auth_time, not the login\'s', async () => {
      const { user, accessToken, refresh } = await signUp(app());
      const loginTime = decodeJwt(accessToken).auth_time as number;
      await sleep(1_100);
      const reauth = await post('/api/auth/reauth', accessToken, { password: user.password });
      const reauthTime = decodeJwt(reauthTokenOf(reauth)).auth_time as number;
      assert.ok(reauthTime > loginTime, `${reauthTime} > ${loginTime}`);
      let cookie = refresh;
      for (let i = 0; i < 2; i++) {
        const refreshed = await call(app(), 'POST', '/api/auth/refresh', { cookie });
        assert.equal(refreshed.status, 200);
        assert.equal(decodeJwt(accessTokenOf(refreshed)).auth_time, reauthTime, `refresh ${i + 1}`);
        assert.deepEqual(decodeJwt(accessTokenOf(refreshed)).amr, ['pwd']);
        cookie = refreshed.refreshCookie!;
      }
      const other = await login(user.email, user.password);
      assert.ok((decodeJwt(accessTokenOf(other)).auth_time as number) >= reauthTime, 'another session has its own');
    });

    test('turning the factor off deletes the secret and every recovery code, mails the owner, and logins need only the password again', async () => {
      const { user, accessToken, recoveryCodes } = await userWithTotp();
      // Named, since the sign-up's verification mail may still be on its way.
      const mail = smtp.nextMailTo(user.email, { subject: 'Two-factor authentication was turned off' });
      const off = await post('/api/auth/mfa/totp/disable', accessToken);
      assert.equal(off.status, 200);
      assert.deepEqual(off.body, { success: true });
      const received = await mail;
      assert.equal(received.subject, 'Two-factor authentication was turned off');
      assert.doesNotMatch(received.text, /[A-Z2-7]{32}/, 'no secret in the mail');
      assert.equal((await me(accessToken)).mfaEnabled, false);
      const plain = await login(user.email, user.password);
      assert.equal(plain.status, 200);
      bodyOf(plain, signedInBody, 'a login without the second factor');
      assertError(await post('/api/auth/mfa/totp/disable', accessToken), 400, 'validation_error', 'already off');
      assertError(await post('/api/auth/mfa/recovery-codes', accessToken), 400, 'validation_error', 'no codes without the factor');
      assertFieldError(await post('/api/auth/reauth', accessToken, { code: recoveryCodes[0]! }), 'code', 'old recovery codes');
    });

    test('new recovery codes void the old set and mail the owner', async () => {
      const { user, accessToken, recoveryCodes } = await userWithTotp();
      const mail = smtp.nextMailTo(user.email, { subject: 'New recovery codes were generated' });
      const res = await post('/api/auth/mfa/recovery-codes', accessToken);
      assert.equal(res.status, 200);
      assert.deepEqual(keysOf(res), ['recoveryCodes', 'success']);
      const fresh = bodyOf(res, recoveryCodesBody).recoveryCodes;
      assert.equal(fresh.length, 10);
      assert.ok(fresh.every((code) => !recoveryCodes.includes(code)));
      assert.equal((await mail).subject, 'New recovery codes were generated');
      assertError(await loginMfa(await mfaTokenFor(user), recoveryCodes[1]!), 401, 'invalid_code', 'an old code');
      assertSignedIn(await loginMfa(await mfaTokenFor(user), fresh[1]!), ['pwd', 'otp']);
    });

    test('each change is in the security log, without codes or secrets', async () => {
      const { accessToken, recoveryCodes, user, secret } = await userWithTotp();
      await loginMfa(await mfaTokenFor(user), '000000');
      await loginMfa(await mfaTokenFor(user), recoveryCodes[0]!);
      await post('/api/auth/reauth', accessToken, { password: user.password });
      await post('/api/auth/mfa/recovery-codes', accessToken);
      await post('/api/auth/mfa/totp/disable', accessToken);
      const answer = await call(app(), 'GET', '/api/auth/events', { token: accessToken });
      const { events } = bodyOf(answer, eventsBody);
      const types = events.map((event) => event.type);
      for (const type of ['mfa_enabled', 'mfa_failed', 'recovery_code_used', 'reauthenticated', 'recovery_codes_regenerated', 'mfa_disabled'] as const) {
        assert.ok(types.includes(type), `${type} in ${types.join(', ')}`);
      }
      const login = events.find((event) => event.type === 'login' && event.detail?.secondFactor);
      assert.equal(login?.detail?.secondFactor, 'recovery_code');
      const text = JSON.stringify(answer.body);
      assert.ok(!text.includes(secret) && !recoveryCodes.some((code) => text.includes(code)));
    });

    test('the user shape says mfaEnabled and holds no secret or code', async () => {
      const { user, secret, recoveryCodes } = await userWithTotp();
      const signedIn = await loginMfa(await mfaTokenFor(user), recoveryCodes[2]!);
      const shape = userOf(signedIn);
      assert.deepEqual(Object.keys(shape).sort(), USER_KEYS);
      assert.ok(!JSON.stringify(shape).includes(secret));
      assert.doesNotMatch(app().output(), new RegExp(secret), 'the secret is never logged');
    });

    test('an mfaToken expires (MFA_TOKEN_TTL, 5 minutes unless set shorter)', async () => {
      const { mfaToken, secret, issuedBy } = earlyChallenge;
      await sleep(issuedBy + MFA_TOKEN_TTL_SECONDS * 1000 + 300 - Date.now());
      assertError(await loginMfa(mfaToken, await codeFor(secret, 1)), 401, 'invalid_mfa_token', 'expired');
    });
  },
);

/** The sealed column, as the database holds it, read after the app has turned the factor on. */
async function assertSealedAtRest(read: (userId: string) => Promise<string | null>, userId: string, secret: string) {
  const stored = await read(userId);
  assert.ok(stored, 'a secret is stored');
  assert.match(stored, /^v1\.[A-Za-z0-9_-]{12}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  for (const form of [secret, secret.toLowerCase(), Buffer.from(secret).toString('base64url'), Buffer.from(secret).toString('hex')]) {
    assert.ok(!stored.includes(form), 'the column holds no plaintext secret');
  }
}

async function turnOn(app: AppServer): Promise<{ userId: string; secret: string }> {
  const { accessToken, response } = await signUp(app);
  const setup = await call(app, 'POST', '/api/auth/mfa/totp/setup', { token: accessToken });
  const { secret } = bodyOf(setup, totpSetupBody);
  const enable = await call(app, 'POST', '/api/auth/mfa/totp/enable', { token: accessToken, json: { code: await codeFor(secret) } });
  assert.equal(enable.status, 200);
  return { userId: userOf(response).id, secret };
}

describe('the TOTP secret is sealed at rest [embedded]', () => {
  test('the users row holds a sealed value naming its key, never the secret', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'auth-mfa-'));
    try {
      const app = await startApp({}, { dataDir });
      const { userId, secret } = await turnOn(app).finally(() => app.stop());
      // PGlite belongs to one process: read the database once the app has stopped.
      const db = openPGlite(join(dataDir, 'pglite'));
      try {
        await assertSealedAtRest(async (id) => (await db.query<{ totp_secret_sealed: string | null }>('select totp_secret_sealed from users where id = $1', [id])).rows[0]?.totp_secret_sealed ?? null, userId, secret);
      } finally {
        await db.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('the TOTP secret is sealed at rest [postgres+redis]', { skip: REAL_SERVICES_SKIP }, () => {
  test('the users row holds a sealed value naming its key, never the secret', async () => {
    const { startRealServices } = await import('../support/real-services');
    const services = await startRealServices();
    const sql = postgres(process.env.TEST_DATABASE_URL!, { max: 1 });
    try {
      const app = await startApp(services.env);
      const { userId, secret } = await turnOn(app).finally(() => app.stop());
      await assertSealedAtRest(async (id) => (await sql<{ totp_secret_sealed: string | null }[]>`select totp_secret_sealed from users where id = ${id}`)[0]?.totp_secret_sealed ?? null, userId, secret);
    } finally {
      await sql.end();
      await services.stop();
    }
  });
});
