import 'server-only';
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Encryption at rest for secrets the server must read back (the TOTP secret): AES-256-GCM from
 * node:crypto, under a key derived by HKDF-SHA256 from a server secret with a label of its own, so
 * that key encrypts nothing else and the server secret itself never touches the data.
 *
 * A sealed value is `v1.<key id>.<iv>.<ciphertext>.<tag>` (base64url). The key id names the key
 * that sealed it without revealing it (another HKDF output, under another label), so a value
 * sealed before a rotation is opened with the key it names while new values use the newest key.
 * The caller's `context` (e.g. the user id) is authenticated with it: a value copied to another
 * row does not open there. See docs/decisions (encryption at rest).
 */

const VERSION = 'v1';
const KEY_LABEL = 'nextjs-jwt-auth secret box v1';
const KEY_ID_LABEL = 'nextjs-jwt-auth secret box key id v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface BoxKey {
  id: string;
  key: Buffer;
}

export class SecretBoxError extends Error {
  override readonly name = 'SecretBoxError';
}

const derived = new Map<string, BoxKey>();

/** The box key of one server secret: derived once per process. */
export function boxKey(secret: string): BoxKey {
  let found = derived.get(secret);
  if (!found) {
    found = {
      id: Buffer.from(hkdfSync('sha256', secret, '', KEY_ID_LABEL, 9)).toString('base64url'),
      key: Buffer.from(hkdfSync('sha256', secret, '', KEY_LABEL, 32)),
    };
    derived.set(secret, found);
  }
  return found;
}

const additionalData = (keyId: string, context: string) => Buffer.from(`${VERSION}.${keyId}.${context}`, 'utf8');

/** Seals `plaintext` under the first (newest) key. */
export function seal(plaintext: string, keys: readonly BoxKey[], context: string): string {
  const signing = keys[0];
  if (!signing) throw new SecretBoxError('no key to seal with');
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', signing.key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(additionalData(signing.id, context));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, signing.id, iv.toString('base64url'), ciphertext.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
}

/**
 * Opens a sealed value with the listed key it names. `stale` is true when that is not the newest
 * key: the caller may seal it again. Throws SecretBoxError when the value is malformed, names no
 * listed key, or was altered.
 */
export function open(sealed: string, keys: readonly BoxKey[], context: string): { plaintext: string; stale: boolean } {
  const parts = sealed.split('.');
  if (parts.length !== 5 || parts[0] !== VERSION) throw new SecretBoxError('not a sealed value');
  const [, keyId, iv, ciphertext, tag] = parts as [string, string, string, string, string];
  const index = keys.findIndex((key) => key.id === keyId);
  if (index === -1) throw new SecretBoxError('sealed under a key that is no longer listed');
  const ivBytes = Buffer.from(iv, 'base64url');
  const tagBytes = Buffer.from(tag, 'base64url');
  if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) throw new SecretBoxError('not a sealed value');
  try {
    const decipher = createDecipheriv('aes-256-gcm', keys[index]!.key, ivBytes, { authTagLength: TAG_BYTES });
    decipher.setAAD(additionalData(keyId, context));
    decipher.setAuthTag(tagBytes);
    const plaintext = Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    return { plaintext, stale: index !== 0 };
  } catch {
    throw new SecretBoxError('the sealed value was altered or belongs elsewhere');
  }
}
