import assert from 'node:assert/strict';
import { randomInt, randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { startApp, type AppServer } from '../support/app-server';
import { assertError } from '../support/api-checks';
import { accessTokenOf, bodyOf, eventsBody, userOf } from '../support/bodies';
import { call, newUser, signUp, unlessBusy, type ApiResponse } from '../support/client';
import { adminEnv, signUpAs } from '../support/roles';
import { describeEachSetup } from '../support/setups';
import { startSmtpServer } from '../support/smtp';

const smtp = await startSmtpServer();
after(() => smtp.stop());

// Every counted attempt of a test must fall in one window. Each login hashes a password: on a
// machine saturated by five CI lanes four logins took over 10 s, the counts lapsed and a guess
// that should have been refused was checked. The two tests that wait a window out sleep longer.
const WINDOW_SECONDS = 30;
// A sign-up and seven logins must fit in one window: each hashes a password, and on a loaded CI
// machine the eight took 12 s, past a 10-s window, so the ninth was let through.
const AUTH_PER_IP_WINDOW_SECONDS = 60;
const LIMITS = {
  TRUST_PROXY: '1',
  // Reset mail needs an origin for its link; plain http keeps the cookies' unprefixed names.
  APP_URL: 'http://auth.example.test',
  SMTP_URL: smtp.url,
  RATE_LIMIT_LOGIN_FAILURES: `3/${WINDOW_SECONDS}s`,
  RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT: `6/${WINDOW_SECONDS}s`,
  RATE_LIMIT_PASSWORD_CHECKS_PER_USER: `4/${WINDOW_SECONDS}s`,
  RATE_LIMIT_AUTH_PER_IP: `8/${AUTH_PER_IP_WINDOW_SECONDS}s`,
  RATE_LIMIT_REFRESH_PER_SESSION: `5/${WINDOW_SECONDS}s`,
  RATE_LIMIT_FORGOT_PER_EMAIL_AND_IP: `2/${WINDOW_SECONDS}s`,
  RATE_LIMIT_FORGOT_PER_EMAIL: `5/${WINDOW_SECONDS}s`,
  RATE_LIMIT_FORGOT_PER_IP: `4/${WINDOW_SECONDS}s`,
  RATE_LIMIT_VERIFY_MAIL_PER_USER: `3/${WINDOW_SECONDS}s`,
};
const DEVICE_COOKIE_MAX_AGE = 365 * 86_400;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/**
 * A fresh client address per use, so tests do not share per-address buckets. Both set-ups run in
 * one process and the count goes on across them: 203.0.113.x ran out once the suite grew (past .255
 * an address is invalid, and every invalid one shares the "unknown" bucket, which a test fills). The
 * benchmarking range 198.18.0.0/15 holds 131,072, none of them the fixed addresses used below. Each
 * run starts at a random place in it: the counts live in Redis, which outlives a run, and a run
 * started within a window of the last one found its first addresses already refused.
 */
let addressCounter = randomInt(0, 100_000);
const newAddress = () => {
  const n = ++addressCounter % 131_072;
  return `198.${18 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`;
};
/** Headers of a request from `address` through the one trusted proxy, which appended it after what the client wrote. */
const from = (address: string) => ({ 'x-forwarded-for': `6.6.6.6, ${address}` });

function assertLimited(res: ApiResponse, why?: string, windowSeconds = WINDOW_SECONDS) {
  const { message } = assertError(res, 429, 'rate_limited', why);
  const retryAfter = Number(res.headers.get('retry-after'));
  assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= windowSeconds, `Retry-After ${res.headers.get('retry-after')}`);
  assert.match(message, /Try again in \d+ seconds?/);
  return retryAfter;
}

/** The device cookie a response set, as `name=value`, ready for a Cookie header. */
function deviceCookieOf(res: ApiResponse, name = 'device'): string {
  const header = res.setCookie.find((cookie) => cookie.startsWith(`${name}=`));
  assert.ok(header, `a ${name} cookie in: ${res.setCookie.join(' | ')}`);
  return header.split(';')[0]!;
}

function attributesOf(setCookie: string): string[] {
  return setCookie
    .split(';')
    .slice(1)
    .map((attribute) => attribute.trim().toLowerCase());
}

