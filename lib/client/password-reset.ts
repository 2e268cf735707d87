import { ApiRequestError, problemOf } from './auth-client';

/**
 * The two public reset endpoints. The person asking is signed out (that is why they are here), so
 * these are plain POSTs like login's, not calls through the auth client and its Bearer token.
 */
async function post(path: string, body: unknown): Promise<{ message: string }> {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    cache: 'no-store',
  });
  if (!response.ok) throw new ApiRequestError(await problemOf(response));
  return (await response.json()) as { message: string };
}

/** Resolves to the server's answer, which reads the same whether or not an account uses `email`. */
export async function requestPasswordReset(email: string): Promise<string> {
  return (await post('/api/auth/forgot-password', { email })).message;
}

export async function resetPassword(token: string, password: string): Promise<void> {
  await post('/api/auth/reset-password', { token, password });
}
