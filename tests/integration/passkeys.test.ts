import assert from 'node:assert/strict';
import { randomInt, randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { decodeJwt, SignJWT } from 'jose';
import { generate } from 'otplib';
import { secretKid } from '../../lib/auth/keys';
import { assertError, assertFieldError, assertIdsNotFound } from '../support/api-checks';
import { OWN_ORIGIN, startApp, type AppServer } from '../support/app-server';
import {
  accessTokenOf,
  bodyOf,
  eventsBody,
  keysOf,
  loginOptionsOf,
  mfaRequiredBody,
  passkeyBody,
  passkeyOf,
  passkeysOf,
  registrationOptionsOf,
  totpSetupBody,
  userOf,
} from '../support/bodies';
import { call, newUser, signUp, type ApiResponse } from '../support/client';
import { addPasskey, enableTotp, passkeySignIn } from '../support/lifecycle';
import { outboxLinkTo } from '../support/outbox';
import { freePort } from '../support/ports';
import { describeEachSetup } from '../support/setups';
import { SoftwareAuthenticator, type AssertionOverrides, type CeremonyOverrides } from '../support/webauthn';

const CHALLENGE_TTL_SECONDS = 2;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** The value of the passkey sign-in cookie a response set, as a Cookie header. */
function passkeyCookie(res: ApiResponse): string {
  const line = res.setCookie.find((cookie) => /^(__Host-)?passkey_login=/.test(cookie));
  assert.ok(line, `a passkey cookie in ${JSON.stringify(res.setCookie)}`);
  return line.split(';')[0]!;
}

/**
 * Calls bound to one app: a browser's worth of helpers around the passkey endpoints. `from` adds
 * headers to every call (an X-Forwarded-For address of its own, behind TRUST_PROXY).
 */
function passkeyApi(app: () => AppServer, from: Record<string, string> = {}) {
  const call_ = (method: string, path: string, options: Parameters<typeof call>[3] = {}) => call(app(), method, path, { ...options, headers: { ...from, ...options.headers } });
  const api = {
    async staleToken(accessToken: string): Promise<string> {
      const claims = decodeJwt(accessToken);
      const now = nowSeconds();
      return new SignJWT({ ...claims, auth_time: now - 3600, iat: now, exp: now + 600 })
        .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: await secretKid(app().env.JWT_SECRET!) })
        .sign(new TextEncoder().encode(app().env.JWT_SECRET));
    },
    registrationOptions: (token: string) => call_('POST', '/api/auth/passkeys/options', { token }),
    add: (token: string, json: unknown) => call_('POST', '/api/auth/passkeys', { token, json }),
    list: (token: string) => call_('GET', '/api/auth/passkeys', { token }),
    rename: (token: string, id: string, json: unknown) => call_('PATCH', `/api/auth/passkeys/${id}`, { token, json }),
    remove: (token: string, id: string) => call_('DELETE', `/api/auth/passkeys/${id}`, { token }),
    loginOptions: (headers: Record<string, string> = {}) => call_('POST', '/api/auth/passkeys/login/options', { headers }),
    login: (response: unknown, cookie: string | undefined, headers: Record<string, string> = {}) =>
      call_('POST', '/api/auth/passkeys/login', { json: { response }, headers: { ...(cookie ? { cookie } : {}), ...headers } }),

    /** Adds a passkey made by `authenticator` to the account behind `token`. */
    async register(token: string, authenticator: SoftwareAuthenticator, overrides: CeremonyOverrides = {}, name?: string): Promise<ApiResponse> {
      const options = await api.registrationOptions(token);
      assert.equal(options.status, 200, JSON.stringify(options.body));
      return api.add(token, { response: authenticator.register(registrationOptionsOf(options), overrides), ...(name === undefined ? {} : { name }) });
    },

    /** A new user with one passkey: their sign-up, the authenticator holding it, and the passkey. */
    async userWithPasskey(authenticatorOptions: { counting?: boolean } = {}) {
      const user = newUser();
      const registered = await call_('POST', '/api/auth/register', { json: user });
      assert.equal(registered.status, 201, JSON.stringify(registered.body));
      const signedUp = { user, response: registered, accessToken: accessTokenOf(registered) };
      const authenticator = new SoftwareAuthenticator(app().url, authenticatorOptions);
      const added = await api.register(signedUp.accessToken, authenticator);
      assert.equal(added.status, 201, JSON.stringify(added.body));
      return { ...signedUp, id: userOf(registered).id, authenticator, passkey: passkeyOf(added) };
    },

    /** A whole sign-in: options (and their cookie), then the authenticator's answer. */
    async signIn(authenticator: SoftwareAuthenticator, overrides: AssertionOverrides = {}) {
      const options = await api.loginOptions();
      assert.equal(options.status, 200, JSON.stringify(options.body));
      const response = authenticator.authenticate(loginOptionsOf(options), overrides);
      return { res: await api.login(response, passkeyCookie(options)), response, cookie: passkeyCookie(options) };
    },
  };
  return api;
}

