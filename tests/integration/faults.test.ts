import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { decodeJwt } from 'jose';
import { assertError } from '../support/api-checks';
import { startApp, type AppServer } from '../support/app-server';
import { bodyOf, healthDownBody, projectsBody } from '../support/bodies';
import { call, newUser, signUp, type ApiResponse } from '../support/client';
import { migratePostgres } from '../../lib/db/migrate';
import { waitFor } from '../support/ports';
import { startPostgresCutProxy } from '../support/postgres-cut-proxy';
import { POSTGRES_CLUSTER_SKIP, startPostgresCluster, type PostgresCluster } from '../support/postgres-server';
import { redisServerInstalled, startRestartableRedis, whenRedisRuns, type RestartableRedis } from '../support/redis';
import { refreshWith } from '../support/roles';
import { skipUnlessAvailable } from '../support/requirements';
import { startTraffic, type Answer } from '../support/traffic';
import { startUpstashRestServer, type UpstashRestServer } from '../support/upstash-rest-server';

/**
 * Backends that really die under a running app, unlike tests/integration/unavailable.test.ts (the
 * REST server in front of Redis closed, a database that never was): the redis-server process is
 * killed, the PostgreSQL cluster is stopped, each while requests are in flight, and then started
 * again under the same app.
 */

function assertUnavailable(res: ApiResponse, context: string) {
  assertError(res, 503, 'unavailable', context);
  assert.equal(res.headers.get('retry-after'), '5', context);
  assert.doesNotMatch(JSON.stringify(res.body), /ECONNREFUSED|postgres:|redis:|stack|select |insert /i, `${context}: no internals`);
}

/** Every answer the traffic had was a success or the contract's 503: no 500, no hang, no dropped connection. */
function assertOnlySuccessOrUnavailable(answers: Answer[], ok: number[]) {
  const wrong = answers.filter((answer) => !(ok.includes(answer.status) || (answer.status === 503 && answer.code === 'unavailable')));
  assert.deepEqual(wrong, [], `${answers.length} answers, all ${ok.join('/')} or 503 unavailable`);
}

function assertCalm(app: AppServer) {
  assert.ok(app.running(), 'the server process is still running');
  assert.doesNotMatch(app.output(), /unexpected|unhandled|uncaught|⨯/i, app.output().slice(-3000));
}

const healthy = (app: AppServer) => waitFor(async () => (await call(app, 'GET', '/api/health')).status === 200, 'the app reporting healthy again');

/** A refresh loop for one session: it keeps whichever cookie it was last given. */
function refreshLoop(app: AppServer, cookie: string) {
  let current = cookie;
  const loop = async () => {
    const res = await refreshWith(app, current);
    if (res.status === 200) current = res.refreshCookie!;
    return res;
  };
  return Object.assign(loop, { cookie: () => current });
}

/** The session behind `cookie` was rotated now (not during the outage): the successor's iat is after `since`. */
async function assertRotatedSince(app: AppServer, cookie: string, since: number, context: string) {
  const res = await refreshWith(app, cookie);
  assert.equal(res.status, 200, `${context}: ${JSON.stringify(res.body)}`);
  // iat is in whole seconds, rounded down.
  assert.ok((decodeJwt(res.refreshCookie!).iat as number) * 1000 >= since - 1000, `${context}: rotated by this refresh, not before`);
  assert.equal((await refreshWith(app, res.refreshCookie!)).status, 200, `${context}: and its successor works`);
}

