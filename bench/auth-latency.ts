// Latency of the auth API as a person would feel it, against `next start` of the production build
// (run `npm run build` first). Every figure under load is reported next to its idle baseline from
// the same run. Real services: BENCH_DATABASE_URL (PostgreSQL) and TEST_REDIS_URL / redis-server.
// Run: npx tsx bench/auth-latency.ts [seconds=10] [concurrentLogins=8]
import { availableParallelism, cpus } from 'node:os';
import { startApp, type AppServer } from '../tests/support/app-server';
import { call, signUp } from '../tests/support/client';
import { useUpstashRedis } from '../tests/support/redis';

const seconds = Number(process.argv[2] ?? 10);
const concurrentLogins = Number(process.argv[3] ?? 8);

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return +sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(1);
};
const summary = (values: number[]) => ({ n: values.length, p50: percentile(values, 50), p99: percentile(values, 99), max: percentile(values, 100) });

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

async function probeWhile(app: AppServer, token: string, running: () => boolean): Promise<number[]> {
  const latencies: number[] = [];
  while (running()) latencies.push(await timed(() => call(app, 'GET', '/api/auth/me', { token })));
  return latencies;
}

async function measure(name: string, env: Record<string, string>) {
  const app = await startApp({ BCRYPT_COST: '12', ...env });
  try {
    const { user, accessToken } = await signUp(app);
    const credentials = { email: user.email, password: user.password };
    for (let i = 0; i < 20; i++) await call(app, 'GET', '/api/auth/me', { token: accessToken });

    const idleUntil = Date.now() + 3000;
    const idleProbe = await probeWhile(app, accessToken, () => Date.now() < idleUntil);

    const loginLatencies: number[] = [];
    const stormUntil = Date.now() + seconds * 1000;
    const storm = Array.from({ length: concurrentLogins }, async () => {
      while (Date.now() < stormUntil) {
        loginLatencies.push(await timed(() => call(app, 'POST', '/api/auth/login', { json: credentials })));
      }
    });
    const stormProbe = await probeWhile(app, accessToken, () => Date.now() < stormUntil);
    await Promise.all(storm);

    const single: number[] = [];
    for (let i = 0; i < 5; i++) single.push(await timed(() => call(app, 'POST', '/api/auth/login', { json: credentials })));

    let cookie = (await call(app, 'POST', '/api/auth/login', { json: credentials })).refreshCookie;
    const refresh: number[] = [];
    for (let i = 0; i < 200; i++) {
      const started = performance.now();
      const response = await call(app, 'POST', '/api/auth/refresh', { cookie });
      refresh.push(performance.now() - started);
      if (response.status !== 200) throw new Error(`refresh failed: ${response.status}`);
      cookie = response.refreshCookie;
    }

    const idle = summary(idleProbe);
    const loaded = summary(stormProbe);
    return {
      setup: name,
      loginAlone: summary(single),
      loginUnderLoad: { ...summary(loginLatencies), perSecond: +(loginLatencies.length / seconds).toFixed(2) },
      protectedGetIdle: idle,
      protectedGetDuringLogins: loaded,
      protectedGetP99Ratio: +(loaded.p99 / idle.p99).toFixed(2),
      refreshSequential: summary(refresh),
    };
  } finally {
    await app.stop();
  }
}

const results = [await measure('embedded (PGlite, in-process store)', {})];
const databaseUrl = process.env.BENCH_DATABASE_URL;
const redis = databaseUrl ? await useUpstashRedis() : null;
if (databaseUrl && redis) {
  try {
    results.push(await measure('PostgreSQL + Redis (Upstash REST)', { DATABASE_URL: databaseUrl, UPSTASH_REDIS_REST_URL: redis.url, UPSTASH_REDIS_REST_TOKEN: redis.token }));
  } finally {
    await redis.stop();
  }
}
console.log(JSON.stringify({ machine: { cores: availableParallelism(), cpu: cpus()[0]?.model, node: process.version }, seconds, concurrentLogins, bcryptCost: 12, results }, null, 2));
