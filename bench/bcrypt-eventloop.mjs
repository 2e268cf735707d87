// Measures what hashing does to the rest of the server: event-loop delay while N logins hash at
// once, per implementation. Run: node bench/bcrypt-eventloop.mjs [cost] [concurrency]
import { monitorEventLoopDelay } from 'node:perf_hooks';
import bcryptjs from 'bcryptjs';
import * as native from '@node-rs/bcrypt';

const cost = Number(process.argv[2] ?? 12);
const concurrency = Number(process.argv[3] ?? 8);
const password = 'correct horse battery staple';

async function measure(name, hashOnce) {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const started = performance.now();
  const latencies = await Promise.all(
    Array.from({ length: concurrency }, async () => {
      const t = performance.now();
      await hashOnce();
      return performance.now() - t;
    }),
  );
  const wall = performance.now() - started;
  delay.disable();
  latencies.sort((a, b) => a - b);
  return {
    name,
    wallMs: Math.round(wall),
    hashesPerSecond: +(concurrency / (wall / 1000)).toFixed(2),
    medianLatencyMs: Math.round(latencies[Math.floor(latencies.length / 2)]),
    maxEventLoopDelayMs: Math.round(delay.max / 1e6),
    p99EventLoopDelayMs: Math.round(delay.percentile(99) / 1e6),
  };
}

const single = performance.now();
await native.hash(password, { cost });
const oneNative = performance.now() - single;

const results = [
  await measure('bcryptjs (async, main thread)', () => bcryptjs.hash(password, cost)),
  await measure('@node-rs/bcrypt (libuv pool)', () => native.hash(password, { cost })),
];
console.log(JSON.stringify({ cost, concurrency, cores: (await import('node:os')).cpus().length, oneNativeHashMs: Math.round(oneNative), results }, null, 2));
