import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { jwtVerify } from 'jose';
import { hmacKeyRing } from '../lib/auth/keys';
import { openPGlite } from '../lib/db/pglite';
import type { EventLoopDelay } from '../lib/bench/event-loop';
import { signAccessToken } from '../lib/auth/tokens';
import { BENCH_SESSION_COOKIE } from '../lib/bench/session-table';
import { testSecrets } from '../tests/support/app-server';
import { call } from '../tests/support/client';
import { closedLoop, paced, refreshCookieOf, type Load, type RequestSpec } from '../tests/support/load';
import { countRedis, PgCounter, type PgCount, type RedisCount } from './counters';
import { memoryText, PROFILES_DIR, profileDiffText, profiled, profileText, serverMemory, startProfileText, threadsText } from './cpu-profile';
import { singleCoreHashRate } from './hash-rate';
import type { Row } from './report';
import type { BenchSetup } from './setups';
import { firstLoadJs, timeBareNode, timeNextStart, type FirstLoadJs } from './startup';

/** How long each part runs: `npm run bench` and the CI smoke run differ only here. */
export interface Profile {
  name: 'full' | 'smoke';
  /** Alternating rounds per throughput comparison, and each round's seconds. */
  rounds: number;
  seconds: number;
  warmupSeconds: number;
  /** Closed-loop connections for throughput. */
  connections: number;
  /** Requests per round-trip count. */
  countRequests: number;
  refreshCount: number;
  hashSeconds: number;
  probeSeconds: number;
  stormSeconds: number;
  refreshSeconds: number;
  startupRepeats: number;
  /** Distinct access tokens per round of the signature check. */
  signatureTokens: number;
  /**
   * Whether a missed goal gets a window of the same load under the server's profiler (a missed
   * start-up goal: initdb alone and two more starts under it). A smoke run misses most goals by
   * design and only checks that every scenario runs: its profiles were a third of its processor
   * time in CI, and the profiler's route and reading have a test of their own.
   */
  profileMisses: boolean;
}

export const PROFILES: Record<Profile['name'], Profile> = {
  full: {
    name: 'full',
    rounds: 3,
    seconds: 5,
    warmupSeconds: 2,
    connections: 10,
    countRequests: 1000,
    refreshCount: 200,
    hashSeconds: 5,
    probeSeconds: 5,
    stormSeconds: 15,
    refreshSeconds: 15,
    startupRepeats: 3,
    signatureTokens: 2000,
    profileMisses: true,
  },
  smoke: {
    name: 'smoke',
    rounds: 1,
    seconds: 1,
    warmupSeconds: 1,
    connections: 10,
    countRequests: 200,
    refreshCount: 30,
    hashSeconds: 1,
    probeSeconds: 1,
    stormSeconds: 3,
    refreshSeconds: 2,
    startupRepeats: 1,
    signatureTokens: 200,
    profileMisses: false,
  },
};

export interface User {
  credentials: { email: string; password: string };
  accessToken: string;
}

export const STORM_CONNECTIONS = 20;
const PROBE_RATE = 20;
export const REFRESH_RATE = 100;
export const REFRESH_STREAMS = 20;
// A per-request round trip adds 1 per request; less than this is background on a shared server.
const ZERO_PER_REQUEST = 0.05;

const NOT_PROFILED = ' Not profiled in a smoke run: `npm run bench` profiles a missed goal.';

/** Where a missed goal's time goes (from `look`), or that a smoke run did not look; nothing for a met goal. */
export async function whereMissed(profile: Profile, missed: boolean, look: () => Promise<string>): Promise<string> {
  if (!missed) return '';
  return profile.profileMisses ? ` ${await look()}` : NOT_PROFILED;
}

const fixed = (value: number, digits = 2) => Number(value.toFixed(digits));
const ratio = (measured: number, baseline: number) => fixed(measured / baseline);
const rps = (load: Load) => `${Math.round(load.perSecond)} req/s`;
const ms = (value: number) => `${value} ms`;
const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

/** The middle value (the lower of the two for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

const medianLoad = (loads: Load[]) => loads.find((load) => load.perSecond === median(loads.map((each) => each.perSecond)))!;

const bearer = (user: User) => ({ authorization: `Bearer ${user.accessToken}` });
const protectedRead = (user: User): RequestSpec => ({ path: '/api/bench/protected', headers: bearer(user) });

/**
 * Closed-loop throughput of several routes in alternating rounds (ABC, CBA, …), so drift in the
 * machine's load favours none. Each side reports its median round.
 */
export async function compareSides<Side extends string>(profile: Profile, url: string, sides: Record<Side, RequestSpec>) {
  const names = Object.keys(sides) as Side[];
  const bound = { connections: profile.connections, seconds: profile.seconds };
  for (const side of names) await closedLoop(url, sides[side], { ...bound, seconds: profile.warmupSeconds });
  const rounds = Object.fromEntries(names.map((side) => [side, [] as Load[]])) as Record<Side, Load[]>;
  for (let round = 0; round < profile.rounds; round++) {
    for (const side of round % 2 === 0 ? names : names.toReversed()) rounds[side].push(await closedLoop(url, sides[side], bound));
  }
  const medians = Object.fromEntries(names.map((side) => [side, medianLoad(rounds[side])])) as Record<Side, Load>;
  const how = `${profile.connections} connections, median of ${profile.rounds} alternating ${profile.seconds}-s rounds`;
  return { medians, rounds, how };
}

