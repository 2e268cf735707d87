import { getConfig } from '../config/env';

/**
 * The app's public origin for this request: APP_URL when configured, else the Host the client
 * used. Next.js rewrites `request.url` to `localhost` and takes its scheme from a client-sent
 * `X-Forwarded-Proto`, so neither is used: the scheme is https only when a trusted proxy says so
 * (`next start` itself never terminates TLS).
 */
export function appOrigin(request: Request): string {
  const { appOrigin: configured, trustProxy } = getConfig();
  if (configured) return configured;
  const forwardedProto = trustProxy ? request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim() : undefined;
  const protocol = forwardedProto === 'https' ? 'https' : 'http';
  const host = request.headers.get('host');
  try {
    if (host) return new URL(`${protocol}://${host}`).origin;
  } catch {
    // A malformed Host header falls through to the server's own idea of its address.
  }
  return new URL(request.url).origin;
}

export function isHttps(request: Request): boolean {
  return appOrigin(request).startsWith('https:');
}
