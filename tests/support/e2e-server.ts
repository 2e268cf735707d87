import { RELAXED_RATE_LIMITS } from './rate-limits';

/**
 * How recent a sign-in the e2e server's sensitive actions demand (REAUTH_MAX_AGE): short enough
 * that the step-up flow can wait it out, long enough that the flows acting right after signing in
 * never meet the re-authentication prompt.
 */
export const E2E_REAUTH_MAX_AGE_SECONDS = 30;

/**
 * What the end-to-end server runs with beyond its secrets, data dir and APP_URL, whether
 * playwright.config starts it over HTTP or tests/support/e2e-https.ts puts it behind TLS: access
 * tokens short enough to expire inside a test, a recent sign-in that goes stale inside one, the e2e
 * admin (verified through the outbox by the suite's probe), and mail kept in /dev/outbox.
 */
export function e2eServerEnv(adminEmail: string): Record<string, string> {
  return {
    ACCESS_TOKEN_TTL: '5s',
    REAUTH_MAX_AGE: `${E2E_REAUTH_MAX_AGE_SECONDS}s`,
    ADMIN_EMAILS: adminEmail,
    BCRYPT_COST: '10',
    // With no SMTP server the flows read their mail at /dev/outbox: reset and verification links,
    // and the e2e admin's, whose address must be verified before ADMIN_EMAILS makes it admin.
    DEV_OUTBOX: '1',
    // Every flow signs up and logs in from one address, far faster than a person; the limits
    // themselves are tested in tests/integration/rate-limits.test.ts.
    ...RELAXED_RATE_LIMITS,
  };
}
