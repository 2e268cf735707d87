// Plain JavaScript: next.config.mjs imports it, and a TypeScript config would make every
// `next start` load the SWC compiler to read it (decision 036).

/**
 * Headers every response carries, API, pages, redirects and errors alike: next.config.mjs sends
 * them on everything Next.js answers, and lib/http/unsupported-methods.ts on what it answers before
 * Next. Per-request ones (the CSP nonce, HSTS over HTTPS) are set by middleware.ts
 * (lib/http/security-headers.ts).
 * Cross-Origin-Opener-Policy keeps other sites' windows from holding a reference to ours (no
 * `window.opener` games, and process isolation from them); Cross-Origin-Resource-Policy stops other
 * sites from embedding our responses (`<img>`, `<script>`), which Spectre-style reads rely on.
 *
 * @type {ReadonlyArray<{ readonly key: string; readonly value: string }>}
 */
export const STATIC_SECURITY_HEADERS = Object.freeze([
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  { key: 'Cross-Origin-Resource-Policy', value: 'same-origin' },
]);
