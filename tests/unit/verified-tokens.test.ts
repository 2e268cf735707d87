import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VerifiedTokens } from '../../lib/auth/verified-tokens';

test('VerifiedTokens keeps at most its capacity, dropping the oldest first', () => {
  const verified = new VerifiedTokens<{ exp: number }>(2);
  verified.remember('a', { exp: 1 });
  verified.remember('b', { exp: 2 });
  verified.remember('c', { exp: 3 });
  assert.equal(verified.get('a'), undefined);
  assert.deepEqual(verified.get('b'), { exp: 2 });
  assert.deepEqual(verified.get('c'), { exp: 3 });
  verified.forget('b');
  assert.equal(verified.get('b'), undefined);
});
