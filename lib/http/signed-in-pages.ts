/**
 * The first path segment of every page under app/(signed-in)/, the pages that need a user. The
 * middleware sends a visitor without a valid refresh cookie from any of them (and anything below)
 * to /login; tests/unit/route-policy.test.ts checks this list against the folder.
 */
export const SIGNED_IN_PAGE_SECTIONS: readonly string[] = ['/dashboard', '/projects', '/employees', '/account', '/admin'];

export function isSignedInPage(pathname: string): boolean {
  return SIGNED_IN_PAGE_SECTIONS.some((section) => pathname === section || pathname.startsWith(`${section}/`));
}
