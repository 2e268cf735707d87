// `npm run bench:peers`: our app against Better Auth (bench/peers/better-auth) on the same machine,
// Next.js, PostgreSQL and load generator. Installs and builds the peer in its own folder (skipped
// when current), migrates its own database with Better Auth's migration, then measures ours
// (`next start` of our existing build on PostgreSQL + Redis) and the peer's three ways of reading a
// session. Writes the Peers section of bench/results.md and bench/peers-results.json, and prints
// each goal met or missed. Exits non-zero only when something crashed: a missed goal is a result.
// See docs/decisions/012-benchmarks.md.
import { readFileSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, release, type } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigError, parseConfig } from '../lib/config/env';
import { testSecrets } from '../tests/support/app-server';
import { signUp } from '../tests/support/client';
import { closedLoop, paced, type Load, type RequestSpec } from '../tests/support/load';
import { singleCoreHashRate, singleCoreScryptRate, type ScryptParams } from './hash-rate';
import { memoryText, PROFILES_DIR, profiled, profileText, serverMemory, startProfileText } from './cpu-profile';
import { buildPeer, installPeer, migratePeer, PEER_DIR, peerDatabase, peerJwt, peerSecret, signInPeer, signUpPeer, startPeer, treeRssMb, type PeerServer } from './peer-app';
import { goalLines, peersMarkdown, withPeersSection, type PeerRow, type PeerRun } from './peer-report';
import { compareSides, median, pacedRefresh, profiledPair, PROFILES, refreshSessions, REFRESH_RATE, REFRESH_STREAMS, STORM_CONNECTIONS, stormWithProbe, whereMissed, type Profile, type User } from './scenarios';
import { buildProblem, startReal, type BenchSetup } from './setups';
import { timeNextStart } from './startup';

const startedAt = new Date();
const ROOT = resolve(import.meta.dirname, '..');
const LIMIT_SECONDS = 600;
// Only a guard against a hung run.
const HANG_LIMIT_MS = 15 * 60_000;

// `npm run bench`'s full profile, with the loads that run for a set time shortened so install,
// build and all of this fit in the 10 minutes on a fresh clone.
const PROFILE: Profile = { ...PROFILES.full, hashSeconds: 3, stormSeconds: 10, refreshSeconds: 10 };
const RSS_READS = 1000;

// What @better-auth/utils' password.node.mjs passes to node:crypto scrypt (the peer's hash).
const PEER_SCRYPT: ScryptParams = { N: 16384, r: 16, p: 1, keyLength: 64 };

function refuse(message: string): never {
  console.error(`bench:peers: ${message}`);
  process.exit(1);
}

const log = (message: string) => console.error(`bench:peers: ${message}`);
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function step<T>(what: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  log(`${what} …`);
  const result = await work();
  log(`${what}: ${seconds(started)}`);
  return result;
}

const buildMissing = buildProblem();
if (buildMissing) refuse(buildMissing);
const databaseUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (!databaseUrl) refuse('needs PostgreSQL: set BENCH_DATABASE_URL (or TEST_DATABASE_URL); Redis comes from TEST_REDIS_URL or a redis-server of its own');
let bcryptCost: number;
try {
  bcryptCost = parseConfig({ ...testSecrets(), BCRYPT_COST: process.env.BCRYPT_COST }).bcryptCost;
} catch (error) {
  if (error instanceof ConfigError) refuse(error.message);
  throw error;
}
const loadBefore = loadavg()[0]!.toFixed(1);

const running: Array<{ stop(): Promise<void> }> = [];
async function stopAll(): Promise<void> {
  for (const each of running.splice(0).reverse()) await each.stop().catch((error: unknown) => log(`clean-up failed: ${error instanceof Error ? error.message : String(error)}`));
}
const hangGuard = setTimeout(() => {
  log(`still running after ${HANG_LIMIT_MS / 60_000} minutes; stopping`);
  void stopAll().then(() => process.exit(1));
}, HANG_LIMIT_MS);
hangGuard.unref();

