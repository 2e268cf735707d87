import 'server-only';
import { generateSecret, generateURI, verify } from 'otplib';

/**
 * TOTP (RFC 6238) as every authenticator app speaks it: SHA-1, 6 digits, 30-second steps, through
 * otplib (docs/decisions: the second factor's library). A code is accepted within one step either
 * side of now, and only for a step later than the last one accepted (no replay).
 */

export const TOTP_ISSUER = 'JWT Auth';
export const TOTP_PERIOD_SECONDS = 30;
const TOTP_DIGITS = 6;
// otplib checks every step that overlaps now ± this many seconds: the previous, current and next.
const TOLERANCE_SECONDS = TOTP_PERIOD_SECONDS;

const TOTP_CODE = /^\d{6}$/;

/** A new secret: 20 random bytes (RFC 4226's recommended length), in Base32 as apps expect. */
export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

/** The `otpauth://totp/...` URI an authenticator app reads from the QR code. */
export function totpUri(secret: string, accountName: string): string {
  return generateURI({ strategy: 'totp', issuer: TOTP_ISSUER, label: accountName, secret, digits: TOTP_DIGITS, period: TOTP_PERIOD_SECONDS, algorithm: 'sha1' });
}

/**
 * The time step `code` belongs to, when it is right for `secret` now (±1 step) and later than
 * `afterStep`; null otherwise. The comparison is constant-time (otplib).
 */
export async function matchTotp(secret: string, code: string, afterStep: number | null, nowSeconds = Math.floor(Date.now() / 1000)): Promise<number | null> {
  if (!TOTP_CODE.test(code)) return null;
  const result = await verify({
    strategy: 'totp',
    secret,
    token: code,
    epoch: nowSeconds,
    epochTolerance: TOLERANCE_SECONDS,
    period: TOTP_PERIOD_SECONDS,
    digits: TOTP_DIGITS,
    algorithm: 'sha1',
    ...(afterStep === null ? {} : { afterTimeStep: afterStep }),
  });
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}
