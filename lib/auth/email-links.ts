import 'server-only';
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Database } from '../db/client';
import { emailLinks, type EmailLinkPurpose } from '../db/schema';
import { EMAIL_LINK_TTL_HOURS } from './link-lifetimes';
import { refusedLinkState, type DeadLinkState } from './link-state';
import { linkTokenDigest, newLinkToken } from './link-tokens';

/**
 * Single-use links mailed to an address (verification and address change), stored as the SHA-256
 * of their token. A link works once, for EMAIL_LINK_TTL_HOURS, and only the newest of each
 * purpose per account: asking again retires the earlier ones.
 */

export type EmailLink = typeof emailLinks.$inferSelect;

/** A new link's token for `purpose`, to `email`; the account's earlier unused links of that purpose stop working. */
export async function createEmailLink(db: Database, userId: string, purpose: EmailLinkPurpose, email: string): Promise<string> {
  const token = newLinkToken();
  await db.delete(emailLinks).where(and(eq(emailLinks.userId, userId), eq(emailLinks.purpose, purpose), isNull(emailLinks.usedAt)));
  await db.insert(emailLinks).values({
    userId,
    purpose,
    email,
    tokenHash: linkTokenDigest(token),
    expiresAt: new Date(Date.now() + EMAIL_LINK_TTL_HOURS * 3_600_000),
  });
  return token;
}

/**
 * Uses a link: one conditional UPDATE, so of two requests racing with one token only one gets the
 * row. Undefined for an unknown, used, retired or expired token. Inside the caller's transaction,
 * a later refusal rolls the use back and the link keeps working.
 */
export async function consumeEmailLink(db: Database, token: string, now = new Date()): Promise<EmailLink | undefined> {
  const live = and(eq(emailLinks.tokenHash, linkTokenDigest(token)), isNull(emailLinks.usedAt), gt(emailLinks.expiresAt, now));
  const [link] = await db.update(emailLinks).set({ usedAt: now }).where(live).returning();
  return link;
}

/**
 * Why consumeEmailLink refused `token` at `now`: used, expired, or invalid when no row is left
 * (never issued, retired by a newer link, voided, pruned). One SELECT; a racing request that used
 * the link first has committed by then (its UPDATE held the row), so the loser reads `used`.
 */
export async function refusedEmailLinkState(db: Database, token: string, now: Date): Promise<DeadLinkState> {
  const [row] = await db
    .select({ usedAt: emailLinks.usedAt, expiresAt: emailLinks.expiresAt })
    .from(emailLinks)
    .where(eq(emailLinks.tokenHash, linkTokenDigest(token)));
  return refusedLinkState(row, now);
}

/** Retires the account's unused links, of one purpose or all. */
export async function voidEmailLinks(db: Database, userId: string, purpose?: EmailLinkPurpose): Promise<void> {
  const unused = and(eq(emailLinks.userId, userId), isNull(emailLinks.usedAt));
  await db.delete(emailLinks).where(purpose ? and(unused, eq(emailLinks.purpose, purpose)) : unused);
}
