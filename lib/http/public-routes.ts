/**
 * The routes that need no access token, as exact paths. Each is declared `auth: 'public'` (or
 * `auth: 'cron'`, the scheduler's own secret) in its route file and left out of the middleware's
 * matcher (middleware.ts), which must be a literal and so cannot be built from this list;
 * tests/unit/route-policy.test.ts fails unless all three agree for every route file under app/.
 *
 * They are left out of the matcher, not skipped inside the middleware, because Next buffers a
 * request body for the middleware before the route sees it: their handlers enforce the 64 KiB
 * limit while streaming, before anyone is authenticated.
 */
export const PUBLIC_ROUTES: readonly string[] = [
  '/api/health',
  '/api/auth/register',
  '/api/auth/login',
  '/api/auth/login/mfa',
  '/api/auth/refresh',
  '/api/auth/logout',
  '/api/auth/forgot-password',
  '/api/auth/reset-password',
  // What became of a reset link, asked by the page before it offers the form.
  '/api/auth/reset-password/check',
  '/api/auth/verify-email',
  // Passkey sign-in: its options (a challenge bound to the browser) and its answer.
  '/api/auth/passkeys/login',
  '/api/auth/passkeys/login/options',
  // A new verification link by address, for someone who cannot sign in until they verify.
  '/api/auth/verify-email/request',
  // Benchmark-only (docs/decisions/012-benchmarks.md): the unprotected baseline and the
  // session-cookie baseline, which must not pay for a token check. Both answer the JSON 404 of an
  // unknown path unless the server runs with BENCH_ROUTES=1.
  '/api/bench/public',
  '/api/bench/session',
  // The scheduled prune (Vercel Cron): `Bearer <CRON_SECRET>`, checked by route(), not a user's token.
  '/api/cron/prune',
  // The access tokens' public keys, for other services (docs/keys.md).
  '/.well-known/jwks.json',
];
