import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { exitDescription, isRunning, stopChild } from '../support/child-process';

const SUPPORT = join(import.meta.dirname, '../support/child-process.ts');

/** Whether a process with this id still runs (a zombie awaiting its parent counts as gone). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
}

test('stopChild ends a running child and returns at once for one a signal already ended', async () => {
  const running = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30_000)']);
  running.unref();
  assert.equal(isRunning(running), true);
  await stopChild(running);
  assert.equal(isRunning(running), false);
  assert.equal(exitDescription(running), 'signal SIGTERM');

  const killed = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30_000)']);
  killed.kill('SIGKILL');
  await new Promise((resolve) => killed.once('exit', resolve));
  assert.equal(killed.exitCode, null, 'a signal leaves exitCode null');
  assert.equal(isRunning(killed), false);
  await stopChild(killed);
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  test(`a runner stopped by ${signal} takes the servers it started with it, and still ends by that signal`, { skip: process.platform !== 'linux' && 'reads /proc' }, async () => {
    const script = [
      `const { spawn } = await import('node:child_process');`,
      `const { killWithThisProcess } = await import(${JSON.stringify(SUPPORT)});`,
      `const server = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });`,
      `killWithThisProcess(server);`,
      `console.log(server.pid);`,
      `setInterval(() => {}, 1000);`,
    ].join('\n');
    const runner = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const serverPid = await new Promise<number>((resolve) => runner.stdout.once('data', (chunk) => resolve(Number(String(chunk).trim()))));
    try {
      assert.ok(alive(serverPid), 'the server runs');
      const ended = new Promise((resolve) => runner.once('exit', resolve));
      runner.kill(signal);
      await ended;
      assert.equal(exitDescription(runner), `signal ${signal}`);
      for (let waited = 0; alive(serverPid) && waited < 2000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(alive(serverPid), false, 'the server went with its runner');
    } finally {
      if (alive(serverPid)) process.kill(serverPid, 'SIGKILL');
    }
  });
}
