import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';

process.env.JWT_SECRET ??= 'unit-test-access-secret-0123456789abcdef0123';
process.env.REFRESH_TOKEN_SECRET ??= 'unit-test-refresh-secret-0123456789abcdef012';
process.env.RATE_LIMIT_LOGIN_FAILURES = '3/15m';
process.env.RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT = '4/15m';
const { startLoginAttempt } = await import('../../lib/rate-limit/guards');
const { isApiError } = await import('../../lib/http/errors');

const context = { ip: '198.51.100.7', userAgent: 'unit' };

/** One attempt through both counts (per address, then per account); true if neither refused it. */
async function attempt(email: string, end: 'failed' | 'abandoned') {
  try {
    const started = await startLoginAttempt(email, context);
    await started.limitAcrossAddresses(undefined);
    if (end === 'abandoned') await started.abandoned();
    return true;
  } catch (error) {
    if (isApiError(error) && error.status === 429) return false;
    throw error;
  }
}

test('an attempt the hashing queue turned away before its password was checked is taken back from both counts', async () => {
  const email = `owner-${randomUUID()}@example.com`;
  for (let i = 0; i < 5; i++) assert.equal(await attempt(email, 'abandoned'), true, `abandoned attempt ${i + 1} passes`);
  for (let i = 0; i < 3; i++) assert.equal(await attempt(email, 'failed'), true, `failed attempt ${i + 1} is counted and passes`);
  assert.equal(await attempt(email, 'failed'), false, 'the fourth failure from the address is refused: only failures counted');
});
