import assert from 'node:assert/strict';
import { test } from 'node:test';
import { problemMessage } from '../../lib/client/problem-message';
import { errors } from '../../lib/http/errors';
import { problemOf } from '../../lib/client/auth-client';
import { errorResponse } from '../../lib/http/respond';

test('a full hashing queue is told apart from an outage, with the wait the server gave', async () => {
  const busy = await problemOf(errorResponse(errors.busy(3)));
  assert.equal(busy.code, 'unavailable');
  assert.equal(problemMessage(busy), 'The server is busy right now. Nothing was changed; try again in 3 seconds.');
  assert.equal(problemMessage({ ...busy, retryAfterSeconds: undefined }), 'The server is busy right now. Nothing was changed; try again in a few seconds.');

  const down = await problemOf(errorResponse(errors.unavailable('database')));
  assert.equal(problemMessage(down), 'The service is unavailable right now. Nothing was changed; please try again shortly.');
});
