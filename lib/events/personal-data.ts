import 'server-only';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { securityEvents } from '../db/schema';
import type { SecurityEventType } from './types';

/**
 * The detail keys that hold personal data rather than ids and counts: another address of the
 * account, a name the person gave a passkey. A new event type whose detail names a person must be
 * listed here, or a deleted account's events would keep it.
 */
export const PERSONAL_DETAIL: Partial<Record<SecurityEventType, readonly string[]>> = {
  email_change_requested: ['to'],
  email_changed: ['from'],
  passkey_added: ['name'],
  passkey_removed: ['name'],
};

/**
 * Takes the personal data out of the log for a deleted account, inside its transaction. The
 * account's events keep their type, time, user id and the ids in their detail, and lose the
 * address, client address, user agent and the personal detail above. Events that named the
 * address without an account (attempts at it, sign-in limits) lose the address and keep where
 * the attempt came from, which describes whoever made it.
 */
export async function scrubPersonalData(tx: Database, userId: string, email: string): Promise<void> {
  await tx.update(securityEvents).set({ email: null, ip: null, userAgent: null }).where(eq(securityEvents.userId, userId));
  await tx
    .update(securityEvents)
    .set({ email: null })
    .where(and(isNull(securityEvents.userId), eq(securityEvents.email, email)));
  for (const [type, keys] of Object.entries(PERSONAL_DETAIL) as [SecurityEventType, readonly string[]][]) {
    for (const key of keys) {
      await tx
        .update(securityEvents)
        .set({ detail: sql`${securityEvents.detail} - ${key}::text` })
        .where(and(eq(securityEvents.userId, userId), eq(securityEvents.type, type)));
    }
  }
}
