/**
 * Where to go after login: `next` only when it is a path on this site. Absolute URLs,
 * protocol-relative `//host` and `/\host` (which browsers treat as `//host`) fall back to the
 * dashboard, so a crafted login link cannot send the user elsewhere.
 */
export function safeNextPath(next: string | null | undefined, fallback = '/dashboard'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  try {
    const base = 'https://same-origin.invalid';
    const url = new URL(next, base);
    // Dot segments can normalise to another host: `/.//evil.example` resolves to the path
    // `//evil.example`, which the router would follow off-site.
    if (url.origin !== base || url.pathname.startsWith('//') || url.pathname.includes('\\')) return fallback;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
}