describe('Redis killed mid-run, then started again on the same port', { skip: skipUnlessAvailable(redisServerInstalled() ? false : 'no redis-server installed') }, () => {
  let redis: RestartableRedis | null = null;
  let rest: UpstashRestServer | undefined;
  let app: AppServer | undefined;
  const token = randomBytes(24).toString('base64url');

  before(async () => {
    redis = await startRestartableRedis();
    rest = await startUpstashRestServer({ redisUrl: redis!.url, token });
    app = await startApp({ UPSTASH_REDIS_REST_URL: rest.url, UPSTASH_REDIS_REST_TOKEN: token });
  });
  after(async () => {
    await app?.stop();
    await rest?.close();
    await redis?.stop();
  });

  test('killed inside a sign-up: 503 and no account; while down reads work, refresh and login are 503; the same app recovers', async () => {
    const server = app!;
    const signedIn = await signUp(server);
    const { accessToken } = signedIn;

    // The sign-up's rate-limit check passes, then Redis dies while its password is hashed: the user
    // row is inserted and the session write fails, so the transaction must roll back.
    const pending = newUser();
    const watch = await whenRedisRuns(redis!.url, 'auth:ratelimit:authPerIp:');
    const registering = call(server, 'POST', '/api/auth/register', { json: pending });
    const finishedFirst = registering.then(() => {
      throw new Error('the sign-up finished before Redis ran its rate-limit check');
    });
    finishedFirst.catch(() => {});
    await Promise.race([watch.seen, finishedFirst]);
    await redis!.kill();
    watch.close();
    const refused = await registering;
    assertUnavailable(refused, 'sign-up with Redis killed during it');
    assert.equal(refused.refreshCookie, undefined);

    assert.equal((await call(server, 'GET', '/api/auth/me', { token: accessToken })).status, 200, 'a valid access token needs no Redis');
    const project = await call(server, 'POST', '/api/projects', { token: accessToken, json: { name: 'Written while Redis is down' } });
    assert.equal(project.status, 201);
    assert.equal(bodyOf(await call(server, 'GET', '/api/projects', { token: accessToken }), projectsBody).projects.length, 1);

    const refresh = await refreshWith(server, signedIn.refresh);
    assertUnavailable(refresh, 'refresh');
    assert.equal(refresh.refreshCookie, undefined, 'the cookie is kept for a retry');
    assertUnavailable(await call(server, 'POST', '/api/auth/login', { json: { email: signedIn.user.email, password: signedIn.user.password } }), 'login');
    assertUnavailable(await call(server, 'POST', '/api/auth/register', { json: newUser() }), 'sign-up');
    assertUnavailable(await call(server, 'GET', '/api/auth/sessions', { token: accessToken }), 'the device list');
    const health = await call(server, 'GET', '/api/health');
    assert.equal(health.status, 503);
    const { database, store, message } = bodyOf(health, healthDownBody);
    assert.deepEqual([database.status, store.status], ['ok', 'down']);
    assert.match(message, /token store/);

    const restartedAt = Date.now();
    await redis!.start();
    await healthy(server);
    const retried = await call(server, 'POST', '/api/auth/register', { json: pending });
    assert.equal(retried.status, 201, `the refused sign-up left no account behind: ${JSON.stringify(retried.body)}`);
    await assertRotatedSince(server, signedIn.refresh, restartedAt, 'the session refused during the outage');
    const login = await call(server, 'POST', '/api/auth/login', { json: { email: signedIn.user.email, password: signedIn.user.password } });
    assert.equal(login.status, 200);
    assertCalm(server);
  });

  test('killed under steady traffic: every answer is a success or 503, and every session carries on after the restart', async () => {
    const server = app!;
    const sessions = await Promise.all(Array.from({ length: 3 }, () => signUp(server)));
    const refreshes = sessions.map((session) => refreshLoop(server, session.refresh));
    const reads = sessions.map((session) => () => call(server, 'GET', '/api/auth/me', { token: session.accessToken }));
    const refreshing = startTraffic(refreshes);
    const reading = startTraffic(reads);
    let refreshAnswers: Answer[];
    let readAnswers: Answer[];
    try {
      await refreshing.each(200, 'refreshes before the kill');
      await reading.each(200, 'reads before the kill');
      await redis!.kill();
      await refreshing.each(503, 'refreshes while Redis is down');
      await redis!.start();
      await healthy(server);
      await refreshing.each(200, 'refreshes after the restart');
    } finally {
      [refreshAnswers, readAnswers] = await Promise.all([refreshing.stop(), reading.stop()]);
    }
    assertOnlySuccessOrUnavailable(refreshAnswers, [200]);
    assert.deepEqual(
      readAnswers.filter((answer) => answer.status !== 200),
      [],
      'reads never needed Redis',
    );
    for (const loop of refreshes) assert.equal((await refreshWith(server, loop.cookie())).status, 200, 'the session survived');
    assertCalm(server);
  });
});

