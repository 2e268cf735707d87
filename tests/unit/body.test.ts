import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { readJson } from '../../lib/http/body';
import { isApiError } from '../../lib/http/errors';

const schema = z.object({ email: z.string() });

/** A JSON POST whose body stream delivers `sent`, then fails as Node's does when the client disconnects. */
function cutOff(sent: string): Request {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(sent));
      controller.error(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
    },
  });
  return new Request('http://localhost/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body, duplex: 'half' } as RequestInit);
}

test('a body cut off by the client going away is a 400 validation_error, not an unexpected error', async () => {
  await assert.rejects(readJson(cutOff('{"email":"a@'), schema), (error: unknown) => {
    assert.ok(isApiError(error), 'an ApiError, so it is answered as such and not logged as a server fault');
    assert.equal(error.status, 400);
    assert.equal(error.code, 'validation_error');
    return true;
  });
});

test('a whole body is read and validated as before', async () => {
  const request = new Request('http://localhost/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":"a@example.com"}' });
  assert.deepEqual(await readJson(request, schema), { email: 'a@example.com' });
});
