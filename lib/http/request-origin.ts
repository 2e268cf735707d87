import { getConfig, type Config } from '../config/env';

/**
 * The origin this request was sent to: the Host the client used, with https only when a trusted
 * proxy says so (`next start` itself never terminates TLS). Next.js rewrites `request.url` to
 * `localhost` and takes its scheme from a client-sent `X-Forwarded-Proto`, so neither is used.
 */
function requestedOrigin(request: Request, trustProxy: boolean): string | undefined {
  const forwardedProto = trustProxy ? request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim() : undefined;
  const protocol = forwardedProto === 'https' ? 'https' : 'http';
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
