import autocannon from 'autocannon';

/** Latency percentiles in milliseconds, from autocannon's per-response timings (not its whole-ms histogram). */
export interface Latency {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

export interface Load {
  /** 2xx responses; anything else fails the run. */
  requests: number;
  seconds: number;
  perSecond: number;
  latency: Latency;
}

export interface RequestSpec {
  method?: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

const round = (value: number, digits = 2) => Number(value.toFixed(digits));

function latency(values: number[]): Latency {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN);
  return { n: sorted.length, p50: at(50), p99: at(99), max: at(100) };
}

interface Run {
  requests: number;
  latencies: number[];
}

type Options = autocannon.Options;

// Logins queue behind bcrypt for seconds in the login storm: a shorter timeout would abandon and
// resend them, and a resent refresh would present a cookie the server has already rotated.
const TIMEOUT_SECONDS = 60;

/** One autocannon run that fails on any error, timeout or non-2xx answer (a 429 means a missed limit override). */
function cannon(options: Options): Promise<Run> {
  const latencies: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon({ timeout: TIMEOUT_SECONDS, ...options }, (error, result) => {
      if (error) return reject(error);
      // autocannon counts a timeout as an error too.
      const failed = result.non2xx + result.errors;
      if (failed > 0) {
        const statuses = Object.entries(result.statusCodeStats ?? {})
          .filter(([status]) => !status.startsWith('2'))
          .map(([status, { count }]) => `${count} x ${status}`);
        const connectionErrors = result.errors - result.timeouts;
        const what = [...statuses, connectionErrors && `${connectionErrors} connection errors`, result.timeouts && `${result.timeouts} timeouts`].filter(Boolean);
        return reject(new Error(`${options.method ?? 'GET'} ${new URL(String(options.url)).pathname}: ${failed} of ${result.requests.sent} requests failed (${what.join(', ')})`));
      }
      resolve({ requests: latencies.length, latencies });
    });
    instance.on('response', (_client, status, _bytes, milliseconds) => {
      if (status >= 200 && status < 300) latencies.push(milliseconds);
    });
  });
}

function toOptions(url: string, spec: RequestSpec): Options {
  return { url: new URL(spec.path, url).href, method: spec.method ?? 'GET', headers: spec.headers, body: spec.body };
}

function toLoad(runs: Run[], seconds: number): Load {
  const latencies = runs.flatMap((run) => run.latencies);
  return { requests: latencies.length, seconds: round(seconds), perSecond: round(latencies.length / seconds, 1), latency: latency(latencies) };
}

/** Closed loop: `connections` clients, each sending its next request as soon as the last is answered. */
export async function closedLoop(url: string, spec: RequestSpec, bound: { connections: number; seconds?: number; amount?: number }): Promise<Load> {
  const started = performance.now();
  const limit = bound.amount === undefined ? { duration: bound.seconds } : { amount: bound.amount };
  const run = await cannon({ ...toOptions(url, spec), connections: Math.min(bound.connections, bound.amount ?? Infinity), ...limit });
  return toLoad([run], (performance.now() - started) / 1000);
}

/**
 * About `rate` requests a second for `seconds`, over `streams` connections. autocannon sends a
 * connection's whole per-second quota back to back at the start of each second, so one rate-limited
 * run is a burst every second, not a steady rate; here each stream is its own one-connection run,
 * started 1/streams of a second after the previous one. `stream(i)` can give each its own requests
 * (and session).
 */
export async function paced(
  url: string,
  spec: RequestSpec,
  load: { rate: number; seconds: number; streams: number; stream?: (index: number) => Partial<Options> },
): Promise<Load> {
  const perStream = load.rate / load.streams;
  if (!Number.isInteger(perStream)) throw new Error(`rate ${load.rate} does not split evenly over ${load.streams} streams`);
  const started = performance.now();
  const runs = await Promise.all(
    Array.from({ length: load.streams }, async (_, index) => {
      await new Promise((resolve) => setTimeout(resolve, (index * 1000) / load.streams));
      return cannon({ ...toOptions(url, spec), connections: 1, connectionRate: perStream, duration: load.seconds, ...load.stream?.(index) });
    }),
  );
  return toLoad(runs, (performance.now() - started) / 1000);
}
