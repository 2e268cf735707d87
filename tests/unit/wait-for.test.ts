import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WaitAborted, waitFor } from '../support/ports';

test('waitFor polls through failing checks until one succeeds', async () => {
  let calls = 0;
  await waitFor(async () => {
    calls++;
    if (calls < 3) throw new Error('not listening yet');
    return true;
  }, 'a server');
  assert.equal(calls, 3);
});

test('waitFor stops at once when a check says the wait is hopeless', async () => {
  const started = Date.now();
  await assert.rejects(
    waitFor(async () => {
      throw new WaitAborted('the server exited with 1');
    }, 'a server'),
    { message: 'the server exited with 1' },
  );
  assert.ok(Date.now() - started < 1000, 'not after the 30 s deadline');
});
