import 'server-only';
import { getConfig } from '../config/env';
import { MemoryRateLimiter } from './memory';
import type { RateLimiter } from './types';
import { UpstashRateLimiter } from './upstash';

export type { Decision, KeyedRule, RateLimiter, Rule } from './types';

// On globalThis for the same reason as the token store: route bundles do not share module state.
const globalForLimiter = globalThis as typeof globalThis & { __authRateLimiter?: RateLimiter };

export function getRateLimiter(): RateLimiter {
  if (!globalForLimiter.__authRateLimiter) {
    const { upstash } = getConfig();
    globalForLimiter.__authRateLimiter = upstash ? new UpstashRateLimiter(upstash) : new MemoryRateLimiter();
  }
  return globalForLimiter.__authRateLimiter;
}
