import { getConfig, type RateLimitName } from '../config/env';
import { errors } from '../http/errors';
import type { RequestContext } from '../http/client-address';
import { getRateLimiter, type Decision, type Rule } from './index';

/**
 * The app's limits, each a function named for what it protects. Keys combine what an attacker
 * cannot choose freely (the address) with what they aim at (an email, a session), so one attacker
 * cannot lock an account's owner out from the owner's own address.
 */

const rule = (name: RateLimitName): Rule => ({ name, ...getConfig().rateLimits[name] });

// Requests without a known address (no socket stamp, no trusted proxy) share one bucket: stricter
// for them, never a way around the limit.
const address = (context: RequestContext) => context.ip ?? 'unknown';

function enforce(decision: Decision): void {
  if (!decision.allowed) throw errors.rateLimited(decision.retryAfterSeconds);
}

/** Logins and sign-ups from one address. */
export async function limitAuthAttempts(context: RequestContext): Promise<void> {
  enforce(await getRateLimiter().hit(rule('authPerIp'), address(context)));
}

const loginKey = (email: string, context: RequestContext) => `${email}|${address(context)}`;

/**
 * Counts a login attempt for this email from this address before the password is checked, so
 * parallel guesses cannot all slip in before the first failure is counted. A successful login
 * forgives the count (forgiveLoginAttempts).
 */
export async function limitLoginAttempts(email: string, context: RequestContext): Promise<void> {
  enforce(await getRateLimiter().hit(rule('loginFailures'), loginKey(email, context)));
}

export async function forgiveLoginAttempts(email: string, context: RequestContext): Promise<void> {
  await getRateLimiter().reset(rule('loginFailures'), loginKey(email, context));
}

export async function limitRefreshes(sessionId: string): Promise<void> {
  enforce(await getRateLimiter().hit(rule('refreshPerSession'), sessionId));
}

/** Both the address and the email are limited; the address first, so it is counted either way. */
export async function limitPasswordResetRequests(email: string, context: RequestContext): Promise<void> {
  enforce(await getRateLimiter().hit(rule('forgotPerIp'), address(context)));
  enforce(await getRateLimiter().hit(rule('forgotPerEmail'), email));
}
