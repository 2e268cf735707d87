import 'server-only';
import { asc, eq } from 'drizzle-orm';
import { can } from '../auth/permissions';
import type { Role } from '../auth/roles';
import { withDatabase, type Database } from '../db/client';
import { users, type UserRow } from '../db/schema';
import { recordEvent } from '../events/record';
import type { RequestContext } from '../http/client-address';
import { errors } from '../http/errors';
import { getTokenStore } from '../sessions/store';
import { toPublicUser, type PublicUser } from '../users/public-user';
import { isUuid } from '../validation/id';

/**
 * User administration. The route handler has already checked the role in the caller's access
 * token; these functions check it again in the database, because a token can say `admin` for up
 * to its lifetime after the caller was demoted.
 */

const userNotFound = () => errors.notFound('User not found');

export async function assertStillAdmin(db: Database, actorId: string): Promise<void> {
  const [actor] = await db.select({ role: users.role }).from(users).where(eq(users.id, actorId));
  if (!actor || !can(actor.role, 'users:manage')) throw errors.forbidden();
}

export function listUsers(actorId: string): Promise<PublicUser[]> {
  return withDatabase(async (db) => {
    await assertStillAdmin(db, actorId);
    const rows = await db.select().from(users).orderBy(asc(users.createdAt), asc(users.id));
    return rows.map(toPublicUser);
  });
}

// Locks every admin row until the transaction ends. Role changes take this lock first, so two
// running at once are serialised and each decides on the other's committed result.
async function lockAdmins(tx: Database): Promise<string[]> {
  const admins = await tx.select({ id: users.id }).from(users).where(eq(users.role, 'admin')).for('update');
  return admins.map((admin) => admin.id);
}

/** Sets `target`'s role inside the caller's transaction, refusing to leave no admin. */
export async function setRoleKeepingAnAdmin(tx: Database, target: UserRow, role: Role, admins?: string[]): Promise<UserRow> {
  const lockedAdmins = admins ?? (await lockAdmins(tx));
  if (lockedAdmins.includes(target.id) && role !== 'admin' && lockedAdmins.length === 1) throw errors.lastAdmin();
  const [updated] = await tx.update(users).set({ role, updatedAt: new Date() }).where(eq(users.id, target.id)).returning();
  return updated!;
}

export async function changeUserRole(actorId: string, targetId: string | undefined, role: Role, context: RequestContext): Promise<PublicUser> {
  if (!isUuid(targetId)) throw userNotFound();
  const user = await withDatabase((db) =>
    db.transaction(async (tx) => {
      const admins = await lockAdmins(tx);
      // Read after the lock, so an admin demoted by a concurrent change is refused here.
      await assertStillAdmin(tx, actorId);
      const [target] = await tx.select().from(users).where(eq(users.id, targetId));
      if (!target) throw userNotFound();
      const updated = await setRoleKeepingAnAdmin(tx, target, role, admins);
      if (target.role !== role) {
        await recordEvent({ type: 'role_changed', userId: target.id, email: target.email, context, detail: { from: target.role, to: role, by: actorId } }, tx);
      }
      return updated;
    }),
  );
  return toPublicUser(user);
}

/** Ends every refresh session of the user; resolves to how many were live. */
export async function revokeUserSessions(actorId: string, targetId: string | undefined, context: RequestContext): Promise<number> {
  if (!isUuid(targetId)) throw userNotFound();
  const target = await withDatabase(async (db) => {
    await assertStillAdmin(db, actorId);
    const [row] = await db.select({ id: users.id, email: users.email }).from(users).where(eq(users.id, targetId));
    return row;
  });
  if (!target) throw userNotFound();
  const revoked = await getTokenStore().deleteUserSessions(targetId);
  await recordEvent({ type: 'sessions_revoked_all', userId: target.id, email: target.email, context, detail: { revoked, by: actorId } });
  return revoked;
}
