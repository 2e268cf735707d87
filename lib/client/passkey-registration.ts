'use client';

import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/browser';
import { useSyncExternalStore } from 'react';
import type { PasskeyView } from '../passkeys/view';
import { sendJson } from './api';
import { passkeysSupported, webAuthn } from './passkeys';

/** Adding a passkey to the signed-in account: the account page and the offer after a password sign-in. */

export type { PasskeyView };

const unchanging = () => () => {};

/** passkeysSupported() for rendering: known only in the browser, taken as supported until then. */
export const usePasskeysSupported = (): boolean => useSyncExternalStore(unchanging, passkeysSupported, () => true);

// A dotted-quad or bracketed address: WebAuthn refuses an IP address as the relying party.
const IP_HOST = /^(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-f:.]+\])$/i;

/** Whether a passkey can be made on this page: WebAuthn is there, and the site is reached by a name, not an IP address. */
export const passkeysUsableHere = (): boolean => passkeysSupported() && !IP_HOST.test(window.location.hostname);

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
