import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parseFlag } from '../../lib/config/env';
import { startApp, type AppServer } from '../support/app-server';
import { accessTokenOf, bodyOf, eventsBody } from '../support/bodies';
import { newUser } from '../support/client';
import { httpsProxyUnavailable, startHttpsProxy, type HttpsProxy } from '../support/https-proxy';
import { freePort } from '../support/ports';

/**
 * The attack this guards against, end to end: the app behind a real nginx with the usual
 * `proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for` (nginx appends the address it
 * saw to whatever the client sent) and TRUST_PROXY=1. A client that writes its own
 * X-Forwarded-For must still be counted and logged by the address nginx appended: here always
 * 127.0.0.1, since the test connects from loopback.
 */

const unavailable = httpsProxyUnavailable();
const required = parseFlag(process.env.CI) === true;

describe('client address behind nginx appending to X-Forwarded-For [embedded]', { skip: required ? false : unavailable }, () => {
  let app: AppServer;
  let proxy: HttpsProxy;

  before(async () => {
    if (unavailable) throw new Error(`${unavailable}: CI must run this suite`);
    app = await startApp({ TRUST_PROXY: '1', RATE_LIMIT_LOGIN_FAILURES: '3/1m', RATE_LIMIT_FORGOT_PER_IP: '3/1m' });
    proxy = await startHttpsProxy({ port: await freePort(), upstream: app.url });
  });
  after(async () => {
    await proxy?.stop();
    await app?.stop();
  });

  async function post(path: string, json: unknown, forwardedFor?: string) {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (forwardedFor !== undefined) headers['x-forwarded-for'] = forwardedFor;
    const res = await proxy.request(path, { method: 'POST', headers, body: JSON.stringify(json) });
    const body: unknown = JSON.parse(res.body);
    return { status: res.status, body };
  }

  async function eventsOf(user: { email: string; password: string }) {
    const login = await post('/api/auth/login', { email: user.email, password: user.password }, '6.6.6.6');
    assert.equal(login.status, 200, JSON.stringify(login.body));
    const res = await proxy.request('/api/auth/events', { method: 'GET', headers: { authorization: `Bearer ${accessTokenOf(login)}` } });
    const body: unknown = JSON.parse(res.body);
    return bodyOf({ status: res.status, body }, eventsBody).events;
  }

  test('60 guesses at one account, each with a new spoofed X-Forwarded-For, share one bucket: 3 checked, 57 refused', async () => {
    const user = newUser();
    assert.equal((await post('/api/auth/register', user)).status, 201);
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) statuses.push((await post('/api/auth/login', { email: user.email, password: `guess-${i}-password` }, `6.6.${i}.6`)).status);
    assert.equal(statuses.filter((status) => status === 401).length, 3, statuses.join(','));
    assert.equal(statuses.filter((status) => status === 429).length, 57);
  });

  test('forgot-password counts per address whatever the client writes in front', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await post('/api/auth/forgot-password', { email: `someone-${i}@example.com` }, `6.6.6.${i}, 10.${i}.0.1`)).status);
    assert.deepEqual(statuses, [202, 202, 202, 429]);
  });

  test('the security event log records the address nginx appended, never what the client wrote', async () => {
    const user = newUser();
    assert.equal((await post('/api/auth/register', user, '6.6.6.6')).status, 201);
    const garbage = `${'<script>'.repeat(40)}, `;
    assert.equal((await post('/api/auth/login', { email: user.email, password: 'wrong-password-1' }, `${garbage}6.6.6.6`)).status, 401);
    assert.equal((await post('/api/auth/login', { email: user.email, password: 'wrong-password-2' }, 'x'.repeat(300))).status, 401);
    const events = await eventsOf(user);
    assert.equal(events.filter((event) => event.type === 'login_failed').length, 2);
    assert.ok(events.some((event) => event.type === 'sign_up'));
    assert.deepEqual([...new Set(events.map((event) => event.ip))], ['127.0.0.1']);
  });
});
