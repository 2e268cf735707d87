import 'server-only';
import { and, eq, gt, isNull, ne } from 'drizzle-orm';
import { getConfig } from '../config/env';
import { withDatabase, type Database } from '../db/client';
import { passwordResetTokens, users } from '../db/schema';
import { recordEvent } from '../events/record';
import type { RequestContext } from '../http/client-address';
import { errors } from '../http/errors';
import { composeMail, linkOrigin } from '../mail/compose';
import { sendMail } from '../mail/send';
import { getTokenStore } from '../sessions/store';
import { findUserByEmail } from '../users/repository';
import type { ResetPasswordInput } from '../validation/auth';
import { voidEmailLinks } from './email-links';
import { markEmailVerified } from './email-verified';
import { RESET_LINK_TTL_MINUTES } from './link-lifetimes';
import { linkStateOf, type LinkState } from './link-state';
import { linkTokenDigest, newLinkToken } from './link-tokens';
import { hashPassword } from './password';
import { passwordPolicyProblem } from './password-policy';
import { removeUnprovedSignInMethods } from './unproved-sign-in-methods';

/**
 * Password reset by emailed link. The token is 256 random bits; only its SHA-256 is stored
 * (lib/auth/link-tokens.ts), it expires after 30 minutes, and it is consumed by one conditional
 * UPDATE, so two requests racing with one link cannot both succeed.
 */

/**
 * Emails a reset link when an account has this address, and does nothing visible otherwise. Runs
 * after the 202 has been sent (the route uses `after`), so the response time says nothing either.
 */
export async function sendPasswordResetIfAccountExists(email: string, context: RequestContext): Promise<void> {
  const user = await findUserByEmail(email);
  await recordEvent({ type: 'password_reset_requested', userId: user?.id, email, context });
  if (!user) return;
  const origin = linkOrigin();
  if (!origin) {
    console.error('[auth] APP_URL is not set: a password-reset link cannot be built');
    return;
  }

  const token = newLinkToken();
  await withDatabase((db) =>
    db.transaction(async (tx) => {
      // Only the newest link works: asking again retires the earlier ones.
      await tx.delete(passwordResetTokens).where(and(eq(passwordResetTokens.userId, user.id), isNull(passwordResetTokens.usedAt)));
      await tx.insert(passwordResetTokens).values({
        userId: user.id,
        tokenHash: linkTokenDigest(token),
        expiresAt: new Date(Date.now() + RESET_LINK_TTL_MINUTES * 60_000),
      });
    }),
  );
  // In the fragment, which browsers neither send to servers nor put in Referer headers.
  const url = `${origin}/reset-password#token=${token}`;
  await sendMail(
    composeMail({
      to: user.email,
      subject: 'Reset your password',
      name: user.firstName,
      intro: ['Someone (hopefully you) asked to reset the password of your account. To choose a new one, open this link:'],
      link: { url, label: 'Reset your password' },
      outro: [
        `It works once, for ${RESET_LINK_TTL_MINUTES} minutes. Resetting signs you out on every device.`,
        'If you did not ask for this, ignore this email: your password stays as it is.',
      ],
    }),
  );
}

/**
 * Deletes a user's reset links (but `keep`, the one a reset has just used). Every password change
 * and reset calls it inside the transaction that writes the new hash, so no link issued before a
 * new password outlives it.
 */
export async function voidResetLinks(db: Database, userId: string, keep?: string): Promise<void> {
  const ofUser = eq(passwordResetTokens.userId, userId);
  await db.delete(passwordResetTokens).where(keep ? and(ofUser, ne(passwordResetTokens.id, keep)) : ofUser);
}

const invalidLink = () =>
  errors.validation('This reset link is invalid, expired or already used. Ask for a new one.', {
    token: 'This reset link is invalid, expired or already used. Ask for a new one.',
  });

/**
 * What became of a reset link, read without using it: the reset page asks before it offers the
 * form. A plain SELECT, so the link's use, lifetime and retirement are exactly as they were.
 */
export async function resetLinkState(token: string): Promise<LinkState> {
  const [row] = await withDatabase((db) =>
    db
      .select({ usedAt: passwordResetTokens.usedAt, expiresAt: passwordResetTokens.expiresAt })
      .from(passwordResetTokens)
      .where(eq(passwordResetTokens.tokenHash, linkTokenDigest(token))),
  );
  return linkStateOf(row);
}

/** Sets the new password, verifies the address the link went to, ends every session and does not sign anyone in. */
export async function resetPassword(input: ResetPasswordInput, context: RequestContext): Promise<void> {
  const config = getConfig();
  const tokenHash = linkTokenDigest(input.token);
  const live = and(eq(passwordResetTokens.tokenHash, tokenHash), isNull(passwordResetTokens.usedAt), gt(passwordResetTokens.expiresAt, new Date()));

  // Read first to check the password against the account's email before spending a bcrypt; the
  // token is only consumed below, atomically, together with the new hash.
  const [found] = await withDatabase((db) =>
    db.select({ userId: users.id, email: users.email }).from(passwordResetTokens).innerJoin(users, eq(users.id, passwordResetTokens.userId)).where(live),
  );
  if (!found) throw invalidLink();
  const problem = passwordPolicyProblem(input.password, found.email);
  if (problem) throw errors.validation(problem, { password: problem });
  const passwordHash = await hashPassword(input.password, config.bcryptCost);

  await withDatabase((db) =>
    db.transaction(async (tx) => {
      const consumed = await tx.update(passwordResetTokens).set({ usedAt: new Date() }).where(live).returning({ id: passwordResetTokens.id });
      if (consumed.length === 0) throw invalidLink();
      const now = new Date();
      const [user] = await tx.update(users).set({ passwordHash, passwordChangedAt: now, updatedAt: now }).where(eq(users.id, found.userId)).returning();
      await voidResetLinks(tx, found.userId, consumed[0]!.id);
      // An address change asked for before the reset may be a thief's: it dies with the old password.
      await voidEmailLinks(tx, found.userId, 'change');
      const removed = await removeUnprovedSignInMethods(tx, user!);
      const detail = { ...(removed.removedPasskeys > 0 ? { removedPasskeys: removed.removedPasskeys } : {}), ...(removed.removedSecondFactor ? { removedSecondFactor: true } : {}) };
      await recordEvent({ type: 'password_reset', userId: found.userId, email: found.email, context, ...(Object.keys(detail).length > 0 ? { detail } : {}) }, tx);
      // The link went to the account's address (an address change voids every reset link), and
      // whoever used it read that mailbox: the address is proved.
      await markEmailVerified(tx, user!, context, 'password_reset');
      // Last, so a store outage rolls everything back and the link still works for a retry.
      await getTokenStore().deleteUserSessions(found.userId);
    }),
  );
}
