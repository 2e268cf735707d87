import * as z from './zod';
import { emailProblem, hasLoneSurrogate, normalizeEmail } from './email';
import { characterCount, NAME_MAX_CHARACTERS, PASSWORD_MAX_CHARACTERS, PASSWORD_MIN_CHARACTERS } from './lengths';
import { requiredText } from './text';

/**
 * One schema per input, imported by the browser forms and by the route handlers, so both refuse
 * the same things with the same words. Checks that need server data (the common-password list)
 * live in lib/auth/password-policy.ts to keep it out of the browser bundle.
 */

export const emailSchema = z.string({ error: 'Email is required' }).check(
  z.overwrite(normalizeEmail),
  z.superRefine((email, ctx) => {
    const problem = emailProblem(email);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
);

const nfc = (value: string) => value.normalize('NFC');

const chosenPassword = (label: string) =>
  z.string({ error: `${label} is required` }).check(
    z.overwrite(nfc),
    z.superRefine((password, ctx) => {
      const count = characterCount(password);
      if (count < PASSWORD_MIN_CHARACTERS) {
        ctx.addIssue({ code: 'custom', message: `${label} must be at least ${PASSWORD_MIN_CHARACTERS} characters` });
      } else if (count > PASSWORD_MAX_CHARACTERS) {
        ctx.addIssue({ code: 'custom', message: `${label} must be at most ${PASSWORD_MAX_CHARACTERS} characters` });
      } else if (/\p{Cc}/u.test(password) || hasLoneSurrogate(password)) {
        ctx.addIssue({ code: 'custom', message: `${label} contains characters that are not allowed` });
      }
    }),
  );

/** Checking a password the user already has does not re-apply the sign-up rules (they may have changed since); it only bounds the input. */
export const existingPassword = (label: string) =>
  z.string({ error: `${label} is required` }).check(
    z.overwrite(nfc),
    z.superRefine((password, ctx) => {
      if (password.length === 0) ctx.addIssue({ code: 'custom', message: `${label} is required` });
      else if (hasLoneSurrogate(password)) ctx.addIssue({ code: 'custom', message: `${label} contains characters that are not allowed` });
      else if (characterCount(password) > PASSWORD_MAX_CHARACTERS) {
        ctx.addIssue({ code: 'custom', message: `${label} must be at most ${PASSWORD_MAX_CHARACTERS} characters` });
      }
    }),
  );

export const newPasswordSchema = chosenPassword('Password');

const nameSchema = (label: string) => requiredText(label, { max: NAME_MAX_CHARACTERS });

export const registerSchema = z.object({
  email: emailSchema,
  password: newPasswordSchema,
  firstName: nameSchema('First name'),
  lastName: nameSchema('Last name'),
});

export const loginSchema = z.object({
  email: emailSchema,
  password: existingPassword('Password'),
});

export const passwordChangeSchema = z.object({
  currentPassword: existingPassword('Current password'),
  newPassword: chosenPassword('New password'),
});

export const forgotPasswordSchema = z.object({ email: emailSchema });

/** A token from an emailed link; whether it is live is the server's to say. */
const linkToken = (incomplete: string, invalid: string) =>
  z.string({ error: incomplete }).check(z.trim(), z.minLength(1, { error: incomplete }), z.maxLength(200, { error: invalid }));

const resetLinkToken = linkToken('The reset link is incomplete', 'The reset link is not valid');

export const resetPasswordSchema = z.object({
  token: resetLinkToken,
  password: chosenPassword('New password'),
});

/** Asking what became of a reset link, before the page offers the form. */
export const resetLinkSchema = z.object({ token: resetLinkToken });

export const verifyEmailSchema = z.object({
  token: linkToken('The verification link is incomplete', 'The verification link is not valid'),
});

/** The public request for a new verification link: the person is signed out, so they name the address. */
export const verificationRequestSchema = z.object({ email: emailSchema });

export const emailChangeSchema = z.object({ email: emailSchema });

/** Only the names: a `PATCH /api/auth/me` never touches the email, role or anything else it is sent. */
export const profileUpdateSchema = z
  .object({ firstName: z.optional(nameSchema('First name')), lastName: z.optional(nameSchema('Last name')) })
  .check(z.refine((value) => value.firstName !== undefined || value.lastName !== undefined, { error: 'Nothing to change: send at least one field' }));

export type RegisterInput = z.infer<typeof registerSchema>;
export type LoginInput = z.infer<typeof loginSchema>;
export type PasswordChangeInput = z.infer<typeof passwordChangeSchema>;
export type ResetPasswordInput = z.infer<typeof resetPasswordSchema>;
export type ProfileUpdateInput = z.infer<typeof profileUpdateSchema>;