/** The same cookie with one character of its signature changed. */
function forged(cookie: string): string {
  const at = cookie.length - 10;
  return `${cookie.slice(0, at)}${cookie[at] === 'A' ? 'B' : 'A'}${cookie.slice(at + 1)}`;
}

describeEachSetup('rate limits', LIMITS, (app) => {
  async function register(address: string) {
    const user = newUser();
    const res = await call(app(), 'POST', '/api/auth/register', { json: user, headers: from(address) });
    assert.equal(res.status, 201);
    return { user, res };
  }
  const login = (email: string, password: string, address: string, cookie?: string) =>
    call(app(), 'POST', '/api/auth/login', {
      json: { email, password },
      headers: { ...from(address), 'user-agent': 'RateTest/1.0', ...(cookie === undefined ? {} : { cookie }) },
    });
  const forgot = (email: string, address: string) => call(app(), 'POST', '/api/auth/forgot-password', { json: { email }, headers: from(address) });
  /**
   * One guess from each of `count` new addresses, all at once. A guess the full hashing queue
   * refuses (503, counted nowhere) goes again after its Retry-After, as a client would: on a
   * loaded machine the queue turns away part of a burst, and these tests are about which guesses
   * count, not about load.
   */
  const spray = (email: string, count: number) =>
    Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const address = newAddress();
        const password = `spray-${i}-${randomUUID()}`;
        return unlessBusy(() => login(email, password, address));
      }),
    );
  const statusCounts = (results: ApiResponse[]) =>
    results.reduce<Record<number, number>>((counts, res) => ({ ...counts, [res.status]: (counts[res.status] ?? 0) + 1 }), {});
  async function eventTypes(accessToken: string): Promise<string[]> {
    const res = await call(app(), 'GET', '/api/auth/events', { token: accessToken });
    assert.equal(res.status, 200);
    return bodyOf(res, eventsBody).events.map((event) => event.type);
  }

  test('brute force on one account is refused from the 4th attempt, with Retry-After, even with the right password', async () => {
    const attacker = newAddress();
    const { user } = await register(newAddress());
    for (let i = 0; i < 3; i++) assert.equal((await login(user.email, `wrong-${i}-password`, attacker)).status, 401);
    assertLimited(await login(user.email, 'wrong-again-password', attacker));
    assertLimited(await login(user.email, user.password, attacker));
  });

  test('other spellings of an address (capitals, full-width letters) count as that address, for logins and for mail', async () => {
    const attacker = newAddress();
    const { user } = await register(newAddress());
    const fullWidth = (email: string) => String.fromCharCode(email.charCodeAt(0) + 0xfee0) + email.slice(1);
    const spellings = [user.email.toUpperCase(), fullWidth(user.email), fullWidth(user.email.toUpperCase())];
    for (const [i, spelling] of spellings.entries()) {
      assert.equal((await login(spelling, `wrong-${i}-password`, attacker)).status, 401, `${spelling} reaches the account`);
    }
    assertLimited(await login(user.email, user.password, attacker));

    const asker = newAddress();
    assert.equal((await forgot(fullWidth(user.email), asker)).status, 202);
    assert.equal((await forgot(user.email.toUpperCase(), asker)).status, 202);
    assertLimited(await forgot(user.email, asker));
  });

  test('the owner, from their own address, is never locked out by an attacker', async () => {
    const attacker = newAddress();
    const owner = newAddress();
    const { user } = await register(owner);
    for (let i = 0; i < 5; i++) await login(user.email, `wrong-${i}-password`, attacker);
    assertLimited(await login(user.email, user.password, attacker));
    assert.equal((await login(user.email, user.password, owner)).status, 200);
  });

  test('a successful login forgives earlier failures from that address', async () => {
    const address = newAddress();
    const { user } = await register(newAddress());
    for (let i = 0; i < 2; i++) assert.equal((await login(user.email, `wrong-${i}-password`, address)).status, 401);
    assert.equal((await login(user.email, user.password, address)).status, 200);
    for (let i = 0; i < 2; i++) assert.equal((await login(user.email, `wrong-${i}-again`, address)).status, 401);
  });

  test('parallel guesses cannot slip past the limit: at most 3 of 10 reach the password check', async () => {
    const address = newAddress();
    const { user } = await register(newAddress());
    // A guess the full hashing queue turns away (503, before the limit counts it) goes again after
    // its Retry-After, as in spray(): a loaded machine refuses part of any burst.
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => unlessBusy(() => login(user.email, `parallel-${i}-guess`, address))));
    const statuses = results.map((res) => res.status);
    // Status and message of each answer, so that a 503 says whether the hashing queue or a backend refused.
    const answers = results.map((res) => `${res.status} ${(res.body as { message?: unknown } | undefined)?.message ?? ''}`.trim()).join(' | ');
    assert.equal(statuses.filter((status) => status === 401).length, 3, answers);
    assert.equal(statuses.filter((status) => status === 429).length, 7, answers);
  });

  test('unknown emails are limited exactly like known ones', async () => {
    const address = newAddress();
    const email = `ghost-${randomUUID()}@example.com`;
    for (let i = 0; i < 3; i++) assert.equal((await login(email, `wrong-${i}-password`, address)).status, 401);
    assertLimited(await login(email, 'wrong-password-4', address));
  });

  test('failed logins per account across addresses: a spray is refused before the password check, even with the right password', async () => {
    const { user } = await register(newAddress());
    const results = await spray(user.email, 10);
    assert.deepEqual(statusCounts(results), { 401: 6, 429: 4 }, 'exactly 6 of 10 passwords were checked');
    for (const res of results.filter((res) => res.status === 429)) assertLimited(res);
    assertLimited(await login(user.email, user.password, newAddress()));
  });

  test('unknown emails are limited across addresses exactly like known ones', async () => {
    const results = await spray(`ghost-${randomUUID()}@example.com`, 8);
    assert.deepEqual(statusCounts(results), { 401: 6, 429: 2 });
  });

  test("the owner's device, holding the cookie from an earlier login, still gets in while the account is under attack", async () => {
    const owner = newAddress();
    const { user } = await register(owner);
    const earlier = await login(user.email, user.password, owner);
    assert.equal(earlier.status, 200);
    const device = deviceCookieOf(earlier);

    assert.deepEqual(statusCounts(await spray(user.email, 8)), { 401: 6, 429: 2 });
    assertLimited(await login(user.email, user.password, owner), 'without the cookie, even from its own address');

    const signedIn = await login(user.email, user.password, newAddress(), device);
    assert.equal(signedIn.status, 200, JSON.stringify(signedIn.body));
    const types = await eventTypes(accessTokenOf(signedIn));
    assert.equal(types.filter((type) => type === 'login_failed').length, 6, 'only the counted attempts reached the password check');
    assert.equal(types.filter((type) => type === 'login_rate_limited').length, 3, "the account-wide refusals are in the owner's log");
  });

  test('the cookie set at sign-up exempts that browser too, for that account only; one cookie serves several accounts', async () => {
    const first = await register(newAddress());
    const firstDevice = deviceCookieOf(first.res);
    const secondUser = newUser();
    const second = await call(app(), 'POST', '/api/auth/register', { json: secondUser, headers: { ...from(newAddress()), cookie: firstDevice } });
    assert.equal(second.status, 201);
    const bothDevice = deviceCookieOf(second);

    // One account after the other: twelve guesses at once could meet the bounded hashing queue on a
    // busy machine, and a guess it refuses (503) is never counted.
    for (const email of [first.user.email, secondUser.email]) assert.deepEqual(statusCounts(await spray(email, 6)), { 401: 6 });
    assertLimited(await login(secondUser.email, secondUser.password, newAddress(), firstDevice), "the first account's cookie does not exempt the second");
    assert.equal((await login(first.user.email, first.user.password, newAddress(), bothDevice)).status, 200);
    assert.equal((await login(secondUser.email, secondUser.password, newAddress(), bothDevice)).status, 200);
  });

  test("a forged device cookie, or another account's, does not exempt", async () => {
    const { user } = await register(newAddress());
    const device = deviceCookieOf(await login(user.email, user.password, newAddress()));
    const other = await register(newAddress());
    const otherDevice = deviceCookieOf(await login(other.user.email, other.user.password, newAddress()));
    await spray(user.email, 6);

    for (const cookie of [forged(device), otherDevice, 'device=garbage', `${otherDevice}; ${forged(device)}`]) {
      assertLimited(await login(user.email, user.password, newAddress(), cookie), cookie);
    }
    assert.equal((await login(user.email, user.password, newAddress(), device)).status, 200, 'the genuine cookie still works');
  });

  test('a device is still limited per address, and a device that keeps failing is locked out on its own', async () => {
    const owner = newAddress();
    const { user } = await register(owner);
    const device = deviceCookieOf(await login(user.email, user.password, owner));
    const address = newAddress();
    for (let i = 0; i < 3; i++) assert.equal((await login(user.email, `wrong-${i}-password`, address, device)).status, 401);
    assertLimited(await login(user.email, user.password, address, device));
    assertLimited(await login(user.email, user.password, newAddress(), device), 'the device has used up its own attempts');
    assert.equal((await login(user.email, user.password, newAddress())).status, 200, "the device's failures did not use up the account-wide count");
  });

  test('the device cookie: HttpOnly, SameSite=Strict, Path=/, host-only, a year long; set by sign-up and login, left alone by refresh and logout', async () => {
    const { user, res } = await register(newAddress());
    const signedIn = await login(user.email, user.password, newAddress());
    assert.equal(signedIn.status, 200);
    for (const response of [res, signedIn]) {
      const header = response.setCookie.find((cookie) => cookie.startsWith('device='));
      assert.ok(header, response.setCookie.join(' | '));
      assert.deepEqual(attributesOf(header).sort(), ['httponly', `max-age=${DEVICE_COOKIE_MAX_AGE}`, 'path=/', 'samesite=strict'], 'no Secure over http, no Domain');
      assert.ok(header.length < 200, 'one account is a short entry');
    }
    const refreshed = await call(app(), 'POST', '/api/auth/refresh', { cookie: res.refreshCookie! });
    assert.equal(refreshed.status, 200);
    const loggedOut = await call(app(), 'POST', '/api/auth/logout', { cookie: refreshed.refreshCookie! });
    for (const response of [refreshed, loggedOut]) assert.ok(!response.setCookie.some((cookie) => cookie.startsWith('device=')), response.setCookie.join(' | '));
  });

  test('wrong current passwords: 4 per user per window from any session or address, counted before the check; a right one is not counted and forgives nothing', async () => {
    const { user, res } = await register(newAddress());
    const sessions = [accessTokenOf(res), accessTokenOf(await login(user.email, user.password, newAddress()))];
    const change = (session: number, currentPassword: string, newPassword = `Changed-${randomUUID()}`) =>
      call(app(), 'POST', '/api/auth/password', { token: sessions[session], json: { currentPassword, newPassword }, headers: from(newAddress()) });

    for (let i = 0; i < 3; i++) {
      const wrong = await change(i % 2, `wrong-${i}-password`);
      assertError(wrong, 400, 'validation_error');
    }
    const renewed = `Renewed-${randomUUID()}`;
    assert.equal((await change(0, user.password, renewed)).status, 200);
    assert.equal((await change(1, 'wrong-again-password')).status, 400);
    assertLimited(await change(0, renewed));
    assertLimited(await change(1, renewed));
  });

  test('logins and sign-ups from one address: 8 per window, then 429; another address is unaffected', async () => {
    const address = newAddress();
    const { user } = await register(address);
    for (let i = 0; i < 7; i++) assert.equal((await login(user.email, user.password, address)).status, 200);
    assertLimited(await login(user.email, user.password, address), undefined, AUTH_PER_IP_WINDOW_SECONDS);
    assertLimited(await call(app(), 'POST', '/api/auth/register', { json: newUser(), headers: from(address) }), undefined, AUTH_PER_IP_WINDOW_SECONDS);
    assert.equal((await login(user.email, user.password, newAddress())).status, 200);
  });

  test("emailed links from one address: checks, resets and verifications share 8 per window, then 429 before the link is read; the address's logins are counted apart", async () => {
    const address = newAddress();
    const { user } = await register(address);
    const send = (path: string, json: Record<string, string>, client = address) => call(app(), 'POST', path, { json, headers: from(client) });
    const check = (token: string, client = address) => send('/api/auth/reset-password/check', { token }, client);
    const reset = (token: string) => send('/api/auth/reset-password', { token, password: newUser().password });
    const verify = (token: string) => send('/api/auth/verify-email', { token });
    for (let i = 0; i < 4; i++) assert.equal((await check(`unknown-${i}`)).status, 200);
    for (let i = 0; i < 2; i++) assertError(await reset(`unknown-reset-${i}`), 400, 'validation_error');
    for (let i = 0; i < 2; i++) assertError(await verify(`unknown-verify-${i}`), 400, 'validation_error');
    assertLimited(await check('unknown-9'), undefined, AUTH_PER_IP_WINDOW_SECONDS);
    assertLimited(await reset(''), 'a reset, counted before the body is read', AUTH_PER_IP_WINDOW_SECONDS);
    assertLimited(await verify(''), 'a verification, counted before the body is read', AUTH_PER_IP_WINDOW_SECONDS);
    assert.equal((await check('unknown-10', newAddress())).status, 200, 'another address is unaffected');
    assert.equal((await login(user.email, user.password, address)).status, 200, 'logins from the address still go through');
  });

  // The two tests that wait a window out (up to 30 s each) wait it out together: each uses
  // accounts and addresses of its own.
  describe('limits that lift', { concurrency: true }, () => {
    test('the limit lifts after the window', async () => {
      const address = newAddress();
      const { user } = await register(newAddress());
      for (let i = 0; i < 3; i++) await login(user.email, `wrong-${i}-password`, address);
      const retryAfter = assertLimited(await login(user.email, user.password, address));
      await sleep(retryAfter * 1000 + 200);
      assert.equal((await login(user.email, user.password, address)).status, 200);
    });

    test('refreshes per session: 5 per window, then 429; the session itself survives and other sessions are unaffected', async () => {
      const { res } = await register(newAddress());
      const other = await signUp(app());
      let cookie = res.refreshCookie!;
      for (let i = 0; i < 5; i++) {
        const refreshed = await call(app(), 'POST', '/api/auth/refresh', { cookie });
        assert.equal(refreshed.status, 200);
        cookie = refreshed.refreshCookie!;
      }
      const limited = await call(app(), 'POST', '/api/auth/refresh', { cookie });
      const retryAfter = assertLimited(limited);
      assert.equal(limited.refreshCookie, undefined, 'the cookie is kept for later');
      assert.equal((await call(app(), 'POST', '/api/auth/refresh', { cookie: other.refresh })).status, 200);
      await sleep(retryAfter * 1000 + 200);
      assert.equal((await call(app(), 'POST', '/api/auth/refresh', { cookie })).status, 200);
    });
  });

  test("a session over its refresh limit whose account was deleted meanwhile is told 401, not to come back in N seconds", async () => {
    const { res } = await register(newAddress());
    let cookie = res.refreshCookie!;
    for (let i = 0; i < 5; i++) {
      const refreshed = await call(app(), 'POST', '/api/auth/refresh', { cookie });
      assert.equal(refreshed.status, 200);
      cookie = refreshed.refreshCookie!;
    }
    assertLimited(await call(app(), 'POST', '/api/auth/refresh', { cookie }));
    assert.equal((await call(app(), 'DELETE', '/api/auth/account', { token: accessTokenOf(res) })).status, 200);
    const ended = await call(app(), 'POST', '/api/auth/refresh', { cookie });
    assertError(ended, 401, 'invalid_refresh_token');
    assert.equal(ended.refreshCookie, '', 'the dead cookie is cleared');
  });

  test('forgot-password: 2 per email from one address, 5 per email from all, 4 per address; the same answer for every address', async () => {
    const address = newAddress();
    const email = `forgetful-${randomUUID()}@example.com`;
    for (let i = 0; i < 2; i++) assert.equal((await forgot(email, address)).status, 202);
    assertLimited(await forgot(email, address));
    for (let i = 0; i < 3; i++) assert.equal((await forgot(email, newAddress())).status, 202, 'other addresses keep their own quota');
    assertLimited(await forgot(email, newAddress()));

    const spammer = newAddress();
    for (let i = 0; i < 4; i++) assert.equal((await forgot(`victim-${i}-${randomUUID()}@example.com`, spammer)).status, 202);
    assertLimited(await forgot(`victim-x-${randomUUID()}@example.com`, spammer));
  });

  test('forgot-password: an attacker using up its own quota for an email does not stop the owner elsewhere; the per-email ceiling stops a spray', async () => {
    const { user } = await register(newAddress());
    const requestMail = async (address: string) => {
      const mail = smtp.nextMailTo(user.email, { subject: 'Reset your password' });
      assert.equal((await forgot(user.email, address)).status, 202);
      return mail;
    };
    const attacker = newAddress();
    for (let i = 0; i < 2; i++) await requestMail(attacker);
    assertLimited(await forgot(user.email, attacker));

    const received = await requestMail(newAddress());
    assert.equal(received.subject, 'Reset your password', "the owner's mail arrives");

    for (let i = 0; i < 2; i++) await requestMail(newAddress());
    const resetMails = () => smtp.mails.filter((mail) => mail.to.includes(user.email) && mail.subject === 'Reset your password').length;
    const before = resetMails();
    assertLimited(await forgot(user.email, newAddress()));
    await sleep(300);
    assert.equal(resetMails(), before, 'no mail past the ceiling');
  });

  const resend = (accessToken: string, address: string) => call(app(), 'POST', '/api/auth/verify-email/resend', { token: accessToken, headers: from(address) });
  const askForLink = (email: string, address: string) => call(app(), 'POST', '/api/auth/verify-email/request', { json: { email }, headers: from(address) });
  const changeEmail = (accessToken: string, email: string, address: string) => call(app(), 'POST', '/api/auth/email', { token: accessToken, json: { email }, headers: from(address) });

  test('verification mail: 3 per user from any address, the first right after sign-up; address changes count for the user too', async () => {
    const { res } = await register(newAddress());
    for (let i = 0; i < 3; i++) assert.equal((await resend(accessTokenOf(res), newAddress())).status, 202, `resend ${i + 1}`);
    assertLimited(await resend(accessTokenOf(res), newAddress()), 'the 4th in the window');

    const other = await register(newAddress());
    for (let i = 0; i < 3; i++) assert.equal((await changeEmail(accessTokenOf(other.res), `moved-${i}-${randomUUID()}@example.com`, newAddress())).status, 202);
    assertLimited(await changeEmail(accessTokenOf(other.res), `moved-x-${randomUUID()}@example.com`, newAddress()), 'one account cannot mail a new stranger each time');
  });

  test('verification mail by address: limited like reset requests (2 per email and address, 5 per email, 4 per address) with counters of its own', async () => {
    const address = newAddress();
    const { user } = await register(newAddress());
    for (let i = 0; i < 2; i++) assert.equal((await askForLink(user.email, address)).status, 202);
    assertLimited(await askForLink(user.email, address));
    assert.equal((await forgot(user.email, address)).status, 202, 'a reset request has its own count');
    for (let i = 0; i < 3; i++) assert.equal((await askForLink(user.email, newAddress())).status, 202, 'other addresses keep their own quota');
    assertLimited(await askForLink(user.email, newAddress()), 'the per-email ceiling');

    const spammer = newAddress();
    for (let i = 0; i < 4; i++) assert.equal((await askForLink(`victim-${i}-${randomUUID()}@example.com`, spammer)).status, 202);
    assertLimited(await askForLink(`victim-x-${randomUUID()}@example.com`, spammer), 'the per-address ceiling');
  });

  test('a spoofed leftmost X-Forwarded-For opens no new bucket: the entry the proxy appended decides', async () => {
    const address = newAddress();
    const { user } = await register(newAddress());
    const statuses = [];
    for (let i = 0; i < 6; i++) {
      const headers = { 'x-forwarded-for': `198.51.100.${i}, ${address}` };
      statuses.push((await call(app(), 'POST', '/api/auth/login', { json: { email: user.email, password: `guess-${i}-password` }, headers })).status);
    }
    assert.deepEqual(statuses, [401, 401, 401, 429, 429, 429]);
  });

  test('garbage or an over-long entry where the proxy\'s belongs is an unknown client: one shared bucket, no address logged', async () => {
    const owner = newAddress();
    const { user } = await register(owner);
    const unusable = ['not-an-address', '9'.repeat(300), '203.0.113.1:4567', `${newAddress()}, `];
    const statuses = [];
    for (const [i, forwarded] of unusable.entries()) {
      statuses.push((await call(app(), 'POST', '/api/auth/login', { json: { email: user.email, password: `guess-${i}-password` }, headers: { 'x-forwarded-for': forwarded } })).status);
    }
    assert.deepEqual(statuses, [401, 401, 401, 429], 'every unusable value lands in the one "unknown" bucket');
    const signedIn = await login(user.email, user.password, owner);
    assert.equal(signedIn.status, 200);
    const { events } = bodyOf(await call(app(), 'GET', '/api/auth/events', { token: accessTokenOf(signedIn) }), eventsBody);
    const failed = events.filter((event) => event.type === 'login_failed');
    assert.equal(failed.length, 3);
    assert.ok(failed.every((event) => event.ip === null), JSON.stringify(failed.map((event) => event.ip)));
  });

  test('failed and throttled logins are in the security log with the address, visible to the account owner', async () => {
    const attacker = newAddress();
    const owner = newAddress();
    const { user, res } = await register(owner);
    for (let i = 0; i < 4; i++) await login(user.email, `wrong-${i}-password`, attacker);
    const signedIn = await login(user.email, user.password, owner);
    const { events } = bodyOf(await call(app(), 'GET', '/api/auth/events', { token: accessTokenOf(signedIn) }), eventsBody);
    const failed = events.filter((event) => event.type === 'login_failed');
    assert.equal(failed.length, 3);
    assert.ok(failed.every((event) => event.ip === attacker && event.userAgent === 'RateTest/1.0'));
    const throttled = events.filter((event) => event.type === 'login_rate_limited');
    assert.deepEqual(
      throttled.map(({ userId, email, ip, userAgent }) => ({ userId, email, ip, userAgent })),
      [{ userId: userOf(res).id, email: user.email, ip: attacker, userAgent: 'RateTest/1.0' }],
      'the refused 4th attempt, under the account it was aimed at',
    );
    assert.equal(events[0]!.type, 'login');
    assert.equal(events[0]!.ip, owner);
  });
});

