import { parseFlag } from '../../lib/config/env';

/**
 * Tests that need something a machine may lack (real PostgreSQL, redis-server, nginx) skip with
 * the reason on a developer's machine. Under CI (`CI=true`, which bash .ci/run sets) a missing
 * requirement fails the run instead: node:test would report such a skip as "skipped 0" lines in a
 * green run, and a whole set-up could go untested without anyone noticing.
 */
export function skipUnlessAvailable(reason: string | false): string | false {
  if (reason && parseFlag(process.env.CI)) {
    throw new Error(`CI must run these tests, but ${reason}`);
  }
  return reason;
}
