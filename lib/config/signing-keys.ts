import { z } from '../validation/zod-full';

/**
 * The signing keys of both token kinds, read from the environment (edge-safe, no crypto: the keys
 * are imported in lib/auth/keys.ts). Every list is newest first: the first key signs, every key
 * verifies, so a new key can be put in front of an old one without logging anybody out.
 */

const MIN_SECRET_BYTES = 32;

/** An Ed25519 private key as a JWK (RFC 8037): `x` is the public key, `d` the private one. */
export interface Ed25519PrivateJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  d: string;
}

export type AccessKeyConfig = { alg: 'HS256'; secrets: readonly string[] } | { alg: 'EdDSA'; privateKeys: readonly Ed25519PrivateJwk[] };

export interface SigningKeyConfig {
  access: AccessKeyConfig;
  refresh: readonly string[];
}

const GENERATE_SECRET = 'npm run keys:generate -- secret';
const GENERATE_ED25519 = 'npm run keys:generate -- ed25519';

const nth = (index: number, count: number) => (count === 1 ? 'its key' : `key ${index + 1} of ${count}`);

/** A blank value counts as unset: hosting dashboards often keep a variable with an empty value. */
const blankAsUnset = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : value);

/**
 * `<key>[,<key>...]`: comma-separated, newest first, spaces around each key ignored. Every key is
 * at least 32 bytes (UTF-8) and listed once. Messages name the variable and the key's position,
 * never the key. Optional here; whether the variable is required is decided with the others.
 */
export const secretList = (name: string) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      const raw = blankAsUnset(value);
      if (raw === undefined) return undefined;
      const keys = raw.split(',').map((key) => key.trim());
      const problem = keys.findIndex((key) => new TextEncoder().encode(key).byteLength < MIN_SECRET_BYTES);
      if (problem !== -1) {
        ctx.addIssue({
          code: 'custom',
          message:
            keys[problem] === ''
              ? `${name} has an empty key (${nth(problem, keys.length)}): separate keys with single commas`
              : `${name} is too short: ${nth(problem, keys.length)} must be at least ${MIN_SECRET_BYTES} bytes (${GENERATE_SECRET}, or openssl rand -base64 48)`,
        });
        return z.NEVER;
      }
      if (new Set(keys).size !== keys.length) {
        ctx.addIssue({ code: 'custom', message: `${name} lists the same key twice: every key must be different` });
        return z.NEVER;
      }
      return keys;
    });

const BASE64URL_32_BYTES = /^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/;

/** Why `value` is not an Ed25519 private JWK, or null when it is one. Never quotes `d`. */
function ed25519Problem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'it is not a JSON object';
  const jwk = value as Record<string, unknown>;
  if (jwk.kty !== 'OKP') return 'kty must be "OKP"';
  if (jwk.crv !== 'Ed25519') return 'crv must be "Ed25519"';
  if (typeof jwk.x !== 'string' || !BASE64URL_32_BYTES.test(jwk.x)) return 'x must be the 32-byte public key in base64url';
  if (jwk.d === undefined) return 'it has no private part "d" (a public key cannot sign)';
  if (typeof jwk.d !== 'string' || !BASE64URL_32_BYTES.test(jwk.d)) return 'd must be the 32-byte private key in base64url';
  if (jwk.alg !== undefined && jwk.alg !== 'EdDSA' && jwk.alg !== 'Ed25519') return 'alg, when given, must be "EdDSA"';
  if (jwk.use !== undefined && jwk.use !== 'sig') return 'use, when given, must be "sig"';
  return null;
}

/**
 * A JSON array of Ed25519 private JWKs, newest first. Only `kty`, `crv`, `x` and `d` are kept: the
 * `kid` is always derived from the key (its RFC 7638 thumbprint), whatever the JWK says. Whether
 * `d` belongs to `x` takes crypto, so lib/auth/keys.ts checks that when it imports the keys.
 */
export const privateKeyList = (name: string) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      const raw = blankAsUnset(value);
      if (raw === undefined) return undefined;
      const fail = (message: string) => {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      };
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch {
        return fail(`${name} is not valid JSON: it must be a JSON array of Ed25519 private JWKs (${GENERATE_ED25519})`);
      }
      if (!Array.isArray(parsed)) return fail(`${name} must be a JSON array of Ed25519 private JWKs, newest first: [{...}, ...] (${GENERATE_ED25519})`);
      if (parsed.length === 0) return fail(`${name} is an empty list: list at least one Ed25519 private JWK, or unset it for HS256 access tokens`);
      const keys: Ed25519PrivateJwk[] = [];
      for (const [index, item] of parsed.entries()) {
        const problem = ed25519Problem(item);
        if (problem) return fail(`${name}: ${nth(index, parsed.length)} is not an Ed25519 private JWK: ${problem} (${GENERATE_ED25519})`);
        const { x, d } = item as Ed25519PrivateJwk;
        keys.push({ kty: 'OKP', crv: 'Ed25519', x, d });
      }
      if (new Set(keys.map((key) => key.x)).size !== keys.length) return fail(`${name} lists the same key twice: every key must be different`);
      return keys;
    });

interface KeyVariables {
  JWT_SECRET?: string[];
  REFRESH_TOKEN_SECRET?: string[];
  JWT_PRIVATE_KEYS?: Ed25519PrivateJwk[];
}

type Issue = { path: string[]; message: string };

/**
 * What the variables get wrong together: the access-token keys are JWT_PRIVATE_KEYS when set, else
 * JWT_SECRET, which is then required; REFRESH_TOKEN_SECRET is always required; no key may sign
 * both kinds. JWT_SECRET, when set beside JWT_PRIVATE_KEYS, is unused but still checked.
 */
export function signingKeyIssues(env: KeyVariables): Issue[] {
  if (!env.JWT_SECRET && !env.JWT_PRIVATE_KEYS) {
    return [{ path: ['JWT_SECRET'], message: `JWT_SECRET is not set: give it at least ${MIN_SECRET_BYTES} random bytes (${GENERATE_SECRET}, or openssl rand -base64 48)` }];
  }
  if (!env.REFRESH_TOKEN_SECRET) {
    return [
      {
        path: ['REFRESH_TOKEN_SECRET'],
        message: `REFRESH_TOKEN_SECRET is not set: give it at least ${MIN_SECRET_BYTES} random bytes (${GENERATE_SECRET}, or openssl rand -base64 48)`,
      },
    ];
  }
  const refresh = new Set(env.REFRESH_TOKEN_SECRET);
  if (env.JWT_SECRET?.some((key) => refresh.has(key))) {
    return [{ path: ['REFRESH_TOKEN_SECRET'], message: 'REFRESH_TOKEN_SECRET must differ from JWT_SECRET: no key may be listed in both' }];
  }
  return [];
}

/** The keys of a configuration that passed signingKeyIssues. */
export function signingKeyConfig(env: KeyVariables): SigningKeyConfig {
  const access: AccessKeyConfig = env.JWT_PRIVATE_KEYS ? { alg: 'EdDSA', privateKeys: env.JWT_PRIVATE_KEYS } : { alg: 'HS256', secrets: env.JWT_SECRET! };
  return { access, refresh: env.REFRESH_TOKEN_SECRET! };
}
