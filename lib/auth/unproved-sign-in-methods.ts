import 'server-only';
import { eq } from 'drizzle-orm';
import type { Database } from '../db/client';
import { passkeys, type UserRow } from '../db/schema';
import { removeSecondFactor } from './second-factor';

/** What a password reset took away, for the security log: passkeys removed, and whether a second factor was. */
export interface RemovedMethods {
  removedPasskeys: number;
  removedSecondFactor: boolean;
}

/**
 * Removes every passkey and the second factor (with its recovery codes) of an account whose
 * address was never proved, inside the password reset that proves it.
 *
 * Without a verified address, whoever signed up may not own it: someone can register another
 * person's address first, add a passkey or an authenticator app, and wait. The owner, refused at
 * sign-up (`email_taken`), resets the password through the link mailed to them; the reset ends
 * every session, but a passkey would let the squatter straight back in, and their second factor
 * would lock the owner out. A reset is the first moment the account is known to be the mailbox
 * owner's, so what was added before it goes. An account whose address was already proved keeps
 * its methods through a reset, as its owner added them.
 */
export async function removeUnprovedSignInMethods(tx: Database, user: UserRow): Promise<RemovedMethods> {
  if (user.emailVerifiedAt) return { removedPasskeys: 0, removedSecondFactor: false };
  const removed = await tx.delete(passkeys).where(eq(passkeys.userId, user.id)).returning({ id: passkeys.id });
  return { removedPasskeys: removed.length, removedSecondFactor: await removeSecondFactor(tx, user.id, 'set-up') };
}
