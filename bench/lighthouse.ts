// `npm run bench:lighthouse`: Lighthouse (mobile: simulated 4x slower CPU and slow 4G) on /login
// and the signed-in /dashboard of the existing build, against a bare Next.js app on the same
// Next.js and React versions (bench/peers/next-floor) in the same run, rounds interleaved so both
// sides see the same machine. The bare app and Lighthouse (bench/peers/lighthouse) are installed
// from their own lock files by this script only. Each round also loads every page twice in
// Chromium slowed down for real (4x, the CPU throttling Lighthouse only simulates) and sums its long
// tasks. Writes bench/lighthouse-results.md. `--rounds N` (default 5).
import { writeFile } from 'node:fs/promises';
import { availableParallelism, cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from '@playwright/test';
import { startApp, type AppServer } from '../tests/support/app-server';
import { chromiumLaunchOptions } from '../tests/support/chromium';
import { buildNextApp, installPinned, startNextApp, type StartedApp } from './peer-folder';
import { median } from './scenarios';
import { buildProblem } from './setups';

const ROOT = resolve(import.meta.dirname, '..');
const LIGHTHOUSE_DIR = join(ROOT, 'bench', 'peers', 'lighthouse');
const FLOOR_DIR = join(ROOT, 'bench', 'peers', 'next-floor');
const FLOOR_NEXT_BIN = join(FLOOR_DIR, 'node_modules', 'next', 'dist', 'bin', 'next');
const OUT = join(ROOT, 'bench', 'lighthouse-results.md');
const GOAL = 95;
const PASSWORD = 'Lighthouse-bench-9-passphrase';
const CPU_SLOWDOWN = 4;
const SLOWED_LOADS_PER_ROUND = 2;

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
type Category = (typeof CATEGORIES)[number];

interface Reading {
  scores: Record<Category, number>;
  tbt: number;
  lcp: number;
  fcp: number;
  cls: number;
  /** Lighthouse's own timing of this machine's processor just before the load; higher is faster. */
  benchmarkIndex: number;
}

interface Target {
  label: string;
  /** The bare Next.js app's page, measured for comparison, with no goal of its own. */
  bare: boolean;
  url: string;
  signedIn: boolean;
  readings: Reading[];
  /** Why each round Lighthouse could not measure was not measured. */
  unmeasured: string[];
  /** Blocking time of each load at a real CPU slowdown (blockingWhenSlowed). */
  slowedBlocking: number[];
}

/** A page to measure, with nothing read yet. */
function newTarget(label: string, url: string, { bare = false, signedIn = false }: { bare?: boolean; signedIn?: boolean } = {}): Target {
  return { label, bare, url, signedIn, readings: [], unmeasured: [], slowedBlocking: [] };
}

/** The three packages this script imports from bench/peers/lighthouse, typed as far as it uses them. */
interface LighthouseModules {
  lighthouse: (url: string, flags: Record<string, unknown>, config: undefined, page: unknown) => Promise<{ lhr: LighthouseResult }>;
  launch: (options: { chromePath?: string; chromeFlags: string[] }) => Promise<{ port: number; kill(): Promise<void> }>;
  connect: (options: { browserURL: string }) => Promise<PuppeteerBrowser>;
}

interface LighthouseResult {
  finalDisplayedUrl: string;
  /** Set when the run measured nothing worth reading (its scores are then null). */
  runtimeError?: { code: string; message: string };
  categories: Record<Category, { score: number | null }>;
  audits: Record<string, { numericValue?: number }>;
  environment: { benchmarkIndex: number };
}

interface PuppeteerBrowser {
  newPage(): Promise<{ createCDPSession(): Promise<{ send(method: string): Promise<unknown> }>; close(): Promise<void> }>;
  setCookie(...cookies: Array<{ name: string; value: string; url: string }>): Promise<void>;
  disconnect(): Promise<void>;
}

async function lighthouseModules(): Promise<LighthouseModules> {
  // Imported through a module of that folder, so the packages resolve from its node_modules.
  const { lighthouse, launch, puppeteer } = (await import(pathToFileURL(join(LIGHTHOUSE_DIR, 'modules.mjs')).href)) as {
    lighthouse: LighthouseModules['lighthouse'];
    launch: LighthouseModules['launch'];
    puppeteer: { connect: LighthouseModules['connect'] };
  };
  return { lighthouse, launch, connect: (options) => puppeteer.connect(options) };
}

/** A new account's cookies (refresh and device), as a browser holds them after signing up. */
async function signUp(base: string): Promise<Array<{ name: string; value: string; url: string }>> {
  const response = await fetch(`${base}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ email: `lighthouse-${Date.now()}@example.com`, password: PASSWORD, firstName: 'Light', lastName: 'House' }),
  });
  if (response.status !== 201) throw new Error(`sign-up answered ${response.status}: ${await response.text()}`);
  return response.headers.getSetCookie().map((line) => {
    const pair = line.split(';')[0]!;
    return { name: pair.slice(0, pair.indexOf('=')), value: pair.slice(pair.indexOf('=') + 1), url: base };
  });
}

/** A round Lighthouse could not measure: said, and left out of the medians, rather than read as a score of 0. */
class UnmeasuredRound extends Error {}

async function measure(modules: LighthouseModules, port: number, target: Target): Promise<Reading> {
  // Cookies go into the browser's own jar, not a fixed header, so the refresh's rotated cookie
  // replaces the old one as in a real browser; storage reset is off for that, the cache cleared here.
  const browser = await modules.connect({ browserURL: `http://127.0.0.1:${port}` });
  const page = await browser.newPage();
  try {
    const cdp = await page.createCDPSession();
    await cdp.send('Network.clearBrowserCache');
    await cdp.send('Network.clearBrowserCookies');
    if (target.signedIn) await browser.setCookie(...(await signUp(new URL(target.url).origin)));
    const { lhr } = await modules.lighthouse(target.url, { port, output: 'json', logLevel: 'error', disableStorageReset: true }, undefined, page);
    if (lhr.finalDisplayedUrl !== target.url) throw new Error(`${target.label}: Lighthouse ended at ${lhr.finalDisplayedUrl}, not ${target.url}`);
    if (lhr.runtimeError) throw new UnmeasuredRound(`${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
    const audit = (id: string) => lhr.audits[id]?.numericValue ?? NaN;
    return {
      scores: Object.fromEntries(CATEGORIES.map((category) => [category, Math.round((lhr.categories[category].score ?? 0) * 100)])) as Record<Category, number>,
      tbt: audit('total-blocking-time'),
      lcp: audit('largest-contentful-paint'),
      fcp: audit('first-contentful-paint'),
      cls: audit('cumulative-layout-shift'),
      benchmarkIndex: lhr.environment.benchmarkIndex,
    };
  } finally {
    await page.close();
    await browser.disconnect();
  }
}

/**
 * Lighthouse's blocking time is simulated: the main thread's tasks of an unthrottled load,
 * multiplied by four. This loads the page with the CPU slowed down for real, as on a phone, so work
 * that moves between threads or shrinks with caches counts as it happens, and sums every long
 * task's time over 50 ms from navigation to a second after the network went quiet.
 */
async function blockingWhenSlowed(browser: Browser, target: Target): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 412, height: 823 } });
  try {
    if (target.signedIn) await context.addCookies(await signUp(new URL(target.url).origin));
    // Injected by the browser, not the page, so the page's nonce-only CSP does not apply to it.
    await context.addInitScript(() => {
      const tasks: number[] = [];
      Object.assign(window, { longTasks: tasks });
      new PerformanceObserver((list) => list.getEntries().forEach((entry) => tasks.push(entry.duration))).observe({ type: 'longtask', buffered: true });
    });
    const page = await context.newPage();
    await (await context.newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    await page.goto(target.url, { waitUntil: 'networkidle' });
    if (new URL(page.url()).pathname !== new URL(target.url).pathname) throw new Error(`${target.label}: the slowed load ended at ${page.url()}`);
    await page.waitForTimeout(1_000);
    return await page.evaluate(() => ((window as unknown as { longTasks: number[] }).longTasks).reduce((sum, duration) => sum + Math.max(0, duration - 50), 0));
  } finally {
    await context.close();
  }
}

const medianOf = (target: Target, pick: (reading: Reading) => number) => median(target.readings.map(pick));

function speedReading(targets: Target[]): string {
  const indexes = targets.flatMap((target) => target.readings.map((reading) => reading.benchmarkIndex));
  return `${Math.round(median(indexes))} (median; ${Math.round(Math.min(...indexes))}-${Math.round(Math.max(...indexes))})`;
}

function report(targets: Target[], floor: Target, rounds: number, chromeName: string): string {
  const lines = [
    '# Lighthouse',
    '',
    `Written by \`npm run bench:lighthouse\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC: Lighthouse 13.5 mobile (simulated 4x CPU slowdown, slow 4G), ` +
      `${rounds} interleaved rounds, medians; ${chromeName}; ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${availableParallelism()} cores. ` +
      'The bare Next.js pages (bench/peers/next-floor: one server-rendered page, and one with a two-field client form; the same Next.js and React versions) are the floor any App Router page stands on; ' +
      'scores move by several points between runs on a shared machine, so compare rows of one run; ' +
      `Lighthouse's own reading of the processor's speed at its loads (benchmark index, higher is faster) was ${speedReading(targets)}, to tell a slower machine from a slower page. ` +
      `The last column is measured apart from Lighthouse: each page loaded ${SLOWED_LOADS_PER_ROUND} times a round in Chromium with its CPU slowed down ${CPU_SLOWDOWN}x for real, ` +
      'every long task\'s time over 50 ms summed from navigation to a second after the network went quiet, medians.',
    '',
    '| page | performance | accessibility | best practices | SEO | blocking time | largest paint | first paint | layout shift | performance range | blocking time, real 4x slowdown |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const target of targets) {
    const scores = CATEGORIES.map((category) => medianOf(target, (reading) => reading.scores[category]));
    const performance = target.readings.map((reading) => reading.scores.performance);
    lines.push(
      `| ${target.label} | ${scores.join(' | ')} | ${Math.round(medianOf(target, (r) => r.tbt))} ms | ${Math.round(medianOf(target, (r) => r.lcp))} ms | ` +
        `${Math.round(medianOf(target, (r) => r.fcp))} ms | ${medianOf(target, (r) => r.cls).toFixed(3)} | ${Math.min(...performance)}-${Math.max(...performance)} | ` +
        `${Math.round(median(target.slowedBlocking))} ms |`,
    );
  }
  for (const target of targets.filter((each) => each.unmeasured.length > 0)) {
    lines.push('', `${target.label}: ${target.unmeasured.length} of ${rounds} rounds not measured, left out of its medians (${[...new Set(target.unmeasured)].join('; ')}).`);
  }
  lines.push('', `Goal: ${GOAL} in every category.`, '');
  for (const target of targets.filter((each) => !each.bare)) {
    const missed = CATEGORIES.filter((category) => medianOf(target, (reading) => reading.scores[category]) < GOAL);
    const blocking = medianOf(target, (r) => r.tbt) / medianOf(floor, (r) => r.tbt);
    const slowed = median(target.slowedBlocking) / median(floor.slowedBlocking);
    lines.push(
      `- ${target.label}: ${missed.length === 0 ? 'met' : `missed (${missed.map((category) => `${category} ${medianOf(target, (reading) => reading.scores[category])}`).join(', ')})`}; ` +
        `blocking time ${blocking.toFixed(2)}x the bare page's with a form (Lighthouse's simulation), ${slowed.toFixed(2)}x at a real ${CPU_SLOWDOWN}x slowdown.`,
    );
  }
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  const problem = buildProblem();
  if (problem) throw new Error(problem);
  const roundsFlag = process.argv.indexOf('--rounds');
  const rounds = roundsFlag === -1 ? 5 : Number(process.argv[roundsFlag + 1]);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error('--rounds takes a whole number of rounds');

  console.log(`lighthouse: ${await installPinned(LIGHTHOUSE_DIR)}; bare Next.js app: ${await installPinned(FLOOR_DIR)}, ${await buildNextApp(FLOOR_DIR, FLOOR_NEXT_BIN)}`);
  const modules = await lighthouseModules();
  let ours: AppServer | undefined;
  let floor: StartedApp | undefined;
  let chrome: { port: number; kill(): Promise<void> } | undefined;
  let slowed: Browser | undefined;
  try {
    // `localhost`, as people open it: a passkey's relying party cannot be an IP address.
    ours = await startApp({}, { host: 'localhost' });
    floor = await startNextApp(FLOOR_DIR, { label: 'bare Next.js', host: 'localhost', readyPath: '/' });
    const launch = chromiumLaunchOptions({ full: true });
    const chromePath = launch.executablePath ?? chromium.executablePath();
    chrome = await modules.launch({ chromePath, chromeFlags: ['--headless=new', ...launch.args] });
    slowed = await chromium.launch(launch);
    const bareForm = newTarget('bare Next.js, a form page', `${floor.url}/form`, { bare: true });
    const targets = [
      newTarget('bare Next.js, a text page', `${floor.url}/`, { bare: true }),
      bareForm,
      newTarget('/login', `${ours.url}/login`),
      newTarget('/dashboard, signed in', `${ours.url}/dashboard`, { signedIn: true }),
    ];
    for (let round = 1; round <= rounds; round++) {
      for (const target of targets) {
        let reading: Reading;
        try {
          reading = await measure(modules, chrome.port, target);
        } catch (error) {
          if (!(error instanceof UnmeasuredRound)) throw error;
          target.unmeasured.push(error.message);
          console.log(`round ${round}/${rounds} ${target.label}: not measured: ${error.message}`);
          continue;
        }
        target.readings.push(reading);
        for (let load = 0; load < SLOWED_LOADS_PER_ROUND; load++) target.slowedBlocking.push(await blockingWhenSlowed(slowed, target));
        console.log(
          `round ${round}/${rounds} ${target.label}: performance ${reading.scores.performance}, blocking ${Math.round(reading.tbt)} ms, largest paint ${Math.round(reading.lcp)} ms, shift ${reading.cls.toFixed(3)}, benchmark index ${Math.round(reading.benchmarkIndex)}; ` +
            `at a real slowdown ${target.slowedBlocking.slice(-SLOWED_LOADS_PER_ROUND).map(Math.round).join(', ')} ms`,
        );
      }
    }
    const markdown = report(targets, bareForm, rounds, chromePath);
    await writeFile(OUT, markdown);
    console.log(`\n${markdown}\nwritten to ${OUT}`);
  } finally {
    await slowed?.close();
    await chrome?.kill();
    await floor?.stop();
    await ours?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
