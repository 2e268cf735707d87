import 'server-only';
import { voidEmailLinks } from '../auth/email-links';
import { withDatabase } from '../db/client';
import { recordEvent } from '../events/record';
import type { RequestContext } from '../http/client-address';
import { errors } from '../http/errors';
import { getTokenStore } from './store';
import { isUuid } from '../validation/id';
import { toDeviceView, type DeviceView } from './device-view';
import type { AccessClaims } from '../auth/tokens';

/**
 * The device list: a user's signed-in devices, one per session record, addressed through the
 * access token's `sub` and `sid`. The store keys records by user, so another user's session id
 * simply is not found.
 */

/** This device first, then the most recently used. */
export async function listDevices(claims: AccessClaims): Promise<DeviceView[]> {
  const sessions = await getTokenStore().listSessions(claims.sub, Date.now());
  return sessions
    .map((session) => toDeviceView(session, claims.sid))
    .sort((a, b) => Number(b.current) - Number(a.current) || b.lastUsedAt.localeCompare(a.lastUsedAt) || a.id.localeCompare(b.id));
}

/** Ends one of the caller's sessions; resolves to whether it was the caller's own current one. */
export async function signOutDevice(claims: AccessClaims, sessionId: string | undefined, context: RequestContext): Promise<{ current: boolean }> {
  if (!isUuid(sessionId) || !(await getTokenStore().deleteSession(claims.sub, sessionId))) throw errors.notFound('Session not found');
  await recordEvent({ type: 'session_revoked', userId: claims.sub, email: claims.email, context, detail: { sessionId } });
  return { current: sessionId === claims.sid };
}

/**
 * Ends every session of the account and retires its pending address change: someone who signed in
 * with a stolen password may have asked for one to their own mailbox, and ending their sessions
 * must not leave them the link that moves the account there.
 */
export async function endEverySession(userId: string): Promise<number> {
  const revoked = await getTokenStore().deleteUserSessions(userId);
  await withDatabase((db) => voidEmailLinks(db, userId, 'change'));
  return revoked;
}

export async function logOutEverywhere(claims: AccessClaims, context: RequestContext): Promise<number> {
  const revoked = await endEverySession(claims.sub);
  await recordEvent({ type: 'sessions_revoked_all', userId: claims.sub, email: claims.email, context, detail: { revoked } });
  return revoked;
}
