import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { profileText, summarize } from '../../bench/cpu-profile';
import { startApp, type AppServer } from '../support/app-server';
import { bodyOf } from '../support/bodies';
import { call, signUp } from '../support/client';

/**
 * The benchmark-only routes (docs/decisions/012-benchmarks.md) do not exist for a server started
 * without BENCH_ROUTES=1, even the two the middleware lets through without a token.
 */

const NOT_FOUND = { success: false, code: 'not_found', message: 'No such API endpoint' };
/** `/api/bench/event-loop`: the server's event-loop delay in milliseconds since the last POST. */
const eventLoopBody = z.strictObject({
  success: z.literal(true),
  delay: z.strictObject({ p50: z.number().nonnegative(), p99: z.number().nonnegative(), max: z.number().nonnegative(), samples: z.number().int().positive() }),
});
/** `/api/bench/cpu-profile`'s GET: the window's V8 CPU profile and each thread's processor time (Linux). */
const cpuProfileBody = z.strictObject({
  success: z.literal(true),
  window: z.strictObject({
    profile: z.looseObject({ nodes: z.array(z.looseObject({ id: z.number(), callFrame: z.looseObject({ functionName: z.string(), url: z.string() }) })), samples: z.array(z.number()), timeDeltas: z.array(z.number()) }),
    wallMs: z.number().positive(),
    threads: z.array(z.strictObject({ main: z.boolean(), cpuMs: z.number().positive() })),
    memory: z.strictObject({ rss: z.number().positive(), heapTotal: z.number().positive(), heapUsed: z.number().positive(), external: z.number(), arrayBuffers: z.number() }),
  }),
});
/** `/api/bench/protected`: the access token's claims, with no database read. */
const benchClaimsBody = z.strictObject({ success: z.literal(true), user: z.strictObject({ id: z.string(), email: z.string(), role: z.string() }) });

async function withApp(env: Record<string, string>, run: (app: AppServer, accessToken: string) => Promise<void>) {
  const app = await startApp(env);
  try {
    await run(app, (await signUp(app)).accessToken);
  } finally {
    await app.stop();
  }
}

test('without BENCH_ROUTES the benchmark routes answer like unknown API paths', async () => {
  await withApp({}, async (app, token) => {
    for (const path of ['/api/bench/public', '/api/bench/protected', '/api/bench/session', '/api/bench/event-loop', '/api/bench/cpu-profile']) {
      for (const method of ['GET', 'POST']) {
        const response = await call(app, method, path, { token });
        assert.equal(response.status, 404, `${method} ${path}`);
        assert.deepEqual(response.body, NOT_FOUND);
      }
    }
    for (const path of ['/api/bench/public', '/api/bench/session']) {
      const response = await call(app, 'GET', path);
      assert.equal(response.status, 404, path);
      assert.deepEqual(response.body, NOT_FOUND);
    }
    assert.equal((await call(app, 'GET', '/api/bench/protected')).status, 401);
    assert.equal((await call(app, 'GET', '/api/bench/event-loop')).status, 401);
    assert.equal((await call(app, 'GET', '/api/bench/cpu-profile')).status, 401);
  });
});

test('with BENCH_ROUTES=1 the protected one still needs an access token, and the session one a session', async () => {
  await withApp({ BENCH_ROUTES: '1' }, async (app, token) => {
    assert.deepEqual((await call(app, 'GET', '/api/bench/public')).body, { success: true, user: null });
    assert.equal((await call(app, 'GET', '/api/bench/protected')).status, 401);
    const read = await call(app, 'GET', '/api/bench/protected', { token });
    assert.equal(read.status, 200);
    assert.equal(bodyOf(read, benchClaimsBody).user.role, 'user');
    assert.equal((await call(app, 'GET', '/api/bench/session')).status, 401);
    assert.equal((await call(app, 'GET', '/api/bench/session', { headers: { cookie: 'bench_session=not-a-uuid' } })).status, 401);
  });
});

test('with BENCH_ROUTES=1 the event-loop histogram starts and empties on POST and reads on GET, for a token holder only', async () => {
  await withApp({ BENCH_ROUTES: '1' }, async (app, token) => {
    assert.equal((await call(app, 'POST', '/api/bench/event-loop')).status, 401);
    assert.equal((await call(app, 'POST', '/api/bench/event-loop', { token })).status, 200);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const { delay } = bodyOf(await call(app, 'GET', '/api/bench/event-loop', { token }), eventLoopBody);
    assert.ok(delay.p50 <= delay.p99 && delay.p99 <= delay.max, JSON.stringify(delay));
    assert.ok(delay.samples >= 20, `about one sample per free millisecond: ${delay.samples} in 200 ms`);
  });
});

test('with BENCH_ROUTES=1 a CPU profile window opens on POST and closes on GET, for a token holder only, and sees the requests in it', async () => {
  await withApp({ BENCH_ROUTES: '1' }, async (app, token) => {
    assert.equal((await call(app, 'POST', '/api/bench/cpu-profile')).status, 401);
    assert.deepEqual((await call(app, 'GET', '/api/bench/cpu-profile', { token })).body, { success: true, window: null });
    assert.equal((await call(app, 'POST', '/api/bench/cpu-profile', { token })).status, 200);
    for (let i = 0; i < 50; i++) assert.equal((await call(app, 'GET', '/api/bench/protected', { token })).status, 200);
    const { window } = bodyOf(await call(app, 'GET', '/api/bench/cpu-profile', { token }), cpuProfileBody);
    assert.ok(window.profile.samples.length > 0, 'the profiler took samples');
    assert.ok(
      window.profile.nodes.some((node) => node.callFrame.url.includes('/.next/server/')),
      'the route handlers ran in the window, so some samples are in their bundles',
    );
    assert.equal(window.threads.filter((thread) => thread.main).length, 1, 'the main thread is told apart');
    // The benchmark's reading of a window, which `npm run bench` prints with every missed goal.
    const summary = summarize(window, 50, 'bench-routes.cpuprofile');
    assert.ok(summary.busyMicros > 0, 'the main thread was busy in the window');
    assert.ok((summary.places["the app's route bundles"] ?? 0) > 0, `the route bundles' time is told apart: ${JSON.stringify(summary.places)}`);
    assert.match(profileText('50 reads', summary), /main thread [\d,]+ µs per request: .*the app's route bundles [\d,]+ µs/);
    assert.deepEqual((await call(app, 'GET', '/api/bench/cpu-profile', { token })).body, { success: true, window: null }, 'a closed window is gone');
  });
});
