import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import { getConfig } from '../config/env';
import type { Database } from '../db/client';
import { users, type UserRow } from '../db/schema';

/**
 * ADMIN_EMAILS's one grant. An account becomes `admin` when its address is listed (as spelled:
 * NFC, lower-case; a look-alike is not listed) and verified, at verification or at the first login
 * after it (for an address listed later). The grant is recorded in `admin_granted_at` and given
 * once per account, so a demotion by an admin sticks across logins. Nobody becomes admin by
 * registering a listed address first: they would have to read its mail.
 *
 * Inside the caller's transaction. `promoted` says whether the role changed (an account that was
 * already admin has its grant recorded, so a later demotion sticks too).
 */
export async function grantListedAdmin(db: Database, user: UserRow): Promise<{ user: UserRow; promoted: boolean }> {
  if (!user.emailVerifiedAt || user.adminGrantedAt || !getConfig().adminEmails.has(user.email)) return { user, promoted: false };
  const now = new Date();
  // Conditional on the same address and no grant yet, so two logins racing grant once, and an
  // address changed meanwhile gets nothing meant for the old one.
  const [granted] = await db
    .update(users)
    .set({ role: 'admin', adminGrantedAt: now, updatedAt: now })
    .where(and(eq(users.id, user.id), eq(users.email, user.email), isNull(users.adminGrantedAt)))
    .returning();
  return granted ? { user: granted, promoted: user.role !== 'admin' } : { user, promoted: false };
}
