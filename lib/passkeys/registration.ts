import 'server-only';
import { generateRegistrationOptions, verifyRegistrationResponse, type PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server';
import { withDatabase } from '../db/client';
import { recordEvent } from '../events/record';
import type { RequestContext } from '../http/client-address';
import { errors } from '../http/errors';
import { describeDevice } from '../sessions/device-name';
import { activeAccount } from '../auth/disabled-accounts';
import { findUserById } from '../users/repository';
import type { RegistrationResponse } from '../validation/passkeys';
import type { AccessClaims } from '../auth/tokens';
import { challengeTtlMs, issueRegistrationChallenge, takeRegistrationChallenge } from './challenges';
import { relyingParty } from './relying-party';
import { insertPasskey, listUserPasskeys } from './repository';
import { userHandle } from './user-handle';
import { toPasskeyView, type PasskeyView } from './view';

/** Enough for every device and security key a person uses; it bounds what one stolen session can add. */
export const MAX_PASSKEYS_PER_USER = 20;

const refused = (message: string) => errors.validation(message, { response: message });

/**
 * Registration options for the caller: a passkey the authenticator keeps for this site (resident
 * key required, so it signs in without an email), user verification preferred, attestation `none`
 * (the app trusts the key it is given, not a make of authenticator), and the caller's passkeys
 * excluded so one authenticator is not registered twice.
 */
export async function registrationOptions(request: Request, claims: AccessClaims): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const user = activeAccount(await findUserById(claims.sub));
  const existing = await listUserPasskeys(user.id);
  if (existing.length >= MAX_PASSKEYS_PER_USER) throw tooMany();
  const rp = relyingParty(request);
  return generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: user.email,
    userDisplayName: `${user.firstName} ${user.lastName}`,
    userID: userHandle(user.id),
    // As bytes: a string would be taken as text and encoded again.
    challenge: new Uint8Array(Buffer.from(await issueRegistrationChallenge(claims), 'base64url')),
    timeout: challengeTtlMs(),
    attestationType: 'none',
    excludeCredentials: existing.map((passkey) => ({ id: passkey.credentialId, transports: passkey.transports })),
    authenticatorSelection: { residentKey: 'required', requireResidentKey: true, userVerification: 'preferred' },
  });
}

const tooMany = () => refused(`An account can have at most ${MAX_PASSKEYS_PER_USER} passkeys: remove one first`);

/** A passkey name when the person gave none: the browser and system it was made on. */
function defaultName(userAgent: string | null): string {
  const device = describeDevice(userAgent ?? '');
  return device === 'Unknown device' ? 'Passkey' : device;
}

/**
 * Verifies the browser's answer to the caller's own registration challenge (this site's origin and
 * RP ID, the user verified) and stores the passkey. Any failure is 400 on `fields.response`: the
 * caller is signed in, and only what they sent is wrong.
 */
export async function addPasskey(request: Request, claims: AccessClaims, input: { response: RegistrationResponse; name: string | null }, context: RequestContext): Promise<PasskeyView> {
  const challenge = await takeRegistrationChallenge(input.response.response.clientDataJSON, claims);
  if (!challenge) throw refused('This passkey request has expired or was already used: start again');
  const rp = relyingParty(request);
  let verification;
  try {
    verification = await verifyRegistrationResponse({
      response: input.response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: true,
    });
  } catch {
    throw refused('This passkey could not be verified for this site');
  }
  if (!verification.verified) throw refused('This passkey could not be verified for this site');
  const { credential, credentialDeviceType, credentialBackedUp } = verification.registrationInfo;
  const name = input.name ?? defaultName(context.userAgent);
  const added = await withDatabase((db) =>
    db.transaction(async (tx) => {
      const row = await insertPasskey(
        tx,
        {
          userId: claims.sub,
          credentialId: credential.id,
          publicKey: credential.publicKey,
          counter: credential.counter,
          transports: input.response.response.transports ?? [],
          deviceType: credentialDeviceType,
          backedUp: credentialBackedUp,
          name,
        },
        MAX_PASSKEYS_PER_USER,
      );
      if (row === 'no user') throw errors.invalidToken();
      if (row === 'limit') throw tooMany();
      if (row === 'exists') throw refused('This passkey is already registered');
      await recordEvent({ type: 'passkey_added', userId: claims.sub, email: claims.email, context, detail: { passkeyId: row.id, name } }, tx);
      return row;
    }),
  );
  return toPasskeyView(added);
}
