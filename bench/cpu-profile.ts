// Where a missed goal's time goes: the server's CPU profile over a window of the same load
// (lib/bench/cpu-profile.ts serves it at /api/bench/cpu-profile), read into processor time per
// request by where the code lives, and each thread's processor time. The whole profile is kept in
// bench/profiles/ for Chrome's DevTools (Performance panel, "Load profile").
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import type { CpuProfileWindow } from '../lib/bench/cpu-profile';
import type { Load } from '../tests/support/load';
import type { BenchSetup } from './setups';

const PROFILE_PATH = '/api/bench/cpu-profile';
export const PROFILES_DIR = resolve(import.meta.dirname, 'profiles');

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface V8Profile {
  nodes: Array<{ id: number; callFrame: CallFrame }>;
  samples: number[];
  timeDeltas: number[];
}

/** Main-thread processor time per request, by where the code lives, from the sampled profile. */
export interface ProfileSummary {
  requests: number;
  /** Sampled main-thread time per request that was not idle, µs. */
  busyMicros: number;
  /** µs per request by place (Next.js, the app's bundles, the middleware's bundle, garbage collection…). */
  places: Record<string, number>;
  /** The functions with the most time of their own, µs per request. */
  top: Array<{ name: string; micros: number }>;
  wallMs: number;
  threads: CpuProfileWindow['threads'];
  file: string;
}

const IDLE = 'idle';

/** Where a sampled frame's code lives. */
function placeOf({ functionName, url }: CallFrame): string {
  if (functionName === '(idle)') return IDLE;
  if (functionName === '(garbage collector)') return 'garbage collection';
  if (functionName === '(program)') return 'V8 and native code';
  if (url === '') return 'JavaScript built-ins';
  if (url.startsWith('wasm://')) return 'WebAssembly (PGlite)';
  if (url.startsWith('node:')) return 'Node.js internals';
  if (/[/\\]\.next[/\\]server[/\\].*(middleware|edge)/.test(url)) return "the middleware's bundle (Next.js's edge adapter and ours)";
  if (/[/\\]\.next[/\\]/.test(url)) return "the app's route bundles";
  const pkg = /node_modules[/\\]((?:@[^/\\]+[/\\])?[^/\\]+)/.exec(url)?.[1];
  return pkg === 'next' ? 'Next.js' : (pkg ?? 'other');
}

const shortUrl = (url: string) => url.replace(/^.*node_modules[/\\]/, '').replace(/^.*[/\\]\.next[/\\]/, '.next/');

/** Self time in µs by place and by function (idle and V8's pseudo-frames kept out of the functions). */
function aggregate(profile: V8Profile): { places: Map<string, number>; functions: Map<string, number> } {
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const selfMicros = new Map<number, number>();
  // Each sample's time is the delta to the next one.
  profile.samples.forEach((id, index) => selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[index + 1] ?? 0)));
  const places = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, micros] of selfMicros) {
    const frame = frames.get(id)!;
    const place = placeOf(frame);
    places.set(place, (places.get(place) ?? 0) + micros);
    if (place === IDLE || frame.functionName.startsWith('(')) continue;
    const name = `${frame.functionName || '(anonymous)'} ${frame.url ? `${shortUrl(frame.url)}:${frame.lineNumber + 1}` : '(built-in)'}`;
    functions.set(name, (functions.get(name) ?? 0) + micros);
  }
  return { places, functions };
}

const busyOf = (places: Map<string, number>) => [...places].filter(([place]) => place !== IDLE).reduce((sum, [, micros]) => sum + micros, 0);
const byTime = (places: Map<string, number>) => [...places].filter(([place]) => place !== IDLE).sort((a, b) => b[1] - a[1]);

/** A window's profile read per request; `file` is where the whole profile was saved. */
export function summarize(window: CpuProfileWindow, requests: number, file: string): ProfileSummary {
  const { places, functions } = aggregate(window.profile as V8Profile);
  const perRequest = (micros: number) => Math.round(micros / Math.max(requests, 1));
  return {
    requests,
    busyMicros: perRequest(busyOf(places)),
    places: Object.fromEntries(byTime(places).map(([place, micros]) => [place, perRequest(micros)])),
    top: [...functions].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([name, micros]) => ({ name, micros: perRequest(micros) })),
    wallMs: Math.round(window.wallMs),
    threads: window.threads,
    file,
  };
}

/**
 * A start-up's profiles, one per thread (`node --cpu-prof` writes CPU.<date>.<time>.<pid>.<thread>.<n>.cpuprofile,
 * thread 0 the main one) from spawning to the process's end: each thread's busy time by place.
 */
export async function startProfileText(directory: string, label: string): Promise<string> {
  const files = (await readdir(directory)).filter((file) => file.endsWith('.cpuprofile')).sort();
  const threads: string[] = [];
  let main = '';
  for (const file of files) {
    const profile = JSON.parse(await readFile(join(directory, file), 'utf8')) as V8Profile & { startTime: number; endTime: number };
    const { places } = aggregate(profile);
    const busy = busyOf(places);
    const millis = (micros: number) => `${Math.round(micros / 1000).toLocaleString('en-US')} ms`;
    const text = `${millis(busy)} busy of ${millis(profile.endTime - profile.startTime)} (${byTime(places)
      .slice(0, 5)
      .map(([place, micros]) => `${place} ${millis(micros)}`)
      .join(', ')})`;
    if (/\.\d+\.0\.\d+\.cpuprofile$/.test(file)) main = text;
    else threads.push(text);
  }
  return (
    `Where the time goes (${label}, \`node --cpu-prof\`, each thread from spawning to the first 200 and the stop right after): main thread ${main}` +
    (threads.length > 0 ? `; the other threads (the embedded database's first, where there is one, then the bcrypt workers'): ${threads.join('; ')}` : '') +
    '.'
  );
}

