import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, describe, test } from 'node:test';
import { MemoryRateLimiter } from '../../lib/rate-limit/memory';
import type { RateLimiter, Rule } from '../../lib/rate-limit/types';
import { UpstashRateLimiter } from '../../lib/rate-limit/upstash';
import { startUpstashRedis } from '../support/redis';

const upstash = await startUpstashRedis();
after(async () => {
  await upstash?.stop();
});

const variants: { name: string; skip: string | false; make(): RateLimiter }[] = [
  { name: 'MemoryRateLimiter', skip: false, make: () => new MemoryRateLimiter() },
  {
    name: 'UpstashRateLimiter (real @upstash/redis client, real redis-server)',
    skip: upstash ? false : 'no redis-server installed and TEST_REDIS_URL unset',
    make: () => new UpstashRateLimiter({ url: upstash!.url, token: upstash!.token }),
  },
];

const rule = (limit: number, windowSeconds: number): Rule => ({ name: `test-${randomUUID()}`, limit, windowSeconds });

for (const variant of variants) {
  describe(variant.name, { skip: variant.skip }, () => {
    test('exactly `limit` hits pass; the next is refused with the wait until the oldest leaves the window', async () => {
      const limiter = variant.make();
      const r = rule(3, 60);
      for (let i = 0; i < 3; i++) assert.deepEqual(await limiter.hit(r, 'k'), { allowed: true, retryAfterSeconds: 0 });
      const refused = await limiter.hit(r, 'k');
      assert.equal(refused.allowed, false);
      assert.ok(refused.retryAfterSeconds >= 59 && refused.retryAfterSeconds <= 60, String(refused.retryAfterSeconds));
    });

    test('refused hits are not counted, so the wait does not grow while someone keeps trying', async () => {
      const limiter = variant.make();
      const r = rule(1, 2);
      await limiter.hit(r, 'k');
      for (let i = 0; i < 5; i++) assert.equal((await limiter.hit(r, 'k')).allowed, false);
      await sleep(2100);
      assert.equal((await limiter.hit(r, 'k')).allowed, true);
    });

    test('the window slides: a hit is forgotten one window after it, not at a fixed boundary', async () => {
      const limiter = variant.make();
      const r = rule(2, 2);
      await limiter.hit(r, 'k');
      await sleep(1000);
      await limiter.hit(r, 'k');
      assert.equal((await limiter.hit(r, 'k')).allowed, false);
      await sleep(1100);
      assert.equal((await limiter.hit(r, 'k')).allowed, true, 'the first hit has left the window');
      assert.equal((await limiter.hit(r, 'k')).allowed, false, 'the second has not');
    });

    test('keys and rules are independent, and reset forgets a key', async () => {
      const limiter = variant.make();
      const a = rule(1, 60);
      const b = rule(1, 60);
      assert.equal((await limiter.hit(a, 'x')).allowed, true);
      assert.equal((await limiter.hit(a, 'x')).allowed, false);
      assert.equal((await limiter.hit(a, 'y')).allowed, true);
      assert.equal((await limiter.hit(b, 'x')).allowed, true);
      await limiter.reset(a, 'x');
      assert.equal((await limiter.hit(a, 'x')).allowed, true);
    });

    test('cancel takes back the newest hit only, and is harmless on a key with none', async () => {
      const limiter = variant.make();
      const r = rule(2, 2);
      await limiter.cancel(r, 'k');
      assert.equal((await limiter.hit(r, 'k')).allowed, true);
      await sleep(1000);
      assert.equal((await limiter.hit(r, 'k')).allowed, true);
      await limiter.cancel(r, 'k');
      assert.equal((await limiter.hit(r, 'k')).allowed, true, 'the cancelled hit no longer counts');
      assert.equal((await limiter.hit(r, 'k')).allowed, false, 'the others still do');
      await sleep(1100);
      assert.equal((await limiter.hit(r, 'k')).allowed, true, 'the oldest hit, kept, has left the window');
      assert.equal((await limiter.hit(r, 'k')).allowed, false, 'the one after the cancel has not');
    });

    test('concurrent hits never exceed the limit', async () => {
      const limiter = variant.make();
      const r = rule(5, 60);
      const results = await Promise.all(Array.from({ length: 20 }, () => limiter.hit(r, 'k')));
      assert.equal(results.filter((result) => result.allowed).length, 5);
    });
  });
}
