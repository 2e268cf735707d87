import { isHttps } from '../http/request-origin';

/**
 * Over HTTPS the cookie takes the `__Host-` prefix: the browser then insists on Secure, Path=/ and
 * no Domain, so a sibling subdomain cannot plant or overwrite it.
 */
const cookieName = (https: boolean) => (https ? '__Host-refresh_token' : 'refresh_token');

export function refreshCookieName(request: Request): string {
  return cookieName(isHttps(request));
}

function serialize(request: Request, value: string, maxAge: number): string {
  const https = isHttps(request);
  const parts = [`${cookieName(https)}=${value}`, 'Path=/', `Max-Age=${maxAge}`, 'HttpOnly', 'SameSite=Strict'];
  if (https) parts.push('Secure');
  return parts.join('; ');
}

export function refreshCookie(request: Request, token: string, maxAge: number): string {
  return serialize(request, token, maxAge);
}

export function clearedRefreshCookie(request: Request): string {
  return serialize(request, '', 0);
}

export function readRefreshCookie(request: Request): string | undefined {
  const name = refreshCookieName(request);
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const separator = part.indexOf('=');
    if (separator > 0 && part.slice(0, separator).trim() === name) {
      return part.slice(separator + 1).trim() || undefined;
    }
  }
  return undefined;
}