describe('throttled sign-ins in the admin log [embedded]', () => {
  let app: AppServer;
  before(async () => {
    app = await startApp({ ...adminEnv(`throttle-admin-${randomUUID()}@example.com`), RATE_LIMIT_LOGIN_FAILURES: `2/${WINDOW_SECONDS}s` });
  });
  after(() => app.stop());

  test('name the account the address belongs to, and no account for an address nobody uses; the caller cannot tell them apart', async () => {
    const admin = await signUpAs(app, 'admin');
    const target = await signUpAs(app, 'user');
    const nobody = `nobody-${randomUUID()}@example.com`;
    const refusals: ApiResponse[] = [];
    for (const email of [target.email, nobody]) {
      for (let i = 0; i < 2; i++) assert.equal((await call(app, 'POST', '/api/auth/login', { json: { email, password: `wrong-${i}-password` } })).status, 401);
      const refused = await call(app, 'POST', '/api/auth/login', { json: { email, password: 'wrong-again-password' } });
      assertLimited(refused);
      refusals.push(refused);
    }
    // The wait may differ by a second between the two; nothing else may.
    const answer = (res: ApiResponse) => ({ status: res.status, body: JSON.stringify(res.body).replace(/\d+ seconds?/, 'N seconds') });
    assert.deepEqual(answer(refusals[0]!), answer(refusals[1]!), 'the same answer with and without an account');

    const { events } = bodyOf(await call(app, 'GET', '/api/admin/events?limit=100', { token: admin.accessToken }), eventsBody);
    const throttled = events.filter((event) => event.type === 'login_rate_limited').map(({ userId, email, ip }) => ({ userId, email, ip }));
    assert.deepEqual(throttled, [
      { userId: null, email: nobody, ip: '127.0.0.1' },
      { userId: target.id, email: target.email, ip: '127.0.0.1' },
    ]);
  });
});

