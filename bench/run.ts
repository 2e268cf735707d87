// `npm run bench` (`npm run bench:smoke` adds --smoke): every scenario of issue 7 against
// `next start` of the existing production build (and scenario 6, EdDSA against HS256 checks, in
// this process), on the embedded defaults and, where
// BENCH_DATABASE_URL or TEST_DATABASE_URL is given, on PostgreSQL + Redis (TEST_REDIS_URL, else a
// redis-server of its own). Writes bench/results.{md,json} (smoke: bench/smoke-results.*). Exits
// non-zero only when a scenario crashed: a missed goal is a result. BENCH_NOTE adds a line about
// the machine to the results. `--only 4,7` runs those scenarios alone, starting only the set-ups
// they need, and writes bench/partial-results.* instead. See docs/decisions/012-benchmarks.md.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, release, tmpdir, type } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigError, MIN_BCRYPT_COST, parseConfig } from '../lib/config/env';
import { testSecrets } from '../tests/support/app-server';
import { signUp } from '../tests/support/client';
import type { Machine, Row } from './report';
import { writeReport } from './report';
import { edgeVerification, embeddedMemory, jwtVsSession, loginStorm, PROFILES, refreshRate, startUp, tails, type User } from './scenarios';
import { signatureCheck } from './signature-check';
import { buildProblem, startEmbedded, startReal, type BenchSetup } from './setups';

const ROOT = resolve(import.meta.dirname, '..');

// Only a guard against a hung run; the full run takes about 6 minutes and the smoke run 1-3 (more
// beside CI's test suites).
const HANG_LIMIT_MS = { full: 15 * 60_000, smoke: 6 * 60_000 };

function refuse(message: string): never {
  console.error(`bench: ${message}`);
  process.exit(1);
}

/**
 * The app's configured cost, or for a smoke run the lowest the app accepts: a smoke run's figures
 * are not read, and its sixty-odd sequential logins (the refresh streams' sessions) at cost 12 were
 * most of its time, beside the test suites in CI.
 */
function configuredCost(smoke: boolean): number {
  try {
    return parseConfig({ ...testSecrets(), BCRYPT_COST: process.env.BCRYPT_COST ?? (smoke ? String(MIN_BCRYPT_COST) : undefined) }).bcryptCost;
  } catch (error) {
    if (error instanceof ConfigError) refuse(error.message);
    throw error;
  }
}

const profile = PROFILES[process.argv.includes('--smoke') ? 'smoke' : 'full'];
const onlyFlag = process.argv.indexOf('--only');
const only = onlyFlag === -1 ? null : new Set((process.argv[onlyFlag + 1] ?? '').split(',').map(Number));
if (only && [...only].some((number) => !Number.isInteger(number) || number < 1 || number > 7)) refuse('--only takes scenario numbers from 1 to 7, comma-separated: --only 4,7');
/** Whether scenario `number` runs: all of them, or those --only names. */
const chosen = (number: number) => !only || only.has(number);
const buildMissing = buildProblem();
if (buildMissing) refuse(buildMissing);
const bcryptCost = configuredCost(profile.name === 'smoke');
const machine: Machine = {
  cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
  cores: availableParallelism(),
  node: process.version,
  os: `${type()} ${release()}`,
  loadBefore: Number(loadavg()[0]!.toFixed(1)),
  loadAfter: 0,
  note: process.env.BENCH_NOTE,
};
const startedAt = new Date();
const rows: Row[] = [];
const running = new Set<BenchSetup>();

const hangGuard = setTimeout(() => {
  console.error(`bench: still running after ${HANG_LIMIT_MS[profile.name] / 60_000} minutes; stopping`);
  void Promise.allSettled([...running].map((setup) => setup.stop())).then(() => process.exit(1));
}, HANG_LIMIT_MS[profile.name]);
hangGuard.unref();

const scenarioNumber = (row: Row) => parseInt(row.scenario) || 0;
const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

function crashed(name: string, setup: string, error: unknown): void {
  console.error(`bench: ${name} [${setup}] crashed: ${describe(error)}`);
  rows.push({ scenario: name, setup, baseline: '', measured: '', ratio: null, goal: '', verdict: 'crashed', note: describe(error) });
}

/**
 * Runs one scenario (its name starts with its number), unless --only leaves it out; a crash
 * becomes a row, so the others still run and the table says what broke.
 */