/** Two routes, baseline and measured, in alternating rounds (ABBA…). */
async function compareThroughput(profile: Profile, url: string, baseline: RequestSpec, measured: RequestSpec) {
  const { medians, rounds, how } = await compareSides(profile, url, { baseline, measured });
  return { baseline: medians.baseline, measured: medians.measured, rounds, how };
}

/**
 * One closed-loop window of each side under the server's CPU profile, after the measured rounds
 * (sampling costs the server a little, so it never runs during them): what the measured side
 * costs more per request, and where.
 */
export async function profiledPair(
  profile: Profile,
  setup: BenchSetup,
  user: User,
  sides: { baseline: [string, RequestSpec]; measured: [string, RequestSpec] },
  scenario: string,
): Promise<string> {
  const window = (spec: RequestSpec) => () => closedLoop(setup.app.url, spec, { connections: profile.connections, seconds: profile.seconds });
  const slug = (label: string) => `${scenario}-${label.replace(/\W+/g, '-')}`;
  const baseline = await profiled(setup, user.accessToken, slug(sides.baseline[0]), window(sides.baseline[1]));
  const measured = await profiled(setup, user.accessToken, slug(sides.measured[0]), window(sides.measured[1]));
  return profileDiffText({ baseline: sides.baseline[0], measured: sides.measured[0] }, baseline, measured);
}

// More than the closed loop sends in any round here, so no fresh token is ever sent twice.
const FRESH_TOKENS_PER_SECOND = 1500;

/**
 * Access tokens the server has never seen, signed with its own secret as a login would sign them
 * (lib/auth/tokens.ts), each for a session of its own; and what jose's `jwtVerify` alone costs per
 * token in this process, for comparison with what the server pays.
 */
async function freshTokens(setup: BenchSetup, count: number): Promise<{ tokens: string[]; joseMicros: number }> {
  const keys = await hmacKeyRing(setup.app.env.JWT_SECRET!.split(','));
  const tokens: string[] = [];
  const authTime = Math.floor(Date.now() / 1000);
  for (let i = 0; i < count; i++) {
    const claims = { sub: randomUUID(), email: `fresh-${i}@example.com`, role: 'user' as const, sid: randomUUID(), auth_time: authTime, amr: ['pwd' as const] };
    tokens.push((await signAccessToken(claims, { keys, ttlSeconds: 900 })).token);
  }
  const sample = tokens.slice(0, 2000);
  for (const token of sample) await jwtVerify(token, keys.signing.key, { algorithms: [keys.alg] });
  const started = performance.now();
  for (const token of sample) await jwtVerify(token, keys.signing.key, { algorithms: [keys.alg] });
  return { tokens, joseMicros: fixed(((performance.now() - started) * 1000) / sample.length, 1) };
}

/**
 * Scenario 1: what the middleware costs a trivial API route, and what a token the server has not
 * verified before costs on top. Three sides in alternating rounds: the public bench route, which
 * the matcher skips; the protected one with the same token every time (the middleware runs, and
 * both its check and the handler's find the token in their cache of verified tokens); and the
 * protected one with a fresh token on every request (both verify its signature).
 */