describe('client address without TRUST_PROXY [embedded]', () => {
  let app: AppServer;
  before(async () => {
    app = await startApp({ RATE_LIMIT_AUTH_PER_IP: `3/${WINDOW_SECONDS}s` });
  });
  after(() => app.stop());

  test('X-Forwarded-For and a forged address header do not open new buckets: the socket decides', async () => {
    const user = newUser();
    assert.equal((await call(app, 'POST', '/api/auth/register', { json: user })).status, 201);
    const spoofed: Record<string, string>[] = [{ 'x-forwarded-for': '198.51.100.1' }, { 'x-forwarded-for': '198.51.100.2' }, { 'x-auth-client-address': '198.51.100.3' }];
    const statuses = [];
    for (const headers of spoofed) statuses.push((await call(app, 'POST', '/api/auth/login', { json: { email: user.email, password: user.password }, headers })).status);
    assert.deepEqual(statuses, [200, 200, 429]);
  });
});

describe('the device cookie over HTTPS [embedded]', () => {
  let app: AppServer;
  before(async () => {
    app = await startApp({ APP_URL: 'https://auth.example.test', RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT: `2/${WINDOW_SECONDS}s` });
  });
  after(() => app.stop());

  test('is __Host-device, Secure, and the only name read over HTTPS', async () => {
    const user = newUser();
    const registered = await call(app, 'POST', '/api/auth/register', { json: user });
    assert.equal(registered.status, 201);
    const header = registered.setCookie.find((cookie) => cookie.startsWith('__Host-device='));
    assert.ok(header, registered.setCookie.join(' | '));
    assert.deepEqual(attributesOf(header).sort(), ['httponly', `max-age=${DEVICE_COOKIE_MAX_AGE}`, 'path=/', 'samesite=strict', 'secure']);
    assert.ok(!registered.setCookie.some((cookie) => cookie.startsWith('device=')));

    const value = header.split(';')[0]!.slice('__Host-device='.length);
    const login = (cookie: string) => call(app, 'POST', '/api/auth/login', { json: { email: user.email, password: user.password }, headers: { cookie } });
    for (let i = 0; i < 2; i++) await call(app, 'POST', '/api/auth/login', { json: { email: user.email, password: `wrong-${i}-password` } });
    assertLimited(await login(`device=${value}`), 'the unprefixed name, which a sibling subdomain could plant, is not read');
    assert.equal((await login(`__Host-device=${value}`)).status, 200);
  });
});

