import { z } from '../validation/zod-full';
import { parseDurationSeconds } from './duration';
import { privateKeyList, secretList, signingKeyConfig, signingKeyIssues, type SigningKeyConfig } from './signing-keys';
import { normalizeEmail } from '../validation/email';

/**
 * The one place that reads the environment. Pure and edge-safe (no fs), so the middleware and the
 * route handlers validate the same way; dev secrets are put into process.env by dev-secrets.mjs
 * before anything here runs.
 */

export const MIN_BCRYPT_COST = 10;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const duration = (name: string, fallback: string, maxSeconds: number, maxLabel: string, min?: { seconds: number; label: string }) =>
  z
    .string()
    .default(fallback)
    .transform((value, ctx) => {
      const seconds = parseDurationSeconds(value);
      if (seconds === null) {
        ctx.addIssue({ code: 'custom', message: `${name} must look like 30s, 15m, 1h, 7d or a number of seconds` });
        return z.NEVER;
      }
      if (seconds > maxSeconds) {
        ctx.addIssue({ code: 'custom', message: `${name} must be at most ${maxLabel}` });
        return z.NEVER;
      }
      if (min && seconds < min.seconds) {
        ctx.addIssue({ code: 'custom', message: `${name} must be at least ${min.label}` });
        return z.NEVER;
      }
      return seconds;
    });

/** `<count>/<duration>`, e.g. `5/15m`: at most count hits per sliding window. */
const rateLimit = (name: string, fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value, ctx) => {
      const match = /^\s*(\d+)\s*\/\s*(\S+)\s*$/.exec(value);
      const limit = match ? Number(match[1]) : NaN;
      const windowSeconds = match ? parseDurationSeconds(match[2]!) : null;
      if (!Number.isSafeInteger(limit) || limit < 1 || windowSeconds === null || windowSeconds > 86_400) {
        ctx.addIssue({ code: 'custom', message: `${name} must look like 5/15m: a count of at least 1, a slash, and a window of at most 1d` });
        return z.NEVER;
      }
      return { limit, windowSeconds };
    });

/** A yes/no variable: `1`, `true`, `yes` or `on` (any case) is on; unset is undefined. */
export function parseFlag(value: string | undefined): boolean | undefined {
  return value === undefined ? undefined : ['1', 'true', 'yes', 'on'].includes(value.trim().toLowerCase());
}

const flag = z.string().optional().transform(parseFlag);

const MAX_TRUSTED_PROXIES = 10;

/**
 * TRUST_PROXY as a count of the proxies in front that append to X-Forwarded-For: a yes/no value
 * counts one (`1`, `true`) or none (`0`, `false`, empty), a number that many. Null for anything
 * else, which is refused rather than read as off: a typo here silently changes whose address
 * every limit counts.
 */
function parseTrustedProxies(value: string): number | null {
  const text = value.trim().toLowerCase();
  if (/^\d+$/.test(text)) return Number(text) <= MAX_TRUSTED_PROXIES ? Number(text) : null;
  if (['', 'false', 'no', 'off'].includes(text)) return 0;
  return parseFlag(text) ? 1 : null;
}

const trustedProxies = z
  .string()
  .optional()
  .transform((value, ctx) => {
    if (value === undefined) return undefined;
    const count = parseTrustedProxies(value);
    if (count === null) {
      ctx.addIssue({ code: 'custom', message: `TRUST_PROXY must be 1 or true (one proxy in front), the number of proxies in front (at most ${MAX_TRUSTED_PROXIES}), or 0 or false (none)` });
      return z.NEVER;
    }
    return count;
  });

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value && value.trim() !== '' ? value.trim() : undefined));

/** A host name Vercel sets without a scheme (`VERCEL_URL`, ...), as the https origin it serves. */
const vercelHost = (name: string) =>
  optionalText.transform((value, ctx) => {
    if (value === undefined) return undefined;
    try {
      const url = new URL(`https://${value}`);
      if (url.host === value.toLowerCase()) return url.origin;
    } catch {
      // Reported below.
    }
    ctx.addIssue({ code: 'custom', message: `${name} must be a host name such as my-app.vercel.app` });
    return z.NEVER;
  });

