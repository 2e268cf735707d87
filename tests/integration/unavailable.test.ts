import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { SignJWT } from 'jose';
import { secretKid } from '../../lib/auth/keys';
import { startApp, type AppServer } from '../support/app-server';
import { assertError } from '../support/api-checks';
import { bodyOf, healthDownBody, keysOf } from '../support/bodies';
import { call, newUser, signUp } from '../support/client';
import { freePort } from '../support/ports';
import { startRedis, type RunningRedis } from '../support/redis';
import { skipUnlessAvailable } from '../support/requirements';
import { startUpstashRestServer, type UpstashRestServer } from '../support/upstash-rest-server';

describe('token store outage: 503, nothing half-written, recovery without restart', async () => {
  const redis: RunningRedis | null = await startRedis();
  let app: AppServer;
  let rest: UpstashRestServer | undefined;
  let port: number;
  const token = randomBytes(24).toString('base64url');
  const startRest = async () => {
    rest = await startUpstashRestServer({ redisUrl: redis!.url, token, port });
  };

  before(async () => {
    if (!redis) return;
    port = await freePort();
    await startRest();
    app = await startApp({ UPSTASH_REDIS_REST_URL: `http://127.0.0.1:${port}`, UPSTASH_REDIS_REST_TOKEN: token });
  });
  after(async () => {
    await app?.stop();
    await rest?.close();
    await redis?.stop();
  });

  test('while the store is down, then after it returns', { skip: skipUnlessAvailable(redis ? false : 'no redis-server and no TEST_REDIS_URL') }, async () => {
    const signedIn = await signUp(app);
    await rest!.close();

    const pending = newUser();
    const register = await call(app, 'POST', '/api/auth/register', { json: pending });
    assertError(register, 503, 'unavailable');
    assert.equal(register.refreshCookie, undefined);

    const login = await call(app, 'POST', '/api/auth/login', { json: { email: signedIn.user.email, password: signedIn.user.password } });
    assert.equal(login.status, 503);

    const refresh = await call(app, 'POST', '/api/auth/refresh', { cookie: signedIn.refresh });
    assert.equal(refresh.status, 503);
    assert.equal(refresh.refreshCookie, undefined, 'the cookie is kept for a retry');

    const me = await call(app, 'GET', '/api/auth/me', { token: signedIn.accessToken });
    assert.equal(me.status, 200, 'a valid access token keeps working without the store');

    const health = await call(app, 'GET', '/api/health');
    assert.equal(health.status, 503);
    const { store, database, message } = bodyOf(health, healthDownBody);
    assert.equal(store.status, 'down');
    assert.equal(database.status, 'ok');
    assert.match(message, /token store/);

    await startRest();
    const retried = await call(app, 'POST', '/api/auth/register', { json: pending });
    assert.equal(retried.status, 201, 'the refused sign-up left no account behind');
    const refreshed = await call(app, 'POST', '/api/auth/refresh', { cookie: signedIn.refresh });
    assert.equal(refreshed.status, 200, 'the session survived the outage');
    assert.equal((await call(app, 'GET', '/api/health')).status, 200);
  });
});

describe('database unreachable: 503, never a 500 or a crash', () => {
  let app: AppServer;
  before(async () => {
    const closedPort = await freePort();
    app = await startApp({ DATABASE_URL: `postgres://nobody:nothing@127.0.0.1:${closedPort}/none` }, { healthy: false });
  });
  after(async () => {
    await app?.stop();
  });

  test('every auth endpoint answers 503 unavailable and health names the database', async () => {
    const user = newUser();
    const register = await call(app, 'POST', '/api/auth/register', { json: user });
    assertError(register, 503, 'unavailable');
    assert.deepEqual(keysOf(register), ['code', 'message', 'success']);
    assert.equal(register.headers.get('retry-after'), '5');

    const login = await call(app, 'POST', '/api/auth/login', { json: { email: user.email, password: user.password } });
    assert.equal(login.status, 503);

    const secret = new TextEncoder().encode(app.env.JWT_SECRET);
    const now = Math.floor(Date.now() / 1000);
    const accessToken = await new SignJWT({ email: user.email, role: 'user', sid: randomUUID(), auth_time: now, amr: ['pwd'] })
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: await secretKid(app.env.JWT_SECRET!) })
      .setSubject(randomUUID())
      .setIssuer('nextjs-jwt-auth')
      .setAudience('nextjs-jwt-auth:api')
      .setJti(randomUUID())
      .setIssuedAt(now)
      .setExpirationTime(now + 60)
      .sign(secret);
    const me = await call(app, 'GET', '/api/auth/me', { token: accessToken });
    assert.equal(me.status, 503);

    const health = await call(app, 'GET', '/api/health');
    assert.equal(health.status, 503);
    const { database, store } = bodyOf(health, healthDownBody);
    assert.equal(database.status, 'down');
    assert.equal(store.status, 'ok');
    assert.doesNotMatch(JSON.stringify([register.body, login.body, me.body, health.body]), /ECONNREFUSED|postgres:|stack/i);
  });
});