describe('client address with TRUST_PROXY=2 [embedded]', () => {
  let app: AppServer;
  before(async () => {
    app = await startApp({ TRUST_PROXY: '2', RATE_LIMIT_LOGIN_FAILURES: `3/${WINDOW_SECONDS}s` });
  });
  after(() => app.stop());

  const guess = (email: string, forwardedFor: string, i: number) =>
    call(app, 'POST', '/api/auth/login', { json: { email, password: `guess-${i}-password` }, headers: { 'x-forwarded-for': forwardedFor } });

  test('the second entry from the right decides: neither what the client wrote nor which inner proxy passed it on', async () => {
    const user = newUser();
    assert.equal((await call(app, 'POST', '/api/auth/register', { json: user })).status, 201);
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await guess(user.email, `6.6.6.${i}, 203.0.113.77, 10.0.0.${i}`, i)).status);
    assert.deepEqual(statuses, [401, 401, 401, 429, 429]);
    assert.equal((await guess(user.email, '6.6.6.6, 203.0.113.78, 10.0.0.1', 9)).status, 401, 'another client is another bucket');
  });

  test('fewer entries than proxies is an unknown client, logged without an address', async () => {
    const user = newUser();
    assert.equal((await call(app, 'POST', '/api/auth/register', { json: user })).status, 201);
    assert.equal((await guess(user.email, '203.0.113.79', 0)).status, 401);
    const signedIn = await call(app, 'POST', '/api/auth/login', { json: user, headers: { 'x-forwarded-for': '203.0.113.80, 10.0.0.1' } });
    const { events } = bodyOf(await call(app, 'GET', '/api/auth/events', { token: accessTokenOf(signedIn) }), eventsBody);
    assert.deepEqual(
      events.filter((event) => event.type.startsWith('login')).map((event) => [event.type, event.ip]),
      [
        ['login', '203.0.113.80'],
        ['login_failed', null],
      ],
    );
  });
});
