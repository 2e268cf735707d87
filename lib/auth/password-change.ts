import 'server-only';
import { eq } from 'drizzle-orm';
import { getConfig } from '../config/env';
import { withDatabase } from '../db/client';
import { users } from '../db/schema';
import { recordEvent } from '../events/record';
import type { RequestContext } from '../http/client-address';
import { errors } from '../http/errors';
import { getTokenStore } from '../sessions/store';
import { activeAccount } from './disabled-accounts';
import { findUserById } from '../users/repository';
import type { PasswordChangeInput } from '../validation/auth';
import { voidEmailLinks } from './email-links';
import { hashPassword } from './password';
import { checkUserPassword } from './password-check';
import { passwordPolicyProblem } from './password-policy';
import { voidResetLinks } from './password-reset';
import type { AccessClaims } from './tokens';

/**
 * Changes the caller's password, voids every reset link and ends every other session; the
 * one making the change stays signed in. Resolves to how many other sessions ended.
 */
export async function changePassword(claims: AccessClaims, input: PasswordChangeInput, context: RequestContext): Promise<number> {
  const config = getConfig();
  const user = activeAccount(await findUserById(claims.sub));
  if (!(await checkUserPassword(user, input.currentPassword))) {
    throw errors.validation('Current password is incorrect', { currentPassword: 'Current password is incorrect' });
  }
  if (input.newPassword === input.currentPassword) {
    throw errors.validation('New password must be different from the current one', { newPassword: 'New password must be different from the current one' });
  }
  const problem = passwordPolicyProblem(input.newPassword, user.email);
  if (problem) throw errors.validation(problem, { newPassword: problem });

  const passwordHash = await hashPassword(input.newPassword, config.bcryptCost);
  // The other sessions end inside the update's transaction: if the store is down the new password
  // is rolled back too, so the user never has a new password with the old sessions still alive.
  return withDatabase((db) =>
    db.transaction(async (tx) => {
      const now = new Date();
      await tx.update(users).set({ passwordHash, passwordChangedAt: now, updatedAt: now }).where(eq(users.id, user.id));
      // A link mailed before the change would otherwise undo it: whoever read that mailbox (or
      // the old password's thief who asked for the link) could still set a password of their own.
      await voidResetLinks(tx, user.id);
      // So does an address change asked for before it: the owner changing a password they fear is
      // known also stops a thief's pending move of the account to another mailbox.
      await voidEmailLinks(tx, user.id, 'change');
      const ended = await getTokenStore().deleteUserSessions(user.id, claims.sid);
      await recordEvent({ type: 'password_changed', userId: user.id, email: user.email, context, detail: { endedSessions: ended } }, tx);
      return ended;
    }),
  );
}