export async function edgeVerification(profile: Profile, setup: BenchSetup, user: User): Promise<Row[]> {
  const { tokens, joseMicros } = await freshTokens(setup, FRESH_TOKENS_PER_SECOND * (profile.warmupSeconds + profile.rounds * profile.seconds));
  let sent = 0;
  const fresh: RequestSpec = { path: '/api/bench/protected', eachRequest: () => ({ authorization: `Bearer ${tokens[sent++ % tokens.length]}` }) };
  const { medians, rounds, how } = await compareSides(profile, setup.app.url, { skipped: { path: '/api/bench/public' }, cached: protectedRead(user), fresh });
  const { skipped, cached } = medians;
  const overhead = ratio(cached.perSecond, skipped.perSecond);
  const freshRatio = ratio(medians.fresh.perSecond, cached.perSecond);
  const overheadMet = overhead >= 0.9;
  const freshMet = freshRatio >= 0.8;
  const micros = (measured: Load, baseline: Load) => Math.round((1 / measured.perSecond - 1 / baseline.perSecond) * 1e6);
  const perVerification = Math.round(micros(medians.fresh, cached) / 2);
  const reused = Math.max(0, sent - tokens.length);
  const where = await whereMissed(profile, !overheadMet, () =>
    profiledPair(profile, setup, user, { baseline: ['skipped', { path: '/api/bench/public' }], measured: ['through the middleware', protectedRead(user)] }, '1'),
  );
  const freshWhere = await whereMissed(profile, !freshMet, async () => {
    // Tokens of their own for the window, so none the server has seen is sent again.
    const windowTokens = (await freshTokens(setup, FRESH_TOKENS_PER_SECOND * profile.seconds)).tokens;
    let windowSent = 0;
    const windowFresh: RequestSpec = { path: '/api/bench/protected', eachRequest: () => ({ authorization: `Bearer ${windowTokens[windowSent++ % windowTokens.length]}` }) };
    return profiledPair(profile, setup, user, { baseline: ['the same token', protectedRead(user)], measured: ['a fresh token', windowFresh] }, '1');
  });
  return [
    {
      scenario: '1. Middleware overhead: trivial protected route (token already verified) vs a trivial route the matcher skips (throughput)',
      setup: setup.name,
      baseline: `${rps(skipped)} skipped`,
      measured: `${rps(cached)} through the middleware`,
      ratio: overhead,
      goal: '≥ 0.9x',
      verdict: overheadMet ? 'met' : 'missed',
      note:
        `${how}. /api/bench/public is left out of the matcher; /api/bench/protected goes through the middleware, and its token is found in the ` +
        `cache of verified tokens there and in the handler: ${micros(cached, skipped)} µs more per request at saturation, ` +
        `p50 ${ms(skipped.latency.p50)} vs ${ms(cached.latency.p50)}. Almost all of it is Next.js invoking the middleware (decision 012).${where}`,
      data: { rounds: { baseline: rounds.skipped, measured: rounds.cached } },
    },
    {
      scenario: '1. Fresh access token on every request vs the same token again, through the middleware (throughput)',
      setup: setup.name,
      baseline: `${rps(cached)} same token`,
      measured: `${rps(medians.fresh)} fresh token`,
      ratio: freshRatio,
      goal: '≥ 0.8x',
      verdict: freshMet ? 'met' : 'missed',
      note:
        `Same rounds. Each fresh token is new to the server, so the middleware and the handler each verify its HS256 signature: ` +
        `${perVerification} µs per verification at saturation, against ${joseMicros} µs for jose's jwtVerify alone in the bench's process. ` +
        `${sent} fresh tokens sent${reused > 0 ? `, ${reused} of them a second time (the cache hid those)` : ', none twice'}.${freshWhere}`,
      data: { rounds: { baseline: rounds.cached, measured: rounds.fresh }, joseMicros, perVerification },
    },
  ];
}

async function countRoundTrips(setup: BenchSetup, pg: PgCounter, requests: number, work: () => Promise<unknown>): Promise<{ db: PgCount; redis: RedisCount }> {
  let db: PgCount | undefined;
  const redis = await countRedis(setup.real!.redisUrl, setup.real!.redisDb, requests, async () => {
    db = await pg.count(requests, work);
  });
  return { db: db!, redis };
}

const trips = ({ db, redis }: { db: PgCount; redis: RedisCount }) => `${fixed(db.perRequest)} DB + ${fixed(redis.perRequest)} Redis`;

/** Scenario 2: the access token against a session row looked up in PostgreSQL on every request. */
export async function jwtVsSession(profile: Profile, setup: BenchSetup, user: User): Promise<Row[]> {
  const url = setup.app.url;
  const jwt = protectedRead(user);
  const session: RequestSpec = { path: '/api/bench/session', headers: { cookie: `${BENCH_SESSION_COOKIE}=${setup.sessionId}` } };
  const { baseline, measured, rounds, how } = await compareThroughput(profile, url, session, jwt);
  const result = ratio(measured.perSecond, baseline.perSecond);
  const met = result >= 1.3;
  const where = await whereMissed(profile, !met, () =>
    profiledPair(profile, setup, user, { baseline: ['with the session lookup', session], measured: ['with the access token', jwt] }, '2'),
  );
  const rows: Row[] = [
    {
      scenario: '2. JWT vs session lookup: the same protected read (throughput)',
      setup: setup.name,
      baseline: `${rps(baseline)} session row per request`,
      measured: `${rps(measured)} access token`,
      ratio: result,
      goal: '≥ 1.3x',
      verdict: met ? 'met' : 'missed',
      note: `${how}; p50 ${ms(baseline.latency.p50)} (session) vs ${ms(measured.latency.p50)} (JWT).${where}`,
      data: { rounds },
    },
  ];
  const scenario = '2. Database and Redis round trips per protected request';
  if (!setup.real) {
    rows.push({
      scenario,
      setup: setup.name,
      baseline: '',
      measured: 'not countable',
      ratio: null,
      goal: '0 DB, 0 Redis',
      verdict: 'not countable',
      note: 'PGlite runs on a thread of the app process and the token store is a Map in it: there is no server to count at. Counted on postgres+redis.',
    });
    return rows;
  }
  const pg = new PgCounter(setup.real.databaseUrl, setup.real.appName);
  const requests = profile.countRequests;
  const load = (spec: RequestSpec) => () => closedLoop(url, spec, { connections: profile.connections, amount: requests });
  const sessionTrips = await countRoundTrips(setup, pg, requests, load(session));
  const jwtTrips = await countRoundTrips(setup, pg, requests, load(jwt));
  const zero = jwtTrips.db.perRequest < ZERO_PER_REQUEST && jwtTrips.redis.perRequest === 0;
  rows.push({
    scenario,
    setup: setup.name,
    baseline: `${trips(sessionTrips)} session row per request`,
    measured: `${trips(jwtTrips)} access token`,
    ratio: null,
    goal: '0 DB, 0 Redis',
    verdict: zero ? 'met' : 'missed',
    note:
      `${requests} requests each. PostgreSQL: transactions in pg_stat_database while they ran (session ${sessionTrips.db.transactions}, JWT ${jwtTrips.db.transactions}) ` +
      `less an idle window of the same length (${sessionTrips.db.background}, ${jwtTrips.db.background}); the baseline's one lookup per request shows the count works. ` +
      `Redis: commands MONITOR saw on the bench's database (exact).`,
    data: { session: sessionTrips, jwt: jwtTrips },
  });
  return rows;
}

