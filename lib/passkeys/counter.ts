import 'server-only';

/**
 * The signature counter rule (WebAuthn, "sign count"). An authenticator that counts its uses must
 * show a higher count every time: an equal or lower one means a second copy of its key is in use
 * (a cloned authenticator), and the sign-in is refused. Many authenticators never count, synced
 * passkeys among them: they always say 0, and are accepted as long as they have never said more.
 */
export function counterAccepted(stored: number, received: number): boolean {
  return received === 0 ? stored === 0 : received > stored;
}
