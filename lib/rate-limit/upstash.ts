import 'server-only';
import type { Redis } from '@upstash/redis';
import { createRedisClient, storeCall } from '../backends/redis-client';
import { SLIDING_LOG_LUA, slidingLogArgs, slidingLogDecision, slidingLogKey } from './sliding-log';
import type { Decision, RateLimiter, Rule } from './types';

// KEYS: the log. ARGV: now (ms), window (ms), limit, a unique member.
// Returns {allowed (1/0), milliseconds until a hit would be allowed}.
const HIT_SCRIPT = `
${SLIDING_LOG_LUA}
local allowed, wait = sliding_log(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4])
return {allowed and 1 or 0, wait}
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
    const log = await slidingLogKey(rule, key);
    const [allowed, waitMs] = await storeCall(() => this.redis.eval<string[], [number, number]>(HIT_SCRIPT, [log], [String(Date.now()), ...slidingLogArgs(rule)]));
    return slidingLogDecision(Number(allowed) === 1, Number(waitMs));
  }

  async reset(rule: Rule, key: string): Promise<void> {
    const log = await slidingLogKey(rule, key);
    await storeCall(() => this.redis.del(log));
  }

  // The log is scored by hit time: the highest score is the newest hit.
  async cancel(rule: Rule, key: string): Promise<void> {
    const log = await slidingLogKey(rule, key);
    await storeCall(() => this.redis.zpopmax(log, 1));
  }
}

