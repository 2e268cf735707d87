import { NextResponse, type NextRequest } from 'next/server';
import { requireUser } from '@/lib/auth/access';
import { browserAccount } from '@/lib/auth/browser-session';
import { getConfig } from '@/lib/config/env';
import { errors } from '@/lib/http/errors';
import { FORM_SENT_EARLY_PARAM } from '@/lib/http/form-sent-early';
import { isHttps } from '@/lib/http/request-origin';
import { errorResponse, toErrorResponse } from '@/lib/http/respond';
import { contentSecurityPolicy, createNonce, HSTS, SESSION_HINT_HEADER } from '@/lib/http/security-headers';
import { isSignedInPage } from '@/lib/http/signed-in-pages';
import { OUTBOX_PATH, outboxOpenTo } from '@/lib/mail/outbox-access';

/**
 * Edge check for every request (see docs/decisions/004-edge-middleware.md). For the API it is a
 * fast filter: route handlers verify the access token again before touching data, so a request
 * that slips past here (a matcher gap, `x-middleware-subrequest` tricks) still meets a verifier.
 * For pages it guards the protected ones and sets a per-request Content-Security-Policy.
 */

async function hasValidRefreshCookie(request: NextRequest): Promise<boolean> {
  return (await browserAccount(request)) !== undefined;
}

// Next.js answers a path it cannot percent-decode with a plain-text 500 before any route runs.
// Escaping its `%` signs hands the route the text as typed instead (`%C0%AF` as an id), which it
// refuses like any other malformed input: the resource's own 404.
function undecodable(request: NextRequest): NextResponse | null {
  const { pathname, search } = request.nextUrl;
  try {
    decodeURIComponent(pathname);
    return null;
  } catch {
    return NextResponse.rewrite(new URL(`${pathname.replaceAll('%', '%25')}${search}`, request.url));
  }
}

async function apiRequest(request: NextRequest): Promise<Response> {
  const { pathname } = request.nextUrl;
  try {
    await requireUser(request);
    return undecodable(request) ?? NextResponse.next();
  } catch (error) {
    return toErrorResponse(error, `middleware ${pathname}`);
  }
}

const PAGE_METHODS = ['GET', 'HEAD', 'POST', 'OPTIONS'];

/**
 * Pages are read with GET and HEAD. A POST to a page is a form sent before the page's script took
 * over (a slow network, a blocked script): the forms that hold a password say `method="post"` so
 * that it travels in the body, never the URL. The body is not read here, so the password is never
 * looked at, logged or echoed: the person is sent back to the same page (path and query, `next`
 * included) with a marker that makes the form say what happened. 303 turns the POST into a GET,
 * so a reload does not send the form again. The app has no server actions, so no POST to a page
 * means anything else. Other methods get the API's JSON 405.
 */
function pageMethodAnswer(request: NextRequest): Response | null {
  switch (request.method) {
    case 'GET':
    case 'HEAD':
      return null;
    case 'POST': {
      const back = request.nextUrl.clone();
      back.searchParams.set(FORM_SENT_EARLY_PARAM, '1');
      return NextResponse.redirect(back, 303);
    }
    case 'OPTIONS':
      return new Response(null, { status: 204, headers: { Allow: PAGE_METHODS.join(', ') } });
    default:
      return errorResponse(errors.methodNotAllowed(PAGE_METHODS));
  }
}

// Next's own route for addresses no page answers: app/not-found.tsx, drawn in full, with a 404.
const NOT_FOUND_ROUTE = '/_not-found';

/**
 * /dev/outbox where it does not exist for this client. The page asks too, but its `notFound()`,
 * thrown after a per-request read, gets Next's error shell: a 404 whose HTML is blank until script
 * runs. Answered here, it is the same page as any unknown address.
 */
function closedOutbox(request: NextRequest): boolean {
  return request.nextUrl.pathname === OUTBOX_PATH && !outboxOpenTo(getConfig(), request.headers);
}

async function pageRequest(request: NextRequest): Promise<Response> {
  const { pathname, search } = request.nextUrl;
  const answer = pageMethodAnswer(request);
  if (answer) return answer;
  // A page path that cannot be decoded names no page; a plain 404 needs no CSP or scripts.
  if (undecodable(request)) return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  const hasSession = await hasValidRefreshCookie(request);
  if (!hasSession && isSignedInPage(pathname)) {
    // Resolved against Next's own idea of the URL, not the Host header (which could point a shared
    // cache's visitors at another host); Next sends a same-origin Location as a relative one.
    const login = new URL('/login', request.url);
    login.searchParams.set('next', `${pathname}${search}`);
    return NextResponse.redirect(login);
  }

  const https = isHttps(request);
  const nonce = createNonce();
  const csp = contentSecurityPolicy(nonce, { development: process.env.NODE_ENV === 'development', https });
  const forwarded = new Headers(request.headers);
  // Next reads the nonce from the request's CSP header and stamps it on its own scripts.
  forwarded.set('content-security-policy', csp);
  forwarded.set(SESSION_HINT_HEADER, hasSession ? '1' : '0');
  const response = closedOutbox(request)
    ? NextResponse.rewrite(new URL(NOT_FOUND_ROUTE, request.url), { request: { headers: forwarded } })
    : NextResponse.next({ request: { headers: forwarded } });
  response.headers.set('Content-Security-Policy', csp);
  if (https) response.headers.set('Strict-Transport-Security', HSTS);
  return response;
}

export function middleware(request: NextRequest): Promise<Response> {
  return request.nextUrl.pathname.startsWith('/api/') ? apiRequest(request) : pageRequest(request);
}

// Every API path that reaches the middleware needs an access token: the public routes and the
// scheduler's (lib/http/public-routes.ts) are left out here. Next reads the matcher from the source at build
// time, so it must be a literal; tests/unit/route-policy.test.ts checks it against that list. The
// published key set is left out too: it is public JSON for other services, with no session to
// check and no page to protect. `/favicon.ico` and `/robots.txt` pass here: the app serves
// neither, and their 404 is an HTML page that needs the Content-Security-Policy like any other.
export const config = {
  matcher: [
    '/((?!_next/static|_next/image|\\.well-known/jwks\\.json$|api/health$|api/auth/(?:register|login|login/mfa|refresh|logout|forgot-password|reset-password|reset-password/check|verify-email|verify-email/request|passkeys/login|passkeys/login/options)$|api/bench/(?:public|session)$|api/cron/prune$).*)',
  ],
};
