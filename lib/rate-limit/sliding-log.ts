import 'server-only';
import { boundedKey } from './key';
import type { Decision, Rule } from './types';

/**
 * The Upstash limiter's algorithm as a Lua function, shared by its own script (./upstash.ts) and
 * by the token store's rotation script, which checks the refresh limit in the same round trip
 * (lib/sessions/store/upstash.ts): one source, so the two can never count differently.
 *
 * An exact sliding log, as in the embedded limiter: one sorted-set entry per counted hit, scored
 * by its time. Small limits (5 logins) are where an approximate window errs most, and the exact
 * log gives an honest Retry-After: the moment the oldest counted hit leaves the window.
 * `sliding_log(key, now (ms), window (ms), limit, a unique member)` returns whether the hit was
 * counted, and the milliseconds until one would be (0 when it was).
 *
 * The member is drawn once per check, so the client's retry of a request whose reply was lost
 * carries the same one: a member already in the log is that same hit, allowed again and not
 * counted twice. Without this, a rotation retried at the last allowed hit would be refused although
 * it had rotated, and the client, left with the old token, would meet reuse detection later.
 */
export const SLIDING_LOG_LUA = `
local function sliding_log(key, now, window, limit, member)
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  if redis.call('ZSCORE', key, member) then return true, 0 end
  local count = redis.call('ZCARD', key)
  if count < limit then
    redis.call('ZADD', key, now, member)
    redis.call('PEXPIRE', key, window)
    return true, 0
  end
  local oldest = redis.call('ZRANGE', key, count - limit, count - limit, 'WITHSCORES')
  return false, tonumber(oldest[2]) + window - now
end
`;

/** The script's arguments after the key and the time: window (ms), limit, a unique member. */
export const slidingLogArgs = (rule: Rule): string[] => [String(rule.windowSeconds * 1000), String(rule.limit), crypto.randomUUID()];

// Each log expires (PEXPIRE) one window after its last counted hit; its name is bounded in length.
export const slidingLogKey = async (rule: Rule, key: string) => `auth:ratelimit:${rule.name}:${await boundedKey(key)}`;

/** The decision from the script's answer: whether the hit was counted, and the wait in ms. */
export const slidingLogDecision = (allowed: boolean, waitMs: number): Decision =>
  allowed ? { allowed: true, retryAfterSeconds: 0 } : { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