async function scenario(name: string, setup: string, work: () => Promise<Row[]>): Promise<void> {
  if (!chosen(parseInt(name))) return;
  const started = performance.now();
  console.error(`bench: ${name} [${setup}]`);
  try {
    rows.push(...(await work()));
  } catch (error) {
    crashed(name, setup, error);
  }
  console.error(`bench:   ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** Starts a set-up for the scenarios `numbers`, unless --only leaves out all of them. */
async function withSetup(name: BenchSetup['name'], numbers: number[], start: () => Promise<BenchSetup>, work: (setup: BenchSetup, user: User) => Promise<void>): Promise<void> {
  if (!numbers.some(chosen)) return;
  let setup: BenchSetup | undefined;
  try {
    setup = await start();
    running.add(setup);
    const signedUp = await signUp(setup.app);
    await work(setup, { credentials: { email: signedUp.user.email, password: signedUp.user.password }, accessToken: signedUp.accessToken });
  } catch (error) {
    crashed(`set-up ${name}`, name, error);
  } finally {
    if (setup) {
      running.delete(setup);
      await setup.stop();
    }
  }
}

const env = { BCRYPT_COST: String(bcryptCost) };
// Scenario 5's memory figure is the embedded set-up's, read first; its start-ups run servers of their own.
const EMBEDDED_SCENARIOS = [5, 1, 2, 7, 3];
const REAL_SCENARIOS = [2, 4, 7, 3];
// The set-ups this run measures.
const setups = EMBEDDED_SCENARIOS.some(chosen) ? ['embedded'] : [];

// First, while no server runs: it measures this process's own checks.
await scenario('6. Signature check', 'in-process', () => signatureCheck(profile));

// The start-up scenario leaves its last store here for the embedded set-up, saving another
// fresh PGlite (seconds of CPU); after a crash the set-up starts from an empty directory instead.
const embeddedDir = await mkdtemp(join(tmpdir(), 'auth-bench-'));
await scenario('5. Start-up and the pages\' JavaScript', 'embedded', () => startUp(profile, bcryptCost, embeddedDir));
if (rows.some((row) => row.verdict === 'crashed')) {
  await rm(embeddedDir, { recursive: true, force: true });
  await mkdir(embeddedDir);
}

await withSetup('embedded', EMBEDDED_SCENARIOS, () => startEmbedded(env, embeddedDir), async (setup, user) => {
  await scenario('5. Memory after a warm restart', setup.name, () => embeddedMemory(profile, setup, user));
  await scenario('1. Middleware overhead and fresh tokens', setup.name, () => edgeVerification(profile, setup, user));
  await scenario('2. JWT vs session lookup', setup.name, () => jwtVsSession(profile, setup, user));
  await scenario('7. Tails', setup.name, () => tails(profile, setup, user));
  await scenario('3. Login storm', setup.name, () => loginStorm(profile, setup, user, bcryptCost));
});

const databaseUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (databaseUrl) {
  if (REAL_SCENARIOS.some(chosen)) setups.push('postgres+redis');
  await withSetup('postgres+redis', REAL_SCENARIOS, () => startReal(databaseUrl, env), async (setup, user) => {
    await scenario('2. JWT vs session lookup', setup.name, () => jwtVsSession(profile, setup, user));
    await scenario('4. Refresh', setup.name, () => refreshRate(profile, setup, user));
    await scenario('7. Tails', setup.name, () => tails(profile, setup, user));
    await scenario('3. Login storm', setup.name, () => loginStorm(profile, setup, user, bcryptCost));
  });
} else if (chosen(4)) {
  rows.push({
    scenario: '4. Refresh (Redis through the Upstash REST protocol)',
    setup: 'postgres+redis',
    baseline: '',
    measured: '',
    ratio: null,
    goal: 'p99 ≤ 15 ms at 100 req/s; 1 store round trip',
    verdict: 'not run',
    note: 'Needs real services: set BENCH_DATABASE_URL (or TEST_DATABASE_URL), and TEST_REDIS_URL or install redis-server. Scenario 2 counts round trips there too.',
  });
}

machine.loadAfter = Number(loadavg()[0]!.toFixed(1));
const seconds = Math.round((Date.now() - startedAt.getTime()) / 1000);
const smoke = profile.name === 'smoke';
const out = join(ROOT, 'bench', only ? 'partial-results' : smoke ? 'smoke-results' : 'results');
await writeReport(
  // In scenario order; within one, the order the set-ups ran in.
  { profile: profile.name, startedAt: startedAt.toISOString(), seconds, machine, bcryptCost, setups, rows: rows.toSorted((a, b) => scenarioNumber(a) - scenarioNumber(b)) },
  { markdown: `${out}.md`, json: `${out}.json` },
  `${smoke ? 'npm run bench:smoke' : 'npm run bench'}${only ? ` -- --only ${[...only].join(',')}` : ''}`,
);
const crashes = rows.filter((row) => row.verdict === 'crashed');
const missed = rows.filter((row) => row.verdict === 'missed');
console.error(`bench: ${seconds} s; ${rows.length} rows, ${missed.length} goals missed, ${crashes.length} crashed; see ${out}.md`);
process.exit(crashes.length > 0 ? 1 : 0);
