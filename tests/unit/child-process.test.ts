import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { exitDescription, isRunning, stopChild } from '../support/child-process';

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