/** Runs `work` inside a profile window of the server at `url`, opened and closed with `token`. */
async function profileWindow<T>(url: string, token: string, work: () => Promise<T>): Promise<{ result: T; window: CpuProfileWindow }> {
  const headers = { authorization: `Bearer ${token}` };
  const opened = await fetch(`${url}${PROFILE_PATH}`, { method: 'POST', headers });
  if (opened.status !== 200) throw new Error(`POST ${PROFILE_PATH} answered ${opened.status}`);
  const result = await work();
  const closed = await fetch(`${url}${PROFILE_PATH}`, { headers });
  const window = ((await closed.json()) as { window?: CpuProfileWindow | null }).window;
  if (!window) throw new Error(`GET ${PROFILE_PATH} answered ${closed.status} with no window`);
  return { result, window };
}

/**
 * Runs `work` (a load whose answers are counted in its Load) inside a profile window of the
 * server's, and keeps the profile as bench/profiles/`name`.cpuprofile.
 */
export async function profiled(setup: BenchSetup, token: string, name: string, work: () => Promise<Load>): Promise<ProfileSummary> {
  const { result: load, window } = await profileWindow(setup.app.url, token, work);
  await mkdir(PROFILES_DIR, { recursive: true });
  const file = join(PROFILES_DIR, `${name}-${setup.name.replace(/\W+/g, '-')}.cpuprofile`);
  await writeFile(file, JSON.stringify(window.profile));
  return summarize(window, load.requests + (load.refused ?? 0), file);
}

const micros = (value: number) => `${value.toLocaleString('en-US')} µs`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const placesText = (places: Record<string, number>, limit = 6) =>
  Object.entries(places)
    .slice(0, limit)
    .map(([place, value]) => `${place} ${micros(value)}`)
    .join(', ');

/** Each thread's processor time in the window: the main thread, then the busiest others. */
export function threadsText(summary: ProfileSummary): string {
  if (!summary.threads) return '';
  const main = summary.threads.find((thread) => thread.main)?.cpuMs ?? 0;
  const others = summary.threads.filter((thread) => !thread.main && thread.cpuMs >= 50);
  const total = summary.threads.reduce((sum, thread) => sum + thread.cpuMs, 0);
  return (
    `Processor time of the server's threads over the ${seconds(summary.wallMs)} window: main ${seconds(main)}` +
    (others.length > 0 ? `, others ${others.map((thread) => seconds(thread.cpuMs)).join(', ')}` : '') +
    ` (the bcrypt workers and the embedded database's thread are among the others; V8's helpers too): ${seconds(total)} in all, ` +
    `of the ${seconds(summary.wallMs * availableParallelism())} the machine's ${availableParallelism()} cores had, which the load generator and the databases share.`
  );
}

const fileText = (summary: ProfileSummary) => `bench/profiles/${summary.file.split(/[/\\]/).pop()}`;

/** One load's profile, as a sentence of a note. */
export function profileText(label: string, summary: ProfileSummary): string {
  return (
    `Where the time goes (server CPU profile of ${label}, ${summary.requests} requests, ${fileText(summary)}; the profiler slows the server, so read the places, not the total, against the figures above): main thread ${micros(summary.busyMicros)} per request: ` +
    `${placesText(summary.places)}; most of their own: ${summary.top.map((each) => `${each.name} ${micros(each.micros)}`).join('; ')}.`
  );
}

/** Two loads' profiles, measured against baseline: what the measured side costs more, and where. */
export function profileDiffText(labels: { baseline: string; measured: string }, baseline: ProfileSummary, measured: ProfileSummary): string {
  const places = new Set([...Object.keys(baseline.places), ...Object.keys(measured.places)]);
  const more = [...places]
    .map((place) => [place, (measured.places[place] ?? 0) - (baseline.places[place] ?? 0)] as const)
    .filter(([, value]) => value !== 0)
    .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]))
    .slice(0, 6)
    .map(([place, value]) => `${place} ${value > 0 ? '+' : '−'}${micros(Math.abs(value))}`)
    .join(', ');
  return (
    `Where the time goes (server CPU profiles, one window each, ${fileText(baseline)} and ${fileText(measured)}; the profiler slows the server, so read the places, not the totals, against the rounds above): main thread ${micros(measured.busyMicros)} per request ` +
    `${labels.measured} against ${micros(baseline.busyMicros)} ${labels.baseline}; the difference by place: ${more}. ` +
    `Most of their own ${labels.measured}: ${measured.top.map((each) => `${each.name} ${micros(each.micros)}`).join('; ')}.`
  );
}

/** The server's own account of its memory now (a profile window opened and closed at once). */
export async function serverMemory(url: string, token: string): Promise<NodeJS.MemoryUsage> {
  return (await profileWindow(url, token, async () => undefined)).window.memory;
}

/** Where a server's resident memory is, by Node.js's account of its main thread. */
export function memoryText(memory: NodeJS.MemoryUsage): string {
  const mb = (bytes: number) => `${Math.round(bytes / 1048576)} MB`;
  const rest = memory.rss - memory.heapTotal - memory.external;
  return (
    `Where the memory goes (process.memoryUsage() in our server right after): resident ${mb(memory.rss)}: the main thread's V8 heap ${mb(memory.heapTotal)} ` +
    `(${mb(memory.heapUsed)} in use), memory outside it ${mb(memory.external)} (array buffers ${mb(memory.arrayBuffers)}), and ${mb(rest)} besides: ` +
    "code, the runtime, and the other threads' own memory (the embedded database's where there is one, the bcrypt workers', V8's helpers')."
  );
}