/**
 * `probe` at 20 req/s from a second client, first alone and then while 20 connections send `login`
 * to the same server in a closed loop (503s from a full hashing queue counted as refused, not failed).
 */
export async function stormWithProbe(profile: Profile, url: string, probe: RequestSpec, login: RequestSpec) {
  const timed = (seconds: number) => paced(url, probe, { rate: PROBE_RATE, seconds, streams: 4 });
  const idle = await timed(profile.probeSeconds);
  const [storm, during] = await Promise.all([
    closedLoop(url, login, { connections: STORM_CONNECTIONS, seconds: profile.stormSeconds, expected: [503] }),
    timed(profile.stormSeconds),
  ]);
  return { idle, during, storm };
}

/**
 * Scenario 3: 20 concurrent logins, while a second client times a protected GET. It goes last on
 * a set-up: the server goes on hashing the logins still queued when the storm stops. Beyond what
 * the hashing queue takes (2.5 s of work, decision 003) logins are refused with 503 at once and
 * sent again at once by the closed loop: counted, not failures.
 */
export async function loginStorm(profile: Profile, setup: BenchSetup, user: User, bcryptCost: number): Promise<Row[]> {
  const url = setup.app.url;
  const me: RequestSpec = { path: '/api/auth/me', headers: bearer(user) };
  const login: RequestSpec = { method: 'POST', path: '/api/auth/login', headers: { 'content-type': 'application/json' }, body: JSON.stringify(user.credentials) };
  await closedLoop(url, login, { connections: 1, amount: 2 });
  await closedLoop(url, me, { connections: 1, amount: 20 });

  const hashes = await singleCoreHashRate(bcryptCost, profile.hashSeconds);
  const { idle, during, storm } = await stormWithProbe(profile, url, me, login);
  const load = fixed(loadavg()[0]!, 1);

  const hashRatio = ratio(storm.perSecond, hashes.perSecond);
  const workers = Math.min(availableParallelism(), 4);
  const readsMet = during.latency.p99 <= 50;
  const loginsMet = hashRatio >= 1.8;
  const where = await whereMissed(profile, !readsMet || !loginsMet, async () => {
    // A window of its own after the measured storm, so sampling takes nothing from the figures above.
    const window = await profiled(setup, user.accessToken, '3-storm', () =>
      closedLoop(url, login, { connections: STORM_CONNECTIONS, seconds: profile.probeSeconds, expected: [503] }),
    );
    return `${threadsText(window)} ${profileText(`${profile.probeSeconds} s more of the storm (a request is a login or its refusal)`, window)}`;
  });
  return [
    {
      scenario: `3. Login storm: protected GET p99 during ${STORM_CONNECTIONS} concurrent logins`,
      setup: setup.name,
      baseline: `p99 ${ms(idle.latency.p99)} without logins`,
      measured: `p99 ${ms(during.latency.p99)}`,
      ratio: ratio(during.latency.p99, idle.latency.p99),
      goal: '≤ 50 ms',
      verdict: readsMet ? 'met' : 'missed',
      note:
        `GET /api/auth/me at ${PROBE_RATE} req/s from a second client for ${profile.stormSeconds} s (${during.latency.n} samples; ${idle.latency.n} without logins); ` +
        `p50 ${ms(idle.latency.p50)} → ${ms(during.latency.p50)}, max ${ms(during.latency.max)}.${where}`,
      data: { idle, during },
    },
    {
      scenario: `3. Login storm: logins/s vs what one core hashes at cost ${bcryptCost}`,
      setup: setup.name,
      baseline: `${hashes.perSecond} hashes/s on one core`,
      measured: `${storm.perSecond} logins/s`,
      ratio: hashRatio,
      goal: '≥ 1.8x',
      verdict: loginsMet ? 'met' : 'missed',
      note:
        `One core: bcryptjs on one worker thread for ${hashes.seconds} s (${hashes.hashes} hashes) with the app idle. The app hashes on ${workers} worker threads; ` +
        `${availableParallelism()} cores also carry the server's main thread, the load generator${setup.real ? ', PostgreSQL and Redis' : ''}; ` +
        `1-minute load average ${load} at the end of the storm. Login p50 ${ms(storm.latency.p50)}, max ${ms(storm.latency.max)}; ` +
        `${storm.refused ?? 0} refused at once by the full hashing queue (503) and sent again.${where}`,
      data: { hashes, storm },
    },
  ];
}

