'use client';

import { usePathname, useRouter } from 'next/navigation';
import { useEffect, type ReactNode } from 'react';
import { useAuth } from '@/lib/client/auth-context';
import { ACCOUNT_DELETED } from '@/lib/client/account-deleted';
import { SESSION_ENDED_PARAM } from '@/lib/client/session-ended';
import { Button } from '../ui/button';

/**
 * Client-side guard for pages that need a user. The edge middleware already sent visitors without
 * a valid refresh cookie to /login; this covers a session that ends while the page is open
 * (logout in another tab, a revoked or expired session). Until the session is restored it shows
 * `frame`: the page's own static parts, drawn by the server, with placeholders where the user's
 * data goes, so the page is there at first paint and fills in; a generic skeleton by default.
 */
export function RequireAuth({ children, frame }: { children: ReactNode; frame?: ReactNode }) {
  const { status, signedOutReason, retry } = useAuth();
  const router = useRouter();
  const pathname = usePathname();

  useEffect(() => {
    if (status !== 'anonymous') return;
    const next = `${pathname}${window.location.search}`;
    if (signedOutReason === 'deleted') router.replace(`/?${ACCOUNT_DELETED}`);
    else if (signedOutReason === 'logout') router.replace('/login');
    else router.replace(`/login?next=${encodeURIComponent(next)}${signedOutReason === 'expired' ? `&${SESSION_ENDED_PARAM}=1` : ''}`);
  }, [status, signedOutReason, pathname, router]);

  if (status === 'authenticated') return <>{children}</>;
  if (status === 'unavailable') {
    return (
      <main className="mx-auto max-w-md px-6 pt-16">
        <div role="alert" className="rounded-lg border border-warning-line bg-warning-soft p-6 text-warning">
          <h1 className="text-base tracking-normal text-warning">We could not reach the server to restore your session.</h1>
          <Button onClick={retry} className="mt-4">
            Try again
          </Button>
        </div>
      </main>
    );
  }
  return frame ?? <SessionSkeleton />;
}

/**
 * While the session is restored: the page's frame, a heading that says what is happening and
 * grey blocks where a signed-in page's heading and first card go, so the page fills in rather
 * than appearing from a blank line. The blocks pulse only for people who have not asked for
 * reduced motion.
 */
function SessionSkeleton() {
  return (
    <main className="mx-auto max-w-4xl px-6 py-10" aria-busy="true">
      <div role="status">
        <h1 className="text-sm font-normal tracking-normal text-fg-subtle">Loading your session…</h1>
      </div>
      <div aria-hidden="true" className="mt-3 space-y-6 motion-safe:animate-pulse">
        <div className="h-8 w-56 rounded-md bg-muted" />
        <div className="space-y-3 rounded-xl border border-line bg-surface p-6 shadow-sm">
          <div className="h-4 w-40 rounded bg-muted" />
          <div className="h-4 w-full rounded bg-subtle" />
          <div className="h-4 w-5/6 rounded bg-subtle" />
          <div className="h-9 w-32 rounded-md bg-muted" />
        </div>
      </div>
    </main>
  );
}
