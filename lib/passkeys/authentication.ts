import 'server-only';
import { generateAuthenticationOptions, verifyAuthenticationResponse, type PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { finishLogin, type SignedIn } from '../auth/accounts';
import { getConfig } from '../config/env';
import { recordEvent } from '../events/record';
import type { RequestContext } from '../http/client-address';
import { errors } from '../http/errors';
import type { AuthenticationResponse } from '../validation/passkeys';
import { challengeTtlMs, issueLoginChallenge, takeLoginChallenge } from './challenges';
import { counterAccepted } from './counter';
import { relyingParty } from './relying-party';
import { findPasskeyByCredentialId, recordPasskeyUse } from './repository';
import { encodedUserHandle } from './user-handle';

/**
 * Sign-in options: a challenge bound to this browser and no list of credentials, so the browser
 * offers every passkey it has for this site (discoverable credentials) and no email is needed.
 * The person must be verified (PIN, biometrics): a passkey sign-in replaces the password and the
 * second factor together, so possession of the authenticator alone is not enough.
 */
export async function loginOptions(request: Request): Promise<{ options: PublicKeyCredentialRequestOptionsJSON; setCookie: string }> {
  const { challenge, setCookie } = await issueLoginChallenge(request);
  const options = await generateAuthenticationOptions({
    rpID: relyingParty(request).id,
    // As bytes: a string would be taken as text and encoded again.
    challenge: new Uint8Array(Buffer.from(challenge, 'base64url')),
    timeout: challengeTtlMs(),
    userVerification: 'required',
  });
  return { options, setCookie };
}

/**
 * A sign-in with a passkey: the answer to a challenge this browser asked for (taken, so it serves
 * once), signed by a registered passkey for this site's origin and RP ID, with the user verified
 * and the signature counter moving on. Every refusal is the login's 401 `invalid_credentials`, and
 * a refusal for a known passkey is in its owner's security log. Then a normal session, `amr`
 * `webauthn`, with no second factor asked.
 */
export async function logInWithPasskey(request: Request, response: AuthenticationResponse, context: RequestContext): Promise<SignedIn> {
  const challenge = await takeLoginChallenge(response.response.clientDataJSON, request);
  if (!challenge) throw errors.invalidCredentials();
  const found = await findPasskeyByCredentialId(response.id);
  if (!found) {
    await recordEvent({ type: 'login_failed', context, detail: { method: 'passkey', reason: 'unknown_passkey' } });
    throw errors.invalidCredentials();
  }
  const { passkey, user } = found;
  const refuse = async (reason: string) => {
    await recordEvent({ type: 'login_failed', userId: user.id, email: user.email, context, detail: { method: 'passkey', passkeyId: passkey.id, reason } });
    return errors.invalidCredentials();
  };
  // The authenticator returns the handle it stored with the passkey: it must name the same account.
  if (response.response.userHandle !== undefined && response.response.userHandle !== encodedUserHandle(user.id)) throw await refuse('user_handle');
  const rp = relyingParty(request);
  let verification;
  try {
    verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      // The counter is judged below by this app's own rule, with its reason in the log.
      credential: { id: passkey.credentialId, publicKey: passkey.publicKey, counter: 0, transports: passkey.transports },
      requireUserVerification: true,
    });
  } catch {
    throw await refuse('not_verified');
  }
  if (!verification.verified) throw await refuse('not_verified');
  const { newCounter, credentialBackedUp } = verification.authenticationInfo;
  if (!counterAccepted(passkey.counter, newCounter) || !(await recordPasskeyUse(passkey.id, newCounter, credentialBackedUp))) throw await refuse('counter');
  // Passkeys are added by signed-in users, but the setting may have changed since.
  if (getConfig().emailVerification === 'required' && !user.emailVerifiedAt) throw errors.emailUnverified();
  return finishLogin(user, context, ['webauthn'], { method: 'passkey', passkeyId: passkey.id });
}
