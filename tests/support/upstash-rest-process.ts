import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { exitDescription, isRunning, killWithThisProcess, stopChild } from './child-process';
import { freePort, WaitAborted, waitFor } from './ports';

const ROOT = resolve(import.meta.dirname, '../..');

/**
 * The local Upstash REST server (upstash-rest-server.ts) in a process of its own. In the test's
 * process, every store call of the app would wait on whatever else that process does: a load
 * generator's event loop, for one.
 */
export async function spawnUpstashRestServer(redisUrl: string, token: string): Promise<{ url: string; close(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'tests/support/upstash-rest-server.ts')], {
    cwd: ROOT,
    env: { ...process.env, UPSTASH_PROXY_TOKEN: token, UPSTASH_PROXY_PORT: String(port), REDIS_URL: redisUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  killWithThisProcess(child);
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const close = () => stopChild(child);
  try {
    await waitFor(async () => {
      if (!isRunning(child)) throw new WaitAborted(`the Upstash REST server exited with ${exitDescription(child)}: ${output}`);
      return output.includes('listening on');
    }, 'the Upstash REST server');
  } catch (error) {
    await close();
    throw error;
  }
  return { url: `http://127.0.0.1:${port}`, close };
}
