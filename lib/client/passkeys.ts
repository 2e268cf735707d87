'use client';

import type * as WebAuthnBrowser from '@simplewebauthn/browser';
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';
import type { ClientSession } from './auth-client';
import { authClient } from './auth-context';
import { postPublic } from './public-api';

/**
 * The browser's side of passkey sign-in: the WebAuthn ceremony (@simplewebauthn/browser) between
 * the app's options and its answer. Only one ceremony runs at a time: starting one cancels the one
 * before (the library's abort service), which is how the sign-in button takes over from the
 * Email field's passkey suggestions. The library is loaded when a ceremony starts, not with the
 * page; adding a passkey, which /login never does, is in passkey-registration.ts.
 */

let library: Promise<typeof WebAuthnBrowser> | undefined;
export const webAuthn = () => (library ??= import('@simplewebauthn/browser'));

/** Whether the browser has WebAuthn at all (the library's own test, without loading it). */
export const passkeysSupported = (): boolean => typeof window !== 'undefined' && typeof window.PublicKeyCredential === 'function';

/** Whether the browser can offer passkeys among the Email field's suggestions (conditional UI). */
export const passkeyAutofillSupported = async (): Promise<boolean> =>
  passkeysSupported() && (await window.PublicKeyCredential.isConditionalMediationAvailable?.().catch(() => false)) === true;

/**
 * Signs in with a passkey the person picks: in the browser's own dialog, or (`autofill`) from the
 * Email field's suggestions, which waits, silently, until they pick one or the request is
 * cancelled. Resolves to the session, as a password login does.
 */
export async function signInWithPasskey(options: { autofill?: boolean } = {}): Promise<ClientSession> {
  const { options: optionsJSON } = await postPublic<{ options: PublicKeyCredentialRequestOptionsJSON }>('/api/auth/passkeys/login/options', {});
  const { startAuthentication } = await webAuthn();
  const response = await startAuthentication({ optionsJSON, useBrowserAutofill: options.autofill === true });
  return authClient().signInWithPasskey(response);
}

/** Ends a waiting passkey request (the Email field's suggestions): the person is signing in another way. */
export function cancelPasskeyRequest(): void {
  // Not loaded yet: no request has started.
  void library?.then(({ WebAuthnAbortService }) => WebAuthnAbortService.cancelCeremony());
}
