import { calculateJwkThumbprint, importJWK } from 'jose';
import { getConfig, type Config } from '../config/env';
import type { AccessKeyConfig, Ed25519PrivateJwk } from '../config/signing-keys';

/**
 * The keys one kind of token is signed and verified with, imported once. Edge-safe (WebCrypto
 * only): the middleware and the route handlers build the same rings from the same configuration.
 */
export interface KeyRing {
  /** The one algorithm this ring's tokens use; the verifier accepts no other. */
  readonly alg: 'HS256' | 'EdDSA';
  /** The first listed key: every new token is signed with it. */
  readonly signing: { readonly kid: string; readonly key: CryptoKey };
  /** Every listed key (the signing key too) by `kid`: a token verifies only under the key its header names. */
  readonly verifying: ReadonlyMap<string, CryptoKey>;
  /** The public keys a JSON Web Key Set publishes: the Ed25519 ones; none for HMAC secrets. */
  readonly published: readonly PublicJwk[];
}

export interface PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
}

/**
 * How long another service may keep the published key set. A new key is therefore listed second
 * (published, not yet signing) for at least this long before it moves first and signs.
 */
export const JWKS_CACHE_CONTROL = 'public, max-age=300';

export class KeyImportError extends Error {
  override readonly name = 'KeyImportError';
}

const KID_LABEL = new TextEncoder().encode('nextjs-jwt-auth key id');
const KID_BYTES = 12;

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function importHmac(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
}

/**
 * An HMAC secret's `kid`: HMAC-SHA256 of a fixed label under the secret, cut to 96 bits, base64url.
 * Without the secret it cannot be computed or inverted, and every token already carries an HMAC
 * under the same secret, so it tells a guesser nothing new.
 */
export async function secretKid(secret: string): Promise<string> {
  const mac = await crypto.subtle.sign('HMAC', await importHmac(secret), KID_LABEL);
  return base64url(new Uint8Array(mac).slice(0, KID_BYTES));
}

/** An Ed25519 key's `kid`: its RFC 7638 JWK thumbprint (SHA-256), as other JWKS publishers use. */
export function ed25519Kid(key: { x: string }): Promise<string> {
  return calculateJwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x: key.x }, 'sha256');
}

/** HS256 over `secrets`, newest first. */
export async function hmacKeyRing(secrets: readonly string[]): Promise<KeyRing> {
  const keys = await Promise.all(secrets.map(async (secret) => ({ kid: await secretKid(secret), key: await importHmac(secret) })));
  return { alg: 'HS256', signing: keys[0]!, verifying: new Map(keys.map(({ kid, key }) => [kid, key])), published: [] };
}

/**
 * EdDSA over `privateKeys`, newest first: the first private key signs; every key's public half
 * verifies and is published. Every private key is imported, not only the signing one: importing
 * checks that its `d` belongs to its `x`, and a later key signs once it moves up.
 */
export async function ed25519KeyRing(privateKeys: readonly Ed25519PrivateJwk[]): Promise<KeyRing> {
  const published: PublicJwk[] = [];
  const verifying = new Map<string, CryptoKey>();
  const signingKeys: CryptoKey[] = [];
  for (const [index, { kty, crv, x, d }] of privateKeys.entries()) {
    const kid = await ed25519Kid({ x });
    published.push({ kty, crv, x, kid, alg: 'EdDSA', use: 'sig' });
    verifying.set(kid, (await importJWK({ kty, crv, x }, 'EdDSA')) as CryptoKey);
    try {
      signingKeys.push((await importJWK({ kty, crv, x, d }, 'EdDSA')) as CryptoKey);
    } catch {
      const which = privateKeys.length === 1 ? 'its key' : `key ${index + 1} of ${privateKeys.length}`;
      throw new KeyImportError(`JWT_PRIVATE_KEYS: ${which} is not a usable Ed25519 private key: its d does not belong to its x`);
    }
  }
  return { alg: 'EdDSA', signing: { kid: published[0]!.kid, key: signingKeys[0]! }, verifying, published };
}

export function accessKeyRing(config: AccessKeyConfig): Promise<KeyRing> {
  return config.alg === 'EdDSA' ? ed25519KeyRing(config.privateKeys) : hmacKeyRing(config.secrets);
}

// Built once per configuration and isolate, so each key is imported once, not per request; each
// kind only when first asked for, so nothing is left rejecting unobserved.
const accessRings = new WeakMap<Config, Promise<KeyRing>>();
const refreshRings = new WeakMap<Config, Promise<KeyRing>>();

function once(rings: WeakMap<Config, Promise<KeyRing>>, config: Config, build: () => Promise<KeyRing>): Promise<KeyRing> {
  let ring = rings.get(config);
  if (!ring) {
    ring = build();
    rings.set(config, ring);
  }
  return ring;
}

/** The access-token keys of this process's configuration. */
export function getAccessKeys(config: Config = getConfig()): Promise<KeyRing> {
  return once(accessRings, config, () => accessKeyRing(config.signingKeys.access));
}

/** The refresh-token keys of this process's configuration. */
export function getRefreshKeys(config: Config = getConfig()): Promise<KeyRing> {
  return once(refreshRings, config, () => hmacKeyRing(config.signingKeys.refresh));
}

const kids = (ring: KeyRing) => [...ring.verifying.keys()].join(', ');

/**
 * One line for the start-up log: which key signs and which keys verify each kind, by `kid` only.
 * Building the rings here also imports every key, so a key that cannot be used stops the server
 * at start (KeyImportError) rather than failing its first request.
 */
export async function describeSigningKeys(config: Config): Promise<string> {
  const [access, refresh] = await Promise.all([getAccessKeys(config), getRefreshKeys(config)]);
  const source = access.alg === 'EdDSA' ? 'JWT_PRIVATE_KEYS, public keys at /.well-known/jwks.json' : 'JWT_SECRET';
  return (
    `signing keys: access tokens ${access.alg} (${source}) signed with kid ${access.signing.kid}, verified with ${kids(access)}; ` +
    `refresh tokens HS256 (REFRESH_TOKEN_SECRET) signed with kid ${refresh.signing.kid}, verified with ${kids(refresh)}`
  );
}
