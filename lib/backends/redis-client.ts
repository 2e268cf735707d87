import 'server-only';
import { Redis } from '@upstash/redis';
import { BackendUnavailableError } from './unavailable';

const TIMEOUT_MS = 2000;

/** The Upstash REST client shared by the token store and the rate limiter, configured once. */
export function createRedisClient(options: { url: string; token: string }): Redis {
  return new Redis({
    url: options.url,
    token: options.token,
    // Values are ours and typed by the callers; the client's JSON guessing would turn ids into numbers.
    automaticDeserialization: false,
    enableTelemetry: false,
    retry: { retries: 1, backoff: () => 50 },
    // A store that accepts connections but never answers must become a 503, not a hung request
    // (registration holds a database transaction open while it waits).
    signal: () => AbortSignal.timeout(TIMEOUT_MS),
  });
}

/** Runs a Redis call; any failure means the store could not answer: a 503, never a wrong answer. */
export async function storeCall<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new BackendUnavailableError('token store', { cause: error });
  }
}
