import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AppServer } from '../support/app-server';
import { call, newUser, signUp } from '../support/client';
import { failures, latency, mixed, refreshCookieOf, type Stream, type Tally } from '../support/load';
import { REAL_SERVICES_SKIP } from '../support/real-services';
import { refreshWith } from '../support/roles';
import { startScaledOut, type ScaledOut } from '../support/scale-out';

/**
 * A minute of a realistic mix at a bounded rate, spread over two instances on real PostgreSQL and
 * Redis, must meet no error at all: no non-2xx answer, no dropped connection, no timeout. Rates and
 * latencies are reported as context, never asserted: they say more about the machine than the app.
 */

const SECONDS = 60;
// At a bounded rate, a request this slow is a stall, whatever else the machine is doing.
const TIMEOUT_SECONDS = 20;

// Requests a second per one-connection stream, and streams per instance: 50 req/s in all, which a
// 2-core machine sustains with room to spare, PostgreSQL, Redis and this test included. bcrypt
// (cost 10) is what it can least afford, so logins and sign-ups stay at 4/s together.
const MIX = {
  me: { rate: 3, perInstance: 4 },
  projects: { rate: 2, perInstance: 3 },
  refresh: { rate: 1, perInstance: 5 },
  login: { rate: 1, perInstance: 1 },
  signUp: { rate: 1, perInstance: 1 },
};
const RATE = Object.values(MIX).reduce((sum, kind) => sum + kind.rate * kind.perInstance * 2, 0);

const json = { 'content-type': 'application/json' };

/**
 * Refreshes of one session, always with its newest cookie: autocannon resets a connection's
 * context after each pass over its requests, so the cookie is kept here.
 */
function refreshStream(url: string, first: string): Stream & { cookie(): string } {
  let cookie = first;
  return {
    url,
    rate: MIX.refresh.rate,
    spec: { method: 'POST', path: '/api/auth/refresh' },
    options: {
      requests: [
        {
          method: 'POST',
          path: '/api/auth/refresh',
          setupRequest: (request) => ({ ...request, headers: { ...request.headers, cookie: `refresh_token=${cookie}` } }),
          onResponse: (_status, _body, _context, headers) => {
            cookie = refreshCookieOf(headers as Record<string, unknown>) ?? cookie;
          },
        },
      ],
    },
    cookie: () => cookie,
  };
}

/** Sign-ups, each with a new email. */
function signUpStream(url: string): Stream {
  return {
    url,
    rate: MIX.signUp.rate,
    spec: { method: 'POST', path: '/api/auth/register', headers: json },
    options: {
      requests: [{ method: 'POST', path: '/api/auth/register', headers: json, setupRequest: (request) => ({ ...request, body: JSON.stringify(newUser()) }) }],
    },
  };
}

const times = <T>(count: number, make: (index: number) => T) => Array.from({ length: count }, (_, index) => make(index));

describe('load: a minute of mixed traffic over two instances, without a single error', { skip: REAL_SERVICES_SKIP }, () => {
  let deployment: ScaledOut | undefined;
  let instances: [AppServer, AppServer];

  before(async () => {
    // Sessions last an hour: the shared Redis is not left holding a week of load-test logins.
    deployment = await startScaledOut(2, { REFRESH_TOKEN_TTL: '1h' });
    instances = deployment.instances as [AppServer, AppServer];
  });
  after(async () => {
    await deployment?.stop();
  });

  test(`${SECONDS} s of protected reads, refreshes, logins and sign-ups at ${RATE} req/s`, async (t) => {
    const kinds: Record<keyof typeof MIX, Stream[]> = { me: [], projects: [], refresh: [], login: [], signUp: [] };
    const refreshes: Array<ReturnType<typeof refreshStream>> = [];
    for (const [index, instance] of instances.entries()) {
      const other = instances[1 - index]!;
      const reader = await signUp(instance);
      await call(instance, 'POST', '/api/projects', { token: reader.accessToken, json: { name: 'Under load' } });
      const bearer = { authorization: `Bearer ${reader.accessToken}` };
      kinds.me.push(...times(MIX.me.perInstance, () => ({ url: instance.url, rate: MIX.me.rate, spec: { path: '/api/auth/me', headers: bearer } })));
      kinds.projects.push(...times(MIX.projects.perInstance, () => ({ url: instance.url, rate: MIX.projects.rate, spec: { path: '/api/projects', headers: bearer } })));
      // Each session was issued by the other instance: every refresh crosses over.
      const sessions = await Promise.all(times(MIX.refresh.perInstance, () => signUp(other)));
      const crossing = sessions.map((session) => refreshStream(instance.url, session.refresh));
      refreshes.push(...crossing);
      kinds.refresh.push(...crossing);
      const { user } = await signUp(other);
      const credentials = JSON.stringify({ email: user.email, password: user.password });
      kinds.login.push(...times(MIX.login.perInstance, () => ({ url: instance.url, rate: MIX.login.rate, spec: { method: 'POST' as const, path: '/api/auth/login', headers: json, body: credentials } })));
      kinds.signUp.push(...times(MIX.signUp.perInstance, () => signUpStream(instance.url)));
    }

    const streams = Object.values(kinds).flat();
    const started = performance.now();
    const tallies = await mixed(streams, { seconds: SECONDS, timeoutSeconds: TIMEOUT_SECONDS });
    const seconds = (performance.now() - started) / 1000;

    const byKind = new Map<string, Tally[]>();
    let next = 0;
    for (const [kind, list] of Object.entries(kinds)) byKind.set(kind, tallies.slice(next, (next += list.length)));
    const report = (name: string, runs: Tally[]) => {
      const sent = runs.reduce((sum, run) => sum + run.sent, 0);
      const { p50, p99 } = latency(runs.flatMap((run) => run.latencies));
      const failed = runs.flatMap(failures);
      t.diagnostic(`${name}: ${sent} requests, ${(sent / seconds).toFixed(1)} req/s, p50 ${p50} ms, p99 ${p99} ms, ${failed.length === 0 ? 'no errors' : failed.join(', ')}`);
      return failed;
    };
    const failed = Object.fromEntries([...byKind].map(([kind, runs]) => [kind, report(kind, runs)]));
    report(`all over ${seconds.toFixed(1)} s`, tallies);

    const serverErrors = instances.flatMap((instance) => instance.output().split('\n').filter((line) => line.startsWith('[api]')));
    assert.deepEqual(failed, { me: [], projects: [], refresh: [], login: [], signUp: [] }, `no non-2xx answer, connection error or timeout; the servers logged:\n${serverErrors.join('\n')}`);
    for (const [kind, runs] of byKind) assert.ok(runs.every((run) => run.sent > 0), `every ${kind} stream sent requests`);

    // Every session went through a minute of rotations and is still whole. All at once: a refresh
    // the run's end cut off may have rotated its session, and its cookie is good for the reuse
    // interval only.
    const resumed = await Promise.all(refreshes.map((stream) => refreshWith(instances[0], stream.cookie())));
    resumed.forEach((res, index) => assert.equal(res.status, 200, `session ${index} after the run: ${JSON.stringify(res.body)}`));
    for (const instance of instances) {
      assert.ok(instance.running());
      assert.doesNotMatch(instance.output(), /unexpected|unhandled|uncaught|⨯|reuse detected/i, instance.output().slice(-2000));
    }
  });
});
