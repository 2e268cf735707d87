import * as z from './zod';
import { existingPassword } from './auth';

/**
 * The second factor's inputs, shared by the forms and the routes. A code is an authenticator's six
 * digits or a recovery code; recovery codes are read the way lib/auth/recovery-codes.ts writes them.
 */

const RECOVERY_CODE_LENGTH = 16;
// Crockford's Base32: no I, L, O or U, so nothing reads as another character.
export const RECOVERY_CODE_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/**
 * A recovery code as typed, in its one canonical form: case, spaces and dashes ignored, and the
 * letters people confuse with digits read as Crockford says (i and l as 1, o as 0). Null when it
 * cannot be a recovery code.
 */
export function canonicalRecoveryCode(input: string): string | null {
  const text = input
    .toLowerCase()
    .replace(/[\s-]/g, '')
    .replace(/[il]/g, '1')
    .replace(/o/g, '0');
  return text.length === RECOVERY_CODE_LENGTH && [...text].every((character) => RECOVERY_CODE_ALPHABET.includes(character)) ? text : null;
}

/** An authenticator code as typed: spaces (`123 456`) are ignored. */
export const compactTotpCode = (input: string) => input.replace(/\s/g, '');
export const isTotpCode = (input: string) => /^\d{6}$/.test(compactTotpCode(input));

const TOTP_MESSAGE = 'Enter the 6-digit code from your authenticator app';
const CODE_MESSAGE = 'Enter the 6-digit code from your authenticator app, or a recovery code';

/** Only an authenticator code: confirming the set-up. */
export const totpCodeSchema = z
  .string({ error: TOTP_MESSAGE })
  .check(z.maxLength(64, { error: TOTP_MESSAGE }), z.refine(isTotpCode, { error: TOTP_MESSAGE }), z.overwrite(compactTotpCode));

/** An authenticator code or a recovery code: signing in, re-authenticating. */
export const secondFactorCodeSchema = z
  .string({ error: CODE_MESSAGE })
  .check(
    z.maxLength(64, { error: CODE_MESSAGE }),
    z.refine((code) => isTotpCode(code) || canonicalRecoveryCode(code) !== null, { error: CODE_MESSAGE }),
  );

export const enableTotpSchema = z.object({ code: totpCodeSchema });

export const loginMfaSchema = z.object({
  mfaToken: z
    .string({ error: 'The sign-in step is missing; log in again' })
    .check(z.minLength(1, { error: 'The sign-in step is missing; log in again' }), z.maxLength(200, { error: 'The sign-in step is not valid; log in again' })),
  code: secondFactorCodeSchema,
});

/** The password, or a second-factor code: one of the two. */
export const reauthSchema = z
  .object({ password: z.optional(existingPassword('Password')), code: z.optional(secondFactorCodeSchema) })
  .check(
    z.superRefine((value, ctx) => {
      if (value.password === undefined && value.code === undefined) ctx.addIssue({ code: 'custom', path: ['password'], message: 'Password is required' });
      if (value.password !== undefined && value.code !== undefined) ctx.addIssue({ code: 'custom', path: ['code'], message: 'Give the password or a code, not both' });
    }),
  );

export type LoginMfaInput = z.infer<typeof loginMfaSchema>;
export type ReauthInput = z.infer<typeof reauthSchema>;
