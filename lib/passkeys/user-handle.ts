import 'server-only';

/**
 * The WebAuthn user handle of an account: its id's 16 bytes. The authenticator stores it with the
 * passkey and returns it at every sign-in; it names nobody outside this app (no email, no name).
 */
export const userHandle = (userId: string): Uint8Array<ArrayBuffer> => new Uint8Array(Buffer.from(userId.replace(/-/g, ''), 'hex'));

export const encodedUserHandle = (userId: string): string => Buffer.from(userHandle(userId)).toString('base64url');
