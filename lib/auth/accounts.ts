import 'server-only';
import { and, eq } from 'drizzle-orm';
import { getConfig } from '../config/env';
import { withDatabase } from '../db/client';
import { users, type UserRow } from '../db/schema';
import { recordEvent } from '../events/record';
import type { RequestContext } from '../http/client-address';
import { errors, isApiError } from '../http/errors';
import { giveBackAuthAttempt, startLoginAttempt } from '../rate-limit/guards';
import type { LoginInput, RegisterInput } from '../validation/auth';
import { findUserByEmail, insertUser } from '../users/repository';
import { grantListedAdmin } from './admin-grant';
import { refuseIfDisabled } from './disabled-accounts';
import { trustedDeviceId, type DeviceEntry } from './device-cookie';
import { mailVerificationAfterSignUp } from './email-verification';
import { checkHashingCapacity, dummyPasswordHash, hashCost, hashPassword, verifyPassword } from './password';
import { passwordPolicyProblem } from './password-policy';
import { startMfaChallenge } from './mfa-challenge';
import { startSession, type IssuedTokens } from '../sessions/refresh';
import type { AuthMethod } from './tokens';

export interface SignedIn {
  user: UserRow;
  tokens: IssuedTokens;
}

/** The password was right, and the account has a second factor: the login waits for a code. */
export interface SecondFactorRequired {
  mfaToken: string;
}

export const needsSecondFactor = (result: SignedIn | SecondFactorRequired): result is SecondFactorRequired => 'mfaToken' in result;

/** A new account; `tokens` only where it may sign in before verifying (EMAIL_VERIFICATION=optional). */
export interface Registered {
  user: UserRow;
  tokens: IssuedTokens | null;
}

export async function registerAccount(input: RegisterInput, context: RequestContext): Promise<Registered> {
  const config = getConfig();
  const problem = passwordPolicyProblem(input.password, input.email);
  if (problem) throw errors.validation(problem, { password: problem });

  const passwordHash = await hashPassword(input.password, config.bcryptCost);
  // The session is created inside the user's transaction: if the store is down the insert rolls
  // back, so a failed sign-up leaves no account behind and can simply be retried.
  const registered = await withDatabase((db) =>
    db.transaction(async (tx) => {
      // Every account starts as `user` (the column's default): ADMIN_EMAILS grants admin only once
      // the address is verified (lib/auth/admin-grant.ts), or whoever registered a listed address
      // first would get it.
      const user = await insertUser(tx, {
        email: input.email,
        passwordHash,
        firstName: input.firstName,
        lastName: input.lastName,
      });
      if (!user) throw errors.emailTaken();
      await recordEvent({ type: 'sign_up', userId: user.id, email: user.email, context }, tx);
      return { user, tokens: config.emailVerification === 'required' ? null : await startSession(user, context.userAgent, ['pwd']) };
    }),
  );
  mailVerificationAfterSignUp(registered.user, context);
  return registered;
}

/**
 * `devices`: the request's device cookie, which exempts a browser that has signed in to this account
 * before from the account-wide limit. Only once the password is right does the answer depend on
 * whether the account has a second factor: until then both kinds of account cost the same and
 * answer the same.
 */
export async function logIn(input: LoginInput, context: RequestContext, devices: DeviceEntry[]): Promise<SignedIn | SecondFactorRequired> {
  const config = getConfig();
  // A full hashing queue refuses first: before the attempt is counted against the account (the
  // owner retrying during a flood loses nothing) and before the look-up it would waste. The
  // address's count of logins, taken by the route before this, is given back too.
  try {
    checkHashingCapacity(config.bcryptCost);
  } catch (error) {
    await giveBackAuthAttempt(context);
    throw error;
  }
  const attempt = await limited(input.email, context, () => findUserByEmail(input.email), () => startLoginAttempt(input.email, context));
  const found = await findUserByEmail(input.email);
  await limited(input.email, context, async () => found, () => attempt.limitAcrossAddresses(found ? trustedDeviceId(devices, found.id) : undefined));
  // Unknown emails pay for one bcrypt comparison too, so timing does not reveal which exist.
  const matches = await verifyPassword(input.password, found?.passwordHash ?? (await dummyPasswordHash(config.bcryptCost))).catch(async (error: unknown) => {
    // The queue filled after the capacity check above (parallel requests): nothing was checked,
    // so nothing stays counted; the 503 goes out as the capacity check's would.
    if (isApiError(error) && error.status === 503) await attempt.abandoned();
    throw error;
  });
  if (!found || !matches) {
    await recordEvent({ type: 'login_failed', userId: found?.id, email: input.email, context });
    throw errors.invalidCredentials();
  }
  await attempt.succeeded();
  // Only after the right password, so these refusals tell nobody else whether the account exists.
  await refuseIfDisabled(found, context);
  if (config.emailVerification === 'required' && !found.emailVerifiedAt) throw errors.emailUnverified();
  await upgradeHash(found, input.password, config.bcryptCost);
  if (found.totpEnabledAt) return { mfaToken: await startMfaChallenge(found) };
  return finishLogin(found, context, ['pwd']);
}

