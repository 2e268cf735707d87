import 'server-only';
/**
 * The session-lookup baseline's table. It is not part of the app's schema and has no migration:
 * `npm run bench` creates it in the database it benchmarks and drops it afterwards.
 */
export const BENCH_SESSIONS_TABLE = 'bench_sessions';

/** The baseline's session cookie: an opaque session id, as a classic session-cookie app would send. */
export const BENCH_SESSION_COOKIE = 'bench_session';
