import 'server-only';
import { and, eq, lt } from 'drizzle-orm';
import type { Database } from '../db/client';
import { passkeys, type UserRow } from '../db/schema';
import { removeSecondFactor } from './second-factor';

/** What a password reset took away, for the security log: passkeys removed, and whether a second factor was. */
export interface RemovedMethods {
  removedPasskeys: number;
  removedSecondFactor: boolean;
}

/**
 * Removes, inside the password reset that proves the address, the passkeys and the second factor
 * (with its recovery codes) that may not be the mailbox owner's: all of them while the address was
 * never proved, and those added before it was proved when its link was opened in a browser that
 * had never signed in to the account.
 *
 * Someone can register another person's address first, add a passkey or an authenticator app, and
 * wait. The owner, refused at sign-up (`email_taken`), resets the password through the link mailed
 * to them; the reset ends every session, but a passkey would let the squatter straight back in, and
 * their second factor would lock the owner out. Opening the verification link mailed at that
 * sign-up (out of curiosity, in the owner's own browser) proves the address but says nothing about
 * who set the account up, so it does not make those methods the owner's either. A reset is the
 * first moment the account is known to be the mailbox owner's. Methods added once the address was
 * proved in the account's own browser (signed in to it, or holding its device cookie) stay: their
 * owner added them, and a second factor that a reset removed would not protect against a stolen
 * mailbox.
 */
export async function removeUnprovedSignInMethods(tx: Database, user: UserRow): Promise<RemovedMethods> {
  const provedAt = user.emailVerifiedAt;
  if (provedAt && !user.emailProvedElsewhere) return { removedPasskeys: 0, removedSecondFactor: false };
  const mine = eq(passkeys.userId, user.id);
  const removed = await tx
    .delete(passkeys)
    .where(provedAt ? and(mine, lt(passkeys.createdAt, provedAt)) : mine)
    .returning({ id: passkeys.id });
  const secondFactorUnproved = !provedAt || (user.totpEnabledAt !== null && user.totpEnabledAt < provedAt);
  return { removedPasskeys: removed.length, removedSecondFactor: secondFactorUnproved && (await removeSecondFactor(tx, user.id, provedAt ? 'on' : 'set-up')) };
}