const envSchema = z
  .object({
    NODE_ENV: z.string().optional(),
    VERCEL: z.string().optional(),
    VERCEL_ENV: z.string().optional(),
    VERCEL_URL: vercelHost('VERCEL_URL'),
    VERCEL_BRANCH_URL: vercelHost('VERCEL_BRANCH_URL'),
    VERCEL_PROJECT_PRODUCTION_URL: vercelHost('VERCEL_PROJECT_PRODUCTION_URL'),
    JWT_SECRET: secretList('JWT_SECRET'),
    REFRESH_TOKEN_SECRET: secretList('REFRESH_TOKEN_SECRET'),
    JWT_PRIVATE_KEYS: privateKeyList('JWT_PRIVATE_KEYS'),
    // Upper bounds keep a typo from switching a defence off: a day-long access token cannot be
    // revoked in practice, and a long reuse interval would let a stolen refresh token through.
    ACCESS_TOKEN_TTL: duration('ACCESS_TOKEN_TTL', '15m', 24 * 3600, '24h'),
    REFRESH_TOKEN_TTL: duration('REFRESH_TOKEN_TTL', '7d', 400 * 86400, '400d'),
    REFRESH_REUSE_INTERVAL: duration('REFRESH_REUSE_INTERVAL', '10s', 60, '60s'),
    // Past a day "recent" stops meaning anything: a stolen token could change what it likes.
    REAUTH_MAX_AGE: duration('REAUTH_MAX_AGE', '10m', 86400, '24h'),
    // Never longer than the contract's 5 minutes; shorter only for tests of the expiry.
    MFA_TOKEN_TTL: duration('MFA_TOKEN_TTL', '5m', 300, '5m'),
    PASSKEY_CHALLENGE_TTL: duration('PASSKEY_CHALLENGE_TTL', '5m', 300, '5m'),
    // A plain number is seconds: without the lower bound, `180` meant as days would empty the log.
    EVENT_RETENTION: duration('EVENT_RETENTION', '180d', 3650 * 86400, '3650d', { seconds: 86400, label: '1d' }),
    PRUNE_INTERVAL: duration('PRUNE_INTERVAL', '1h', 86400, '24h'),
    // Vercel Cron sends it as a Bearer token, which cannot hold a space; Vercel asks for at least
    // 16 random characters.
    CRON_SECRET: optionalText.pipe(
      z
        .string()
        .min(16, { error: 'CRON_SECRET must be at least 16 characters (openssl rand -base64 32)' })
        .regex(/^\S+$/, { error: 'CRON_SECRET cannot contain spaces: it is sent as a Bearer token (openssl rand -base64 32)' })
        .optional(),
    ),
    DATABASE_URL: optionalText,
    DATA_DIR: z.string().default('.data'),
    UPSTASH_REDIS_REST_URL: optionalText,
    UPSTASH_REDIS_REST_TOKEN: optionalText,
    KV_REST_API_URL: optionalText,
    KV_REST_API_TOKEN: optionalText,
    ADMIN_EMAILS: z.string().default(''),
    TRUST_PROXY: trustedProxies,
    APP_URL: optionalText.pipe(
      z.url({ protocol: /^https?$/, error: 'APP_URL must be an absolute http(s) URL such as https://example.com' }).optional(),
    ),
    RATE_LIMIT_LOGIN_FAILURES: rateLimit('RATE_LIMIT_LOGIN_FAILURES', '5/15m'),
    RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT: rateLimit('RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT', '20/15m'),
    RATE_LIMIT_PASSWORD_CHECKS_PER_USER: rateLimit('RATE_LIMIT_PASSWORD_CHECKS_PER_USER', '10/15m'),
    RATE_LIMIT_CODE_CHECKS_PER_USER: rateLimit('RATE_LIMIT_CODE_CHECKS_PER_USER', '10/15m'),
    RATE_LIMIT_AUTH_PER_IP: rateLimit('RATE_LIMIT_AUTH_PER_IP', '30/1m'),
    RATE_LIMIT_REFRESH_PER_SESSION: rateLimit('RATE_LIMIT_REFRESH_PER_SESSION', '60/1m'),
    RATE_LIMIT_FORGOT_PER_EMAIL_AND_IP: rateLimit('RATE_LIMIT_FORGOT_PER_EMAIL_AND_IP', '3/1h'),
    RATE_LIMIT_FORGOT_PER_EMAIL: rateLimit('RATE_LIMIT_FORGOT_PER_EMAIL', '10/1h'),
    RATE_LIMIT_FORGOT_PER_IP: rateLimit('RATE_LIMIT_FORGOT_PER_IP', '10/1h'),
    RATE_LIMIT_VERIFY_MAIL_PER_USER: rateLimit('RATE_LIMIT_VERIFY_MAIL_PER_USER', '5/1h'),
    EMAIL_VERIFICATION: z
      .string()
      .default('optional')
      // Blank counts as unset, as for the other variables.
      .transform((value) => value.trim().toLowerCase() || 'optional')
      .pipe(z.enum(['optional', 'required'], { error: 'EMAIL_VERIFICATION must be optional or required' })),
    SMTP_URL: optionalText.pipe(z.url({ protocol: /^smtps?$/, error: 'SMTP_URL must look like smtp://user:pass@host:587 or smtps://...' }).optional()),
    MAIL_FROM: z.string().default('JWT Auth <no-reply@localhost>'),
    DEV_OUTBOX: flag,
    BENCH_ROUTES: flag,
    BCRYPT_COST: z.coerce
      .number({ error: 'BCRYPT_COST must be a whole number' })
      .int({ error: 'BCRYPT_COST must be a whole number' })
      .min(MIN_BCRYPT_COST, { error: `BCRYPT_COST must be at least ${MIN_BCRYPT_COST}` })
      .max(15, { error: 'BCRYPT_COST above 15 makes every login take seconds' })
      .default(12),
  })
  .superRefine((env, ctx) => {
    for (const issue of signingKeyIssues(env)) ctx.addIssue({ code: 'custom', ...issue });
    if (env.ACCESS_TOKEN_TTL >= env.REFRESH_TOKEN_TTL) {
      ctx.addIssue({ code: 'custom', path: ['ACCESS_TOKEN_TTL'], message: 'ACCESS_TOKEN_TTL must be shorter than REFRESH_TOKEN_TTL' });
    }
    const url = env.UPSTASH_REDIS_REST_URL ?? env.KV_REST_API_URL;
    const token = env.UPSTASH_REDIS_REST_TOKEN ?? env.KV_REST_API_TOKEN;
    if (Boolean(url) !== Boolean(token)) {
      ctx.addIssue({ code: 'custom', path: ['UPSTASH_REDIS_REST_TOKEN'], message: 'UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN (or KV_REST_API_URL and KV_REST_API_TOKEN) must be set together' });
    }
    // On Vercel every function instance has its own memory and a read-only disk: the embedded
    // defaults would lose accounts and split sessions between instances, so they are refused.
    if (env.VERCEL === '1' && env.NODE_ENV === 'production') {
      if (!env.DATABASE_URL) {
        ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'DATABASE_URL is not set: on Vercel the embedded database cannot work (read-only disk, one copy per function instance); see docs/deploy.md' });
      }
      if (!url) {
        ctx.addIssue({ code: 'custom', path: ['UPSTASH_REDIS_REST_URL'], message: 'UPSTASH_REDIS_REST_URL is not set (or KV_REST_API_URL): on Vercel the in-process token store would split sessions between function instances; see docs/deploy.md' });
      }
    }
  });

