import { eq } from 'drizzle-orm';
import type { Database } from '../db/client';
import { withDatabase } from '../db/client';
import { users, type UserRow } from '../db/schema';
import type { Role } from '../auth/roles';
import { isUuid } from '../validation/id';

export function findUserByEmail(email: string): Promise<UserRow | undefined> {
  return withDatabase(async (db) => (await db.select().from(users).where(eq(users.email, email)).limit(1))[0]);
}

export function findUserById(id: string): Promise<UserRow | undefined> {
  if (!isUuid(id)) return Promise.resolve(undefined);
  return withDatabase(async (db) => (await db.select().from(users).where(eq(users.id, id)).limit(1))[0]);
}

/** Inserts inside the caller's transaction; undefined when the email is already taken. */
export async function insertUser(
  db: Database,
  values: { email: string; passwordHash: string; firstName: string; lastName: string; role: Role },
): Promise<UserRow | undefined> {
  const [row] = await db.insert(users).values(values).onConflictDoNothing({ target: users.email }).returning();
  return row;
}

/** Updates inside the caller's transaction. */
export async function setUserRole(db: Database, id: string, role: Role): Promise<UserRow | undefined> {
  return (await db.update(users).set({ role, updatedAt: new Date() }).where(eq(users.id, id)).returning())[0];
}
