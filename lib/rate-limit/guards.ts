import 'server-only';
import { getConfig, type RateLimitName } from '../config/env';
import { errors } from '../http/errors';
import type { RequestContext } from '../http/client-address';
import { canonicalEmail } from '../validation/email';
import { getRateLimiter, type Decision, type KeyedRule, type Rule } from './index';

/**
 * The app's limits, each a function named for what it protects. Keys combine what an attacker
 * cannot choose freely (the address, a device cookie only the server can sign) with what they aim
 * at (an email, a session), so one attacker cannot lock an account's owner out; the limits keyed
 * by what they aim at alone (an account, a user) stop attackers with many addresses.
 */

const rule = (name: RateLimitName): Rule => ({ name, ...getConfig().rateLimits[name] });

// Requests without a usable address (no socket stamp; behind TRUST_PROXY, a missing or invalid
// entry where the proxy's belongs) share one bucket: stricter for them, never a way around the limit.
const address = (context: RequestContext) => context.ip ?? 'unknown';

function enforce(decision: Decision): void {
  if (!decision.allowed) throw errors.rateLimited(decision.retryAfterSeconds);
}

/** Logins and sign-ups from one address. */
export async function limitAuthAttempts(context: RequestContext): Promise<void> {
  enforce(await getRateLimiter().hit(rule('authPerIp'), address(context)));
}

/**
 * Takes back this request's hit on the logins' per-address count: for a login turned away by the
 * full hashing queue (503), which checked nothing, so a person retrying during a flood loses nothing.
 */
export async function giveBackAuthAttempt(context: RequestContext): Promise<void> {
  await getRateLimiter().cancel(rule('authPerIp'), address(context));
}

/** The logins' per-address limit (RATE_LIMIT_AUTH_PER_IP) on a count of its own, `name`. */
const authPerIpCountedApart = (name: string): Rule => ({ ...rule('authPerIp'), name });

/**
 * Passkey sign-in options from one address: each keeps a challenge in the token store for five
 * minutes. The logins' per-address limit (RATE_LIMIT_AUTH_PER_IP), on a count of its own: the
 * login page asks for options as it loads, and loading it must not use up the address's logins.
 */
export async function limitPasskeyOptions(context: RequestContext): Promise<void> {
  enforce(await getRateLimiter().hit(authPerIpCountedApart('passkeyOptionsPerIp'), address(context)));
}

/**
 * Uses of emailed links from one address: questions about a link's state (the reset page asks as
 * it loads), password resets and email verifications. The logins' per-address limit
 * (RATE_LIMIT_AUTH_PER_IP) on a count of its own, so opening links never uses up the address's
 * logins. The tokens are 256 random bits, so this guards the database against floods, not a
 * guessing game.
 */
export async function limitEmailLinkUses(context: RequestContext): Promise<void> {
  enforce(await getRateLimiter().hit(authPerIpCountedApart('emailLinksPerIp'), address(context)));
}

/**
 * The key an address is counted under: its canonical form, the one accounts are looked up by.
 * Counted as typed, `ａdmin@x.io` or `ADMIN@x.io` would each get counts of their own while
 * reaching the same account, so every spelling would be a fresh set of guesses or mails.
 */
const emailKey = (email: string) => canonicalEmail(email);

const loginKey = (email: string, context: RequestContext) => `${emailKey(email)}|${address(context)}`;

/** A login attempt counted before the password is checked; tell it the outcome once known. */
export interface LoginAttempt {
  /**
   * The second count, once the account is looked up: the device's own count when the request
   * holds this account's device cookie (`deviceId`), else the account's count across all
   * addresses. Over either limit the attempt is refused, and its per-address count taken back.
   */
  limitAcrossAddresses(deviceId: string | undefined): Promise<void>;
  /** The password was right. */
  succeeded(): Promise<void>;
  /**
   * The password was never checked: the hashing queue filled between the capacity check and this
   * attempt's turn, after it was counted. Every count the request made is taken back, both login
   * counts and the address's hit on RATE_LIMIT_AUTH_PER_IP, so a flood costs the owner no attempt
   * and the retry its 503 asks for counts once. (A login the capacity check refuses first gives
   * nothing back: refusals during a flood must stay free of store round trips, and it used only
   * the per-address hit.)
   */
  abandoned(): Promise<void>;
}

/**
 * Login attempts are counted before the password is checked, so parallel guesses cannot all slip
 * in before the first failure is counted. First per email and address (RATE_LIMIT_LOGIN_FAILURES);
 * then, through `limitAcrossAddresses`, per account across all addresses
 * (RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT), which a device that has signed in to the account before
 * skips: it has a count of its own instead, as strict as an address's (OWASP's device cookies).
 *
 * A success forgives the failures of the same client (its address, its device): they were the
 * owner's typos. It takes back only its own hit from the account-wide count: the failures there
 * came from everywhere, and wiping them would hand a spraying attacker a fresh allowance each time
 * the owner signs in.
 */
