import 'server-only';
import type { Redis } from '@upstash/redis';
import { createRedisClient, storeCall } from '../backends/redis-client';
import { boundedKey } from './key';
import type { Decision, RateLimiter, Rule } from './types';

// An exact sliding log, as in the embedded limiter: one sorted-set entry per counted hit, scored
// by its time. Small limits (5 logins) are where an approximate window errs most, and the exact
// log gives an honest Retry-After: the moment the oldest counted hit leaves the window.
// KEYS: the log. ARGV: now (ms), window (ms), limit, a unique member.
// Returns {allowed (1/0), milliseconds until a hit would be allowed}.
const SLIDING_LOG_SCRIPT = `
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
if count < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[4])
  redis.call('PEXPIRE', KEYS[1], window)
  return {1, 0}
end
local oldest = redis.call('ZRANGE', KEYS[1], count - limit, count - limit, 'WITHSCORES')
return {0, tonumber(oldest[2]) + window - now}
`;

/**
 * Rate limits on the same Upstash Redis as the sessions, one EVAL per check. An unreachable store
 * is a 503 like any other store failure, never a silently disabled limit.
 */
export class UpstashRateLimiter implements RateLimiter {
  readonly kind = 'upstash' as const;
  private readonly redis: Redis;

  constructor(options: { url: string; token: string }) {
    this.redis = createRedisClient(options);
  }

  async hit(rule: Rule, key: string): Promise<Decision> {
    const log = await logKey(rule, key);
    const [allowed, waitMs] = await storeCall(() =>
      this.redis.eval<string[], [number, number]>(
        SLIDING_LOG_SCRIPT,
        [log],
        [String(Date.now()), String(rule.windowSeconds * 1000), String(rule.limit), crypto.randomUUID()],
      ),
    );
    return Number(allowed) === 1 ? { allowed: true, retryAfterSeconds: 0 } : { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(Number(waitMs) / 1000)) };
  }

  async reset(rule: Rule, key: string): Promise<void> {
    const log = await logKey(rule, key);
    await storeCall(() => this.redis.del(log));
  }

  // The log is scored by hit time: the highest score is the newest hit.
  async cancel(rule: Rule, key: string): Promise<void> {
    const log = await logKey(rule, key);
    await storeCall(() => this.redis.zpopmax(log, 1));
  }
}

// Each log expires (PEXPIRE) one window after its last counted hit; its name is bounded in length.
const logKey = async (rule: Rule, key: string) => `auth:ratelimit:${rule.name}:${await boundedKey(key)}`;