/** A session per refresh stream (REFRESH_STREAMS logins, one after another), as refresh cookies. */
export async function refreshSessions(setup: BenchSetup, user: User): Promise<string[]> {
  const cookies: string[] = [];
  for (let i = 0; i < REFRESH_STREAMS; i++) cookies.push(await logIn(setup, user));
  return cookies;
}

export async function logIn(setup: BenchSetup, user: User): Promise<string> {
  const response = await call(setup.app, 'POST', '/api/auth/login', { json: user.credentials });
  if (response.status !== 200 || !response.refreshCookie) throw new Error(`login answered ${response.status}`);
  return response.refreshCookie;
}

/**
 * POST /api/auth/refresh at a steady 100 req/s over one session per stream (`cookies`: 20 refresh
 * cookies), each stream always presenting its newest cookie.
 */
export async function pacedRefresh(url: string, cookies: string[], seconds: number): Promise<Load> {
  const steady = { rate: REFRESH_RATE, seconds, streams: REFRESH_STREAMS };
  const refresh: RequestSpec = { method: 'POST', path: '/api/auth/refresh' };
  // autocannon resets a connection's context after each pass over its requests, so each stream
  // keeps its newest cookie here. A rotation always sets a cookie never seen before; one seen
  // before was re-issued from the reuse interval, which would measure the wrong path.
  let reissued = 0;
  const measured = await paced(url, refresh, {
    ...steady,
    stream: (index) => {
      const session = { cookie: cookies[index]!, seen: new Set([cookies[index]!]) };
      return {
        requests: [
          {
            ...refresh,
            setupRequest: (request) => ({ ...request, headers: { ...request.headers, cookie: `refresh_token=${session.cookie}` } }),
            onResponse: (_status, _body, _context, headers) => {
              const next = refreshCookieOf(headers as Record<string, unknown>);
              if (!next) return;
              if (session.seen.has(next)) reissued++;
              session.seen.add(next);
              session.cookie = next;
            },
          },
        ],
      };
    },
  });
  if (reissued > 0) throw new Error(`${reissued} refreshes presented an already rotated cookie`);
  return measured;
}

/** Scenario 4: refresh at a steady 100 req/s, each session always presenting its newest cookie. */
export async function refreshRate(profile: Profile, setup: BenchSetup, user: User): Promise<Row[]> {
  const real = setup.real!;
  const url = setup.app.url;
  // One after another: 21 at once are a login storm of their own, which the bounded hashing queue
  // answers with 503 on a loaded machine (it did in CI, with three test lanes beside the bench).
  const cookies: string[] = [];
  for (let i = 0; i <= REFRESH_STREAMS; i++) cookies.push(await logIn(setup, user));

  let cookie = cookies.pop()!;
  const refreshes = profile.refreshCount;
  const refreshInTurn = async () => {
    for (let i = 0; i < refreshes; i++) {
      const response = await call(setup.app, 'POST', '/api/auth/refresh', { cookie });
      if (response.status !== 200 || !response.refreshCookie) throw new Error(`refresh answered ${response.status}`);
      cookie = response.refreshCookie;
    }
  };
  const counted = await countRoundTrips(setup, new PgCounter(real.databaseUrl, real.appName), refreshes, refreshInTurn);

  const steady = { rate: REFRESH_RATE, seconds: profile.refreshSeconds, streams: REFRESH_STREAMS };
  const baseline = await paced(url, protectedRead(user), steady);
  const watched = await underEventLoopWatch(setup, user, () => pacedRefresh(url, cookies, profile.refreshSeconds));
  const measured = watched.result;

  const storeTrips = fixed(counted.redis.perRequest);
  const tail = tailRow(`7. Tails: refresh at ${REFRESH_RATE} req/s`, setup, watched);
  const p99Met = measured.latency.p99 <= 15;
  const where = await whereMissed(profile, !p99Met || tail.verdict === 'missed', async () => {
    // The measured streams' sessions have rotated on: the window gets sessions of its own.
    const fresh = await refreshSessions(setup, user);
    return profileText(`${profile.seconds} s more of the same refreshes`, await profiled(setup, user.accessToken, '4-refresh', () => pacedRefresh(url, fresh, profile.seconds)));
  });
  tail.note += where;
  return [
    {
      scenario: `4. Refresh p99 at ${REFRESH_RATE} req/s (Redis through the Upstash REST protocol)`,
      setup: setup.name,
      baseline: `p99 ${ms(baseline.latency.p99)} protected GET at ${REFRESH_RATE} req/s`,
      measured: `p99 ${ms(measured.latency.p99)}`,
      ratio: ratio(measured.latency.p99, baseline.latency.p99),
      goal: '≤ 15 ms',
      verdict: p99Met ? 'met' : 'missed',
      note:
        `${measured.requests} refreshes in ${measured.seconds} s over ${REFRESH_STREAMS} sessions, each a one-connection stream presenting its newest cookie; ` +
        `p50 ${ms(measured.latency.p50)}, max ${ms(measured.latency.max)}; ${delayText(watched.delay)}.${where}`,
      data: { baseline, measured, eventLoop: watched.delay },
    },
    tail,
    {
      scenario: '4. Refresh: token-store round trips per refresh',
      setup: setup.name,
      baseline: 'a count: no baseline',
      measured: `${storeTrips} (${Object.entries(counted.redis.byCommand).map(([name, count]) => `${name} ${count}`).join(', ')})`,
      ratio: null,
      goal: '1',
      verdict: storeTrips <= 1 ? 'met' : 'missed',
      note:
        `${refreshes} refreshes in turn, counted by Redis MONITOR: the refresh rate limit and the rotation are one script, ` +
        `running ${fixed(counted.redis.scriptedPerRequest)} commands inside Redis per refresh. The user is read fresh from PostgreSQL: ${fixed(counted.db.perRequest)} DB round trips per refresh.`,
      data: counted,
    },
  ];
}