export interface Config {
  production: boolean;
  /** The keys of both token kinds, newest first (lib/config/signing-keys.ts). */
  signingKeys: SigningKeyConfig;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  refreshReuseIntervalSeconds: number;
  /** How recent `auth_time` must be for a route that demands recent authentication (REAUTH_MAX_AGE). */
  reauthMaxAgeSeconds: number;
  /** How long a login's second-factor step (its `mfaToken`) lasts (MFA_TOKEN_TTL, at most 5 minutes). */
  mfaTokenTtlSeconds: number;
  /** How long a passkey challenge (registration or sign-in) waits for its answer (PASSKEY_CHALLENGE_TTL, at most 5 minutes). */
  passkeyChallengeTtlSeconds: number;
  /** How long the security log keeps an event (EVENT_RETENTION); older ones are pruned (lib/retention/). */
  eventRetentionSeconds: number;
  /** How often a running server prunes, after a response, at most (PRUNE_INTERVAL). */
  pruneIntervalSeconds: number;
  /** The Bearer secret of the scheduled prune, `GET /api/cron/prune` (CRON_SECRET); unset, that route does not exist. */
  cronSecret: string | undefined;
  databaseUrl: string | undefined;
  dataDir: string;
  upstash: { url: string; token: string } | undefined;
  adminEmails: ReadonlySet<string>;
  /** `required`: an account signs in only once its address is verified; `optional`: before, too. */
  emailVerification: 'optional' | 'required';
  /**
   * How many proxies in front append to X-Forwarded-For (TRUST_PROXY), 0 when none is trusted: the
   * client is then the TCP peer, and forwarded headers are ignored.
   */
  trustProxy: number;
  /** The origin links in mail point to: APP_URL, else the deployment's own URL on Vercel. */
  appOrigin: string | undefined;
  /**
   * Every origin the app answers as itself (APP_URL and, on Vercel, the deployment's URLs), first
   * the one above; empty when none is configured and the request's own origin is used instead.
   */
  publicOrigins: readonly string[];
  bcryptCost: number;
  rateLimits: Record<RateLimitName, { limit: number; windowSeconds: number }>;
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Keeps the development outbox in production when SMTP_URL is unset: for end-to-end tests, never a real deployment. */
  devOutbox: boolean;
  /** Serves the benchmark-only routes under /api/bench (npm run bench); off, they answer 404. */
  benchRoutes: boolean;
}

