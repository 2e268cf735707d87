import 'server-only';
import { errors } from './errors';
import { appOrigin } from './request-origin';

function refererOrigin(referer: string | null): string | null {
  if (!referer) return null;
  try {
    return new URL(referer).origin;
  } catch {
    return 'null';
  }
}

/**
 * CSRF defence for cookie-authenticated POSTs, on top of SameSite=Strict: a browser request must
 * come from the app's own origin. Requests with neither Origin nor Referer are not from a browser
 * page (a browser always sends Origin on a POST), and the cookie they carry was not ridden.
 */
export function assertSameOrigin(request: Request): void {
  if (request.headers.get('sec-fetch-site') === 'cross-site') throw errors.forbiddenOrigin();
  const origin = request.headers.get('origin') ?? refererOrigin(request.headers.get('referer'));
  if (origin === null) return;
  if (origin !== appOrigin(request)) throw errors.forbiddenOrigin();
}
