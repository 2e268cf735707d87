import 'server-only';
import type { AccessClaims } from '../auth/tokens';
import { errors } from '../http/errors';
import { findUserById } from '../users/repository';
import { getTokenStore } from './store';

/**
 * Refuses an access token whose session has ended (logged out, revoked, ended by a password change
 * or reset) with 401 `invalid_token`, for the actions that add a way into the account; where it
 * ended because an admin disabled the account, with 403 `account_disabled`, as everywhere else.
 *
 * An access token is otherwise trusted until it expires, a few minutes at most, without a store
 * call. These actions are the exception: adding a passkey, turning on a second factor (or new
 * recovery codes) or moving the account to another address would let someone whose session the
 * owner has just ended stay in for good, which is what ending it was for.
 */
export async function requireLiveSession(claims: AccessClaims): Promise<void> {
  const sessions = await getTokenStore().listSessions(claims.sub, Date.now());
  if (sessions.some((session) => session.id === claims.sid)) return;
  if ((await findUserById(claims.sub))?.disabledAt) throw errors.accountDisabled();
  throw errors.invalidToken();
}
