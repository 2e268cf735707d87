const SIGN_IN_PAGES = new Set(['/login', '/register']);

/**
 * Where to go after login: `next` only when it is a path on this site. Absolute URLs,
 * protocol-relative `//host` and `/\host` (which browsers treat as `//host`) fall back to the
 * dashboard, so a crafted login link cannot send the user elsewhere; so do /login and /register.
 */
export function safeNextPath(next: string | null | undefined, fallback = '/dashboard'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  try {
    const base = 'https://same-origin.invalid';
    const url = new URL(next, base);
    // Dot segments can normalise to another host: `/.//evil.example` resolves to the path
    // `//evil.example`, which the router would follow off-site.
    if (url.origin !== base || url.pathname.startsWith('//') || url.pathname.includes('\\')) return fallback;
    // The sign-in pages themselves: a signed-in person sent there would wait on a form that has
    // nothing left to do.
    if (SIGN_IN_PAGES.has(url.pathname.replace(/\/+$/, ''))) return fallback;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
}
