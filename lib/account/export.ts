import 'server-only';
import { and, asc, count, desc, eq, gt, inArray, isNull } from 'drizzle-orm';
import { activeAccount } from '../auth/disabled-accounts';
import type { AccessClaims } from '../auth/tokens';
import { withDatabase } from '../db/client';
import { emailLinks, projects, recoveryCodes, tasks, users } from '../db/schema';
import { allUserEvents, recordEvent } from '../events/record';
import type { SecurityEvent } from '../events/types';
import type { RequestContext } from '../http/client-address';
import { listUserPasskeys } from '../passkeys/repository';
import { toPasskeyView, type PasskeyView } from '../passkeys/view';
import { toTask } from '../resources/tasks';
import type { Task } from '../resources/shapes';
import { listDevices } from '../sessions/devices';
import type { DeviceView } from '../sessions/device-view';
import { toPublicUser, type PublicUser } from '../users/public-user';

/**
 * Everything the app holds about the caller (`GET /api/auth/account/export`), as they could read
 * it in the app, in one JSON document. Built from allow-listed shapes only, never from whole rows:
 * no password hash, TOTP secret, recovery code (or its digest), token or token id, link token
 * digest, or passkey key material and credential id can end up in it when a column is added.
 */
export interface AccountExport {
  exportedAt: string;
  user: PublicUser & { updatedAt: string; passwordChangedAt: string; emailVerifiedAt: string | null };
  secondFactor: { enabled: boolean; enabledAt: string | null; recoveryCodesLeft: number };
  /** An address change waiting for its link to be used. */
  pendingEmailChange: { email: string; expiresAt: string } | null;
  /** The signed-in devices (sessions), as `GET /api/auth/sessions` lists them. */
  sessions: DeviceView[];
  passkeys: PasskeyView[];
  projects: { id: string; name: string; description: string; createdAt: string; updatedAt: string; tasks: Task[] }[];
  /** The security log's events about the account, newest first (kept for EVENT_RETENTION). */
  events: SecurityEvent[];
}

export async function exportAccount(claims: AccessClaims, context: RequestContext): Promise<AccountExport> {
  const exportedAt = new Date();
  const { user, recoveryCodesLeft, pendingChange, projectRows, taskRows } = await withDatabase(async (db) => {
    const [row] = await db.select().from(users).where(eq(users.id, claims.sub));
    const account = activeAccount(row);
    const [left] = await db.select({ value: count() }).from(recoveryCodes).where(and(eq(recoveryCodes.userId, account.id), isNull(recoveryCodes.usedAt)));
    const [change] = await db
      .select({ email: emailLinks.email, expiresAt: emailLinks.expiresAt })
      .from(emailLinks)
      .where(and(eq(emailLinks.userId, account.id), eq(emailLinks.purpose, 'change'), isNull(emailLinks.usedAt), gt(emailLinks.expiresAt, exportedAt)))
      .orderBy(desc(emailLinks.createdAt))
      .limit(1);
    const owned = await db.select().from(projects).where(eq(projects.ownerId, account.id)).orderBy(desc(projects.createdAt), desc(projects.id));
    const ids = owned.map((project) => project.id);
    const taskList = ids.length === 0 ? [] : await db.select().from(tasks).where(inArray(tasks.projectId, ids)).orderBy(asc(tasks.createdAt), asc(tasks.id));
    return { user: account, recoveryCodesLeft: account.totpEnabledAt ? (left?.value ?? 0) : 0, pendingChange: change, projectRows: owned, taskRows: taskList };
  });
  const [sessions, passkeys, events] = await Promise.all([listDevices(claims), listUserPasskeys(user.id), allUserEvents(user.id)]);
  await recordEvent({ type: 'account_exported', userId: user.id, email: user.email, context });
  return {
    exportedAt: exportedAt.toISOString(),
    user: {
      ...toPublicUser(user),
      updatedAt: user.updatedAt.toISOString(),
      passwordChangedAt: user.passwordChangedAt.toISOString(),
      emailVerifiedAt: user.emailVerifiedAt?.toISOString() ?? null,
    },
    secondFactor: { enabled: user.totpEnabledAt !== null, enabledAt: user.totpEnabledAt?.toISOString() ?? null, recoveryCodesLeft },
    pendingEmailChange: pendingChange ? { email: pendingChange.email, expiresAt: pendingChange.expiresAt.toISOString() } : null,
    sessions,
    passkeys: passkeys.map(toPasskeyView),
    projects: projectRows.map((project) => ({
      id: project.id,
      name: project.name,
      description: project.description,
      createdAt: project.createdAt.toISOString(),
      updatedAt: project.updatedAt.toISOString(),
      tasks: taskRows.filter((task) => task.projectId === project.id).map(toTask),
    })),
    events,
  };
}

/** The download's file name: the product and the day, nothing about the person. */
export const exportFileName = (exportedAt: string) => `jwt-auth-account-${exportedAt.slice(0, 10)}.json`;
