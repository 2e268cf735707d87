import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterEach, test } from 'node:test';
import { ApiRequestError, AuthClient } from '../../lib/client/auth-client';

/** The refresh log's bookkeeping, with fetch answering as the server would; the real server is in tests/integration/auth-client.test.ts. */

const realFetch = globalThis.fetch;
const clients: AuthClient[] = [];
const openClient = () => {
  const client = new AuthClient({ channel: `test-${randomUUID()}` });
  clients.push(client);
  return client;
};
const answer = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

afterEach(() => {
  globalThis.fetch = realFetch;
  for (const client of clients.splice(0)) client.close();
});

test('callers that join a refresh in flight add no entry of their own', async () => {
  let release = () => {};
  const answered = new Promise<void>((resolve) => (release = resolve));
  globalThis.fetch = async () => {
    await answered;
    return answer(200, { success: true, user: { id: 'u' }, accessToken: 'token' });
  };
  const client = openClient();
  const first = client.refresh('expired');
  const joined = client.refresh('proactive');
  release();
  await Promise.all([first, joined]);
  assert.deepEqual(
    client.refreshes.map(({ reason, outcome }) => `${reason}: ${outcome}`),
    ['expired: ok'],
  );
});

test('a refresh the server cannot answer is logged as an error, and the log keeps only the last 50', async () => {
  globalThis.fetch = async () => answer(503, { success: false, code: 'unavailable', message: 'Service unavailable' });
  const client = openClient();
  for (let i = 0; i < 55; i++) await assert.rejects(client.refresh(i < 5 ? 'load' : 'proactive'), ApiRequestError);
  assert.equal(client.refreshes.length, 50);
  assert.ok(client.refreshes.every((entry) => entry.reason === 'proactive' && entry.outcome === 'error'), 'the oldest five were dropped');
});
