import { getConfig } from '../config/env';
import { errors } from '../http/errors';
import { getAccessKeys } from './keys';
import { can, type Permission } from './permissions';
import { TokenError, verifyAccessToken, type AccessClaims } from './tokens';

/**
 * Authenticates a request by its `Authorization: Bearer` access token, and by nothing else: no
 * cookie, query string, body or identity header a client could send. Shared by the edge middleware
 * and by every protected route handler, which checks again before touching data.
 */
export async function requireUser(request: Request): Promise<AccessClaims> {
  const header = request.headers.get('authorization');
  const match = header ? /^Bearer[ ]+(\S+)\s*$/i.exec(header) : null;
  if (!match) throw errors.missingToken();
  try {
    return await verifyAccessToken(match[1]!, await getAccessKeys());
  } catch (error) {
    if (error instanceof TokenError) throw error.reason === 'expired' ? errors.tokenExpired() : errors.invalidToken();
    throw error;
  }
}

/** The permission table's rule (lib/auth/permissions.ts), checked against the token's role. */
export async function requirePermission(request: Request, permission: Permission): Promise<AccessClaims> {
  const claims = await requireUser(request);
  if (!can(claims.role, permission)) throw errors.forbidden();
  return claims;
}

/**
 * Recent authentication: the token's last proof of identity (`auth_time`: login, second factor or
 * re-authentication) is at most REAUTH_MAX_AGE old. A stolen access token is not enough to change
 * what guards the account; the thief would need the password or a code as well.
 */
export function requireRecentAuthentication(claims: AccessClaims, nowSeconds = Math.floor(Date.now() / 1000)): void {
  if (nowSeconds - claims.auth_time > getConfig().reauthMaxAgeSeconds) throw errors.reauthRequired();
}
