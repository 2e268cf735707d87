import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { decodeJwt } from 'jose';
import { assertError, assertFieldError } from '../support/api-checks';
import { accessTokenOf, bodyOf, eventsBody, keysOf, linkStateBody, messageBody } from '../support/bodies';
import { call, signUp, unlessBusy } from '../support/client';
import { REAL_SERVICES_SKIP } from '../support/real-services';
import { embedded, realServices } from '../support/restartable';
import { describeEachSetup } from '../support/setups';
import { startSmtpServer } from '../support/smtp';

const smtp = await startSmtpServer();
after(() => smtp.stop());

const APP_URL = 'https://auth.example.test';
const RESET_SUBJECT = 'Reset your password';
const digest = (token: string) => createHash('sha256').update(token).digest('hex');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function linkIn(text: string): string {
  const match = /https:\/\/auth\.example\.test\/reset-password#token=([A-Za-z0-9_-]+)/.exec(text);
  assert.ok(match, `a reset link in:\n${text}`);
  return match[1]!;
}

describeEachSetup('password reset by email', { SMTP_URL: smtp.url, APP_URL, MAIL_FROM: 'Auth <auth@example.test>' }, (app) => {
  async function requestReset(email: string) {
    const mail = smtp.nextMailTo(email, { subject: RESET_SUBJECT });
    const res = await call(app(), 'POST', '/api/auth/forgot-password', { json: { email } });
    assert.equal(res.status, 202);
    return { res, mail: await mail };
  }

  test('forgot-password mails a link built from APP_URL (never the Host header) that resets the password once', async () => {
    const { user, refresh } = await signUp(app());
    const mail = smtp.nextMailTo(user.email, { subject: RESET_SUBJECT });
    const res = await call(app(), 'POST', '/api/auth/forgot-password', { json: { email: user.email.toUpperCase() }, headers: { host: 'evil.example' } });
    assert.equal(res.status, 202);
    assert.equal(bodyOf(res, messageBody).success, true);
    const received = await mail;
    assert.equal(received.subject, 'Reset your password');
    assert.equal(received.from, 'auth@example.test');
    assert.ok(!received.text.includes('evil.example'));
    const token = linkIn(received.text);
    assert.ok(token.length >= 22, '128 bits or more');
    assert.ok(received.html.includes(`${APP_URL}/reset-password#token=${token}`));

    const newPassword = `Reset-${crypto.randomUUID()}`;
    const reset = await call(app(), 'POST', '/api/auth/reset-password', { json: { token, password: newPassword } });
    assert.equal(reset.status, 200);
    assert.equal(bodyOf(reset, messageBody).success, true);
    assert.equal(reset.refreshCookie, undefined, 'a reset does not sign anyone in');
    assert.ok(!keysOf(reset).includes('accessToken'), 'no access token either');

    assert.equal((await call(app(), 'POST', '/api/auth/refresh', { cookie: refresh })).status, 401, 'every session ended');
    assert.equal((await call(app(), 'POST', '/api/auth/login', { json: { email: user.email, password: user.password } })).status, 401);
    assert.equal((await call(app(), 'POST', '/api/auth/login', { json: { email: user.email, password: newPassword } })).status, 200);

    const again = await call(app(), 'POST', '/api/auth/reset-password', { json: { token, password: `Other-${crypto.randomUUID()}` } });
    assert.match(assertFieldError(again, 'token', 'the link works once'), /invalid, expired or already used/);
  });

  test('an unknown email gets the same 202 and body, and no mail', async () => {
    const known = await signUp(app());
    const { res: knownRes } = await requestReset(known.user.email);
    const resetMails = () => smtp.mails.filter((mail) => mail.subject === RESET_SUBJECT).length;
    const before = resetMails();
    const nobody = `nobody-${crypto.randomUUID()}@example.com`;
    const unknown = await call(app(), 'POST', '/api/auth/forgot-password', { json: { email: nobody } });
    assert.equal(unknown.status, 202);
    assert.deepEqual(unknown.body, knownRes.body);
    await sleep(500);
    assert.equal(resetMails(), before);
    assert.equal(smtp.mails.filter((mail) => mail.to.includes(nobody)).length, 0);
  });

  test('two concurrent resets with one link: exactly one succeeds', async () => {
    const { user } = await signUp(app());
    const token = linkIn((await requestReset(user.email)).mail.text);
    // Each reset hashes its new password: on a loaded machine the bounded hashing queue may turn one
    // away (503, busy) before it reaches the link, and a client sends it again.
    const results = await Promise.all(
      [1, 2, 3].map((n) => unlessBusy(() => call(app(), 'POST', '/api/auth/reset-password', { json: { token, password: `Racing-${n}-${crypto.randomUUID()}` } }))),
    );
    assert.deepEqual(
      results.map((res) => res.status).sort(),
      [200, 400, 400],
      JSON.stringify(results.map((res) => res.body)),
    );
  });

  test('asking again retires the earlier link; a weak password is refused without using up the link', async () => {
    const { user } = await signUp(app());
    const first = linkIn((await requestReset(user.email)).mail.text);
    const second = linkIn((await requestReset(user.email)).mail.text);
    assert.notEqual(first, second);
    assert.equal((await call(app(), 'POST', '/api/auth/reset-password', { json: { token: first, password: `Fine-${crypto.randomUUID()}` } })).status, 400);

    const weak = await call(app(), 'POST', '/api/auth/reset-password', { json: { token: second, password: 'password123' } });
    assert.ok(assertFieldError(weak, 'password'));
    assert.equal((await call(app(), 'POST', '/api/auth/reset-password', { json: { token: second, password: `Fine-${crypto.randomUUID()}` } })).status, 200);
  });

  test('a password change voids the reset links issued before it', async () => {
    const { user, accessToken } = await signUp(app());
    const token = linkIn((await requestReset(user.email)).mail.text);
    const changed = await call(app(), 'POST', '/api/auth/password', {
      token: accessToken,
      json: { currentPassword: user.password, newPassword: `Changed-${crypto.randomUUID()}` },
    });
    assert.equal(changed.status, 200);

    const reset = await call(app(), 'POST', '/api/auth/reset-password', { json: { token, password: `Reset-${crypto.randomUUID()}` } });
    assert.match(assertFieldError(reset, 'token', 'the link died with the old password'), /invalid, expired or already used/);

    const later = linkIn((await requestReset(user.email)).mail.text);
    assert.equal((await call(app(), 'POST', '/api/auth/reset-password', { json: { token: later, password: `Reset-${crypto.randomUUID()}` } })).status, 200, 'a link asked for afterwards works');
  });

  test('garbage tokens and bad bodies are 400, never 500', async () => {
    for (const token of ['', 'x', 'not-a-real-token-at-all', 'x'.repeat(201), "'; drop table users; --"]) {
      const res = await call(app(), 'POST', '/api/auth/reset-password', { json: { token, password: `Fine-${crypto.randomUUID()}` } });
      assertError(res, 400, 'validation_error', token);
    }
    assert.equal((await call(app(), 'POST', '/api/auth/forgot-password', { json: { email: 'not an email' } })).status, 400);
    assert.equal((await call(app(), 'POST', '/api/auth/forgot-password', { body: 'email=a@b.c', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status, 400);
  });

  test('the reset and the request are in the user\'s security events, with no token anywhere', async () => {
    const { user } = await signUp(app());
    const token = linkIn((await requestReset(user.email)).mail.text);
    const newPassword = `Reset-${crypto.randomUUID()}`;
    assert.equal((await call(app(), 'POST', '/api/auth/reset-password', { json: { token, password: newPassword }, headers: { 'user-agent': 'ResetAgent/1.0' } })).status, 200);
    const login = await call(app(), 'POST', '/api/auth/login', { json: { email: user.email, password: newPassword } });
    const answer = await call(app(), 'GET', '/api/auth/events', { token: accessTokenOf(login) });
    assert.equal(answer.status, 200);
    const { events } = bodyOf(answer, eventsBody);
    // The sign-up's verification mail (and its event) goes out after the response: its place varies.
    const types = events.map((event) => event.type).filter((type) => type !== 'email_verification_sent');
    assert.deepEqual(types.slice(0, 5), ['login', 'email_verified', 'password_reset', 'password_reset_requested', 'sign_up']);
    const reset = events.find((event) => event.type === 'password_reset');
    assert.equal(reset?.userAgent, 'ResetAgent/1.0');
    assert.equal(reset?.userId, decodeJwt(accessTokenOf(login)).sub);
    assert.ok(reset?.ip, 'the address is recorded');
    const text = JSON.stringify(answer.body);
    assert.ok(!text.includes(token) && !text.includes(newPassword) && !text.includes('$2b$'), 'no token, password or hash');
  });

  const check = (token: unknown, headers: Record<string, string> = {}) => call(app(), 'POST', '/api/auth/reset-password/check', { json: { token }, headers });

  /** The check's answer: `{success, state}` and nothing else, never an email. */
  function stateOf(res: Awaited<ReturnType<typeof check>>, why = ''): string {
    assert.equal(res.status, 200, `${why}: ${JSON.stringify(res.body)}`);
    assert.deepEqual(keysOf(res), ['state', 'success'], why);
    return bodyOf(res, linkStateBody).state;
  }

  test('the reset page can ask what became of a link without using it: valid, then used; no account detail in the answer', async () => {
    const { user } = await signUp(app());
    const token = linkIn((await requestReset(user.email)).mail.text);
    for (let i = 0; i < 3; i++) assert.equal(stateOf(await check(token), `check ${i + 1}`), 'valid');
    assert.ok(!JSON.stringify((await check(token)).body).includes(user.email));

    const newPassword = `Reset-${crypto.randomUUID()}`;
    assert.equal((await call(app(), 'POST', '/api/auth/reset-password', { json: { token, password: newPassword } })).status, 200, 'checking used nothing up');
    assert.equal(stateOf(await check(token), 'after the reset'), 'used');
  });

  test('a link retired by a newer one, or by a password change, is invalid; so is an unknown one', async () => {
    const { user, accessToken } = await signUp(app());
    const first = linkIn((await requestReset(user.email)).mail.text);
    const second = linkIn((await requestReset(user.email)).mail.text);
    assert.equal(stateOf(await check(first), 'superseded'), 'invalid');
    assert.equal(stateOf(await check(second), 'newest'), 'valid');

    const changed = await call(app(), 'POST', '/api/auth/password', {
      token: accessToken,
      json: { currentPassword: user.password, newPassword: `Changed-${crypto.randomUUID()}` },
    });
    assert.equal(changed.status, 200);
    assert.equal(stateOf(await check(second), 'after a password change'), 'invalid');
    assert.equal(stateOf(await check('not-a-real-token-at-all'), 'unknown'), 'invalid');
  });

  test('the check refuses bad bodies with 400 and a foreign page with 403, never 500', async () => {
    for (const token of ['', '   ', 'x'.repeat(201), 42, null]) assertFieldError(await check(token), 'token', JSON.stringify(token));
    assertError(await call(app(), 'POST', '/api/auth/reset-password/check', { body: 'token=abc', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 400, 'validation_error');
    assertError(await check('whatever', { origin: 'https://evil.example' }), 403, 'forbidden_origin');
    assertError(await call(app(), 'GET', '/api/auth/reset-password/check'), 405, 'method_not_allowed');
  });

  test('the server log never holds the token', async () => {
    const { user } = await signUp(app());
    const token = linkIn((await requestReset(user.email)).mail.text);
    assert.ok(!app().output().includes(token));
  });
});

for (const [name, start, skip] of [
  ['embedded', embedded, false],
  ['postgres+redis', realServices, REAL_SERVICES_SKIP],
] as const) {
  describe(`password reset links in the database [${name}]`, { skip }, () => {
    test('a link past its 30 minutes is expired to the check, and the reset still refuses it', async () => {
      const server = await start({ SMTP_URL: smtp.url, APP_URL, MAIL_FROM: 'Auth <auth@example.test>' });
      try {
        const { user } = await signUp(server.app);
        const mail = smtp.nextMailTo(user.email, { subject: RESET_SUBJECT });
        assert.equal((await call(server.app, 'POST', '/api/auth/forgot-password', { json: { email: user.email } })).status, 202);
        const token = linkIn((await mail).text);
        await server.sql(`update password_reset_tokens set expires_at = now() - interval '1 second' where token_hash = $1`, [digest(token)]);
        const res = await call(server.app, 'POST', '/api/auth/reset-password/check', { json: { token } });
        assert.equal(res.status, 200);
        assert.equal(bodyOf(res, linkStateBody).state, 'expired');
        const reset = await call(server.app, 'POST', '/api/auth/reset-password', { json: { token, password: `Late-${crypto.randomUUID()}` } });
        assert.match(assertFieldError(reset, 'token'), /invalid, expired or already used/);
      } finally {
        await server.stop();
      }
    });
  });
}
