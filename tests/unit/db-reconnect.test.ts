// own process: each query must fail within a bound of time, which other files' work beside it would eat into.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import postgres from 'postgres';
import { reconnectDelaySeconds } from '../../lib/db/reconnect';
import { freePort } from '../support/ports';

test('the wait before reconnecting starts small, grows, and never passes one second', () => {
  assert.ok(reconnectDelaySeconds(1) <= 0.05);
  const delays = Array.from({ length: 40 }, (_, retries) => reconnectDelaySeconds(retries + 1));
  delays.forEach((delay, i) => assert.ok(i === 0 || delay >= delays[i - 1]!, 'never shrinks while failures go on'));
  for (const retries of [6, 10, 100, 5000]) assert.equal(reconnectDelaySeconds(retries), 1);
});

test('with the database down, every query fails within about a second, however long the outage', async () => {
  const sql = postgres(`postgres://nobody@127.0.0.1:${await freePort()}/none`, { max: 2, connect_timeout: 5, backoff: reconnectDelaySeconds, onnotice: () => {} });
  try {
    // postgres.js's own backoff would by now hold each query 10 to 20 s before trying.
    for (let attempt = 1; attempt <= 12; attempt++) {
      const started = performance.now();
      await assert.rejects(sql`select 1`, { code: 'ECONNREFUSED' });
      const seconds = (performance.now() - started) / 1000;
      assert.ok(seconds < 1.5, `attempt ${attempt} failed after ${seconds.toFixed(2)} s`);
    }
  } finally {
    await sql.end({ timeout: 1 });
  }
});