const peerVersion = (name: string) => (JSON.parse(readFileSync(join(PEER_DIR, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
const ms = (value: number) => `${value} ms`;

/** Throughput of the same protected read: ours with its access token, the peer three ways. */
async function reads(ours: BenchSetup, user: User, peer: { session: PeerServer; cache: PeerServer; sessionCookie: string; cacheCookie: string; jwt: string }): Promise<PeerRow[]> {
  const sides: Record<'ours' | 'skipped' | 'session' | 'cache' | 'jwt', RequestSpec> = {
    ours: { path: '/api/bench/protected', headers: { authorization: `Bearer ${user.accessToken}` } },
    skipped: { path: '/api/bench/public' },
    session: { path: `${peer.session.url}/api/me`, headers: { cookie: peer.sessionCookie } },
    cache: { path: `${peer.cache.url}/api/me`, headers: { cookie: peer.cacheCookie } },
    jwt: { path: `${peer.session.url}/api/jwt-me`, headers: { authorization: `Bearer ${peer.jwt}` } },
  };
  const { medians, how } = await compareSides(PROFILE, ours.app.url, sides);
  const where = await whereMissed(PROFILE, medians.ours.perSecond < medians.jwt.perSecond, () =>
    profiledPair(PROFILE, ours, user, { baseline: ['skipped', sides.skipped], measured: ['through the middleware', sides.ours] }, 'peers-read'),
  );
  const row = (side: 'session' | 'cache' | 'jwt', peerMode: string, note: string): PeerRow => ({
    measure: `Protected read, ${PROFILE.connections} connections (throughput)`,
    peerMode,
    ours: medians.ours.perSecond,
    peer: medians[side].perSecond,
    unit: 'req/s',
    better: 'higher',
    note: `${how}; p50 ${ms(medians.ours.latency.p50)} ours vs ${ms(medians[side].latency.p50)}. ${note}`,
  });
  return [
    row('session', 'session lookup', 'Ours: GET /api/bench/protected, identity from the access token (middleware + handler, no database). Peer: GET /api/me calling auth.api.getSession, which looks the session and its user up in PostgreSQL on every request (cookie cache off).'),
    row('cache', 'cookieCache', 'Peer: the same route on a second server with session.cookieCache on (maxAge 15 min): getSession checks the session token cookie and reads the signed session_data cookie, no database.'),
    row('jwt', 'jwt plugin bearer', `Peer: GET /api/jwt-me verifying the jwt plugin's token (EdDSA) with jose against its JWKS, read once and kept in memory, as ours verifies its HS256 token.${where}`),
    {
      measure: 'Ours without the middleware: a trivial route its matcher skips (throughput)',
      peerMode: 'jwt plugin bearer',
      ours: medians.skipped.perSecond,
      peer: medians.jwt.perSecond,
      unit: 'req/s',
      better: null,
      note:
        `Same rounds; p50 ${ms(medians.skipped.latency.p50)}. Ours: GET /api/bench/public, no token and no middleware, against the peer's JWT route, which has no middleware either: ` +
        `how much of the gap above is our middleware (decision 012, scenario 1) rather than the token check.`,
    },
  ];
}

/** Renewal at 100 req/s: our refresh rotation against the peer's JWT endpoint. */
async function renewal(ours: BenchSetup, user: User, peer: { session: PeerServer; sessionCookie: string }): Promise<PeerRow[]> {
  const cookies = await refreshSessions(ours, user);
  const oursLoad = await pacedRefresh(ours.app.url, cookies, PROFILE.refreshSeconds);
  const peerLoad = await paced(peer.session.url, { path: '/api/auth/token', headers: { cookie: peer.sessionCookie } }, { rate: REFRESH_RATE, seconds: PROFILE.refreshSeconds, streams: REFRESH_STREAMS });
  const how = `${REFRESH_RATE} req/s for ${PROFILE.refreshSeconds} s over ${REFRESH_STREAMS} one-connection streams (ours ${oursLoad.requests}, peer ${peerLoad.requests} answers; ours first)`;
  const where = await whereMissed(PROFILE, oursLoad.latency.p50 > peerLoad.latency.p50 || oursLoad.latency.p99 > peerLoad.latency.p99, async () => {
    // The measured streams' sessions have rotated on: the window gets sessions of its own.
    const fresh = await refreshSessions(ours, user);
    const window = await profiled(ours, user.accessToken, 'peers-renewal', () => pacedRefresh(ours.app.url, fresh, PROFILE.seconds));
    return profileText(`${PROFILE.seconds} s more of our refreshes`, window);
  });
  const what =
    'Ours: POST /api/auth/refresh rotates the refresh token (one Redis script, the user read from PostgreSQL) and signs a new access token. ' +
    `Peer: GET /api/auth/token, the jwt plugin's endpoint: the session looked up, the signing key read from its jwks table, an EdDSA token signed; its session token is not rotated.${where}`;
  return [
    { measure: `Renewal p50 at ${REFRESH_RATE} req/s`, peerMode: 'jwt plugin /token', ours: oursLoad.latency.p50, peer: peerLoad.latency.p50, unit: 'ms', better: 'lower', note: `${how}. ${what}` },
    { measure: `Renewal p99 at ${REFRESH_RATE} req/s`, peerMode: 'jwt plugin /token', ours: oursLoad.latency.p99, peer: peerLoad.latency.p99, unit: 'ms', better: 'lower', note: `Same runs; max ${ms(oursLoad.latency.max)} ours vs ${ms(peerLoad.latency.max)}.` },
  ];
}

/** A protected read's p99 at 20 req/s while 20 connections log in, on each side; the peer first. */
async function storms(ours: BenchSetup, user: User, peer: { session: PeerServer; sessionCookie: string; user: { email: string; password: string } }): Promise<PeerRow[]> {
  const peerStorm = await stormWithProbe(
    PROFILE,
    peer.session.url,
    { path: '/api/me', headers: { cookie: peer.sessionCookie } },
    { method: 'POST', path: '/api/auth/sign-in/email', headers: { 'content-type': 'application/json', origin: peer.session.url }, body: JSON.stringify(peer.user) },
  );
  // Let the last sign-ins' hashes finish before ours starts.
  await sleep(3000);
  const oursStorm = await stormWithProbe(
    PROFILE,
    ours.app.url,
    { path: '/api/auth/me', headers: { authorization: `Bearer ${user.accessToken}` } },
    { method: 'POST', path: '/api/auth/login', headers: { 'content-type': 'application/json' }, body: JSON.stringify(user.credentials) },
  );
  const p99 = (load: Load) => ms(load.latency.p99);
  return [
    {
      measure: `Protected read p99 during ${STORM_CONNECTIONS} concurrent logins`,
      peerMode: 'session lookup',
      ours: oursStorm.during.latency.p99,
      peer: peerStorm.during.latency.p99,
      unit: 'ms',
      better: 'lower',
      note:
        `${PROFILE.stormSeconds} s of logins in a closed loop, the read at 20 req/s from a second client. Ours: GET /api/auth/me with the access token; ` +
        `peer: GET /api/me (session lookup). Without logins: p99 ${p99(oursStorm.idle)} ours, ${p99(peerStorm.idle)} peer.`,
    },
    {
      measure: `Logins per second during the storm`,
      peerMode: 'email sign-in',
      ours: oursStorm.storm.perSecond,
      peer: peerStorm.storm.perSecond,
      unit: 'logins/s',
      better: null,
      note:
        `Set by each side's password hash and its cost (see the hash row), not a goal. Ours refused ${oursStorm.storm.refused ?? 0} at once with 503 ` +
        `(bounded hashing queue) and the loop sent them again; the peer has no such bound.`,
    },
  ];
}

/** Cold start to the first 200 on PostgreSQL, then resident memory after 1,000 reads; alternating, median of 3. */
async function startUps(ours: BenchSetup, user: User, peer: { databaseUrl: string; secret: string; sessionCookie: string }): Promise<PeerRow[]> {
  const oursMs: number[] = [];
  const peerMs: number[] = [];
  let oursRss = NaN;
  let peerRss = NaN;
  let oursMemory: NodeJS.MemoryUsage | undefined;
  const last = PROFILE.startupRepeats - 1;
  const startOurs = async (round: number) => {
    const started = await timeNextStart(ours.app.env);
    try {
      oursMs.push(started.ms);
      if (round === last) {
        await closedLoop(started.url, { path: '/api/bench/protected', headers: { authorization: `Bearer ${user.accessToken}` } }, { connections: PROFILE.connections, amount: RSS_READS });
        oursRss = await treeRssMb(started.pid);
        oursMemory = await serverMemory(started.url, user.accessToken);
      }
    } finally {
      await started.stop();
    }
  };
  const startThePeer = async (round: number) => {
    const server = await startPeer('session', peer.databaseUrl, peer.secret);
    try {
      peerMs.push(server.startMs);
      if (round === last) {
        await closedLoop(server.url, { path: '/api/me', headers: { cookie: peer.sessionCookie } }, { connections: PROFILE.connections, amount: RSS_READS });
        peerRss = await treeRssMb(server.child.pid!);
      }
    } finally {
      await server.stop();
    }
  };
  for (let round = 0; round < PROFILE.startupRepeats; round++) {
    for (const start of round % 2 === 0 ? [startOurs, startThePeer] : [startThePeer, startOurs]) await start(round);
  }
  const where = await whereMissed(PROFILE, median(oursMs) > median(peerMs), async () => {
    const directory = join(PROFILES_DIR, 'peers-start');
    await rm(directory, { recursive: true, force: true });
    const started = await timeNextStart(ours.app.env, ['--cpu-prof', `--cpu-prof-dir=${directory}`]);
    await started.stop();
    return startProfileText(directory, `one more start of ours, ${started.ms} ms to the first 200 under the profiler, bench/profiles/peers-start/`);
  });
  return [
    {
      measure: 'Cold start to first 200 (PostgreSQL)',
      peerMode: 'session lookup',
      ours: median(oursMs),
      peer: median(peerMs),
      unit: 'ms',
      better: 'lower',
      note:
        `From spawning \`next start\` to the first 200 of /api/health, median of ${PROFILE.startupRepeats} alternating starts (ours ${oursMs.join(', ')} ms; peer ${peerMs.join(', ')} ms), databases already migrated. ` +
        `Ours answers 200 once PostgreSQL and the Redis token store respond; the peer's /api/health runs \`select 1\` through the pg pool Better Auth uses.${where}`,
    },
    {
      measure: `Resident memory after ${RSS_READS.toLocaleString('en-US')} reads`,
      peerMode: 'session lookup',
      ours: oursRss,
      peer: peerRss,
      unit: 'MB',
      better: 'lower',
      note:
        `VmRSS of the \`next start\` process and its children after its last cold start and ${RSS_READS} protected reads at ${PROFILE.connections} connections (ours /api/bench/protected, peer /api/me).` +
        (oursMemory && oursRss > peerRss ? ` ${memoryText(oursMemory)}` : ''),
    },
  ];
}

async function main(): Promise<PeerRun> {
  const installed = await step('npm ci in bench/peers/better-auth', installPeer);
  const built = await step('next build of the peer', buildPeer);
  log(`peer ${installed}, ${built}`);
  const peerUrl = await peerDatabase(databaseUrl!);
  const secret = peerSecret();
  await step('Better Auth migration of the peer database', () => migratePeer(peerUrl, secret));

  const ours = await step('ours on PostgreSQL + Redis', () => startReal(databaseUrl!, { BCRYPT_COST: String(bcryptCost) }));
  running.push(ours);
  const signedUp = await signUp(ours.app);
  const user: User = { credentials: { email: signedUp.user.email, password: signedUp.user.password }, accessToken: signedUp.accessToken };

  const session = await step('peer, session lookup', () => startPeer('session', peerUrl, secret));
  running.push(session);
  const cache = await step('peer, cookie cache', () => startPeer('cookie-cache', peerUrl, secret));
  running.push(cache);
  const peerUser = await signUpPeer(session);
  const sessionCookie = await signInPeer(session, peerUser);
  const cacheCookie = await signInPeer(cache, peerUser);
  const jwt = await peerJwt(session, sessionCookie);

  const rows: PeerRow[] = [];
  rows.push(...(await step('protected reads', () => reads(ours, user, { session, cache, sessionCookie, cacheCookie, jwt }))));
  rows.push(...(await step('renewal', () => renewal(ours, user, { session, sessionCookie }))));
  rows.push(...(await step('login storms', () => storms(ours, user, { session, sessionCookie, user: peerUser }))));
  await cache.stop();
  await session.stop();
  running.splice(running.indexOf(cache), 1);
  running.splice(running.indexOf(session), 1);

  const hashes = await step('password hashes on one core', async () => ({ ours: await singleCoreHashRate(bcryptCost, PROFILE.hashSeconds), peer: singleCoreScryptRate(PEER_SCRYPT, PROFILE.hashSeconds) }));
  rows.push({
    measure: 'Password hashes per second on one core',
    peerMode: 'scrypt',
    ours: hashes.ours.perSecond,
    peer: hashes.peer.perSecond,
    unit: 'hashes/s',
    better: null,
    note:
      `Ours: bcryptjs at cost ${bcryptCost} on a worker thread (the app hashes on up to 4 of them behind a bounded queue). Peer: node:crypto scrypt N=${PEER_SCRYPT.N}, r=${PEER_SCRYPT.r}, p=${PEER_SCRYPT.p}, ` +
      `${PEER_SCRYPT.keyLength}-byte key (16 MB of memory per hash), as Better Auth hashes on libuv's thread pool (4 threads). A lower figure is a costlier hash for an attacker too.`,
  });
  rows.push(...(await step('cold starts and memory', () => startUps(ours, user, { databaseUrl: peerUrl, secret, sessionCookie }))));
  await stopAll();

  const machine =
    `Machine: ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${availableParallelism()} cores, Node.js ${process.version}, ${type()} ${release()}; ` +
    `1-minute load average ${loadBefore} before, ${loadavg()[0]!.toFixed(1)} at the end.${process.env.BENCH_NOTE ? ` **${process.env.BENCH_NOTE}**` : ''}`;
  return {
    peer: 'Better Auth',
    command: 'npm run bench:peers',
    startedAt: startedAt.toISOString(),
    seconds: Math.round(process.uptime()),
    limitSeconds: LIMIT_SECONDS,
    machine,
    about: [
      `Better Auth ${peerVersion('better-auth')} with next ${peerVersion('next')}, react ${peerVersion('react')}, pg ${peerVersion('pg')}, built with \`next build\` and run with \`next start\` from bench/peers/better-auth (its own package-lock.json); ours is \`next start\` of the existing build, next 16.4.5, on PostgreSQL + Redis (Upstash REST protocol). Same PostgreSQL server, separate databases; autocannon from this process for both.`,
      `Password hashes: ours bcrypt cost ${bcryptCost} (bcryptjs, worker threads, bounded queue answering 503 when full); the peer scrypt N=16384, r=16, p=1 (its default, node:crypto on libuv's pool). Neither side was tuned to match the other: the hash row gives the cost of each per core.`,
      'Design differences: the peer\'s database sessions see a revocation at once but cost a lookup per request; its cookie cache (maxAge set to 15 minutes here, the length of our access token) and its JWT, like our access token, go on working until they expire. The peer does not rotate its session token (it extends it once a day on use); ours rotates the refresh token on every refresh, with reuse detection. Ours signs HS256 access tokens (EdDSA is an option); the peer\'s jwt plugin signs EdDSA.',
      'Both sides\' rate limiters are out of the way: the peer\'s is turned off, ours runs with the test suites\' relaxed limits, so storms measure hashing, not limits.',
    ],
    rows,
  };
}

let report: PeerRun;
try {
  report = await main();
} catch (error) {
  await stopAll();
  log(`crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
}
const results = join(ROOT, 'bench', 'results.md');
await writeFile(results, withPeersSection(await readFile(results, 'utf8').catch(() => ''), peersMarkdown(report)));
await writeFile(join(ROOT, 'bench', 'peers-results.json'), `${JSON.stringify(report, null, 2)}\n`);
for (const line of goalLines(report)) console.log(line);
log(`${report.seconds} s in all; see bench/results.md (Peers)`);
process.exit(0);
