import type { BetterAuthOptions } from 'better-auth';
import { jwt } from 'better-auth/plugins';
import { Pool } from 'pg';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

// As long as our access token: a revoked session stays readable from the cache for this long, as a
// revoked session's access token does in our app.
const COOKIE_CACHE_SECONDS = 15 * 60;

/**
 * Better Auth as its Next.js + PostgreSQL guide sets it up: email and password, a pg Pool, the jwt
 * plugin (EdDSA keys in its jwks table). PEER_COOKIE_CACHE=1 turns on `session.cookieCache`.
 * Its rate limiter is off, as the bench turns ours up: the storms measure hashing, not limits.
 */
export function authOptions() {
  return {
    database: new Pool({ connectionString: required('DATABASE_URL'), max: 10 }),
    secret: required('BETTER_AUTH_SECRET'),
    baseURL: required('BETTER_AUTH_URL'),
    emailAndPassword: { enabled: true },
    session: { cookieCache: { enabled: process.env.PEER_COOKIE_CACHE === '1', maxAge: COOKIE_CACHE_SECONDS } },
    rateLimit: { enabled: false },
    telemetry: { enabled: false },
    plugins: [jwt()],
  } satisfies BetterAuthOptions;
}