/**
 * The end of every login, once the user has proved who they are (`amr`: how): the ADMIN_EMAILS
 * grant, the event and a new session. `found` is the row the proof was checked against; with a
 * password among the proofs, the account must still have that password. `detail` adds to the
 * event (the second factor used).
 */
export async function finishLogin(found: UserRow, context: RequestContext, amr: AuthMethod[], detail: Record<string, string> = {}): Promise<SignedIn> {
  // A promotion commits only with the session, so a store outage leaves the role untouched.
  const result = await withDatabase((db) =>
    db.transaction(async (tx): Promise<SignedIn | { disabled: UserRow } | { passwordChanged: UserRow }> => {
      // Read again and locked until the session exists: an account disabled since the password or
      // code was checked gets no session, and disabling (which waits for this lock) ends any that
      // began before it.
      const [current] = await tx.select().from(users).where(eq(users.id, found.id)).for('update');
      if (!current) throw errors.invalidCredentials();
      if (current.disabledAt) return { disabled: current };
      // A password changed or reset since it was checked (a reset meant to lock someone out
      // landing during their login) no longer signs anyone in; at the code step, that login
      // starts over, as when the change came before the code.
      if (amr.includes('pwd') && current.passwordChangedAt.getTime() !== found.passwordChangedAt.getTime()) return { passwordChanged: current };
      const { user, promoted } = await grantListedAdmin(tx, current);
      const eventDetail = { ...detail, ...(promoted ? { promotedToAdmin: true } : {}) };
      await recordEvent({ type: 'login', userId: user.id, email: user.email, context, ...(Object.keys(eventDetail).length > 0 ? { detail: eventDetail } : {}) }, tx);
      return { user, tokens: await startSession(user, context.userAgent, amr) };
    }),
  );
  if ('disabled' in result) {
    await refuseIfDisabled(result.disabled, context);
    throw errors.accountDisabled();
  }
  if ('passwordChanged' in result) {
    // Recorded here, not in the transaction: a refusal thrown there would roll its own event back.
    const { passwordChanged: user } = result;
    await recordEvent({ type: 'login_failed', userId: user.id, email: user.email, context, detail: { ...detail, reason: 'password_changed' } });
    throw amr.includes('otp') ? errors.invalidMfaToken() : errors.invalidCredentials();
  }
  return result;
}

/**
 * Runs a rate-limit check; a refusal is recorded in the security log before it is answered, under
 * the account the address names (`account`, looked up only for a refusal), so its owner sees the
 * attack in their own log and an admin sees whose account it was. The caller gets the same 429
 * whether or not there is an account: only the owner and admins read the log.
 */
async function limited<T>(email: string, context: RequestContext, account: () => Promise<UserRow | undefined>, check: () => Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (error) {
    if (isApiError(error)) {
      // The refusal stands whatever the look-up does; an event without its account is still worth keeping.
      const user = await account().catch(() => undefined);
      await recordEvent({ type: 'login_rate_limited', userId: user?.id, email, context });
    }
    throw error;
  }
}

/**
 * When BCRYPT_COST has risen since the hash was made, the password (known only now, at login) is
 * hashed again at the new cost. Only the hash that was verified is replaced, so a password changed
 * meanwhile is never overwritten; a failure here costs the upgrade, not the login.
 */
async function upgradeHash(user: UserRow, password: string, cost: number): Promise<void> {
  const current = hashCost(user.passwordHash);
  if (current !== null && current >= cost) return;
  try {
    const passwordHash = await hashPassword(password, cost);
    await withDatabase((db) =>
      db
        .update(users)
        .set({ passwordHash })
        .where(and(eq(users.id, user.id), eq(users.passwordHash, user.passwordHash))),
    );
  } catch (error) {
    console.error(`[auth] password hash upgrade failed: ${error instanceof Error ? error.name : typeof error}`);
  }
}
