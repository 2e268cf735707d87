import { NextResponse, type NextRequest } from 'next/server';
import { requireUser } from '@/lib/auth/access';
import { readRefreshCookie } from '@/lib/auth/cookies';
import { verifyRefreshToken } from '@/lib/auth/tokens';
import { getConfig } from '@/lib/config/env';
import { appOrigin } from '@/lib/http/request-origin';
import { toErrorResponse } from '@/lib/http/respond';

/**
 * Edge check for every request (see docs/decisions/004-edge-middleware.md). It is a fast filter:
 * route handlers verify the access token again before touching data, so a request that slips past
 * here (a matcher gap, `x-middleware-subrequest` tricks) still meets a verifier.
 */

const PUBLIC_API = new Set([
  '/api/auth/register',
  '/api/auth/login',
  '/api/auth/refresh',
  '/api/auth/logout',
  '/api/auth/forgot-password',
  '/api/auth/reset-password',
  '/api/health',
]);

const PROTECTED_PAGES = [/^\/dashboard(\/|$)/, /^\/projects(\/|$)/, /^\/employees(\/|$)/, /^\/account(\/|$)/, /^\/admin(\/|$)/];

async function hasValidRefreshCookie(request: NextRequest): Promise<boolean> {
  const token = readRefreshCookie(request);
  if (!token) return false;
  try {
    await verifyRefreshToken(token, getConfig().refreshTokenSecret);
    return true;
  } catch {
    return false;
  }
}

export async function middleware(request: NextRequest) {
  const { pathname, search } = request.nextUrl;

  if (pathname.startsWith('/api/')) {
    if (PUBLIC_API.has(pathname)) return NextResponse.next();
    try {
      await requireUser(request);
      return NextResponse.next();
    } catch (error) {
      return toErrorResponse(error, `middleware ${pathname}`);
    }
  }

  if (PROTECTED_PAGES.some((pattern) => pattern.test(pathname)) && !(await hasValidRefreshCookie(request))) {
    const login = new URL('/login', appOrigin(request));
    login.searchParams.set('next', `${pathname}${search}`);
    return NextResponse.redirect(login);
  }
  return NextResponse.next();
}

export const config = {
  matcher: ['/api/:path*', '/dashboard/:path*', '/projects/:path*', '/employees/:path*', '/account/:path*', '/admin/:path*'],
};
