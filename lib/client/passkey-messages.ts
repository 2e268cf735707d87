import type { WebAuthnErrorCode } from '@simplewebauthn/browser';
import { ApiRequestError } from './auth-client';
import { errorMessage } from './problem-message';

/**
 * What went wrong with a passkey, in words a person understands, never a stack or a spec's error
 * name: the browser's refusals (cancelled, not supported, no passkey here, already registered) and
 * the server's. `null` when there is nothing to say: the app itself cancelled the request.
 */

export type PasskeyCeremony = 'sign-in' | 'registration';

// @simplewebauthn/browser's WebAuthnError, recognised by its code: the library is loaded only when
// a ceremony starts, so this module does not import its class.
const webAuthnCode = (error: unknown): WebAuthnErrorCode | null => {
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('ERROR_') ? (code as WebAuthnErrorCode) : null;
};

/** The app cancelled the request itself (another ceremony took over, or the person used the password form). */
export const wasCancelledByApp = (error: unknown): boolean => webAuthnCode(error) === 'ERROR_CEREMONY_ABORTED';

/** Said before asking, where the browser has no WebAuthn at all. */
export function passkeysNotSupported(ceremony: PasskeyCeremony): string {
  return ceremony === 'sign-in' ? 'This browser does not support passkeys. Log in with your email and password instead.' : 'This browser does not support passkeys.';
}

export function passkeyMessage(error: unknown, ceremony: PasskeyCeremony): string | null {
  if (wasCancelledByApp(error)) return null;
  if (error instanceof ApiRequestError) {
    if (ceremony === 'sign-in' && error.problem.code === 'invalid_credentials') {
      return 'That passkey did not sign you in: it may have been removed from your account, or the request took too long. Try again, or log in with your password.';
    }
    return errorMessage(error);
  }
  const code = webAuthnCode(error);
  if (code) {
    switch (code) {
      case 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED':
        return 'This device already has a passkey for your account.';
      case 'ERROR_INVALID_DOMAIN':
      case 'ERROR_INVALID_RP_ID':
        return 'Passkeys do not work on this address of the site. Open it at its usual address (HTTPS) and try again.';
      case 'ERROR_AUTHENTICATOR_MISSING_DISCOVERABLE_CREDENTIAL_SUPPORT':
      case 'ERROR_AUTHENTICATOR_MISSING_USER_VERIFICATION_SUPPORT':
      case 'ERROR_AUTHENTICATOR_NO_SUPPORTED_PUBKEYCREDPARAMS_ALG':
        return 'This security key cannot hold a passkey for this site. Try your device\'s own passkeys (fingerprint, face or screen lock) or another key.';
      case 'ERROR_PASSTHROUGH_SEE_CAUSE_PROPERTY':
        // NotAllowedError: the person closed the dialog, it timed out, or (signing in) the device had no passkey for this site.
        return ceremony === 'sign-in'
          ? 'No passkey was used: the request was cancelled or timed out, or this device has no passkey for this site. Log in with your password, then add one on your account page.'
          : 'No passkey was added: the request was cancelled or timed out.';
      default:
        break;
    }
  }
  if (error instanceof TypeError && /fetch/i.test(error.message)) return errorMessage(error);
  if (error instanceof Error && /not supported/i.test(error.message)) return passkeysNotSupported(ceremony);
  return ceremony === 'sign-in' ? 'The passkey could not be used. Try again, or log in with your password.' : 'The passkey could not be added. Try again.';
}
