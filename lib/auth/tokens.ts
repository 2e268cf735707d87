import { errors as joseErrors, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { isUuid } from '../validation/id';
import type { KeyRing } from './keys';
import { VerifiedTokens } from './verified-tokens';
import type { Role } from './roles';
import { ROLES } from './roles';

/**
 * Signs and verifies both kinds of token. Edge-safe: the middleware and the route handlers share
 * it. Access and refresh tokens differ in keys, `typ` header and audience, so neither verifier
 * accepts the other kind even if the two kinds' keys were ever equal. Every token names its key
 * in the `kid` header (lib/auth/keys.ts); a token is checked only under the key it names.
 */

export const ISSUER = 'nextjs-jwt-auth';
const ACCESS = { typ: 'at+jwt', audience: 'nextjs-jwt-auth:api' } as const;
const REFRESH = { typ: 'rt+jwt', audience: 'nextjs-jwt-auth:refresh' } as const;
const CLOCK_TOLERANCE_SECONDS = 1;

/**
 * How the user proved who they are (RFC 8176 names): a password, a one-time code from the second
 * factor (an authenticator's code or a recovery code), a passkey; and `email`, which that registry
 * has no name for, for a sign-in by an emailed link (the verification link under
 * EMAIL_VERIFICATION=required).
 */
export const AUTH_METHODS = ['pwd', 'otp', 'webauthn', 'email'] as const;
export type AuthMethod = (typeof AUTH_METHODS)[number];

/** The last proof of identity behind a session: when (seconds since the epoch) and how. */
export interface AuthProof {
  auth_time: number;
  amr: readonly AuthMethod[];
}

export interface AccessClaims extends AuthProof {
  sub: string;
  email: string;
  role: Role;
  sid: string;
  jti: string;
  iat: number;
  exp: number;
}

export interface RefreshClaims {
  sub: string;
  sid: string;
  jti: string;
  iat: number;
  exp: number;
}

export type VerifyFailure = 'expired' | 'invalid';

export class TokenError extends Error {
  override readonly name = 'TokenError';

  constructor(readonly reason: VerifyFailure) {
    super(reason === 'expired' ? 'token expired' : 'token invalid');
  }
}

export async function signAccessToken(
  claims: { sub: string; email: string; role: Role; sid: string } & AuthProof,
  options: { keys: KeyRing; ttlSeconds: number; now?: number },
): Promise<{ token: string; expiresIn: number; claims: AccessClaims }> {
  const iat = Math.floor((options.now ?? Date.now()) / 1000);
  const full: AccessClaims = { ...claims, jti: crypto.randomUUID(), iat, exp: iat + options.ttlSeconds };
  const token = await new SignJWT({ email: full.email, role: full.role, sid: full.sid, auth_time: full.auth_time, amr: [...full.amr] })
    .setProtectedHeader({ alg: options.keys.alg, typ: ACCESS.typ, kid: options.keys.signing.kid })
    .setSubject(full.sub)
    .setIssuer(ISSUER)
    .setAudience(ACCESS.audience)
    .setJti(full.jti)
    .setIssuedAt(full.iat)
    .setExpirationTime(full.exp)
    .sign(options.keys.signing.key);
  return { token, expiresIn: options.ttlSeconds, claims: full };
}

/**
 * Deterministic for the same claims and key: HS256 over identical bytes, so a session's successor
 * token can be re-issued byte for byte to every concurrent refresh inside the reuse interval.
 */
export async function signRefreshToken(claims: RefreshClaims, options: { keys: KeyRing }): Promise<string> {
  return new SignJWT({ sid: claims.sid })
    .setProtectedHeader({ alg: options.keys.alg, typ: REFRESH.typ, kid: options.keys.signing.kid })
    .setSubject(claims.sub)
    .setIssuer(ISSUER)
    .setAudience(REFRESH.audience)
    .setJti(claims.jti)
    .setIssuedAt(claims.iat)
    .setExpirationTime(claims.exp)
    .sign(options.keys.signing.key);
}

/** The key the token's `kid` names; a token naming none, or no listed key, is refused unchecked. */
const keyNamedBy =
  (keys: KeyRing): JWTVerifyGetKey =>
  (header) => {
    const key = typeof header.kid === 'string' ? keys.verifying.get(header.kid) : undefined;
    if (!key) throw new TokenError('invalid');
    return key;
  };

async function verify(token: string, keys: KeyRing, kind: typeof ACCESS | typeof REFRESH, required: string[]): Promise<JWTPayload> {
  try {
    const { payload } = await jwtVerify(token, keyNamedBy(keys), {
      algorithms: [keys.alg],
      issuer: ISSUER,
      audience: kind.audience,
      typ: kind.typ,
      requiredClaims: ['exp', 'iat', 'sub', 'jti', ...required],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    });
    // jose checks that `iat` is a number but not when it is: a token issued in the future was
    // never issued by this server's clock, whatever its signature says.
    if ((payload.iat as number) > Math.floor(Date.now() / 1000) + CLOCK_TOLERANCE_SECONDS) throw new TokenError('invalid');
    return payload;
  } catch (error) {
    if (error instanceof TokenError) throw error;
    if (error instanceof joseErrors.JWTExpired) throw new TokenError('expired');
    throw new TokenError('invalid');
  }
}

const isString = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

// The server only ever issues UUIDs here, and each is used as a database or store key: anything
// else (validly signed with a leaked or test key) is refused before it reaches a query.
const isId = (value: unknown): value is string => typeof value === 'string' && isUuid(value);

// A proof the server could have recorded: a whole second no later than the token's issue, and a
// non-empty list of known methods, each once. Recent-authentication checks trust both.
const isAuthTime = (value: unknown, iat: number): value is number => Number.isSafeInteger(value) && (value as number) > 0 && (value as number) <= iat;
const isAmr = (value: unknown): value is AuthMethod[] =>
  Array.isArray(value) &&
  value.length > 0 &&
  value.length <= AUTH_METHODS.length &&
  new Set(value).size === value.length &&
  value.every((method) => AUTH_METHODS.includes(method as AuthMethod));

// One cache per key ring: a token verified under one set of keys says nothing about another (a
// ring that no longer lists the token's key, say). A ring never changes, so neither do its entries.
const verifiedAccessTokens = new WeakMap<KeyRing, VerifiedTokens<AccessClaims>>();
const VERIFIED_TOKENS_PER_RING = 5_000;

export async function verifyAccessToken(token: string, keys: KeyRing): Promise<AccessClaims> {
  let verified = verifiedAccessTokens.get(keys);
  if (!verified) {
    verified = new VerifiedTokens(VERIFIED_TOKENS_PER_RING);
    verifiedAccessTokens.set(keys, verified);
  }
  const known = verified.get(token);
  if (known) {
    // jose's own expiry rule: expired once exp is at or before now minus the tolerance.
    if (known.exp > Math.floor(Date.now() / 1000) - CLOCK_TOLERANCE_SECONDS) return known;
    verified.forget(token);
    throw new TokenError('expired');
  }
  const payload = await verify(token, keys, ACCESS, ['email', 'role', 'sid', 'auth_time', 'amr']);
  const { sub, email, role, sid, jti, iat, exp, auth_time, amr } = payload;
  if (!isId(sub) || !isString(email) || !isId(sid) || !isId(jti) || !ROLES.includes(role as Role) || !isAuthTime(auth_time, iat as number) || !isAmr(amr)) {
    throw new TokenError('invalid');
  }
  const claims: AccessClaims = { sub, email, role: role as Role, sid, jti, iat: iat as number, exp: exp as number, auth_time, amr };
  verified.remember(token, claims);
  return claims;
}

export async function verifyRefreshToken(token: string, keys: KeyRing): Promise<RefreshClaims> {
  const payload = await verify(token, keys, REFRESH, ['sid']);
  const { sub, sid, jti, iat, exp } = payload;
  if (!isId(sub) || !isId(sid) || !isId(jti)) throw new TokenError('invalid');
  return { sub, sid, jti, iat: iat as number, exp: exp as number };
}
