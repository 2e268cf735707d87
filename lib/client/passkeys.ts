'use client';

import type * as WebAuthnBrowser from '@simplewebauthn/browser';
import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';
import { useSyncExternalStore } from 'react';
import type { PasskeyView } from '../passkeys/view';
import { sendJson } from './api';
import type { ClientSession } from './auth-client';
import { authClient } from './auth-context';
import { postPublic } from './public-api';

/**
 * The browser's side of passkeys: the WebAuthn ceremonies (@simplewebauthn/browser) between the
 * app's options and its answer. Only one ceremony runs at a time: starting one cancels the one
 * before (the library's abort service), which is how the sign-in button takes over from the
 * Email field's passkey suggestions. The library is loaded when a ceremony starts, not with the
 * page: /login's first-load JavaScript stays what it was.
 */

export type { PasskeyView };

let library: Promise<typeof WebAuthnBrowser> | undefined;
const webAuthn = () => (library ??= import('@simplewebauthn/browser'));

/** Whether the browser has WebAuthn at all (the library's own test, without loading it). */
export const passkeysSupported = (): boolean => typeof window !== 'undefined' && typeof window.PublicKeyCredential === 'function';

const unchanging = () => () => {};

/** passkeysSupported() for rendering: known only in the browser, taken as supported until then. */
export const usePasskeysSupported = (): boolean => useSyncExternalStore(unchanging, passkeysSupported, () => true);

// A dotted-quad or bracketed address: WebAuthn refuses an IP address as the relying party.
const IP_HOST = /^(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-f:.]+\])$/i;

/** Whether a passkey can be made on this page: WebAuthn is there, and the site is reached by a name, not an IP address. */
export const passkeysUsableHere = (): boolean => passkeysSupported() && !IP_HOST.test(window.location.hostname);

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

/**
 * Makes a passkey on this device for the signed-in user and adds it to the account. Asking for the
 * options needs a recent sign-in: the page's re-authentication dialog handles that, then the
 * request goes through.
 */
export async function addPasskey(name?: string): Promise<PasskeyView> {
  const { options } = await sendJson<{ options: PublicKeyCredentialCreationOptionsJSON }>('POST', '/api/auth/passkeys/options');
  const { startRegistration } = await webAuthn();
  const response = await startRegistration({ optionsJSON: options });
  const { passkey } = await sendJson<{ passkey: PasskeyView }>('POST', '/api/auth/passkeys', name ? { response, name } : { response });
  return passkey;
}
