import assert from 'node:assert/strict';
import { test } from 'node:test';
import bcryptjs from 'bcryptjs';
import { bcryptCompare, bcryptHash } from '../../lib/auth/bcrypt-pool';

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
