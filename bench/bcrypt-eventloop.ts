// What hashing does to the rest of the server: event-loop delay while N logins hash at once, for
// bcryptjs on the request thread (the baseline) and for the worker pool the app uses.
// Run: npx tsx bench/bcrypt-eventloop.ts [cost] [concurrency]
import { availableParallelism } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import bcryptjs from 'bcryptjs';
import { bcryptHash } from '../lib/auth/bcrypt-pool';

const cost = Number(process.argv[2] ?? 12);
const concurrency = Number(process.argv[3] ?? 8);
const password = 'correct horse battery staple';

async function measure(name: string, hashOnce: () => Promise<string>) {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, hashOnce));
  const wall = performance.now() - started;
  delay.disable();
  return {
    name,
    wallMs: Math.round(wall),
    hashesPerSecond: +(concurrency / (wall / 1000)).toFixed(2),
    maxEventLoopDelayMs: Math.round(delay.max / 1e6),
  };
}

await bcryptHash(password, 4);
const baseline = await measure('bcryptjs on the request thread', () => bcryptjs.hash(password, cost));
const pool = await measure('bcryptjs worker pool', () => bcryptHash(password, cost));
console.log(
  JSON.stringify(
    {
      cost,
      concurrency,
      cores: availableParallelism(),
      results: [baseline, pool],
      throughputRatio: +(pool.hashesPerSecond / baseline.hashesPerSecond).toFixed(2),
      eventLoopDelayRatio: +(pool.maxEventLoopDelayMs / baseline.maxEventLoopDelayMs).toFixed(3),
    },
    null,
    2,
  ),
);
