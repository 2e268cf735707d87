import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { exitDescription, isRunning, killWithThisProcess, stopChild } from './child-process';
import { freePort, WaitAborted, waitFor } from './ports';
import { spawnUpstashRestServer } from './upstash-rest-process';
import { startUpstashRestServer } from './upstash-rest-server';

export interface RunningRedis {
  /** redis:// URL of the real server. */
  url: string;
  /** True when this process started it (and may FLUSHDB it). */
  owned: boolean;
  stop(): Promise<void>;
}

function pings(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, host);
    socket.setTimeout(500);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

export function redisServerInstalled(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** A redis-server of ours on `port` with its files in `dir`, answering PING; killed if the test process exits first. */
async function spawnRedisServer(port: number, dir: string, args: string[]): Promise<{ child: ChildProcess; stop(signal: NodeJS.Signals): Promise<void> }> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, ...args], { stdio: 'ignore' });
  // A failed teardown must not leave the server running or hold the test process open.
  child.unref();
  killWithThisProcess(child);
  const stop = (signal: NodeJS.Signals) => stopChild(child, signal);
  try {
    await waitFor(async () => {
      if (!isRunning(child)) throw new WaitAborted(`redis-server exited with ${exitDescription(child)}`);
      return pings(port, '127.0.0.1');
    }, 'redis-server');
  } catch (error) {
    await stop('SIGKILL');
    throw error;
  }
  return { child, stop };
}

/**
 * The Redis the tests use: TEST_REDIS_URL when given (CI starts Debian's redis-server), otherwise a
 * throwaway redis-server in a temp dir when the binary is installed; null when neither exists.
 */
export async function startRedis(): Promise<RunningRedis | null> {
  const given = process.env.TEST_REDIS_URL;
  if (given) return { url: given, owned: false, stop: async () => {} };
  if (!redisServerInstalled()) return null;

  const dir = await mkdtemp(join(tmpdir(), 'auth-redis-'));
  const port = await freePort();
  try {
    const server = await spawnRedisServer(port, dir, ['--save', '', '--appendonly', 'no']);
    return {
      url: `redis://127.0.0.1:${port}`,
      owned: true,
      stop: async () => {
        await server.stop('SIGTERM');
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** A throwaway redis-server that a test may kill outright and start again on the same port and data. */
export interface RestartableRedis extends RunningRedis {
  /** SIGKILL: the process dies as in a crash, without a chance to save anything. */
  kill(): Promise<void>;
  /** Starts it again on the same port; it reloads what it had acknowledged before the kill. */
  start(): Promise<void>;
}

/**
 * Always its own redis-server, never TEST_REDIS_URL (others use that one). Every write is appended
 * to the file before Redis answers, as a durable hosted Redis keeps it, so a kill loses nothing
 * acknowledged: what a test sees after the restart is the app's doing, not lost data. The kernel
 * holds what was written when the process is killed, so no fsync is needed for that
 * (appendfsync no; with everysec Redis may answer before writing while an fsync is slow): with
 * `always`, each write waited for the disk, and on a CI machine whose other lanes were writing,
 * one sign-up passed the app's 2 s store timeout before anything was killed. Null when
 * redis-server is not installed.
 */
export async function startRestartableRedis(): Promise<RestartableRedis | null> {
  if (!redisServerInstalled()) return null;
  const dir = await mkdtemp(join(tmpdir(), 'auth-redis-restartable-'));
  const port = await freePort();
  const args = ['--save', '', '--appendonly', 'yes', '--appendfsync', 'no'];
  let server: Awaited<ReturnType<typeof spawnRedisServer>> | undefined;
  try {
    server = await spawnRedisServer(port, dir, args);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    owned: true,
    kill: async () => {
      await server?.stop('SIGKILL');
      server = undefined;
    },
    start: async () => {
      if (server) throw new Error('redis-server is already running');
      server = await spawnRedisServer(port, dir, args);
    },
    stop: async () => {
      await server?.stop('SIGTERM');
      server = undefined;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Watches `url`'s Redis (MONITOR) until it has run a command with an argument containing
 * `fragment`: a test can then act between two steps of one request, e.g. kill Redis after a
 * sign-up's rate-limit check passed but before its session is written.
 */
export async function whenRedisRuns(url: string, fragment: string): Promise<{ seen: Promise<void>; close(): void }> {
  // One-shot: once Redis is gone there is nothing more to watch, so no reconnecting.
  const client = new Redis(url, { lazyConnect: true, retryStrategy: () => null });
  const monitor = await client.monitor();
  monitor.on('error', () => {});
  const seen = new Promise<void>((resolve) => {
    monitor.on('monitor', (_time: string, args: string[]) => {
      if (args.some((arg) => arg.includes(fragment))) resolve();
    });
  });
  return { seen, close: () => monitor.disconnect() };
}

/**
 * A real Redis behind the Upstash REST protocol, as the app's `@upstash/redis` client needs it;
 * with `ownProcess`, the REST server runs in a process of its own (for tests that load the app).
 */
export async function startUpstashRedis(options: { ownProcess?: boolean } = {}): Promise<{ url: string; token: string; stop(): Promise<void> } | null> {
  const redis = await startRedis();
  if (!redis) return null;
  const token = randomBytes(24).toString('base64url');
  const rest = options.ownProcess ? await spawnUpstashRestServer(redis.url, token) : await startUpstashRestServer({ redisUrl: redis.url, token });
  return {
    url: rest.url,
    token,
    stop: async () => {
      await rest.close();
      await redis.stop();
    },
  };
}
