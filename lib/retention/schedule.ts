import 'server-only';
import { getConfig } from '../config/env';
import { afterResponse } from '../http/after-response';
import { pruneExpired } from './prune';

// On globalThis: route bundles do not share module state, and the schedule is the process's.
const state = globalThis as typeof globalThis & { __authNextPrune?: number };

/**
 * Pruning during normal traffic, for a server that runs for hours (self-hosted, one instance or
 * several): every API response asks, and at most once per PRUNE_INTERVAL, starting one interval
 * after the process first served, a bounded prune runs after the response. On Vercel, where
 * instances rarely live that long, the cron route does the work (GET /api/cron/prune).
 */
export function pruneWhenDue(now = Date.now()): void {
  const interval = getConfig().pruneIntervalSeconds * 1000;
  state.__authNextPrune ??= now + interval;
  if (now < state.__authNextPrune) return;
  // Set before the run, so a slow or failing one waits an interval like any other.
  state.__authNextPrune = now + interval;
  afterResponse('scheduled prune', async () => {
    await pruneExpired();
  });
}
