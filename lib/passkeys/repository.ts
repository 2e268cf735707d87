import 'server-only';
import { and, asc, count, eq, lt, sql } from 'drizzle-orm';
import { withDatabase, type Database } from '../db/client';
import { passkeys, users, type PasskeyRow, type UserRow } from '../db/schema';
import { isUuid } from '../validation/id';

/** The passkeys table: every query is scoped by its owner, so another user's passkey is simply not found. */

export function listUserPasskeys(userId: string): Promise<PasskeyRow[]> {
  return withDatabase((db) => db.select().from(passkeys).where(eq(passkeys.userId, userId)).orderBy(asc(passkeys.createdAt), asc(passkeys.id)));
}

/** The passkey a sign-in names by its credential id, with its owner. */
export function findPasskeyByCredentialId(credentialId: string): Promise<{ passkey: PasskeyRow; user: UserRow } | undefined> {
  return withDatabase(async (db) => {
    const [row] = await db.select().from(passkeys).innerJoin(users, eq(passkeys.userId, users.id)).where(eq(passkeys.credentialId, credentialId)).limit(1);
    return row ? { passkey: row.passkeys, user: row.users } : undefined;
  });
}

export type NewPasskey = Omit<PasskeyRow, 'id' | 'createdAt' | 'lastUsedAt'>;

/**
 * Adds a passkey inside the caller's transaction, unless the owner already has `max` of them or
 * the credential is registered already (or the owner is gone). The owner's row is locked first, so concurrent additions
 * take turns and cannot pass the limit together.
 */
export async function insertPasskey(tx: Database, values: NewPasskey, max: number): Promise<PasskeyRow | 'limit' | 'exists' | 'no user'> {
  const [owner] = await tx.select({ id: users.id }).from(users).where(eq(users.id, values.userId)).for('update');
  if (!owner) return 'no user';
  const [held] = await tx.select({ total: count() }).from(passkeys).where(eq(passkeys.userId, values.userId));
  if ((held?.total ?? 0) >= max) return 'limit';
  const [row] = await tx.insert(passkeys).values(values).onConflictDoNothing({ target: passkeys.credentialId }).returning();
  return row ?? 'exists';
}

/**
 * Records a sign-in with the passkey: its new signature counter, whether it is backed up now, and
 * when. The counter rule (lib/passkeys/counter.ts) is applied again inside the update, so two
 * sign-ins racing with one counter value cannot both pass. Resolves to whether it was recorded.
 */
export function recordPasskeyUse(id: string, counter: number, backedUp: boolean): Promise<boolean> {
  return withDatabase(async (db) => {
    const counterMovesOn = counter === 0 ? eq(passkeys.counter, 0) : lt(passkeys.counter, counter);
    const updated = await db
      .update(passkeys)
      .set({ counter, backedUp, lastUsedAt: sql`now()` })
      .where(and(eq(passkeys.id, id), counterMovesOn))
      .returning({ id: passkeys.id });
    return updated.length > 0;
  });
}

export function renameUserPasskey(userId: string, id: string | undefined, name: string): Promise<PasskeyRow | undefined> {
  if (!isUuid(id)) return Promise.resolve(undefined);
  return withDatabase(async (db) => (await db.update(passkeys).set({ name }).where(and(eq(passkeys.id, id), eq(passkeys.userId, userId))).returning())[0]);
}

/** Deletes inside the caller's transaction; the deleted row, or undefined when the user has no such passkey. */
export async function deleteUserPasskey(tx: Database, userId: string, id: string | undefined): Promise<PasskeyRow | undefined> {
  if (!isUuid(id)) return undefined;
  return (await tx.delete(passkeys).where(and(eq(passkeys.id, id), eq(passkeys.userId, userId))).returning())[0];
}
