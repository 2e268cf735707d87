import { isHttps } from '../http/request-origin';

/**
 * The app's cookies: HttpOnly, SameSite=Strict, Path=/. Over HTTPS each takes the `__Host-`
 * prefix: the browser then insists on Secure, Path=/ and no Domain, so a sibling subdomain cannot
 * plant or overwrite it, and only the prefixed name is read there.
 */
const cookieName = (name: string, https: boolean) => (https ? `__Host-${name}` : name);

export function cookieNameFor(request: Request, name: string): string {
  return cookieName(name, isHttps(request));
}

export function serializeCookie(request: Request, name: string, value: string, maxAge: number): string {
  const https = isHttps(request);
  const parts = [`${cookieName(name, https)}=${value}`, 'Path=/', `Max-Age=${maxAge}`, 'HttpOnly', 'SameSite=Strict'];
  if (https) parts.push('Secure');
  return parts.join('; ');
}

export function readCookie(request: Request, name: string): string | undefined {
  const fullName = cookieNameFor(request, name);
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const separator = part.indexOf('=');
    if (separator > 0 && part.slice(0, separator).trim() === fullName) {
      return part.slice(separator + 1).trim() || undefined;
    }
  }
  return undefined;
}

const REFRESH = 'refresh_token';

export function refreshCookieName(request: Request): string {
  return cookieNameFor(request, REFRESH);
}

export function refreshCookie(request: Request, token: string, maxAge: number): string {
  return serializeCookie(request, REFRESH, token, maxAge);
}

export function clearedRefreshCookie(request: Request): string {
  return serializeCookie(request, REFRESH, '', 0);
}

export function readRefreshCookie(request: Request): string | undefined {
  return readCookie(request, REFRESH);
}
