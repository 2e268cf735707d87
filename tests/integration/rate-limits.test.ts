import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { startApp, type AppServer } from '../support/app-server';
import { call, newUser, signUp, type ApiResponse } from '../support/client';
import { describeEachSetup } from '../support/setups';

const WINDOW_SECONDS = 10;
const LIMITS = {
  TRUST_PROXY: '1',
  RATE_LIMIT_LOGIN_FAILURES: `3/${WINDOW_SECONDS}s`,
  RATE_LIMIT_AUTH_PER_IP: `8/${WINDOW_SECONDS}s`,
  RATE_LIMIT_REFRESH_PER_SESSION: `5/${WINDOW_SECONDS}s`,
  RATE_LIMIT_FORGOT_PER_EMAIL: `2/${WINDOW_SECONDS}s`,
  RATE_LIMIT_FORGOT_PER_IP: `4/${WINDOW_SECONDS}s`,
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let addressCounter = 0;
/** A fresh client address per use, so tests do not share per-address buckets. */
const newAddress = () => `203.0.113.${++addressCounter}`;
/** Headers of a request from `address` through the one trusted proxy, which appended it after what the client wrote. */
const from = (address: string) => ({ 'x-forwarded-for': `6.6.6.6, ${address}` });

function assertLimited(res: ApiResponse) {
  assert.equal(res.status, 429, JSON.stringify(res.body));
  assert.equal(res.body.code, 'rate_limited');
  assert.equal(res.body.success, false);
  const retryAfter = Number(res.headers.get('retry-after'));
  assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= WINDOW_SECONDS, `Retry-After ${res.headers.get('retry-after')}`);
  assert.match(res.body.message, /Try again in \d+ seconds?/);
  return retryAfter;
}

describeEachSetup('rate limits', LIMITS, (app) => {
  async function register(address: string) {
    const user = newUser();
    const res = await call(app(), 'POST', '/api/auth/register', { json: user, headers: from(address) });
    assert.equal(res.status, 201);
    return { user, res };
  }
  const login = (email: string, password: string, address: string) =>
    call(app(), 'POST', '/api/auth/login', { json: { email, password }, headers: { ...from(address), 'user-agent': 'RateTest/1.0' } });

  test('brute force on one account is refused from the 4th attempt, with Retry-After, even with the right password', async () => {
    const attacker = newAddress();
    const { user } = await register(newAddress());
    for (let i = 0; i < 3; i++) assert.equal((await login(user.email, `wrong-${i}-password`, attacker)).status, 401);
    assertLimited(await login(user.email, 'wrong-again-password', attacker));
    assertLimited(await login(user.email, user.password, attacker));
  });

  test('the owner, from their own address, is never locked out by an attacker', async () => {
    const attacker = newAddress();
    const owner = newAddress();
    const { user } = await register(owner);
    for (let i = 0; i < 5; i++) await login(user.email, `wrong-${i}-password`, attacker);
    assertLimited(await login(user.email, user.password, attacker));
    assert.equal((await login(user.email, user.password, owner)).status, 200);
  });

  test('the limit lifts after the window', async () => {
    const address = newAddress();
    const { user } = await register(newAddress());
    for (let i = 0; i < 3; i++) await login(user.email, `wrong-${i}-password`, address);
    const retryAfter = assertLimited(await login(user.email, user.password, address));
    await sleep(retryAfter * 1000 + 200);
    assert.equal((await login(user.email, user.password, address)).status, 200);
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
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => login(user.email, `parallel-${i}-guess`, address)));
    const statuses = results.map((res) => res.status);
    assert.equal(statuses.filter((status) => status === 401).length, 3, statuses.join(','));
    assert.equal(statuses.filter((status) => status === 429).length, 7);
  });

  test('unknown emails are limited exactly like known ones', async () => {
    const address = newAddress();
    const email = `ghost-${randomUUID()}@example.com`;
    for (let i = 0; i < 3; i++) assert.equal((await login(email, `wrong-${i}-password`, address)).status, 401);
    assertLimited(await login(email, 'wrong-password-4', address));
  });

  test('logins and sign-ups from one address: 8 per window, then 429; another address is unaffected', async () => {
    const address = newAddress();
    const { user } = await register(address);
    for (let i = 0; i < 7; i++) assert.equal((await login(user.email, user.password, address)).status, 200);
    assertLimited(await login(user.email, user.password, address));
    assertLimited(await call(app(), 'POST', '/api/auth/register', { json: newUser(), headers: from(address) }));
    assert.equal((await login(user.email, user.password, newAddress())).status, 200);
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

  test('forgot-password: 2 per email per window, 4 per address; the same answer for every address', async () => {
    const address = newAddress();
    const email = `forgetful-${randomUUID()}@example.com`;
    const forgot = (target: string, source: string) => call(app(), 'POST', '/api/auth/forgot-password', { json: { email: target }, headers: from(source) });
    assert.equal((await forgot(email, address)).status, 202);
    assert.equal((await forgot(email, newAddress())).status, 202);
    assertLimited(await forgot(email, newAddress()));

    const spammer = newAddress();
    for (let i = 0; i < 4; i++) assert.equal((await forgot(`victim-${i}-${randomUUID()}@example.com`, spammer)).status, 202);
    assertLimited(await forgot(`victim-x-${randomUUID()}@example.com`, spammer));
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
    const events = (await call(app(), 'GET', '/api/auth/events', { token: signedIn.body.accessToken })).body.events as { type: string; ip: string | null }[];
    const failed = events.filter((event) => event.type === 'login_failed');
    assert.equal(failed.length, 3);
    assert.ok(failed.every((event) => event.ip === null), JSON.stringify(failed.map((event) => event.ip)));
  });

  test('failed and throttled logins are in the security log with the address, visible to the account owner', async () => {
    const attacker = newAddress();
    const owner = newAddress();
    const { user } = await register(owner);
    for (let i = 0; i < 4; i++) await login(user.email, `wrong-${i}-password`, attacker);
    const signedIn = await login(user.email, user.password, owner);
    const events = (await call(app(), 'GET', '/api/auth/events', { token: signedIn.body.accessToken })).body.events as { type: string; ip: string; userAgent: string }[];
    const failed = events.filter((event) => event.type === 'login_failed');
    assert.equal(failed.length, 3);
    assert.ok(failed.every((event) => event.ip === attacker && event.userAgent === 'RateTest/1.0'));
    assert.equal(events[0]!.type, 'login');
    assert.equal(events[0]!.ip, owner);
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
    const events = (await call(app, 'GET', '/api/auth/events', { token: signedIn.body.accessToken })).body.events as { type: string; ip: string | null }[];
    assert.deepEqual(
      events.filter((event) => event.type.startsWith('login')).map((event) => [event.type, event.ip]),
      [
        ['login', '203.0.113.80'],
        ['login_failed', null],
      ],
    );
  });
});