/**
 * Scenario 5: start-up to the first 200 from /api/health, fresh and warm, and /login's first-load
 * JavaScript. The last round's store is left in `handOver` (an empty directory) for the embedded
 * set-up.
 */
export async function startUp(profile: Profile, bcryptCost: number, handOver: string): Promise<Row[]> {
  const floor: number[] = [];
  const fresh: number[] = [];
  const warm: number[] = [];
  let bundles: { login: FirstLoadJs; dashboard: FirstLoadJs } | undefined;
  const secrets = testSecrets();
  for (let round = 0; round < profile.startupRepeats; round++) {
    const bare = await timeBareNode();
    floor.push(bare.ms);
    await bare.stop();
    const last = round === profile.startupRepeats - 1;
    const dataDir = last ? handOver : await mkdtemp(join(tmpdir(), 'auth-bench-start-'));
    try {
      const env = { ...secrets, DATA_DIR: dataDir, BCRYPT_COST: String(bcryptCost) };
      const first = await timeNextStart(env);
      fresh.push(first.ms);
      await first.stop();
      const again = await timeNextStart(env);
      warm.push(again.ms);
      try {
        bundles ??= { login: await firstLoadJs(again.url, '/login'), dashboard: await firstLoadJs(again.url, '/dashboard', await signedInCookies(again.url)) };
      } finally {
        await again.stop();
      }
    } finally {
      if (!last) await rm(dataDir, { recursive: true, force: true });
    }
  }
  const bareMs = median(floor);
  const freshMs = median(fresh);
  const warmMs = median(warm);
  const freshMet = freshMs <= 5000;
  const warmMet = warmMs <= 1500;
  // One fresh and one warm start under the profiler serve both rows.
  let starts: Promise<{ fresh: string; warm: string }> | undefined;
  const profiledOnce = () => (starts ??= profiledStarts({ ...secrets, BCRYPT_COST: String(bcryptCost) }));
  const freshWhere = await whereMissed(
    profile,
    !freshMet,
    async () => `PGlite's initdb alone, an empty directory opened in the bench's process with nothing else running, took ${ms(await timeInitdb())} in this run. ${(await profiledOnce()).fresh}`,
  );
  const warmWhere = await whereMissed(profile, !warmMet, async () => (await profiledOnce()).warm);
  const how = `median of ${profile.startupRepeats} (${fresh.join(', ')} ms fresh; ${warm.join(', ')} ms warm), against spawning a bare Node.js HTTP server (${floor.join(', ')} ms)`;
  return [
    {
      scenario: '5. Start-up: first successful request on a fresh embedded store',
      setup: 'embedded',
      baseline: `${ms(bareMs)} bare Node.js`,
      measured: ms(freshMs),
      ratio: ratio(freshMs, bareMs),
      goal: '≤ 5 s',
      verdict: freshMet ? 'met' : 'missed',
      note: `From spawning \`next start\` to the first 200 from /api/health (database and store up), ${how}. A fresh start creates PGlite's database (its initdb, on its own thread) and migrates it; the dummy bcrypt hash at cost ${bcryptCost} follows once the database is open.${freshWhere}`,
      data: { floor, fresh },
    },
    {
      scenario: '5. Start-up: first successful request on a warm restart',
      setup: 'embedded',
      baseline: `${ms(bareMs)} bare Node.js`,
      measured: ms(warmMs),
      ratio: ratio(warmMs, bareMs),
      goal: '≤ 1.5 s',
      verdict: warmMet ? 'met' : 'missed',
      note: `The same data directory and secrets, straight after the fresh start stopped.${warmWhere}`,
      data: { floor, warm },
    },
    pageJsRow("5. /login page's own first-load JavaScript (gzip)", '/login', bundles!.login, 15_000, LOGIN_CHUNKS_HOLD),
    pageJsRow("5. /dashboard page's own first-load JavaScript (gzip), signed in", '/dashboard', bundles!.dashboard),
  ];
}

