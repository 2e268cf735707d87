import type { LinkState } from '../auth/link-state';
import { postPublic } from './public-api';

/** Resolves to the server's answer, which reads the same whether or not an account uses `email`. */
export async function requestPasswordReset(email: string): Promise<string> {
  return (await postPublic<{ message: string }>('/api/auth/forgot-password', { email })).message;
}

export async function resetPassword(token: string, password: string): Promise<void> {
  await postPublic('/api/auth/reset-password', { token, password });
}

/** What became of a reset link, without using it: the page asks before it offers the form. */
export async function checkResetLink(token: string): Promise<LinkState> {
  return (await postPublic<{ state: LinkState }>('/api/auth/reset-password/check', { token })).state;
}
