import { ApiRequestError, problemOf } from './auth-client';

/**
 * A POST to one of the public endpoints (password reset, verification links). The person asking
 * may be signed out (that is often why they are here), so these are plain requests like login's,
 * not calls through the auth client and its Bearer token.
 */
export async function postPublic<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    cache: 'no-store',
  });
  if (!response.ok) throw new ApiRequestError(await problemOf(response));
  return (await response.json()) as T;
}
