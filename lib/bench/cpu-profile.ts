import 'server-only';
import { readdir, readFile } from 'node:fs/promises';
import { Session } from 'node:inspector';

/**
 * The server's own CPU profile over a window of a benchmark's load, for the scenarios whose goal
 * is missed: where the time goes, measured rather than guessed (docs/decisions/012-benchmarks.md).
 * V8's sampling profiler sees the main thread (the request handlers, the middleware's sandbox,
 * garbage collection); the processor time of every thread of the process (bcrypt workers, the
 * embedded database's thread, V8's helpers) comes from Linux's per-thread counters beside it,
 * and the process's memory at the window's end from Node.js.
 */

/** Processor time one thread of this process used during the window. */
export interface ThreadTime {
  main: boolean;
  cpuMs: number;
}

export interface CpuProfileWindow {
  /** V8's `Profiler.stop` result: a `.cpuprofile`, as Chrome's DevTools open it. */
  profile: unknown;
  wallMs: number;
  /** Every thread's processor time in the window, busiest first; null off Linux. */
  threads: ThreadTime[] | null;
  /** The process's memory at the window's end, in bytes (Node.js's `process.memoryUsage()`). */
  memory: NodeJS.MemoryUsage;
}

type Ticks = Map<string, number>;

interface Running {
  session: Session;
  startedAt: number;
  ticks: Ticks | null;
}

const globalForProfile = globalThis as { __benchCpuProfile?: Running };

// Linux counts processor time in clock ticks of 1/100 s (USER_HZ) on every platform Node.js runs on.
const MS_PER_TICK = 10;

function post<T>(session: Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result as T))));
}

/** utime + stime of each thread of this process, by thread id; null where /proc is not Linux's. */
async function threadTicks(): Promise<Ticks | null> {
  const tids = await readdir('/proc/self/task').catch(() => null);
  if (!tids) return null;
  const ticks: Ticks = new Map();
  for (const tid of tids) {
    const stat = await readFile(`/proc/self/task/${tid}/stat`, 'utf8').catch(() => null);
    if (!stat) continue;
    // The fields after the command name's ')' start at field 3: utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks.set(tid, Number(fields[11]) + Number(fields[12]));
  }
  return ticks;
}

/** Starts sampling every millisecond (V8's default: each sample interrupts the server, so finer would slow it more); a window already open is discarded. */
export async function startCpuProfile(): Promise<void> {
  globalForProfile.__benchCpuProfile?.session.disconnect();
  const session = new Session();
  session.connect();
  await post(session, 'Profiler.enable');
  await post(session, 'Profiler.setSamplingInterval', { interval: 1000 });
  const ticks = await threadTicks();
  await post(session, 'Profiler.start');
  globalForProfile.__benchCpuProfile = { session, startedAt: performance.now(), ticks };
}

/** Ends the window; null when none was open. */
export async function stopCpuProfile(): Promise<CpuProfileWindow | null> {
  const running = globalForProfile.__benchCpuProfile;
  if (!running) return null;
  globalForProfile.__benchCpuProfile = undefined;
  const { profile } = await post<{ profile: unknown }>(running.session, 'Profiler.stop');
  const wallMs = performance.now() - running.startedAt;
  running.session.disconnect();
  const after = await threadTicks();
  const threads =
    running.ticks && after
      ? [...after]
          .map(([tid, ticks]) => ({ main: tid === String(process.pid), cpuMs: (ticks - (running.ticks!.get(tid) ?? 0)) * MS_PER_TICK }))
          .filter((thread) => thread.cpuMs > 0)
          .sort((a, b) => b.cpuMs - a.cpuMs)
      : null;
  return { profile, wallMs, threads, memory: process.memoryUsage() };
}
