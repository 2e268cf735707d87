import assert from 'node:assert/strict';
import { test } from 'node:test';
import bcryptjs from 'bcryptjs';
import { BcryptPool, bcryptCompare, bcryptHash, isBcryptPoolBusy } from '../../lib/auth/bcrypt-pool';

test('more concurrent jobs than workers all complete, each with its own salt', async () => {
  const hashes = await Promise.all(Array.from({ length: 9 }, (_, i) => bcryptHash(`password-${i}`, 4)));
  assert.equal(new Set(hashes.map((hash) => bcryptjs.getSalt(hash))).size, 9);
  for (const [i, hash] of hashes.entries()) {
    assert.match(hash, /^\$2b\$04\$/);
    assert.equal(await bcryptCompare(`password-${i}`, hash), true);
    assert.equal(await bcryptCompare(`password-${i + 1}`, hash), false);
  }
});

test('a malformed stored hash verifies as false; a failing job rejects alone and the pool keeps working', async () => {
  assert.equal(await bcryptCompare('x', 'not-a-bcrypt-hash'), false);
  await assert.rejects(bcryptHash('x', 'not a cost' as unknown as number), /bcrypt failed: Illegal arguments/);
  assert.match(await bcryptHash('still works', 4), /^\$2b\$04\$/);
});

// A private pool with a known starting estimate: 10 ms per round, so a cost-4 job (16 rounds) is
// expected to take 160 ms until real jobs have been measured. Submissions in one synchronous loop
// all see that estimate, so how many are taken does not depend on the machine's speed.
const COST_4_ESTIMATE_MS = 160;

async function submitAll(pool: BcryptPool, count: number, cost = 4) {
  const order: string[] = [];
  const jobs = Array.from({ length: count }, (_, i) =>
    pool.run<string>({ op: 'hash', password: `password-${i}`, cost }).then(
      (hash) => (order.push('done'), hash),
      (error: unknown) => {
        order.push('refused');
        throw error;
      },
    ),
  );
  return { results: await Promise.allSettled(jobs), order };
}

test('a full queue refuses new jobs at once with a Retry-After; the jobs it took all complete', async () => {
  const pool = new BcryptPool(1, { maxWaitMs: 1000, assumedMsPerRound: COST_4_ESTIMATE_MS / 16 });
  const { results, order } = await submitAll(pool, 20);
  const taken = results.filter((result) => result.status === 'fulfilled');
  const refused = results.filter((result) => result.status === 'rejected');
  // One runs at once, then 160, 320, ... 960 ms of work ahead: six are expected within a second.
  assert.equal(taken.length, Math.floor(1000 / COST_4_ESTIMATE_MS));
  for (const result of taken) assert.match(result.value, /^\$2b\$04\$/);
  for (const result of refused) {
    assert.ok(isBcryptPoolBusy(result.reason), String(result.reason));
    assert.equal(result.reason.retryAfterSeconds, 1);
  }
  assert.deepEqual(order.slice(0, refused.length), Array(refused.length).fill('refused'), 'every refusal came before any job finished');
});

test('the bound follows the measured time of a job, not the assumed one', async () => {
  // Cost 8 (256 rounds): 2.56 s each on the assumed 10 ms per round, so against a 5 s bound the job
  // a free worker takes at once and one queued behind it would be accepted. A real cost-8 hash takes
  // milliseconds, and under 1 s even on a 2-core machine running five suites (one took 250 ms), so
  // once one has been measured many more fit.
  const pool = new BcryptPool(1, { maxWaitMs: 5000, assumedMsPerRound: COST_4_ESTIMATE_MS / 16 });
  assert.match(await pool.run<string>({ op: 'hash', password: 'measure me', cost: 8 }), /^\$2b\$08\$/);
  const { results } = await submitAll(pool, 20, 8);
  const taken = results.filter((result) => result.status === 'fulfilled').length;
  assert.ok(taken >= 5, `took ${taken} of 20, where the assumed time takes 2`);
});

test('a free worker always takes a job, even one expected to take longer than the bound', async () => {
  const pool = new BcryptPool(1, { maxWaitMs: 100, assumedMsPerRound: COST_4_ESTIMATE_MS / 16 });
  const { results } = await submitAll(pool, 2);
  assert.deepEqual(results.map((result) => result.status), ['fulfilled', 'rejected']);
  assert.match(await pool.run<string>({ op: 'hash', password: 'after the queue drained', cost: 4 }), /^\$2b\$04\$/);
});
