import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import type { Database } from '../db/client';
import { users, type UserRow } from '../db/schema';
import { recordEvent } from '../events/record';
import type { RequestContext } from '../http/client-address';
import { grantListedAdmin } from './admin-grant';
import { voidEmailLinks } from './email-links';

/** How the owner proved the address: its verification link, or a password reset mailed to it. */
export type VerifiedBy = 'link' | 'password_reset';

/**
 * Marks `user`'s current address verified, inside the caller's transaction, and gives
 * ADMIN_EMAILS's grant where it applies. The update is conditional on the address it was proved
 * for, so an address changed meanwhile is not marked. Once verified, the verification links still
 * out there stop working: nothing is left for them to do. An address already verified is left as
 * it is, and nothing is recorded. `elsewhere`: the link was opened in a browser that had never
 * signed in to the account (see `emailProvedElsewhere` in the schema).
 */
export async function markEmailVerified(db: Database, user: UserRow, context: RequestContext, by: VerifiedBy, elsewhere = false): Promise<UserRow> {
  const now = new Date();
  const [verified] = await db
    .update(users)
    .set({ emailVerifiedAt: now, emailProvedElsewhere: elsewhere, updatedAt: now })
    .where(and(eq(users.id, user.id), eq(users.email, user.email), isNull(users.emailVerifiedAt)))
    .returning();
  if (!verified) return user;
  await voidEmailLinks(db, user.id, 'verify');
  const granted = await grantListedAdmin(db, verified);
  await recordEvent(
    { type: 'email_verified', userId: user.id, email: user.email, context, detail: { by, ...(elsewhere ? { elsewhere: true } : {}), ...(granted.promoted ? { promotedToAdmin: true } : {}) } },
    db,
  );
  return granted.user;
}
