'use client';

import { sendJson } from './api';
import { postPublic } from './public-api';

/**
 * A new verification link for someone signed out (EMAIL_VERIFICATION=required keeps an unverified
 * account from signing in). Resolves to the server's answer, the same whether or not an
 * unverified account has the address.
 */
export async function requestVerificationLink(email: string): Promise<string> {
  return (await postPublic<{ message: string }>('/api/auth/verify-email/request', { email })).message;
}

/** A new verification link for the signed-in user; resolves to the server's answer. */
export async function resendVerificationLink(): Promise<string> {
  return (await sendJson<{ message: string }>('POST', '/api/auth/verify-email/resend')).message;
}
