import { getConfig } from '../config/env';

/**
 * The app's public origin for this request: APP_URL when configured, else the request's own
 * origin. `X-Forwarded-Proto` is believed only behind a trusted proxy.
 */
export function appOrigin(request: Request): string {
  const { appOrigin: configured, trustProxy } = getConfig();
  if (configured) return configured;
  const url = new URL(request.url);
  if (trustProxy) {
    const proto = request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim();
    if (proto === 'https' || proto === 'http') url.protocol = `${proto}:`;
  }
  return url.origin;
}

export function isHttps(request: Request): boolean {
  return appOrigin(request).startsWith('https:');
}
