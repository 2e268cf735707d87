// A folder under bench/peers/ with its own lock file or Next.js app, which the project's install,
// build and checks never see: installed and built here, only when what it is made from changed.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { exitDescription, isRunning, killWithThisProcess, stopChild } from '../tests/support/child-process';
import { freePort, WaitAborted, waitFor } from '../tests/support/ports';

/** Runs a command in `dir`; on failure, throws with the end of what it printed. */
export function runIn(dir: string, command: string, args: string[], env: Record<string, string> = {}): Promise<void> {
  const child = spawn(command, args, { cwd: dir, env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  return new Promise((done, fail) => {
    child.once('error', fail);
    child.once('exit', (code) => (code === 0 ? done() : fail(new Error(`${command} ${args.join(' ')} in ${relative(process.cwd(), dir)} exited with ${code}:\n${output.slice(-3000)}`))));
  });
}

const sha256 = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');
const stampOf = (file: string) => readFile(file, 'utf8').catch(() => '');

/** `npm ci` in `dir`, unless its node_modules was installed from this very lock file. */
export async function installPinned(dir: string): Promise<'installed' | 'current'> {
  const stamp = join(dir, 'node_modules', '.bench-peers-lock');
  const lock = sha256(await readFile(join(dir, 'package-lock.json')));
  if ((await stampOf(stamp)) === lock) return 'current';
  await runIn(dir, 'npm', ['ci', '--no-audit', '--no-fund']);
  await writeFile(stamp, lock);
  return 'installed';
}

const NOT_SOURCE = new Set(['node_modules', '.next', 'next-env.d.ts', 'tsconfig.tsbuildinfo']);

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries
      .filter((entry) => !NOT_SOURCE.has(entry.name))
      .map((entry) => (entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : Promise.resolve([join(dir, entry.name)]))),
  );
  return nested.flat().sort();
}

/** `next build` of the app in `dir` with the Next.js at `nextBin`, unless .next was built from the same sources. */
export async function buildNextApp(dir: string, nextBin: string): Promise<'built' | 'current'> {
  const stamp = join(dir, '.next', '.bench-peers-source');
  const files = await sourceFiles(dir);
  const contents = await Promise.all(files.map(async (file) => `${relative(dir, file)}\n${sha256(await readFile(file))}`));
  const source = sha256([nextBin, ...contents].join('\n'));
  if (existsSync(join(dir, '.next', 'BUILD_ID')) && (await stampOf(stamp)) === source) return 'current';
  await runIn(dir, process.execPath, [nextBin, 'build']);
  await writeFile(stamp, source);
  return 'built';
}

export interface StartedApp {
  url: string;
  child: ChildProcess;
  /** From spawning `next start` to the first 200 of `readyPath`. */
  startMs: number;
  stop(): Promise<void>;
}

/**
 * `next start` of the built app in `dir` on a free port of `host`, with only `env` beside PATH and
 * HOME (the project's own settings must not leak into a peer), until `readyPath` answers 200. Killed
 * with this process; a start that fails is killed and throws with what it printed.
 */
export async function startNextApp(dir: string, options: { label: string; host: string; readyPath: string; env?: (url: string) => Record<string, string> }): Promise<StartedApp> {
  const port = await freePort();
  const url = `http://${options.host}:${port}`;
  const started = performance.now();
  const child = spawn(process.execPath, [join(dir, 'node_modules', 'next', 'dist', 'bin', 'next'), 'start', '-p', String(port), '-H', options.host], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', ...options.env?.(url) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  killWithThisProcess(child);
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  try {
    await waitFor(async () => {
      if (!isRunning(child)) throw new WaitAborted(`${options.label} start exited with ${exitDescription(child)}:\n${output}`);
      return (await fetch(`${url}${options.readyPath}`)).status === 200;
    }, `${options.label} on ${url}`);
  } catch (error) {
    await stopChild(child, 'SIGKILL');
    throw error;
  }
  return { url, child, startMs: Math.round(performance.now() - started), stop: () => stopChild(child) };
}
