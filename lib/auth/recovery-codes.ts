import 'server-only';
import { createHash, randomInt } from 'node:crypto';
import { RECOVERY_CODE_ALPHABET } from '../validation/mfa';

export { canonicalRecoveryCode } from '../validation/mfa';

/**
 * Recovery codes: the way in when the authenticator is lost. Each is 16 characters of Crockford's
 * Base32 (80 random bits), shown as four groups of four, once. Only a SHA-256 digest is stored, bound
 * to its user: 80 bits make a digest useless to a thief of the database, unlike a password's, so
 * no slow hash is needed, and a code can be found by its digest in one query.
 */

export const RECOVERY_CODE_COUNT = 10;
const LENGTH = 16;
const GROUP = 4;
const ALPHABET = RECOVERY_CODE_ALPHABET;

/** A new set of codes, formatted for people (`abcd-efgh-jkmn-pqrs`). */
export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const characters = Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    return characters.match(new RegExp(`.{${GROUP}}`, 'g'))!.join('-');
  });
}

/** What is stored for a code: its digest, bound to its user so equal codes of two users differ. */
export function recoveryCodeDigest(userId: string, canonicalCode: string): string {
  return createHash('sha256').update(`${userId}:${canonicalCode}`, 'utf8').digest('hex');
}
