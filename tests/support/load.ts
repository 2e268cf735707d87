import autocannon from 'autocannon';

/** Latency percentiles in milliseconds, from autocannon's per-response timings (not its whole-ms histogram). */
export interface Latency {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

export interface Load {
  /** 2xx responses; anything else fails the run, but for the statuses the run was told to expect. */
  requests: number;
  seconds: number;
  perSecond: number;
  latency: Latency;
  /** Answers with an expected non-2xx status (a full hashing queue's 503), not in `requests`. */
  refused?: number;
}

export interface RequestSpec {
  method?: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** Headers drawn anew for each request (a fresh access token each time), over `headers`. */
  eachRequest?: () => Record<string, string>;
}

/** Everything one autocannon run met: the 2xx answers' latencies, and each kind of failure. */
export interface Tally {
  sent: number;
  latencies: number[];
  /** Answers that were not 2xx, counted by status. */
  statuses: Record<string, number>;
  /** Connections that failed other than by timing out. */
  connectionErrors: number;
  timeouts: number;
}

const round = (value: number, digits = 2) => Number(value.toFixed(digits));

export function latency(values: number[]): Latency {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN);
  return { n: sorted.length, p50: at(50), p99: at(99), max: at(100) };
}

type Options = autocannon.Options;

// Logins queue behind bcrypt for seconds in the login storm: a shorter timeout would abandon and
// resend them, and a resent refresh would present a cookie the server has already rotated.
const TIMEOUT_SECONDS = 60;

/** One autocannon run, every answer counted and none refused. */
export function tally(options: Options): Promise<Tally> {
  const latencies: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon({ timeout: TIMEOUT_SECONDS, ...options }, (error, result) => {
      if (error) return reject(error);
      const statuses = Object.fromEntries(
        Object.entries(result.statusCodeStats ?? {})
          .filter(([status]) => !status.startsWith('2'))
          .map(([status, stats]) => [status, stats?.count ?? 0]),
      );
      // autocannon counts a timeout as an error too.
      resolve({ sent: result.requests.sent, latencies, statuses, connectionErrors: result.errors - result.timeouts, timeouts: result.timeouts });
    });
    instance.on('response', (_client, status, _bytes, milliseconds) => {
      if (status >= 200 && status < 300) latencies.push(milliseconds);
    });
  });
}

/** What went wrong in `run`, one phrase per kind (`3 x 503`, `2 timeouts`); empty when nothing did. */
export function failures(run: Tally): string[] {
  const phrases = Object.entries(run.statuses).map(([status, count]) => `${count} x ${status}`);
  if (run.connectionErrors > 0) phrases.push(`${run.connectionErrors} connection errors`);
  if (run.timeouts > 0) phrases.push(`${run.timeouts} timeouts`);
  return phrases;
}

interface Run {
  requests: number;
  latencies: number[];
}

/**
 * One autocannon run that fails on any error, timeout or non-2xx answer (a 429 means a missed limit
 * override), but for the statuses in `expected`, which it counts as `refused`.
 */
async function cannon(options: Options, expected: readonly number[] = []): Promise<Run & { refused: number }> {
  const run = await tally(options);
  const refused = expected.reduce((sum, status) => sum + (run.statuses[String(status)] ?? 0), 0);
  const statuses = Object.fromEntries(Object.entries(run.statuses).filter(([status]) => !expected.includes(Number(status))));
  const what = failures({ ...run, statuses });
  if (what.length > 0) {
    const failed = run.sent - run.latencies.length - refused;
    throw new Error(`${options.method ?? 'GET'} ${new URL(String(options.url)).pathname}: ${failed} of ${run.sent} requests failed (${what.join(', ')})`);
  }
  return { requests: run.latencies.length, latencies: run.latencies, refused };
}

function toOptions(url: string, spec: RequestSpec): Options {
  const options: Options = { url: new URL(spec.path, url).href, method: spec.method ?? 'GET', headers: spec.headers, body: spec.body };
  const each = spec.eachRequest;
  if (each) options.requests = [{ setupRequest: (request) => ({ ...request, headers: { ...request.headers, ...each() } }) }];
  return options;
}

export function toLoad(runs: Array<{ latencies: number[] }>, seconds: number): Load {
  const latencies = runs.flatMap((run) => run.latencies);
  return { requests: latencies.length, seconds: round(seconds), perSecond: round(latencies.length / seconds, 1), latency: latency(latencies) };
}

/**
 * Closed loop: `connections` clients, each sending its next request as soon as the last is
 * answered. Answers with a status in `expected` are counted as `refused` instead of failing the run.
 */
export async function closedLoop(
  url: string,
  spec: RequestSpec,
  bound: { connections: number; seconds?: number; amount?: number; expected?: readonly number[] },
): Promise<Load> {
  const started = performance.now();
  const limit = bound.amount === undefined ? { duration: bound.seconds } : { amount: bound.amount };
  const run = await cannon({ ...toOptions(url, spec), connections: Math.min(bound.connections, bound.amount ?? Infinity), ...limit }, bound.expected);
  return { ...toLoad([run], (performance.now() - started) / 1000), refused: run.refused };
}

/**
 * Runs `count` streams, each started 1/count of a second after the previous one. autocannon sends
 * a connection's whole per-second quota back to back at the start of each second, so one
 * rate-limited run is a burst every second, not a steady rate; staggered one-connection streams
 * add up to a steady one.
 */
function staggered<T>(count: number, stream: (index: number) => Promise<T>): Promise<T[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, index) => {
      await new Promise((resolve) => setTimeout(resolve, (index * 1000) / count));
      return stream(index);
    }),
  );
}

/**
 * About `rate` requests a second for `seconds`, over `streams` one-connection streams (see
 * `staggered`). `stream(i)` can give each its own requests (and session).
 */
export async function paced(
  url: string,
  spec: RequestSpec,
  load: { rate: number; seconds: number; streams: number; stream?: (index: number) => Partial<Options> },
): Promise<Load> {
  const perStream = load.rate / load.streams;
  if (!Number.isInteger(perStream)) throw new Error(`rate ${load.rate} does not split evenly over ${load.streams} streams`);
  const started = performance.now();
  const runs = await staggered(load.streams, (index) =>
    cannon({ ...toOptions(url, spec), connections: 1, connectionRate: perStream, duration: load.seconds, ...load.stream?.(index) }),
  );
  return toLoad(runs, (performance.now() - started) / 1000);
}

/** The refresh_token value a response set, from autocannon's raw response headers. */
export function refreshCookieOf(headers: Record<string, unknown>): string | undefined {
  const values = Object.entries(headers)
    .filter(([name]) => name.toLowerCase() === 'set-cookie')
    .flatMap(([, value]) => [value].flat().map(String));
  return values.find((value) => value.startsWith('refresh_token='))?.split(';')[0]!.slice('refresh_token='.length);
}

/** One connection sending `spec` to `url` at `rate` requests a second; `options` can vary each request. */
export interface Stream {
  url: string;
  spec: RequestSpec;
  rate: number;
  options?: Partial<Options>;
}

/**
 * A mix of requests: every stream for `seconds`, staggered, each at its own rate. Nothing is
 * refused: each stream's tally says what it met, failures included, for the caller to judge.
 */
export function mixed(streams: Stream[], load: { seconds: number; timeoutSeconds: number }): Promise<Tally[]> {
  return staggered(streams.length, (index) => {
    const { url, spec, rate, options } = streams[index]!;
    return tally({ ...toOptions(url, spec), connections: 1, connectionRate: rate, duration: load.seconds, timeout: load.timeoutSeconds, ...options });
  });
}
