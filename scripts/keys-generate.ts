import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';
import { ed25519Kid } from '../lib/auth/keys';

/**
 * `npm run keys:generate -- secret | ed25519`: a new signing key on stdout, alone, so it can be
 * piped or pasted; where it goes on stderr. Nothing is read or written: the key exists only in
 * this output. The rotation itself is docs/keys.md.
 */

const USAGE = 'usage: npm run keys:generate -- <secret|ed25519>';

async function generate(kind: string | undefined): Promise<{ key: string; hint: string }> {
  if (kind === 'secret') {
    return {
      // 48 random bytes: 64 base64url characters, never a comma, well over the 32-byte minimum.
      key: randomBytes(48).toString('base64url'),
      hint: 'put it first in JWT_SECRET or REFRESH_TOKEN_SECRET (comma-separated, newest first; never in both); rotation: docs/keys.md',
    };
  }
  if (kind === 'ed25519') {
    const { privateKey } = await generateKeyPair('Ed25519', { extractable: true });
    const { kty, crv, x, d } = await exportJWK(privateKey);
    return {
      key: JSON.stringify({ kty, crv, x, d }),
      hint: `add it to the JWT_PRIVATE_KEYS array (second as standby, then first to sign); it will be published as kid ${await ed25519Kid({ x: x! })}; rotation: docs/keys.md`,
    };
  }
  throw new Error(USAGE);
}

try {
  const { key, hint } = await generate(process.argv[2]);
  console.log(key);
  console.error(hint);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
