import { createLocalJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { peer } from '../../../lib/auth';

let keys: Promise<JWTVerifyGetKey> | undefined;

// The public keys are read once, as a service verifying the jwt plugin's tokens would cache its
// JWKS: each request then only verifies a signature, as ours does.
function publicKeys(): Promise<JWTVerifyGetKey> {
  keys ??= peer().auth.api.getJwks().then((jwks) => createLocalJWKSet(jwks));
  return keys;
}

/** The protected read with the jwt plugin's token as a bearer token. */
export async function GET(request: Request): Promise<Response> {
  const token = /^Bearer (\S+)$/.exec(request.headers.get('authorization') ?? '')?.[1];
  if (!token) return Response.json({ error: 'unauthorized' }, { status: 401 });
  const issuer = process.env.BETTER_AUTH_URL;
  try {
    const { payload } = await jwtVerify(token, await publicKeys(), { issuer, audience: issuer });
    return Response.json({ id: payload.sub, email: payload.email });
  } catch {
    return Response.json({ error: 'unauthorized' }, { status: 401 });
  }
}
