import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from './ports';
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

/**
 * The Redis the tests use: TEST_REDIS_URL when given (CI starts Debian's redis-server), otherwise a
 * throwaway redis-server in a temp dir when the binary is installed; null when neither exists.
 */
export async function useRedis(): Promise<RunningRedis | null> {
  const given = process.env.TEST_REDIS_URL;
  if (given) return { url: given, owned: false, stop: async () => {} };
  if (!redisServerInstalled()) return null;

  const dir = await mkdtemp(join(tmpdir(), 'auth-redis-'));
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
    stdio: 'ignore',
  });
  // A failed teardown must not leave the server running or hold the test process open.
  child.unref();
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  await waitFor(async () => {
    if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode}`);
    return pings(port, '127.0.0.1');
  }, 'redis-server');
  return {
    url: `redis://127.0.0.1:${port}`,
    owned: true,
    stop: async () => {
      process.off('exit', killOnExit);
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((resolve) => child.once('exit', resolve));
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A real Redis behind the Upstash REST protocol, as the app's `@upstash/redis` client needs it. */
export async function useUpstashRedis(): Promise<{ url: string; token: string; stop(): Promise<void> } | null> {
  const redis = await useRedis();
  if (!redis) return null;
  const token = randomBytes(24).toString('base64url');
  const rest = await startUpstashRestServer({ redisUrl: redis.url, token });
  return {
    url: rest.url,
    token,
    stop: async () => {
      await rest.close();
      await redis.stop();
    },
  };
}
