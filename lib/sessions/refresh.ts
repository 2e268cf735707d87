import 'server-only';
import { getConfig } from '../config/env';
import { recordEvent } from '../events/record';
import type { RequestContext } from '../http/client-address';
import { errors } from '../http/errors';
import { refreshLimit } from '../rate-limit/guards';
import type { UserRow } from '../db/schema';
import { getTokenStore, type SessionRecord } from './store';
import { findUserById } from '../users/repository';
import { getAccessKeys, getRefreshKeys } from '../auth/keys';
import { signAccessToken, signRefreshToken, TokenError, verifyRefreshToken, type AuthMethod, type RefreshClaims } from '../auth/tokens';

/**
 * The refresh lifecycle of a session: started at sign-up or login, rotated by every refresh,
 * ended by logout. The record itself lives in the token store (./store); the browser's side of
 * the same session is lib/client/auth-client.ts.
 */

export interface IssuedTokens {
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  /** Seconds until the session's absolute end: the refresh cookie's Max-Age. */
  refreshMaxAge: number;
}

const MAX_USER_AGENT = 512;

export interface IssuedAccessToken {
  accessToken: string;
  expiresIn: number;
}

/** An access token for the session: the user as the database has them now, the session's last proof of identity. */
async function issueAccess(user: UserRow, session: SessionRecord, now: number): Promise<IssuedAccessToken> {
  const config = getConfig();
  const access = await signAccessToken(
    { sub: user.id, email: user.email, role: user.role, sid: session.id, auth_time: Math.floor(session.authTime / 1000), amr: session.amr },
    { keys: await getAccessKeys(config), ttlSeconds: config.accessTokenTtlSeconds, now },
  );
  return { accessToken: access.token, expiresIn: access.expiresIn };
}

async function issue(user: UserRow, session: SessionRecord, now: number): Promise<IssuedTokens> {
  const config = getConfig();
  const access = await issueAccess(user, session, now);
  const refreshToken = await signRefreshToken(
    {
      sub: session.userId,
      sid: session.id,
      jti: session.currentJti,
      iat: Math.floor(session.rotatedAt / 1000),
      exp: Math.floor(session.expiresAt / 1000),
    },
    { keys: await getRefreshKeys(config) },
  );
  return {
    ...access,
    refreshToken,
    refreshMaxAge: Math.max(0, Math.floor((session.expiresAt - now) / 1000)),
  };
}

/**
 * A new, independent session for this login (device). `amr` says how the user just proved who they
 * are; that moment is the session's `auth_time`.
 */
export async function startSession(user: UserRow, userAgent: string | null, amr: AuthMethod[]): Promise<IssuedTokens> {
  const now = Date.now();
  const session: SessionRecord = {
    id: crypto.randomUUID(),
    userId: user.id,
    currentJti: crypto.randomUUID(),
    previousJti: null,
    rotatedAt: now,
    createdAt: now,
    lastUsedAt: now,
    expiresAt: now + getConfig().refreshTokenTtlSeconds * 1000,
    userAgent: (userAgent ?? '').slice(0, MAX_USER_AGENT),
    authTime: now,
    amr,
  };
  await getTokenStore().createSession(session);
  return issue(user, session, now);
}

async function verifiedRefreshClaims(refreshToken: string | undefined): Promise<RefreshClaims> {
  if (!refreshToken) throw errors.invalidRefreshToken(false);
  try {
    return await verifyRefreshToken(refreshToken, await getRefreshKeys());
  } catch (error) {
    if (error instanceof TokenError) throw errors.invalidRefreshToken(true);
    throw error;
  }
}

/**
 * Rotates the session behind `refreshToken`. The user is read first, fresh from the database (role
 * and email may have changed), so a database outage fails before the store is touched. The
 * per-session refresh limit is counted by the store with the rotation, in one round trip: over
 * it, the session is left as it was.
 */
export async function refreshSession(refreshToken: string | undefined, context: RequestContext): Promise<{ user: UserRow; tokens: IssuedTokens }> {
  const claims = await verifiedRefreshClaims(refreshToken);
  const user = await findUserById(claims.sub);
  const store = getTokenStore();
  // Deleted, or disabled by an admin: disabling ended the sessions already, and this closes the
  // gap for one a login was starting at that moment.
  if (!user || user.disabledAt) {
    await store.deleteSession(claims.sub, claims.sid);
    throw errors.invalidRefreshToken(true);
  }
  const now = Date.now();
  const result = await store.rotateSession({
    userId: claims.sub,
    sessionId: claims.sid,
    presentedJti: claims.jti,
    nextJti: crypto.randomUUID(),
    now,
    reuseIntervalMs: getConfig().refreshReuseIntervalSeconds * 1000,
    limit: refreshLimit(claims.sub, claims.sid),
  });
  if (result.status === 'limited') throw errors.rateLimited(result.retryAfterSeconds);
  if (result.status === 'rotated' || result.status === 'reissued') {
    return { user, tokens: await issue(user, result.session, now) };
  }
  if (result.status === 'reused') {
    console.warn(`[auth] refresh token reuse detected: session ${claims.sid} of user ${claims.sub} revoked`);
    await recordEvent({ type: 'refresh_reuse', userId: user.id, email: user.email, context, detail: { sessionId: claims.sid } });
  }
  throw errors.invalidRefreshToken(true);
}

/**
 * Records a fresh proof of identity on the caller's session, so the next refreshes keep it too, and
 * hands out an access token that carries it. A session that has ended meanwhile gets nothing.
 */
export async function recordReauthentication(user: UserRow, sessionId: string, amr: AuthMethod[]): Promise<IssuedAccessToken> {
  const now = Date.now();
  const session = await getTokenStore().recordSessionProof(user.id, sessionId, { authTime: now, amr }, now);
  if (!session) throw errors.invalidToken();
  return issueAccess(user, session, now);
}

/** Deletes the session behind `refreshToken`, if it names one; a missing or bad token is a no-op. */
export async function endSession(refreshToken: string | undefined): Promise<void> {
  let claims: RefreshClaims;
  try {
    claims = await verifiedRefreshClaims(refreshToken);
  } catch {
    return;
  }
  await getTokenStore().deleteSession(claims.sub, claims.sid);
}
