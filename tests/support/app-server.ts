import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { exitDescription, isRunning, killWithThisProcess, stopChild } from './child-process';
import { seedEmbeddedDatabase } from './pglite-template';
import { freePort, WaitAborted, waitFor } from './ports';
import { RELAXED_RATE_LIMITS } from './rate-limits';

const ROOT = resolve(import.meta.dirname, '../..');

export interface AppServer {
  url: string;
  env: Record<string, string>;
  /** Everything the server printed so far (checked for leaked secrets by the tests). */
  output(): string;
  /** False once the server process has exited, whatever the reason. */
  running(): boolean;
  stop(): Promise<void>;
}

export function testSecrets() {
  return {
    JWT_SECRET: randomBytes(48).toString('base64url'),
    REFRESH_TOKEN_SECRET: randomBytes(48).toString('base64url'),
  };
}

/** The line `next start` prints once its server listens. */
const LISTENING = /✓ Ready in/;

/**
 * `next start` of the production build on `host`:`port` (loopback unless a test needs a client
 * that is not), with `env` and nothing but PATH and HOME from ours. `listening` is true once it
 * holds the port: until then an answer there can come from another suite's server given the same
 * port between freePort and the bind.
 */
export function spawnNextStart(
  port: number,
  env: Record<string, string>,
  host = '127.0.0.1',
  nodeArgs: string[] = [],
): { child: ChildProcess; output: () => string; listening: () => boolean } {
  if (!existsSync(join(ROOT, '.next', 'BUILD_ID'))) {
    throw new Error('No production build: run `npm run build` (npm test does it first)');
  }
  const child = spawn(process.execPath, [...nodeArgs, join(ROOT, 'node_modules/next/dist/bin/next'), 'start', '-p', String(port), '-H', host], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  killWithThisProcess(child);
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  return { child, output: () => output, listening: () => LISTENING.test(output) };
}

/** Runs `next start` with exactly `env` (no defaults added) until it exits; for start-up refusals. */
export async function runUntilExit(env: Record<string, string>, timeoutMs = 20_000): Promise<{ code: number | null; output: string }> {
  const { child, output } = spawnNextStart(await freePort(), env);
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((done) => child.once('exit', done));
  clearTimeout(timer);
  return { code, output: output() };
}

/**
 * A value for `startApp`'s env that becomes the server's own origin (`http://127.0.0.1:<port>`),
 * which is only known once the port is: `APP_URL: OWN_ORIGIN` gives mail links that lead back to
 * the server while its Origin check still accepts requests from its own URL.
 */
export const OWN_ORIGIN = '<the server\'s own origin>';

/**
 * Starts the production build (`next start`) with `env` on a free port and a fresh data dir, and
 * waits for /api/health to answer 200 (or, with `healthy: false`, to answer at all). It listens on
 * loopback, or on `host` (an IPv4 address of this machine) when given. The build must exist:
 * `npm test` runs `next build` first. A restart keeps what a browser and the embedded database
 * hold: `port` (the page's origin) and `dataDir`, which stays when the server stops.
 */
export async function startApp(
  env: Record<string, string> = {},
  options: { healthy?: boolean; host?: string; port?: number; dataDir?: string } = {},
): Promise<AppServer> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? (await freePort());
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'auth-app-')));
  const removeDataDir = () => (ownDataDir ? rm(dataDir, { recursive: true, force: true }) : Promise.resolve());
  const url = `http://${host}:${port}`;
  const fullEnv: Record<string, string> = Object.fromEntries(
    Object.entries({ ...testSecrets(), ...RELAXED_RATE_LIMITS, BCRYPT_COST: '10', DATA_DIR: dataDir, ...env }).map(([name, value]) => [
      name,
      value === OWN_ORIGIN ? url : value,
    ]),
  );
  if (!fullEnv.DATABASE_URL && fullEnv.DATA_DIR) await seedEmbeddedDatabase(fullEnv.DATA_DIR);
  const { child, output, listening } = spawnNextStart(port, fullEnv, host);
  try {
    await waitFor(async () => {
      if (!isRunning(child)) throw new WaitAborted(`next start exited with ${exitDescription(child)}:\n${output()}`);
      if (!listening()) return false;
      const response = await fetch(`${url}/api/health`);
      return options.healthy === false || response.status === 200;
      // A guard against a server that never comes up, not a measure: with six test lanes on two
      // cores a restart once took longer than 30 s.
    }, `next start on ${url}`, 60_000);
  } catch (error) {
    await stopChild(child, 'SIGKILL');
    await removeDataDir();
    throw error;
  }
  let stopping = false;
  // A server that dies on its own mid-suite otherwise shows only as the next request's
  // ECONNREFUSED: its last words go to the test's output.
  child.once('exit', () => {
    if (!stopping) console.error(`next start on ${url} exited on its own with ${exitDescription(child)}; its output:\n${output().slice(-4000)}`);
  });
  return {
    url,
    env: fullEnv,
    output,
    running: () => isRunning(child),
    stop: async () => {
      stopping = true;
      await stopChild(child);
      await removeDataDir();
    },
  };
}
