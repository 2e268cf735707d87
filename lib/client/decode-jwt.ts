export type Claims = Record<string, unknown>;

export interface DecodedJwt {
  header: Claims;
  payload: Claims;
}

function decodeBase64Url(part: string): string {
  const base64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

function decodeObject(part: string): Claims | null {
  const value: unknown = JSON.parse(decodeBase64Url(part));
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Claims) : null;
}

/**
 * Reads a compact JWS's header and payload for display, and checks nothing: verifying the
 * signature takes the server's secret, which is exactly what the browser must not have. Anything
 * that is not three dot-separated parts with JSON objects in the first two is null.
 */
export function decodeJwt(token: string): DecodedJwt | null {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[0] || !parts[1]) return null;
  try {
    const header = decodeObject(parts[0]);
    const payload = decodeObject(parts[1]);
    return header && payload ? { header, payload } : null;
  } catch {
    return null;
  }
}

/** A numeric date claim (`iat`, `exp`) as milliseconds since the epoch, or null when absent or malformed. */
export function dateClaim(claims: Claims, name: string): number | null {
  const value = claims[name];
  return typeof value === 'number' && Number.isFinite(value) ? value * 1000 : null;
}

export function stringClaim(claims: Claims, name: string): string | null {
  const value = claims[name];
  return typeof value === 'string' ? value : null;
}