export async function startLoginAttempt(email: string, context: RequestContext): Promise<LoginAttempt> {
  const limiter = getRateLimiter();
  const perAddress = rule('loginFailures');
  const addressKey = loginKey(email, context);
  enforce(await limiter.hit(perAddress, addressKey));

  let settle = async () => {};
  let takeBackWide = async () => {};
  return {
    async limitAcrossAddresses(deviceId) {
      const [wide, key] = deviceId ? [{ ...perAddress, name: 'loginFailuresPerDevice' }, deviceId] : [rule('loginFailuresPerAccount'), emailKey(email)];
      const decision = await limiter.hit(wide, key);
      if (!decision.allowed) {
        await limiter.cancel(perAddress, addressKey);
        enforce(decision);
      }
      settle = deviceId ? () => limiter.reset(wide, key) : () => limiter.cancel(wide, key);
      takeBackWide = () => limiter.cancel(wide, key);
    },
    async succeeded() {
      await limiter.reset(perAddress, addressKey);
      await settle();
    },
    async abandoned() {
      // Side by side: a flood's refusals wait for one store round trip, not three.
      await Promise.all([limiter.cancel(perAddress, addressKey), takeBackWide(), giveBackAuthAttempt(context)]);
    },
  };
}

/** A counted check that is taken back when it passes. */
export interface CountedCheck {
  passed(): Promise<void>;
}

/**
 * Every check of a signed-in user's password outside login (changing it, re-authenticating),
 * counted per user before the check (RATE_LIMIT_PASSWORD_CHECKS_PER_USER), so a stolen access
 * token is not an unlimited password oracle. A right password takes back only its own hit and
 * forgives no earlier wrong one: the wrong ones may be a thief's, the right one the owner's.
 */
export async function startPasswordCheck(userId: string): Promise<CountedCheck> {
  const checks = rule('passwordChecksPerUser');
  enforce(await getRateLimiter().hit(checks, userId));
  return { passed: () => getRateLimiter().cancel(checks, userId) };
}

/**
 * Every check of a second-factor code (finishing a login, re-authenticating, turning the factor
 * on), counted per user before the check (RATE_LIMIT_CODE_CHECKS_PER_USER), across every mfaToken:
 * a million codes cannot be tried five at a time with fresh logins. Like password checks, a right
 * code takes back only its own hit.
 */
export async function startCodeCheck(userId: string): Promise<CountedCheck> {
  const checks = rule('codeChecksPerUser');
  enforce(await getRateLimiter().hit(checks, userId));
  return { passed: () => getRateLimiter().cancel(checks, userId) };
}

/**
 * Refreshes per session (RATE_LIMIT_REFRESH_PER_SESSION), for the token store to count in the same
 * step as the rotation: one round trip to Upstash for both (lib/sessions/refresh.ts). The key
 * starts with the user's id as a Redis hash tag, so the count lives in the cluster slot of the
 * user's sessions, which a script that touches both requires.
 */
export const refreshLimit = (userId: string, sessionId: string): KeyedRule => ({ rule: rule('refreshPerSession'), key: `{${userId}}:${sessionId}` });

/**
 * Reset requests per address, per email from that address, and per email from everywhere. The
 * address is counted either way, so a spammer's address fills up whatever it asks for. A request
 * refused by the per-email ceiling is taken back from its email-and-address count, so an owner
 * caught in a spray from other addresses does not use up their own allowance by retrying.
 */
export function limitPasswordResetRequests(email: string, context: RequestContext): Promise<void> {
  return limitMailRequests(resetLimits(), email, context);
}

/** Mail requests counted per address, per email from that address, and per email from everywhere. */
interface MailLimits {
  perIp: Rule;
  perEmailAndIp: Rule;
  perEmail: Rule;
}

const resetLimits = (): MailLimits => ({ perIp: rule('forgotPerIp'), perEmailAndIp: rule('forgotPerEmailAndIp'), perEmail: rule('forgotPerEmail') });

/**
 * Verification mails have the reset requests' limits (RATE_LIMIT_FORGOT_*) but counters of their
 * own, so asking for one kind of mail never uses up the other.
 */
function verificationLimits(): MailLimits {
  const { perIp, perEmailAndIp, perEmail } = resetLimits();
  return {
    perIp: { ...perIp, name: 'verifyMailPerIp' },
    perEmailAndIp: { ...perEmailAndIp, name: 'verifyMailPerEmailAndIp' },
    perEmail: { ...perEmail, name: 'verifyMailPerEmail' },
  };
}

async function limitMailRequests(limits: MailLimits, email: string, context: RequestContext): Promise<void> {
  const limiter = getRateLimiter();
  enforce(await limiter.hit(limits.perIp, address(context)));
  const pairKey = `${emailKey(email)}|${address(context)}`;
  enforce(await limiter.hit(limits.perEmailAndIp, pairKey));
  const perEmail = await limiter.hit(limits.perEmail, emailKey(email));
  if (!perEmail.allowed) {
    await limiter.cancel(limits.perEmailAndIp, pairKey);
    enforce(perEmail);
  }
}

/**
 * Mail with a verification or address-change link, to `email`. Limited like reset requests (per
 * address, per email and address, per email) and, when a signed-in user asks, per user
 * (RATE_LIMIT_VERIFY_MAIL_PER_USER) across every address they send to: an address change can name
 * any mailbox, so the per-email counts alone would let one account mail a new stranger each time.
 * The per-user count comes first, so a user over it spends none of an address's allowance. The
 * sign-up mail itself is not counted: the first request comes right after it.
 */
export async function limitVerificationMails(email: string, context: RequestContext, userId?: string): Promise<void> {
  if (userId) enforce(await getRateLimiter().hit(rule('verifyMailPerUser'), userId));
  await limitMailRequests(verificationLimits(), email, context);
}
