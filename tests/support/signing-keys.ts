import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';
import type { Ed25519PrivateJwk } from '../../lib/config/signing-keys';

/** A fresh HMAC secret, as `npm run keys:generate -- secret` makes one. */
export const newSecret = () => randomBytes(48).toString('base64url');

/** A fresh Ed25519 private JWK, as `npm run keys:generate -- ed25519` makes one (without its kid). */
export async function newEd25519Key(): Promise<Ed25519PrivateJwk> {
  const { privateKey } = await generateKeyPair('Ed25519', { extractable: true });
  const { x, d } = await exportJWK(privateKey);
  return { kty: 'OKP', crv: 'Ed25519', x: x!, d: d! };
}
