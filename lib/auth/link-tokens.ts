import 'server-only';
import { createHash, randomBytes } from 'node:crypto';

/**
 * The secrets in emailed links (password reset, email verification): 256 random bits, base64url,
 * and the SHA-256 that is all the database keeps, so a leaked table yields no usable link.
 */
export const newLinkToken = (): string => randomBytes(32).toString('base64url');

export const linkTokenDigest = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');