/** One more fresh start and one more warm restart, each under `node --cpu-prof` (bench/profiles/5-start-*), read by thread. */
async function profiledStarts(env: Record<string, string>): Promise<{ fresh: string; warm: string }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'auth-bench-start-'));
  try {
    const texts = { fresh: '', warm: '' };
    for (const kind of ['fresh', 'warm'] as const) {
      const directory = join(PROFILES_DIR, `5-start-${kind}`);
      await rm(directory, { recursive: true, force: true });
      const started = await timeNextStart({ ...env, DATA_DIR: dataDir }, ['--cpu-prof', `--cpu-prof-dir=${directory}`]);
      await started.stop();
      texts[kind] = await startProfileText(directory, `one more ${kind} start, ${ms(started.ms)} to the first 200 under the profiler, bench/profiles/5-start-${kind}/`);
    }
    return texts;
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** PGlite creating an empty database (its initdb) in this process, alone: the floor of a fresh embedded start. */
async function timeInitdb(): Promise<number> {
  const directory = await mkdtemp(join(tmpdir(), 'auth-bench-initdb-'));
  try {
    const started = performance.now();
    const database = openPGlite(directory);
    await database.waitReady;
    const elapsed = Math.round(performance.now() - started);
    await database.close();
    return elapsed;
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

const MEMORY_REQUESTS = 1000;
const EMBEDDED_MEMORY_GOAL_MB = 300;

/**
 * Scenario 5, memory: the embedded server's resident memory after 1,000 reads that touch the
 * database, as the process itself reports it (every thread, the embedded database's included).
 * Run first on the embedded set-up, whose server has just started on the directory the start-up
 * rounds left: a warm restart, as a developer's `npm run dev` or `npm start` usually is.
 */
export async function embeddedMemory(profile: Profile, setup: BenchSetup, user: User): Promise<Row[]> {
  const me: RequestSpec = { path: '/api/auth/me', headers: bearer(user) };
  await closedLoop(setup.app.url, me, { connections: profile.connections, amount: MEMORY_REQUESTS });
  const memory = await serverMemory(setup.app.url, user.accessToken);
  const rssMb = Math.round(memory.rss / 1048576);
  const met = rssMb <= EMBEDDED_MEMORY_GOAL_MB;
  return [
    {
      scenario: `5. Resident memory after ${MEMORY_REQUESTS.toLocaleString('en-US')} requests`,
      setup: setup.name,
      baseline: 'a size: no baseline',
      measured: `${rssMb} MB`,
      ratio: null,
      goal: `≤ ${EMBEDDED_MEMORY_GOAL_MB} MB`,
      verdict: met ? 'met' : 'missed',
      note:
        `GET /api/auth/me ${MEMORY_REQUESTS} times at ${profile.connections} connections, then the server's resident memory (MB of 1,048,576 bytes). ` +
        (met ? '' : `${memoryText(memory)} The embedded database's WebAssembly memory, which grows with what it has done and never shrinks until the next start, is in that rest (decision 038).`),
      data: { memory },
    },
  ];
}

/** A new account's cookies on the server at `baseUrl`, as a browser holds them after signing up. */
async function signedInCookies(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl },
    body: JSON.stringify({ email: `bench-page-${randomUUID()}@example.com`, password: 'Bench-first-load-9-passphrase', firstName: 'Bench', lastName: 'Page' }),
  });
  if (response.status !== 201) throw new Error(`sign-up for the dashboard's scripts answered ${response.status}`);
  return response.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ');
}

// A production build carries no module names, so what /login's chunks hold was read once from a
// build with source maps (decision 012, 2026-12-04) and is said with a missed goal.
const LOGIN_CHUNKS_HOLD =
  "What the chunks hold (read from a build with source maps on 2026-12-04, decision 012): the root layout's chunk, about 10 kB, is some 6 kB of Next.js's own client modules (layout-router 2.0 kB, link 1.6, its URL helpers 1.7, the not-found boundary 0.8, each gzipped alone), the auth client and its context 2.8 kB, the header, footer and button 1.9 kB; the form's chunk, about 4.8 kB, is the form with its fields and the passkey sign-in; the two error boundaries Next.js loads with every page 1.5 kB.";

/**
 * A page's own scripts against the framework's: against `goalBytes` where the page has a goal, else
 * as context; `whatTheyHold` is added when the goal is missed.
 */
function pageJsRow(scenario: string, path: string, js: FirstLoadJs, goalBytes?: number, whatTheyHold = ''): Row {
  const own = js.scripts.filter((script) => !script.framework).sort((a, b) => b.gzipBytes - a.gzipBytes);
  const ownBytes = own.reduce((sum, script) => sum + script.gzipBytes, 0);
  return {
    scenario,
    setup: 'build',
    baseline: `${kB(js.frameworkBytes)} framework chunks every page loads`,
    measured: kB(ownBytes),
    ratio: ratio(ownBytes, js.frameworkBytes),
    goal: goalBytes === undefined ? '' : `≤ ${kB(goalBytes)}`,
    verdict: goalBytes === undefined ? 'context' : ownBytes <= goalBytes ? 'met' : 'missed',
    note:
      `The ${js.scripts.length} module scripts ${path}'s HTML loads, each gzipped from .next/static (kB = 1000 bytes), ${kB(js.pageBytes)} in all; the framework's are build-manifest.json's rootMainFiles. ` +
      `The page's own ${own.length} chunks: ${own.map((script) => `${script.file.split('/').pop()} ${kB(script.gzipBytes)}`).join(', ')}. ` +
      (own.some((script) => script.zod)
        ? `zod's core is in ${own.filter((script) => script.zod).map((script) => script.file.split('/').pop()).join(', ')}: something on the page imports a schema with it, where decision 032 has forms load theirs with the first keystroke.`
        : 'zod is not among them: forms load it, with their schema, at the first keystroke (decision 032).') +
      (goalBytes !== undefined && ownBytes > goalBytes && whatTheyHold ? ` ${whatTheyHold}` : ''),
    data: js,
  };
}

