import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { after, afterEach, describe, mock, test } from 'node:test';
import { MAX_KEY_LENGTH } from '../../lib/rate-limit/key';
import { MAX_KEYS, MemoryRateLimiter } from '../../lib/rate-limit/memory';
import type { RateLimiter, Rule } from '../../lib/rate-limit/types';
import { UpstashRateLimiter } from '../../lib/rate-limit/upstash';
import { startUpstashRedis } from '../support/redis';
import { createRedisClient } from '../../lib/backends/redis-client';

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

    test('keys longer than the bound still count apart from each other and together with themselves', async () => {
      const limiter = variant.make();
      const r = rule(2, 60);
      const long = (tail: string) => `${'a'.repeat(MAX_KEY_LENGTH * 4)}${tail}`;
      assert.equal((await limiter.hit(r, long('1'))).allowed, true);
      assert.equal((await limiter.hit(r, long('1'))).allowed, true);
      assert.equal((await limiter.hit(r, long('1'))).allowed, false);
      assert.equal((await limiter.hit(r, long('2'))).allowed, true, 'a key differing only past the bound is another key');
      await limiter.reset(r, long('1'));
      assert.equal((await limiter.hit(r, long('1'))).allowed, true, 'reset finds the long key');
    });

    test('concurrent hits never exceed the limit', async () => {
      const limiter = variant.make();
      const r = rule(5, 60);
      const results = await Promise.all(Array.from({ length: 20 }, () => limiter.hit(r, 'k')));
      assert.equal(results.filter((result) => result.allowed).length, 5);
    });
  });
}

describe('UpstashRateLimiter keys', { skip: upstash ? false : 'no redis-server installed and TEST_REDIS_URL unset' }, () => {
  test('are bounded in length whatever the key, and expire one window after the last hit', async () => {
    const limiter = new UpstashRateLimiter({ url: upstash!.url, token: upstash!.token });
    const r = rule(3, 60);
    await limiter.hit(r, 'x'.repeat(8192));
    await limiter.hit(r, 'short-key');
    const redis = createRedisClient({ url: upstash!.url, token: upstash!.token });
    const keys = await redis.keys(`auth:ratelimit:${r.name}:*`);
    assert.equal(keys.length, 2);
    const prefix = `auth:ratelimit:${r.name}:`.length;
    assert.ok(keys.every((key) => key.length - prefix <= MAX_KEY_LENGTH), keys.map((key) => key.length).join(','));
    assert.ok(keys.includes(`auth:ratelimit:${r.name}:short-key`), 'short keys stay readable');
    for (const key of keys) {
      const ttl = await redis.pttl(key);
      assert.ok(ttl > 55_000 && ttl <= 60_000, `PTTL ${ttl}`);
    }
  });
});

/** The bytes the heap keeps after a full collection. */
function retainedHeap(): number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe('MemoryRateLimiter bounds', () => {
  afterEach(() => mock.timers.reset());

  test('8,000 keys of 8 KB (spoofed addresses) do not keep 64 MB: long keys are held by their hash', async () => {
    const limiter = new MemoryRateLimiter();
    const r = rule(5, 3600);
    const before = retainedHeap();
    // Each key its own flat string, as a header value is ('x'.repeat() would share one rope).
    for (let i = 0; i < 8000; i++) await limiter.hit(r, `${i}:${Buffer.alloc(8192, 'x').toString()}`);
    const grown = retainedHeap() - before;
    assert.equal(limiter.size, 8000);
    assert.ok(grown < 8 * 1024 * 1024, `the limiter kept ${(grown / 1024 / 1024).toFixed(1)} MB`);
  });

  test(`at most ${MAX_KEYS} keys by default, and at most maxKeys when given`, async () => {
    const limiter = new MemoryRateLimiter();
    const r = rule(5, 3600);
    for (let i = 0; i < MAX_KEYS + 2000; i++) await limiter.hit(r, `203.0.113.${i}`);
    assert.ok(limiter.size <= MAX_KEYS, String(limiter.size));

    const small = new MemoryRateLimiter({ maxKeys: 100 });
    for (let i = 0; i < 1000; i++) await small.hit(r, `key-${i}`);
    assert.ok(small.size <= 100, String(small.size));
  });

  test('a key is dropped once its window has passed, not a day later', async () => {
    mock.timers.enable({ apis: ['Date'], now: Date.now() });
    const limiter = new MemoryRateLimiter();
    const short = rule(5, 10);
    const long = rule(5, 3600);
    await limiter.hit(short, 'short-lived');
    await limiter.hit(long, 'long-lived');
    mock.timers.tick(61_000);
    await limiter.hit(long, 'another');
    assert.equal(limiter.size, 2, 'the 10 s key is gone after its window, the hour-long one is not');
  });

  test('when full, keys whose window has passed give way first', async () => {
    mock.timers.enable({ apis: ['Date'], now: Date.now() });
    const limiter = new MemoryRateLimiter({ maxKeys: 10 });
    const short = rule(1, 1);
    const long = rule(2, 3600);
    await limiter.hit(long, 'half-used');
    for (let i = 0; i < 9; i++) await limiter.hit(short, `brief-${i}`);
    mock.timers.tick(2000);
    await limiter.hit(long, 'newcomer');
    assert.equal(limiter.size, 2);
    assert.equal((await limiter.hit(long, 'half-used')).allowed, true);
    assert.equal((await limiter.hit(long, 'half-used')).allowed, false, 'its first hit is still counted');
  });

  test('flooding a full limiter with fresh keys does not reset a blocked key', async () => {
    const limiter = new MemoryRateLimiter({ maxKeys: 100 });
    const login = rule(3, 900);
    for (let i = 0; i < 3; i++) await limiter.hit(login, 'victim@example.com|198.51.100.7');
    assert.equal((await limiter.hit(login, 'victim@example.com|198.51.100.7')).allowed, false);
    // An attacker who stops hitting the blocked key and creates thousands of others, each as
    // often as its own limit allows but one, to make them look as valuable as possible.
    for (let i = 0; i < 2000; i++) {
      for (let j = 0; j < 2; j++) await limiter.hit(login, `spray-${i}@example.com|198.51.100.7`);
    }
    assert.ok(limiter.size <= 100);
    assert.equal((await limiter.hit(login, 'victim@example.com|198.51.100.7')).allowed, false, 'still blocked');
  });
});
