import 'server-only';
import { eq } from 'drizzle-orm';
import { can } from '../auth/permissions';
import type { Role } from '../auth/roles';
import { withDatabase, type Database } from '../db/client';
import { newestFirst, olderThan, positionTime } from '../db/keyset';
import { users, type UserRow } from '../db/schema';
import { recordEvent } from '../events/record';
import type { RequestContext } from '../http/client-address';
import { errors } from '../http/errors';
import { toPage, type Page, type PageRequest } from '../http/pagination';
import { endEverySession } from '../sessions/devices';
import { getTokenStore } from '../sessions/store';
import { toPublicUser, type PublicUser } from '../users/public-user';
import { isUuid } from '../validation/id';
import type { UserAdminChange } from '../validation/resources';

/**
 * User administration. The route handler has already checked the role in the caller's access
 * token; these functions check it again in the database, because a token can say `admin` for up
 * to its lifetime after the caller was demoted or disabled.
 */

/** A user as the admin pages see it: the public shape, and whether the account is disabled. */
export interface AdminUser extends PublicUser {
  disabled: boolean;
}

export const toAdminUser = (row: UserRow): AdminUser => ({ ...toPublicUser(row), disabled: row.disabledAt !== null });

const userNotFound = () => errors.notFound('User not found');

/** The caller is still an admin, and still enabled: a disabled admin's access token acts no more. */
export async function assertStillAdmin(db: Database, actorId: string): Promise<void> {
  const [actor] = await db.select({ role: users.role, disabledAt: users.disabledAt }).from(users).where(eq(users.id, actorId));
  if (!actor || actor.disabledAt || !can(actor.role, 'users:manage')) throw errors.forbidden();
}

/** A page of every account, newest first. */
export function listUsers(actorId: string, page: PageRequest): Promise<Page<AdminUser>> {
  return withDatabase(async (db) => {
    await assertStillAdmin(db, actorId);
    const rows = await db
      .select({ user: users, position: positionTime(users.createdAt) })
      .from(users)
      .where(olderThan(users.createdAt, users.id, page.after, 'uuid'))
      .orderBy(...newestFirst(users.createdAt, users.id))
      .limit(page.limit + 1);
    return toPage('users', rows, page.limit, (row) => ({ createdAt: row.position, id: row.user.id }), (row) => toAdminUser(row.user));
  });
}

/**
 * Locks every admin row until the transaction ends, and resolves to the enabled ones: the admins
 * who can still act. Role changes, disabling and account deletion take this lock first, so two
 * running at once are serialised and each decides on the other's committed result.
 */
export async function lockAdmins(tx: Database): Promise<string[]> {
  const admins = await tx.select({ id: users.id, disabledAt: users.disabledAt }).from(users).where(eq(users.role, 'admin')).for('update');
  return admins.filter((admin) => admin.disabledAt === null).map((admin) => admin.id);
}

/** Refuses a change that would take `target` out of the enabled admins when it is the last one. */
export function assertNotLastAdmin(enabledAdmins: readonly string[], target: UserRow): void {
  if (enabledAdmins.length === 1 && enabledAdmins[0] === target.id) throw errors.lastAdmin();
}

/** Sets `target`'s role inside the caller's transaction, refusing to leave no (enabled) admin. */
export async function setRoleKeepingAnAdmin(tx: Database, target: UserRow, role: Role, admins?: string[]): Promise<UserRow> {
  if (role !== 'admin') assertNotLastAdmin(admins ?? (await lockAdmins(tx)), target);
  const [updated] = await tx.update(users).set({ role, updatedAt: new Date() }).where(eq(users.id, target.id)).returning();
  return updated!;
}

/**
 * Disables or enables `target` inside the caller's transaction. Disabling ends every session in
 * the token store before the transaction commits: if the store is down, nothing changes (503).
 */
async function setDisabled(tx: Database, actorId: string, target: UserRow, disabled: boolean, context: RequestContext): Promise<UserRow> {
  const [updated] = await tx
    .update(users)
    .set({ disabledAt: disabled ? new Date() : null, updatedAt: new Date() })
    .where(eq(users.id, target.id))
    .returning();
  const revoked = disabled ? await getTokenStore().deleteUserSessions(target.id) : 0;
  const detail: Record<string, string | number> = disabled ? { by: actorId, revoked } : { by: actorId };
  await recordEvent({ type: disabled ? 'account_disabled' : 'account_enabled', userId: target.id, email: target.email, context, detail }, tx);
  return updated!;
}

/** `PATCH /api/admin/users/:id`: a new role, disabled or enabled, or both, in one transaction. */
export async function updateUser(actorId: string, targetId: string | undefined, change: UserAdminChange, context: RequestContext): Promise<AdminUser> {
  if (!isUuid(targetId)) throw userNotFound();
  // Refused before anything is read: no state makes it allowed, and an admin locked out by their
  // own hand would need another admin (or the database) to get back in.
  if (change.disabled === true && targetId === actorId) {
    throw errors.validation('You cannot disable your own account', { disabled: 'You cannot disable your own account' });
  }
  const user = await withDatabase((db) =>
    db.transaction(async (tx) => {
      const admins = await lockAdmins(tx);
      // Read after the lock, so an admin demoted or disabled by a concurrent change is refused here.
      await assertStillAdmin(tx, actorId);
      const [target] = await tx.select().from(users).where(eq(users.id, targetId)).for('update');
      if (!target) throw userNotFound();
      let current = target;
      if (change.role !== undefined) {
        current = await setRoleKeepingAnAdmin(tx, current, change.role, admins);
        if (target.role !== change.role) {
          await recordEvent({ type: 'role_changed', userId: target.id, email: target.email, context, detail: { from: target.role, to: change.role, by: actorId } }, tx);
        }
      }
      if (change.disabled !== undefined && (current.disabledAt !== null) !== change.disabled) {
        current = await setDisabled(tx, actorId, current, change.disabled, context);
      }
      return current;
    }),
  );
  return toAdminUser(user);
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
  const revoked = await endEverySession(targetId);
  await recordEvent({ type: 'sessions_revoked_all', userId: target.id, email: target.email, context, detail: { revoked, by: actorId } });
  return revoked;
}