function assertSignedInWithPasskey(res: ApiResponse, userId: string) {
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.deepEqual(keysOf(res), ['accessToken', 'expiresIn', 'success', 'user']);
  assert.equal(userOf(res).id, userId);
  assert.ok(res.refreshCookie, 'the refresh cookie is set');
  assert.ok(res.setCookie.some((cookie) => /^device=/.test(cookie)), 'and the device cookie, as a password login sets it');
  assert.equal(res.headers.get('cache-control'), 'no-store');
  const claims = decodeJwt(accessTokenOf(res));
  assert.deepEqual(claims.amr, ['webauthn']);
  assert.ok(Math.abs((claims.auth_time as number) - nowSeconds()) <= 2, 'auth_time is the moment of this sign-in');
}

describeEachSetup('passkeys', { PASSKEY_CHALLENGE_TTL: `${CHALLENGE_TTL_SECONDS}s` }, (app) => {
  const api = passkeyApi(app);
  const events = async (token: string) => bodyOf(await call(app(), 'GET', '/api/auth/events', { token }), eventsBody).events;

  test('registration options: this site as RP, a resident key, user verification preferred, attestation none, and the passkeys the user has excluded', async () => {
    const { user, accessToken } = await signUp(app());
    const res = await api.registrationOptions(accessToken);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const options = registrationOptionsOf(res);
    assert.equal(options.rp.id, new URL(app().url).hostname);
    assert.equal(options.rp.name, 'JWT Auth');
    assert.equal(options.user.name, user.email);
    assert.equal(options.user.displayName, `${user.firstName} ${user.lastName}`);
    assert.match(options.user.id, /^[A-Za-z0-9_-]{22}$/, 'a 16-byte handle: the account id, no email or name');
    assert.match(options.challenge, /^[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(options.authenticatorSelection, { residentKey: 'required', requireResidentKey: true, userVerification: 'preferred' });
    assert.equal(options.attestation, 'none');
    assert.ok(options.pubKeyCredParams.some((param) => param.alg === -7), 'ES256 offered');
    assert.deepEqual(options.excludeCredentials, []);
    assert.notEqual(registrationOptionsOf(await api.registrationOptions(accessToken)).challenge, options.challenge, 'a new challenge each time');

    const authenticator = new SoftwareAuthenticator(app().url);
    const added = await api.add(accessToken, { response: authenticator.register(options) });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    const again = registrationOptionsOf(await api.registrationOptions(accessToken));
    assert.deepEqual(again.excludeCredentials, [{ id: authenticator.credentials[0]!.id, type: 'public-key', transports: ['internal'] }]);
  });

  test('adding a passkey: 201 with the passkey; it is listed, and the security log says so', async () => {
    const { accessToken } = await signUp(app());
    const authenticator = new SoftwareAuthenticator(app().url);
    const added = await api.register(accessToken, authenticator, {}, '  Work laptop  ');
    assert.equal(added.status, 201, JSON.stringify(added.body));
    assert.deepEqual(keysOf(added), ['passkey', 'success']);
    const passkey = passkeyOf(added);
    assert.deepEqual(Object.keys(passkey).sort(), ['createdAt', 'id', 'lastUsedAt', 'name']);
    assert.equal(passkey.name, 'Work laptop');
    assert.equal(passkey.lastUsedAt, null);

    const options = await api.registrationOptions(accessToken);
    const unnamed = await call(app(), 'POST', '/api/auth/passkeys', {
      token: accessToken,
      json: { response: new SoftwareAuthenticator(app().url).register(registrationOptionsOf(options)) },
      headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0' },
    });
    assert.equal(unnamed.status, 201);
    assert.equal(passkeyOf(unnamed).name, 'Firefox on Linux', 'no name: the browser and system it was made on');

    const list = await api.list(accessToken);
    assert.equal(list.status, 200);
    assert.deepEqual(keysOf(list), ['passkeys', 'success']);
    assert.deepEqual(passkeysOf(list), [passkey, passkeyOf(unnamed)], 'oldest first, nothing more than the contract shape');
    assert.ok(!JSON.stringify(list.body).includes(authenticator.credentials[0]!.id), 'no credential id is shown');

    const added_ = (await events(accessToken)).filter((event) => event.type === 'passkey_added');
    assert.equal(added_.length, 2);
    assert.deepEqual(added_.at(-1)!.detail, { passkeyId: passkey.id, name: 'Work laptop' });
  });

  test('signing in with a passkey: options with no credential list; the login shape and cookies, amr webauthn; last use recorded', async () => {
    const { id, user, passkey, authenticator, accessToken } = await api.userWithPasskey();
    const options = await api.loginOptions();
    assert.equal(options.status, 200, JSON.stringify(options.body));
    assert.deepEqual(keysOf(options), ['options', 'success']);
    assert.match(loginOptionsOf(options).challenge, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(loginOptionsOf(options).rpId, new URL(app().url).hostname);
    assert.equal(loginOptionsOf(options).userVerification, 'required');
    assert.ok(!loginOptionsOf(options).allowCredentials?.length, 'no credential list: the browser offers every passkey it has');
    const cookie = options.setCookie.find((line) => line.startsWith('passkey_login='))!;
    assert.match(cookie, /; Path=\/; Max-Age=2; HttpOnly; SameSite=Strict$/, 'bound to this browser by an HttpOnly cookie that lasts as long as the challenge');

    const res = await api.login(authenticator.authenticate(loginOptionsOf(options)), passkeyCookie(options));
    assertSignedInWithPasskey(res, id);
    assert.equal(userOf(res).email, user.email);
    const me = await call(app(), 'GET', '/api/auth/me', { token: accessTokenOf(res) });
    assert.equal(me.status, 200);
    const refreshed = await call(app(), 'POST', '/api/auth/refresh', { cookie: res.refreshCookie });
    assert.equal(refreshed.status, 200, 'a normal session, which refreshes');
    assert.deepEqual(decodeJwt(accessTokenOf(refreshed)).amr, ['webauthn'], 'and keeps how it began');

    const [listed] = passkeysOf(await api.list(accessToken));
    assert.equal(listed?.id, passkey.id);
    assert.notEqual(listed?.lastUsedAt, null, 'the last use is recorded');
    const login = (await events(accessToken)).find((event) => event.type === 'login' && event.detail?.method === 'passkey');
    assert.deepEqual(login?.detail, { method: 'passkey', passkeyId: passkey.id });
  });

  test('a passkey sign-in asks no second factor, even where the password would', async () => {
    const { id, user, accessToken, authenticator } = await api.userWithPasskey();
    const setup = await call(app(), 'POST', '/api/auth/mfa/totp/setup', { token: accessToken });
    const code = await generate({ secret: bodyOf(setup, totpSetupBody).secret });
    assert.equal((await call(app(), 'POST', '/api/auth/mfa/totp/enable', { token: accessToken, json: { code } })).status, 200);
    const password = await call(app(), 'POST', '/api/auth/login', { json: { email: user.email, password: user.password } });
    assert.equal(bodyOf(password, mfaRequiredBody).mfaRequired, true, 'the password alone now needs a code');

    const { res } = await api.signIn(authenticator);
    assertSignedInWithPasskey(res, id);
    assert.equal(userOf(res).mfaEnabled, true);
  });

  test('a response made for another origin is 401 invalid_credentials, and used up its challenge', async () => {
    const { authenticator, accessToken } = await api.userWithPasskey();
    const options = await api.loginOptions();
    const foreign = authenticator.authenticate(loginOptionsOf(options), { origin: 'https://evil.example' });
    assertError(await api.login(foreign, passkeyCookie(options)), 401, 'invalid_credentials', 'another origin');
    const honest = authenticator.authenticate(loginOptionsOf(options));
    assertError(await api.login(honest, passkeyCookie(options)), 401, 'invalid_credentials', 'the challenge served its one try');

    const failed = (await events(accessToken)).find((event) => event.type === 'login_failed');
    assert.equal(failed?.detail?.reason, 'not_verified', 'a refusal for a known passkey is in its owner\'s log');
  });

  test('a response signed for another RP ID is 401 invalid_credentials', async () => {
    const { authenticator } = await api.userWithPasskey();
    const { res } = await api.signIn(authenticator, { rpId: 'evil.example' });
    assertError(res, 401, 'invalid_credentials', 'another RP ID');
  });

  test('a page of another origin cannot ask: 403 forbidden_origin for the options and the answer', async () => {
    const { id, authenticator } = await api.userWithPasskey();
    assertError(await api.loginOptions({ origin: 'https://evil.example' }), 403, 'forbidden_origin');
    const options = await api.loginOptions();
    const response = authenticator.authenticate(loginOptionsOf(options));
    assertError(await api.login(response, passkeyCookie(options), { origin: 'https://evil.example' }), 403, 'forbidden_origin');
    assertSignedInWithPasskey(await api.login(response, passkeyCookie(options), { origin: new URL(app().url).origin }), id);
  });

  test('a reused challenge is 401: one challenge serves one sign-in', async () => {
    const { user, authenticator } = await api.userWithPasskey();
    const { res, response, cookie } = await api.signIn(authenticator);
    assert.equal(res.status, 200);
    assert.equal(userOf(res).email, user.email);
    assertError(await api.login(response, cookie), 401, 'invalid_credentials', 'the same response again');
    const options = await api.loginOptions();
    assertError(await api.login(response, passkeyCookie(options)), 401, 'invalid_credentials', 'the old response with a new cookie');
  });

  test('an expired challenge is 401 (PASSKEY_CHALLENGE_TTL)', async () => {
    const { authenticator } = await api.userWithPasskey();
    const options = await api.loginOptions();
    await sleep(CHALLENGE_TTL_SECONDS * 1000 + 300);
    assertError(await api.login(authenticator.authenticate(loginOptionsOf(options)), passkeyCookie(options)), 401, 'invalid_credentials');
  });

  test('a challenge answered without its cookie, or with another browser\'s, is 401', async () => {
    const { authenticator } = await api.userWithPasskey();
    const options = await api.loginOptions();
    assertError(await api.login(authenticator.authenticate(loginOptionsOf(options)), undefined), 401, 'invalid_credentials', 'no cookie');
    const mine = await api.loginOptions();
    const theirs = await api.loginOptions();
    assertError(await api.login(authenticator.authenticate(loginOptionsOf(mine)), passkeyCookie(theirs)), 401, 'invalid_credentials', 'another browser\'s cookie');
  });

  test('two tabs of one browser sign in side by side: the second keeps the first one\'s cookie', async () => {
    const { authenticator } = await api.userWithPasskey();
    const first = await api.loginOptions();
    const second = await api.loginOptions({ cookie: passkeyCookie(first) });
    assert.equal(passkeyCookie(second), passkeyCookie(first));
    assert.equal((await api.login(authenticator.authenticate(loginOptionsOf(first)), passkeyCookie(first))).status, 200);
    assert.equal((await api.login(authenticator.authenticate(loginOptionsOf(second)), passkeyCookie(second))).status, 200);
  });

  test('an unknown credential is 401, logged without a user', async () => {
    const stranger = new SoftwareAuthenticator(app().url);
    const { accessToken } = await signUp(app());
    const options = await api.registrationOptions(accessToken);
    // Made for this site, but never sent to it.
    stranger.register(registrationOptionsOf(options));
    const { res } = await api.signIn(stranger);
    assertError(res, 401, 'invalid_credentials', 'unknown credential');
  });

  test('a user handle naming another account is 401', async () => {
    const { authenticator } = await api.userWithPasskey();
    const other = await signUp(app());
    const otherHandle = registrationOptionsOf(await api.registrationOptions(other.accessToken)).user.id;
    assertError((await api.signIn(authenticator, { userHandle: otherHandle })).res, 401, 'invalid_credentials');
    assert.equal((await api.signIn(authenticator, { userHandle: null })).res.status, 200, 'no user handle at all is fine: the credential names the account');
  });

  test('without user verification (a touch, no PIN or biometrics) the sign-in is 401', async () => {
    const { authenticator } = await api.userWithPasskey();
    assertError((await api.signIn(authenticator, { userVerified: false })).res, 401, 'invalid_credentials');
  });

  test('counter: an authenticator that always says 0 signs in every time', async () => {
    const { authenticator } = await api.userWithPasskey();
    for (let i = 0; i < 3; i++) assert.equal((await api.signIn(authenticator, { signCount: 0 })).res.status, 200, `sign-in ${i + 1}`);
  });

  test('counter: one that counts must go up; backwards, the same again, or back to 0 is 401, and logged', async () => {
    const { authenticator, accessToken } = await api.userWithPasskey({ counting: true });
    assert.equal((await api.signIn(authenticator)).res.status, 200, 'count 1');
    assert.equal((await api.signIn(authenticator, { signCount: 5 })).res.status, 200, 'a jump forward is fine');
    assertError((await api.signIn(authenticator, { signCount: 3 })).res, 401, 'invalid_credentials', 'backwards');
    assertError((await api.signIn(authenticator, { signCount: 5 })).res, 401, 'invalid_credentials', 'the same count again');
    assertError((await api.signIn(authenticator, { signCount: 0 })).res, 401, 'invalid_credentials', 'back to 0 after counting');
    assert.equal((await api.signIn(authenticator, { signCount: 6 })).res.status, 200, 'the real authenticator, one up, goes on');
    const refusals = (await events(accessToken)).filter((event) => event.type === 'login_failed' && event.detail?.reason === 'counter');
    assert.equal(refusals.length, 3);
  });

  test('adding and removing need recent authentication; adding answers a challenge the recent sign-in asked for', async () => {
    const { accessToken, passkey } = await api.userWithPasskey();
    const stale = await api.staleToken(accessToken);
    assertError(await api.registrationOptions(stale), 403, 'reauth_required', 'options');
    assertError(await api.remove(stale, passkey.id), 403, 'reauth_required', 'remove');
    assert.equal(passkeysOf(await api.list(accessToken)).length, 1, 'nothing was removed');

    // The answer itself is not refused for age: the challenge came from a recent sign-in, minutes ago at most.
    const options = await api.registrationOptions(accessToken);
    const added = await api.add(stale, { response: new SoftwareAuthenticator(app().url).register(registrationOptionsOf(options)) });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    assert.equal((await api.rename(stale, passkey.id, { name: 'Renamed' })).status, 200, 'renaming is not sensitive');
  });

  test('a registration challenge serves the session that asked, once, for this origin and RP ID', async () => {
    const { user, accessToken } = await signUp(app());
    const otherSession = await call(app(), 'POST', '/api/auth/login', { json: { email: user.email, password: user.password } });
    const stranger = await signUp(app());
    const authenticator = new SoftwareAuthenticator(app().url);
    const answer = async (token: string, overrides: CeremonyOverrides = {}) => {
      const options = await api.registrationOptions(accessToken);
      return api.add(token, { response: authenticator.register(registrationOptionsOf(options), overrides) });
    };
    assertFieldError(await answer(accessTokenOf(otherSession)), 'response', 'another session of the same user');
    assertFieldError(await answer(stranger.accessToken), 'response', 'another user');
    assertFieldError(await answer(accessToken, { origin: 'https://evil.example' }), 'response', 'another origin');
    assertFieldError(await answer(accessToken, { rpId: 'evil.example' }), 'response', 'another RP ID');
    assertFieldError(await answer(accessToken, { type: 'webauthn.get' }), 'response', 'not a creation');
    assertFieldError(await answer(accessToken, { userVerified: false }), 'response', 'the user not verified');

    const options = await api.registrationOptions(accessToken);
    const response = authenticator.register(registrationOptionsOf(options));
    assert.equal((await api.add(accessToken, { response })).status, 201);
    assertFieldError(await api.add(accessToken, { response }), 'response', 'the same answer twice');
    assert.equal(passkeysOf(await api.list(accessToken)).length, 1);
    assert.equal(passkeysOf(await api.list(stranger.accessToken)).length, 0);
  });

  test('the same credential twice is refused, for this account or another: already registered', async () => {
    const { accessToken, authenticator } = await api.userWithPasskey();
    const options = await api.registrationOptions(accessToken);
    const res = await api.add(accessToken, { response: authenticator.register(registrationOptionsOf(options), {}, authenticator.credentials[0]) });
    assert.equal(assertFieldError(res, 'response', 'the same credential again'), 'This passkey is already registered');
    const stranger = await signUp(app());
    const theirs = await api.registrationOptions(stranger.accessToken);
    const elsewhere = await api.add(stranger.accessToken, { response: authenticator.register(registrationOptionsOf(theirs), {}, authenticator.credentials[0]) });
    assertFieldError(elsewhere, 'response', 'a credential of another account');
    assert.equal(passkeysOf(await api.list(accessToken)).length, 1);
  });

  test('rename and remove: the owner only; another user\'s passkey, an unknown or a malformed id is 404', async () => {
    const { accessToken, passkey, authenticator } = await api.userWithPasskey();
    const stranger = await signUp(app());
    assertError(await api.rename(stranger.accessToken, passkey.id, { name: 'Mine now' }), 404, 'not_found', 'rename another user\'s');
    assertError(await api.remove(stranger.accessToken, passkey.id), 404, 'not_found', 'remove another user\'s');
    await assertIdsNotFound('rename', (id) => api.rename(accessToken, id, { name: 'x' }));
    await assertIdsNotFound('remove', (id) => api.remove(accessToken, id));

    assertFieldError(await api.rename(accessToken, passkey.id, { name: '   ' }), 'name', 'blank');
    assertFieldError(await api.rename(accessToken, passkey.id, { name: 'x'.repeat(65) }), 'name', 'too long');
    const renamed = await api.rename(accessToken, passkey.id, { name: 'Phone' });
    assert.equal(renamed.status, 200);
    assert.deepEqual(bodyOf(renamed, passkeyBody), { success: true, passkey: { ...passkey, name: 'Phone' } });

    const removed = await api.remove(accessToken, passkey.id);
    assert.equal(removed.status, 200);
    assert.deepEqual(removed.body, { success: true });
    assert.deepEqual(passkeysOf(await api.list(accessToken)), []);
    assertError(await api.remove(accessToken, passkey.id), 404, 'not_found', 'removed already');
    assertError((await api.signIn(authenticator)).res, 401, 'invalid_credentials', 'a removed passkey signs nobody in');
    assert.deepEqual((await events(accessToken)).find((event) => event.type === 'passkey_removed')?.detail, { passkeyId: passkey.id, name: 'Phone' });
  });

  test('bad bodies are 400 and use up nothing; the routes need their token', async () => {
    const { accessToken, authenticator } = await api.userWithPasskey();
    const options = await api.loginOptions();
    const cookie = passkeyCookie(options);
    for (const response of [undefined, 'x', {}, { id: 'a', rawId: 'a', type: 'public-key' }, { ...authenticator.authenticate(loginOptionsOf(options)), type: 'other' }]) {
      assertFieldError(await api.login(response, cookie), 'response', JSON.stringify(response)?.slice(0, 60));
    }
    const notJson = await call(app(), 'POST', '/api/auth/passkeys/login', { body: 'response=x', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie } });
    assertError(notJson, 400, 'validation_error');
    assert.equal((await api.login(authenticator.authenticate(loginOptionsOf(options)), cookie)).status, 200, 'the challenge was not spent by them');

    assertFieldError(await api.add(accessToken, { response: { id: 'x' } }), 'response', 'a malformed registration');
    assertError(await call(app(), 'GET', '/api/auth/passkeys'), 401, 'missing_token');
    assertError(await call(app(), 'POST', '/api/auth/passkeys/options'), 401, 'missing_token');
    assertError(await call(app(), 'GET', '/api/auth/passkeys/login/options'), 405, 'method_not_allowed');
  });
});

// Behind a trusted proxy, so each run counts for an address of its own however the store is shared.
describeEachSetup('passkey sign-in limits', { RATE_LIMIT_AUTH_PER_IP: '4/1m', TRUST_PROXY: '1' }, (app) => {
  const address = `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
  const from = { 'x-forwarded-for': address };
  const api = passkeyApi(app, from);

  test('passkey sign-ins count with the address\'s logins; options have a count of their own', async () => {
    // One sign-up; three more attempts fit, whatever they are.
    const { authenticator } = await api.userWithPasskey();
    const login = await call(app(), 'POST', '/api/auth/login', { json: { email: 'nobody@example.com', password: 'wrong-password' }, headers: from });
    assert.equal(login.status, 401);
    assert.equal((await api.signIn(authenticator)).res.status, 200);
    assert.equal((await api.signIn(authenticator)).res.status, 200);
    const over = (await api.signIn(authenticator)).res;
    assertError(over, 429, 'rate_limited', 'the fifth attempt from this address');
    assert.ok(Number(over.headers.get('retry-after')) > 0);
    assertError(await call(app(), 'POST', '/api/auth/login', { json: { email: 'nobody@example.com', password: 'wrong-password' }, headers: from }), 429, 'rate_limited', 'and logins with it');
    assert.equal((await api.loginOptions()).status, 200, 'three sign-ins asked for options: the fourth is within their own count');
    assertError(await api.loginOptions(), 429, 'rate_limited', 'the fifth is not');
  });
});

test('EMAIL_VERIFICATION=required: a passkey added while unverified addresses were allowed signs nobody in until the address is verified', async () => {
  const port = await freePort();
  const { mkdtemp, rm } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dataDir = await mkdtemp(join(tmpdir(), 'auth-passkeys-'));
  let server: AppServer | undefined;
  try {
    server = await startApp({ EMAIL_VERIFICATION: 'optional' }, { port, dataDir });
    const current = server;
    const api = passkeyApi(() => current);
    const { authenticator, user } = await api.userWithPasskey();
    await server.stop();
    server = await startApp({ EMAIL_VERIFICATION: 'required' }, { port, dataDir });
    const required = server;
    const { res } = await passkeyApi(() => required).signIn(authenticator);
    assertError(res, 403, 'email_unverified');
    assert.deepEqual(res.setCookie.filter((cookie) => /refresh_token|device/.test(cookie)), [], 'no session, no device cookie');
    const password = await call(server, 'POST', '/api/auth/login', { json: { email: user.email, password: user.password } });
    assertError(password, 403, 'email_unverified', 'as the password login says');
  } finally {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
});

describeEachSetup('sign-in methods added before the address was proved', { DEV_OUTBOX: '1', APP_URL: OWN_ORIGIN }, (app) => {
  /** The password reset an address's owner does through the link mailed there; resolves to the new password. */
  async function resetThroughMail(email: string): Promise<string> {
    assert.equal((await call(app(), 'POST', '/api/auth/forgot-password', { json: { email } })).status, 202);
    const token = await outboxLinkTo(app(), email, 'reset-password');
    const password = `Owner-${randomUUID()}`;
    const reset = await call(app(), 'POST', '/api/auth/reset-password', { json: { token, password } });
    assert.equal(reset.status, 200, JSON.stringify(reset.body));
    return password;
  }

  test('a password reset on an unverified account removes the passkeys and the second factor someone else may have added', async () => {
    // Someone signs up with an address they do not own, and adds a passkey and an authenticator app.
    const { user, accessToken } = await signUp(app());
    const { authenticator } = await addPasskey(app(), accessToken, 'Not the owner');
    await enableTotp(app(), accessToken);

    // The owner, refused at sign-up, resets the password through the mail.
    const password = await resetThroughMail(user.email);
    assertError(await passkeySignIn(app(), authenticator), 401, 'invalid_credentials', 'the passkey no longer signs in');
    const login = await call(app(), 'POST', '/api/auth/login', { json: { email: user.email, password } });
    const owner = accessTokenOf(login, 'the new password alone signs in: no second factor is asked');
    assert.equal(userOf(login).emailVerified, true);
    assert.deepEqual(passkeysOf(await call(app(), 'GET', '/api/auth/passkeys', { token: owner })), []);
    const reset = bodyOf(await call(app(), 'GET', '/api/auth/events', { token: owner }), eventsBody).events.find((event) => event.type === 'password_reset');
    assert.deepEqual(reset?.detail, { removedPasskeys: 1, removedSecondFactor: true }, 'the security log says what went');
  });

  test('a verification link opened in a browser that never signed in to the account proves the address, not the methods added before it: the reset removes them', async () => {
    // Someone signs up with another person's address and sets up a passkey and an authenticator app.
    const { user, accessToken } = await signUp(app());
    const { authenticator } = await addPasskey(app(), accessToken, 'Not the owner');
    await enableTotp(app(), accessToken);

    // The address's owner opens the mailed link in their own browser, out of curiosity: verified.
    const verified = await call(app(), 'POST', '/api/auth/verify-email', { json: { token: await outboxLinkTo(app(), user.email) } });
    assert.equal(userOf(verified).emailVerified, true);

    // Refused at sign-up later, the owner resets the password: what the squatter added goes.
    const password = await resetThroughMail(user.email);
    assertError(await passkeySignIn(app(), authenticator), 401, 'invalid_credentials', 'the passkey no longer signs in');
    const owner = accessTokenOf(await call(app(), 'POST', '/api/auth/login', { json: { email: user.email, password } }), 'the new password alone signs in');
    const events = bodyOf(await call(app(), 'GET', '/api/auth/events', { token: owner }), eventsBody).events;
    assert.deepEqual(events.find((event) => event.type === 'password_reset')?.detail, { removedPasskeys: 1, removedSecondFactor: true });
    assert.deepEqual(events.find((event) => event.type === 'email_verified')?.detail, { by: 'link', elsewhere: true }, 'the log says where the link was opened');
  });

  test('a verification link opened in the account\'s own browser (signed in, or only holding its device cookie) makes the methods added before it the owner\'s: they stay through a reset', async () => {
    for (const browser of ['signed in', 'device cookie only'] as const) {
      const { user, response, accessToken, refresh } = await signUp(app());
      const { authenticator } = await addPasskey(app(), accessToken, 'Mine');
      await enableTotp(app(), accessToken);
      const device = response.setCookie.map((cookie) => cookie.split(';')[0]!).find((pair) => pair.startsWith('device='));
      assert.ok(device, 'sign-up sets the device cookie');
      const token = await outboxLinkTo(app(), user.email);
      const verified = await call(app(), 'POST', '/api/auth/verify-email', browser === 'signed in' ? { json: { token }, cookie: refresh } : { json: { token }, headers: { cookie: device } });
      assert.equal(userOf(verified).emailVerified, true, browser);

      const password = await resetThroughMail(user.email);
      assert.equal((await passkeySignIn(app(), authenticator)).status, 200, `${browser}: the passkey still signs in`);
      bodyOf(await call(app(), 'POST', '/api/auth/login', { json: { email: user.email, password } }), mfaRequiredBody, `${browser}: the second factor is still asked`);
    }
  });

  test('an account whose address was proved keeps its passkeys and second factor through a reset', async () => {
    const { user, accessToken } = await signUp(app());
    const verified = await call(app(), 'POST', '/api/auth/verify-email', { json: { token: await outboxLinkTo(app(), user.email) } });
    assert.equal(verified.status, 200, JSON.stringify(verified.body));
    const { authenticator } = await addPasskey(app(), accessToken, 'Mine');
    await enableTotp(app(), accessToken);

    const password = await resetThroughMail(user.email);
    assert.equal((await passkeySignIn(app(), authenticator)).status, 200, 'the passkey still signs in');
    const login = await call(app(), 'POST', '/api/auth/login', { json: { email: user.email, password } });
    bodyOf(login, mfaRequiredBody, 'the second factor is still asked');
  });
});
