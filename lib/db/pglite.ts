import { setFlagsFromString } from 'node:v8';
import { PGlite } from '@electric-sql/pglite';
import { PGLITE_START_PARAMS, PGLITE_V8_FLAGS } from './pglite-settings';

/**
 * The embedded PostgreSQL in `directory` (created there when empty; in memory without one), opened
 * in this thread: how tests and benchmarks reach the app's database while the app is stopped. The
 * app itself opens it on a thread of its own (pglite-thread.ts).
 */
export function openPGlite(directory?: string): PGlite {
  setFlagsFromString(PGLITE_V8_FLAGS);
  return new PGlite(directory, { startParams: [...PGlite.defaultStartParams, ...PGLITE_START_PARAMS] });
}
