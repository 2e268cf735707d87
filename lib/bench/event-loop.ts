import 'server-only';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/**
 * The server's event-loop delay, for the benchmarks' tail scenarios: a request's p99 far above its
 * p50 is either the event loop being held (PGlite's queries run in WebAssembly on this thread;
 * garbage collection; synchronous work) or waiting elsewhere (the store, the database, a CPU the
 * load generator shares). The histogram tells the two apart, measured rather than guessed.
 */
export interface EventLoopDelay {
  /** Milliseconds the event loop was late to a 1 ms timer, by percentile, and the worst. */
  p50: number;
  p99: number;
  max: number;
  /** Samples taken: about one per millisecond the loop was free to take them. */
  samples: number;
}

const globalForHistogram = globalThis as { __benchEventLoop?: IntervalHistogram };

/** Starts the histogram on first use and empties it, so the next read covers only what follows. */
export function resetEventLoopDelay(): void {
  const histogram = (globalForHistogram.__benchEventLoop ??= monitorEventLoopDelay({ resolution: 1 }));
  histogram.enable();
  histogram.reset();
}

/** What the loop went through since the last reset; null if it was never started. */
export function readEventLoopDelay(): EventLoopDelay | null {
  const histogram = globalForHistogram.__benchEventLoop;
  if (!histogram || histogram.count === 0) return null;
  const milliseconds = (nanoseconds: number) => Number((nanoseconds / 1e6).toFixed(2));
  return { p50: milliseconds(histogram.percentile(50)), p99: milliseconds(histogram.percentile(99)), max: milliseconds(histogram.max), samples: histogram.count };
}
