// Per-request security headers, set by middleware.ts. The ones every response carries whatever
// its request are in static-security-headers.mjs.

/**
 * Set by the middleware on every page request, from its own check of the refresh cookie's
 * signature and expiry (any client-sent value is overwritten). The root layout reads it to decide
 * whether the page should restore the session with a refresh call on load.
 */
export const SESSION_HINT_HEADER = 'x-auth-session-hint';

/** 128 random bits, base64: a fresh CSP nonce for one response. */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/**
 * No inline script runs without this response's nonce, and 'strict-dynamic' lets only the scripts
 * those load in turn. Development adds what Next's dev server needs (eval for fast refresh, inline
 * styles, the HMR websocket); production gets none of it.
 */
export function contentSecurityPolicy(nonce: string, options: { development: boolean; https: boolean }): string {
  const { development, https } = options;
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ''}`,
    `style-src 'self' ${development ? "'unsafe-inline'" : `'nonce-${nonce}'`}`,
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${development ? ' ws: wss:' : ''}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

export const HSTS = 'max-age=63072000; includeSubDomains';