export type RateLimitName =
  | 'loginFailures'
  | 'loginFailuresPerAccount'
  | 'passwordChecksPerUser'
  | 'codeChecksPerUser'
  | 'authPerIp'
  | 'refreshPerSession'
  | 'forgotPerEmailAndIp'
  | 'forgotPerEmail'
  | 'forgotPerIp'
  | 'verifyMailPerUser';

/**
 * A deployment's own URLs, so a preview (whose shared APP_URL names production, if anything)
 * accepts its own pages and mails its own links. Production links go to the project's production
 * domain, a preview's to its branch URL, which outlives the single deployment's URL.
 */
function vercelOrigins(env: z.infer<typeof envSchema>): (string | undefined)[] {
  if (env.VERCEL !== '1') return [];
  const stable = env.VERCEL_ENV === 'production' ? env.VERCEL_PROJECT_PRODUCTION_URL : env.VERCEL_BRANCH_URL;
  return [stable, env.VERCEL_BRANCH_URL, env.VERCEL_URL];
}

export function parseConfig(source: Record<string, string | undefined>): Config {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    throw new ConfigError(result.error.issues[0]?.message ?? 'invalid configuration');
  }
  const env = result.data;
  const upstashUrl = env.UPSTASH_REDIS_REST_URL ?? env.KV_REST_API_URL;
  const upstashToken = env.UPSTASH_REDIS_REST_TOKEN ?? env.KV_REST_API_TOKEN;
  const publicOrigins = [...new Set([env.APP_URL ? new URL(env.APP_URL).origin : undefined, ...vercelOrigins(env)].filter((origin): origin is string => origin !== undefined))];
  return {
    production: env.NODE_ENV === 'production',
    signingKeys: signingKeyConfig(env),
    accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL,
    refreshTokenTtlSeconds: env.REFRESH_TOKEN_TTL,
    refreshReuseIntervalSeconds: env.REFRESH_REUSE_INTERVAL,
    reauthMaxAgeSeconds: env.REAUTH_MAX_AGE,
    mfaTokenTtlSeconds: env.MFA_TOKEN_TTL,
    passkeyChallengeTtlSeconds: env.PASSKEY_CHALLENGE_TTL,
    eventRetentionSeconds: env.EVENT_RETENTION,
    pruneIntervalSeconds: env.PRUNE_INTERVAL,
    cronSecret: env.CRON_SECRET,
    databaseUrl: env.DATABASE_URL,
    dataDir: env.DATA_DIR,
    upstash: upstashUrl && upstashToken ? { url: upstashUrl, token: upstashToken } : undefined,
    adminEmails: new Set(
      env.ADMIN_EMAILS.split(',')
        .map((email) => email.trim())
        .filter(Boolean)
        .map(normalizeEmail),
    ),
    emailVerification: env.EMAIL_VERIFICATION,
    trustProxy: env.TRUST_PROXY ?? (env.VERCEL === '1' ? 1 : 0),
    appOrigin: publicOrigins[0],
    publicOrigins,
    bcryptCost: env.BCRYPT_COST,
    rateLimits: {
      loginFailures: env.RATE_LIMIT_LOGIN_FAILURES,
      loginFailuresPerAccount: env.RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT,
      passwordChecksPerUser: env.RATE_LIMIT_PASSWORD_CHECKS_PER_USER,
      codeChecksPerUser: env.RATE_LIMIT_CODE_CHECKS_PER_USER,
      authPerIp: env.RATE_LIMIT_AUTH_PER_IP,
      refreshPerSession: env.RATE_LIMIT_REFRESH_PER_SESSION,
      forgotPerEmailAndIp: env.RATE_LIMIT_FORGOT_PER_EMAIL_AND_IP,
      forgotPerEmail: env.RATE_LIMIT_FORGOT_PER_EMAIL,
      forgotPerIp: env.RATE_LIMIT_FORGOT_PER_IP,
      verifyMailPerUser: env.RATE_LIMIT_VERIFY_MAIL_PER_USER,
    },
    smtpUrl: env.SMTP_URL,
    mailFrom: env.MAIL_FROM,
    devOutbox: env.DEV_OUTBOX ?? false,
    benchRoutes: env.BENCH_ROUTES ?? false,
  };
}

let cached: Config | undefined;

/** The process's configuration, validated once; throws ConfigError naming the variable at fault. */
export function getConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
