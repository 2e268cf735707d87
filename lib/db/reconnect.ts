import 'server-only';
/**
 * How long postgres.js waits, in seconds, before the next connection attempt after `retries`
 * failed ones in a row (the count is shared by the whole pool and resets on a success).
 *
 * Its default grows to 20 s, and every query that needs a new connection waits it out first. With
 * the server down, requests then took up to 20 s to get their 503; with it back, the app went on
 * waiting up to 20 s before trying it again, so it answered 503 long after the outage ended. Capped
 * at 1 s instead: a refused request hears so within about a second, and the app notices a recovered
 * server within one. The pool's `max` already bounds how many attempts run at once.
 */
export function reconnectDelaySeconds(retries: number): number {
  return Math.min(0.025 * 2 ** retries, 1);
}
