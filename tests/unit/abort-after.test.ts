import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { abortAfter } from '../../lib/client/abort-after';

const ROOT = resolve(import.meta.dirname, '../..');

test('abortAfter follows the request: aborted with its reason as soon as it is', () => {
  const request = new AbortController();
  const signal = abortAfter(request.signal, 60_000);
  assert.equal(signal.aborted, false);
  request.abort(new Error('the list went away'));
  assert.equal(signal.aborted, true);
  assert.equal((signal.reason as Error).message, 'the list went away');
});

test('abortAfter gives up with a TimeoutError once the time is over', async () => {
  const signal = abortAfter(new AbortController().signal, 20);
  await new Promise((done) => signal.addEventListener('abort', done, { once: true }));
  assert.ok(signal.reason instanceof DOMException);
  assert.equal(signal.reason.name, 'TimeoutError');
});

test('abortAfter of a request already aborted is aborted at once', () => {
  const request = new AbortController();
  request.abort();
  assert.equal(abortAfter(request.signal, 60_000).aborted, true);
});

test('browser code does not call AbortSignal.any, which the supported Safari 16.4 to 17.3 lack', async () => {
  const offenders: string[] = [];
  for (const folder of ['app', 'components', 'lib/client']) {
    for (const file of await readdir(join(ROOT, folder), { recursive: true })) {
      if (!/\.tsx?$/.test(file)) continue;
      if ((await readFile(join(ROOT, folder, file), 'utf8')).includes('AbortSignal.any(')) offenders.push(join(folder, file));
    }
  }
  assert.deepEqual(offenders, [], 'use abortAfter (lib/client/abort-after.ts)');
});
