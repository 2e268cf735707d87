import { postPublic } from './public-api';

/** Resolves to the server's answer, which reads the same whether or not an account uses `email`. */
export async function requestPasswordReset(email: string): Promise<string> {
  return (await postPublic<{ message: string }>('/api/auth/forgot-password', { email })).message;
}

export async function resetPassword(token: string, password: string): Promise<void> {
  await postPublic('/api/auth/reset-password', { token, password });
}
