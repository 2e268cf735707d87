import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { getConfig } from '../config/env';
import type { UserRow } from '../db/schema';
import { errors } from '../http/errors';
import { getTokenStore } from '../sessions/store';

/**
 * The step between a right password and the second factor. The client holds an `mfaToken` (256
 * random bits); the token store keeps only its digest, whose user it names, until when, and how
 * many codes were tried. It serves one login, lasts MFA_TOKEN_TTL (5 minutes), dies at the
 * MAX_CODES_PER_TOKEN-th wrong code, and holds only while the password it followed is the account's:
 * a password change or reset while the code is awaited ends it.
 */

export const MAX_CODES_PER_TOKEN = 5;

const digest = (mfaToken: string) => createHash('sha256').update(mfaToken, 'utf8').digest('base64url');

/**
 * A new challenge for `user`, whose password was just checked (the row it was checked against);
 * resolves to the mfaToken to hand to the client.
 */
export async function startMfaChallenge(user: Pick<UserRow, 'id' | 'passwordChangedAt'>): Promise<string> {
  const mfaToken = randomBytes(32).toString('base64url');
  await getTokenStore().createMfaChallenge({
    id: digest(mfaToken),
    userId: user.id,
    passwordChangedAt: user.passwordChangedAt.getTime(),
    expiresAt: Date.now() + getConfig().mfaTokenTtlSeconds * 1000,
  });
  return mfaToken;
}

export interface ChallengeAttempt {
  userId: string;
  /** Whether `user` (read now) still has the password the challenge followed. */
  samePassword(user: Pick<UserRow, 'passwordChangedAt'>): boolean;
  /** Ends the challenge after the right code; false when a concurrent request already used it. */
  consume(): Promise<boolean>;
}

/**
 * Counts one code against the challenge before the code is checked; 401 `invalid_mfa_token` when
 * the token is unknown, expired, used or has had its MAX_CODES_PER_TOKEN codes.
 */
export async function attemptMfaChallenge(mfaToken: string): Promise<ChallengeAttempt> {
  const id = digest(mfaToken);
  const store = getTokenStore();
  const challenge = await store.countMfaAttempt(id, Date.now(), MAX_CODES_PER_TOKEN);
  if (!challenge) throw errors.invalidMfaToken();
  return {
    userId: challenge.userId,
    samePassword: (user) => user.passwordChangedAt.getTime() === challenge.passwordChangedAt,
    consume: () => store.deleteMfaChallenge(id),
  };
}
