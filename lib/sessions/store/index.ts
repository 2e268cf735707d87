import 'server-only';
import { getConfig } from '../../config/env';
import { getRateLimiter } from '../../rate-limit';
import { MemoryTokenStore } from './memory';
import type { TokenStore } from './types';
import { UpstashTokenStore } from './upstash';

export type { PasskeyChallenge, RotateResult, SessionRecord, TokenStore } from './types';

// One store per process on globalThis: route bundles do not share module state, and the memory
// store must be the same Map for every route.
const globalForStore = globalThis as typeof globalThis & { __authTokenStore?: TokenStore };

export function getTokenStore(): TokenStore {
  if (!globalForStore.__authTokenStore) {
    const { upstash } = getConfig();
    globalForStore.__authTokenStore = upstash ? new UpstashTokenStore(upstash) : new MemoryTokenStore({ limiter: getRateLimiter() });
  }
  return globalForStore.__authTokenStore;
}
