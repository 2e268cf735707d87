import 'server-only';
import type { UserRow } from '../db/schema';
import { json, NO_STORE } from '../http/respond';
import { toPublicUser } from '../users/public-user';
import { clearedRefreshCookie, refreshCookie } from './cookies';
import type { IssuedTokens } from '../sessions/refresh';

/** The contract's `{success, user, accessToken, expiresIn}` plus the refresh cookie; never the refresh token itself. */
export function signedInResponse(request: Request, status: number, user: UserRow, tokens: IssuedTokens): Response {
  const headers = new Headers(NO_STORE);
  headers.append('Set-Cookie', refreshCookie(request, tokens.refreshToken, tokens.refreshMaxAge));
  return json(
    { success: true, user: toPublicUser(user), accessToken: tokens.accessToken, expiresIn: tokens.expiresIn },
    { status, headers },
  );
}

export function withClearedRefreshCookie(request: Request, response: Response): Response {
  response.headers.append('Set-Cookie', clearedRefreshCookie(request));
  return response;
}