const EVENT_LOOP_PATH = '/api/bench/event-loop';

/** Runs `work` between emptying and reading the server's event-loop delay histogram (lib/bench/event-loop.ts). */
async function underEventLoopWatch<T>(setup: BenchSetup, user: User, work: () => Promise<T>): Promise<{ result: T; delay: EventLoopDelay | null }> {
  const reset = await call(setup.app, 'POST', EVENT_LOOP_PATH, { token: user.accessToken });
  if (reset.status !== 200) throw new Error(`POST ${EVENT_LOOP_PATH} answered ${reset.status}`);
  const result = await work();
  const read = await call(setup.app, 'GET', EVENT_LOOP_PATH, { token: user.accessToken });
  if (read.status !== 200) throw new Error(`GET ${EVENT_LOOP_PATH} answered ${read.status}`);
  return { result, delay: (read.body as { delay: EventLoopDelay | null }).delay };
}

const delayText = (delay: EventLoopDelay | null) =>
  delay ? `server event-loop delay p50 ${ms(delay.p50)}, p99 ${ms(delay.p99)}, max ${ms(delay.max)}` : 'no event-loop samples';

/**
 * What the histogram says of a tail: if the loop was ever held for half the gap between p99 and
 * p50, work on the server's own thread can explain it; if not, requests waited while the loop was
 * free (the store, the database, or the CPU the load generator and the services share).
 */
function tailReading(load: Load, delay: EventLoopDelay | null): string {
  if (!delay) return '';
  const gap = load.latency.p99 - load.latency.p50;
  // PGlite's queries run on a thread of their own (decision 038), not on the loop measured here.
  return delay.max >= gap / 2
    ? "Reading: the event loop was held for as long as the tail at least once, so work on the server's own thread (garbage collection or synchronous code) can explain it."
    : 'Reading: the event loop stayed free while the slowest requests waited, so the tail is waiting elsewhere (the store, the database, or CPU shared with the load generator).';
}

function tailRow(scenario: string, setup: BenchSetup, { result, delay }: { result: Load; delay: EventLoopDelay | null }): Row {
  const spread = fixed(result.latency.p99 / Math.max(result.latency.p50, 1));
  return {
    scenario,
    setup: setup.name,
    baseline: `p50 ${ms(result.latency.p50)}`,
    measured: `p99 ${ms(result.latency.p99)}`,
    ratio: spread,
    goal: 'p99 ≤ 3× p50',
    verdict: spread <= 3 ? 'met' : 'missed',
    note: `${result.requests} requests in ${fixed(result.seconds, 1)} s; max ${ms(result.latency.max)}; ${delayText(delay)}. ${tailReading(result, delay)}`.trim(),
    data: { load: result, eventLoop: delay },
  };
}

/**
 * Scenario 7: tails, each with the server's event-loop delay over the same seconds: a protected
 * read that touches the database (GET /api/auth/me at 20 req/s) on both set-ups, and refresh at
 * 100 req/s on the embedded one (on PostgreSQL + Redis, scenario 4's refresh phase gives that row).
 * Goal: p99 ≤ 3× p50.
 */
export async function tails(profile: Profile, setup: BenchSetup, user: User): Promise<Row[]> {
  const me: RequestSpec = { path: '/api/auth/me', headers: bearer(user) };
  const reads = (seconds: number) => () => paced(setup.app.url, me, { rate: PROBE_RATE, seconds, streams: 4 });
  const meRow = tailRow(`7. Tails: GET /api/auth/me at ${PROBE_RATE} req/s`, setup, await underEventLoopWatch(setup, user, reads(profile.refreshSeconds)));
  meRow.note += await whereMissed(profile, meRow.verdict === 'missed', async () =>
    profileText(`${profile.seconds} s more of the same reads`, await profiled(setup, user.accessToken, '7-me', reads(profile.seconds))),
  );
  const rows = [meRow];
  if (!setup.real) {
    const refreshes = async (seconds: number) => {
      const cookies = await refreshSessions(setup, user);
      return () => pacedRefresh(setup.app.url, cookies, seconds);
    };
    const refreshRow = tailRow(`7. Tails: refresh at ${REFRESH_RATE} req/s`, setup, await underEventLoopWatch(setup, user, await refreshes(profile.refreshSeconds)));
    // The measured streams' sessions have rotated on: the window gets sessions of its own.
    refreshRow.note += await whereMissed(profile, refreshRow.verdict === 'missed', async () =>
      profileText(`${profile.seconds} s more of the same refreshes`, await profiled(setup, user.accessToken, '7-refresh', await refreshes(profile.seconds))),
    );
    rows.push(refreshRow);
  }
  return rows;
}
