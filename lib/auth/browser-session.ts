import { readRefreshCookie } from './cookies';
import { getRefreshKeys } from './keys';
import { verifyRefreshToken } from './tokens';

/**
 * The account the request's browser is signed in to, by its refresh cookie's signature (the
 * store is not asked: a session that has since ended still says whose browser this is); undefined
 * without a valid cookie. Edge-safe: the middleware asks it too.
 */
export async function browserAccount(request: Request): Promise<string | undefined> {
  const token = readRefreshCookie(request);
  if (!token) return undefined;
  try {
    return (await verifyRefreshToken(token, await getRefreshKeys())).sub;
  } catch {
    return undefined;
  }
}
