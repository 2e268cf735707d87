import { getConfig, type Config } from '../config/env';
import { forwardedEntries } from './client-address';

/**
 * The scheme the trusted proxies say the client used, read like the client address: the entry the
 * outermost of them wrote, counted from the right, so a value the client wrote in front of theirs
 * never decides. Proxies more often overwrite this header than append to it, so with fewer entries
 * than proxies the leftmost stands, which one of them wrote.
 */
function forwardedProto(request: Request, trustedProxies: number): string | undefined {
  const value = request.headers.get('x-forwarded-proto');
  if (trustedProxies === 0 || value === null) return undefined;
  const entries = forwardedEntries(value);
  return entries[Math.max(0, entries.length - trustedProxies)]?.toLowerCase();
}

/**
 * The origin this request was sent to: the Host the client used, with https only when a trusted
 * proxy says so (`next start` itself never terminates TLS). Next.js rewrites `request.url` to
 * `localhost` and takes its scheme from a client-sent `X-Forwarded-Proto`, so neither is used.
 */
function requestedOrigin(request: Request, trustedProxies: number): string | undefined {
  const protocol = forwardedProto(request, trustedProxies) === 'https' ? 'https' : 'http';
  const host = request.headers.get('host');
  try {
    if (host) return new URL(`${protocol}://${host}`).origin;
  } catch {
    // A malformed Host header names no origin.
  }
  return undefined;
}

/**
 * The app's public origin for this request. With configured origins (APP_URL, a Vercel
 * deployment's URLs) it is the one the request was sent to when that is among them, else the
 * first: a forged Host never becomes "our" origin. With none configured, the requested origin.
 */
export function appOrigin(request: Request, config: Pick<Config, 'publicOrigins' | 'trustProxy'> = getConfig()): string {
  const { publicOrigins, trustProxy } = config;
  const requested = requestedOrigin(request, trustProxy);
  if (publicOrigins.length === 0) return requested ?? new URL(request.url).origin;
  return requested !== undefined && publicOrigins.includes(requested) ? requested : publicOrigins[0]!;
}

export function isHttps(request: Request): boolean {
  return appOrigin(request).startsWith('https:');
}
