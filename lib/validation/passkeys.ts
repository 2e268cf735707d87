import * as z from './zod';
import { optionalText, requiredText } from './text';

/**
 * The passkey inputs, shared by the account page's forms and the routes. A WebAuthn response is
 * the JSON form a browser gives (@simplewebauthn/browser's RegistrationResponseJSON and
 * AuthenticationResponseJSON): checked here for shape and size only. Whether it proves anything is
 * for @simplewebauthn/server, in lib/passkeys/.
 */

export const PASSKEY_NAME_MAX_CHARACTERS = 64;
const RESPONSE_MESSAGE = 'This is not a passkey response the app can read';

// A credential id is at most 1023 bytes (WebAuthn Level 3), 1364 characters of base64url.
const base64url = (max: number) =>
  z
    .string({ error: RESPONSE_MESSAGE })
    .check(z.minLength(1, { error: RESPONSE_MESSAGE }), z.maxLength(max, { error: RESPONSE_MESSAGE }), z.regex(/^[A-Za-z0-9_-]+$/, { error: RESPONSE_MESSAGE }));
const credentialId = base64url(1364);
// Attestation `none` carries no certificate, but a browser may still send a full statement.
const MAX_ENCODED = 32_768;

const credentialFields = {
  id: credentialId,
  rawId: credentialId,
  type: z.literal('public-key', { error: RESPONSE_MESSAGE }),
  authenticatorAttachment: z.optional(z.enum(['platform', 'cross-platform'], { error: RESPONSE_MESSAGE })),
  // Extension outputs are not used; a browser's are passed on empty.
  clientExtensionResults: z.pipe(
    z.optional(z.object({}, { error: RESPONSE_MESSAGE })),
    z.transform(() => ({})),
  ),
};

export const registrationResponseSchema = z.object(
  {
    ...credentialFields,
    response: z.object(
      {
        clientDataJSON: base64url(MAX_ENCODED),
        attestationObject: base64url(MAX_ENCODED),
        transports: z.optional(
          z
            .array(z.string({ error: RESPONSE_MESSAGE }).check(z.regex(/^[a-z-]{1,32}$/, { error: RESPONSE_MESSAGE })), { error: RESPONSE_MESSAGE })
            .check(z.maxLength(10, { error: RESPONSE_MESSAGE })),
        ),
      },
      { error: RESPONSE_MESSAGE },
    ),
  },
  { error: RESPONSE_MESSAGE },
);

export const authenticationResponseSchema = z.object(
  {
    ...credentialFields,
    response: z.object(
      {
        clientDataJSON: base64url(MAX_ENCODED),
        authenticatorData: base64url(MAX_ENCODED),
        signature: base64url(MAX_ENCODED),
        userHandle: z.optional(base64url(1024)),
      },
      { error: RESPONSE_MESSAGE },
    ),
  },
  { error: RESPONSE_MESSAGE },
);

export type RegistrationResponse = z.output<typeof registrationResponseSchema>;
export type AuthenticationResponse = z.output<typeof authenticationResponseSchema>;

export const passkeyNameSchema = requiredText('Name', { max: PASSKEY_NAME_MAX_CHARACTERS });

export const addPasskeySchema = z.object({
  response: registrationResponseSchema,
  name: optionalText('Name', { max: PASSKEY_NAME_MAX_CHARACTERS }),
});

export const renamePasskeySchema = z.object({ name: passkeyNameSchema });

export const passkeyLoginSchema = z.object({ response: authenticationResponseSchema });