describe('PostgreSQL stopped mid-run, then started again', { skip: POSTGRES_CLUSTER_SKIP }, () => {
  let cluster: PostgresCluster | undefined;
  let app: AppServer | undefined;

  before(async () => {
    cluster = await startPostgresCluster();
    await migratePostgres(cluster.url);
    app = await startApp({ DATABASE_URL: cluster.url });
  });
  after(async () => {
    await app?.stop();
    await cluster?.remove();
  });

  test('a connection cut as it opens, with the database gone before the retry: 503, nothing left unhandled, and the app recovers', async () => {
    // The driver's own first query on a new connection (its array-type lookup) once escaped as an
    // unhandled rejection here: seen in CI when a stop landed just as a connection opened.
    const proxy = await startPostgresCutProxy(cluster!.url);
    let server: AppServer | undefined;
    try {
      server = await startApp({ DATABASE_URL: proxy.url }, { healthy: false });
      await proxy.cut;
      assert.equal((await call(server, 'GET', '/api/health')).status, 503);
      await proxy.restore();
      await healthy(server);
      await signUp(server);
      assertCalm(server);
    } finally {
      await server?.stop();
      await proxy.close();
    }
  });

  for (const mode of ['fast', 'immediate'] as const) {
    test(`pg_ctl stop -m ${mode} under traffic: 503 while down, health names the database, the same app recovers`, async () => {
      const server = app!;
      const signedIn = await signUp(server);
      const { accessToken } = signedIn;
      const others = await Promise.all(Array.from({ length: 2 }, () => signUp(server)));
      const refreshes = others.map((session) => refreshLoop(server, session.refresh));
      const reads = others.map((session) => () => call(server, 'GET', '/api/projects', { token: session.accessToken }));
      const traffic = startTraffic([...refreshes, ...reads]);
      const pending = newUser();
      let restartedAt = 0;
      let answers: Answer[];
      try {
        await traffic.each(200, 'before the stop');
        await cluster!.stop(mode);
        await traffic.each(503, 'while stopped');

        assertUnavailable(await call(server, 'POST', '/api/auth/register', { json: pending }), 'sign-up');
        assertUnavailable(await call(server, 'POST', '/api/auth/login', { json: { email: signedIn.user.email, password: signedIn.user.password } }), 'login');
        const refresh = await refreshWith(server, signedIn.refresh);
        assertUnavailable(refresh, 'refresh');
        assert.equal(refresh.refreshCookie, undefined, 'the cookie is kept for a retry');
        assertUnavailable(await call(server, 'GET', '/api/auth/me', { token: accessToken }), 'me');
        assertUnavailable(await call(server, 'POST', '/api/projects', { token: accessToken, json: { name: 'Never written' } }), 'create a project');
        const devices = await call(server, 'GET', '/api/auth/sessions', { token: accessToken });
        assert.equal(devices.status, 200, 'the device list needs only the token store');
        const health = await call(server, 'GET', '/api/health');
        assert.equal(health.status, 503);
        const { database, store, message } = bodyOf(health, healthDownBody);
        assert.deepEqual([database.status, store.status], ['down', 'ok']);
        assert.match(message, /database/);

        restartedAt = Date.now();
        await cluster!.start();
        await healthy(server);
        await traffic.each(200, 'after the restart');
      } finally {
        answers = await traffic.stop();
      }
      assertOnlySuccessOrUnavailable(answers, [200]);

      assert.equal((await call(server, 'GET', '/api/auth/me', { token: accessToken })).status, 200);
      assert.deepEqual(bodyOf(await call(server, 'GET', '/api/projects', { token: accessToken }), projectsBody).projects, [], 'the refused create wrote nothing');
      await assertRotatedSince(server, signedIn.refresh, restartedAt, 'the session refused during the outage');
      const retried = await call(server, 'POST', '/api/auth/register', { json: pending });
      assert.equal(retried.status, 201, `the refused sign-up left no account behind: ${JSON.stringify(retried.body)}`);
      for (const loop of refreshes) assert.equal((await refreshWith(server, loop.cookie())).status, 200, 'the session survived');
      assertCalm(server);
    });
  }
});
