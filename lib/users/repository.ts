import 'server-only';
import { and, asc, eq, isNull, or, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { withDatabase } from '../db/client';
import { users, type UserRow } from '../db/schema';
import { canonicalEmail } from '../validation/email';
import { isUuid } from '../validation/id';

/**
 * The account an address names: by its canonical form, so every look-alike spelling finds the
 * same account. A row not yet settled (written before the canonical column existed, e.g. by the
 * previous deploy during a roll-out) is found by its exact address, and only when no settled
 * account claims the canonical form.
 */
export function findUserByEmail(email: string): Promise<UserRow | undefined> {
  return withDatabase((db) => findUserByEmailIn(db, email));
}

/** findUserByEmail inside the caller's transaction. */
export async function findUserByEmailIn(db: Database, email: string): Promise<UserRow | undefined> {
  const byIdentity = or(eq(users.emailCanonical, canonicalEmail(email)), and(isNull(users.emailCanonical), eq(users.email, email)));
  return (await db.select().from(users).where(byIdentity).orderBy(asc(sql`${users.emailCanonical} is null`)).limit(1))[0];
}

export function findUserById(id: string): Promise<UserRow | undefined> {
  if (!isUuid(id)) return Promise.resolve(undefined);
  return withDatabase(async (db) => (await db.select().from(users).where(eq(users.id, id)).limit(1))[0]);
}

/** Inserts inside the caller's transaction; undefined when the address, or a look-alike of it, is taken. */
export async function insertUser(
  db: Database,
  values: { email: string; passwordHash: string; firstName: string; lastName: string },
): Promise<UserRow | undefined> {
  // No conflict target: the address and its canonical form are both unique, and either refuses.
  const [row] = await db
    .insert(users)
    .values({ ...values, emailCanonical: canonicalEmail(values.email) })
    .onConflictDoNothing()
    .returning();
  return row;
}

/** Sets the names, and only them; resolves to the account as it now is, undefined when it is gone. */
export function updateUserNames(id: string, names: { firstName?: string; lastName?: string }): Promise<UserRow | undefined> {
  return withDatabase(async (db) => (await db.update(users).set({ ...names, updatedAt: new Date() }).where(eq(users.id, id)).returning())[0]);
}
