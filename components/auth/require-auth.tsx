'use client';

import { usePathname, useRouter } from 'next/navigation';
import { useEffect, type ReactNode } from 'react';
import { useAuth } from '@/lib/client/auth-context';
import { ACCOUNT_DELETED } from '@/lib/client/account-deleted';
import { SESSION_ENDED_PARAM } from '@/lib/client/session-ended';

/**
 * Client-side guard for pages that need a user. The edge middleware already sent visitors without
 * a valid refresh cookie to /login; this covers a session that ends while the page is open
 * (logout in another tab, a revoked or expired session).
 */
export function RequireAuth({ children }: { children: ReactNode }) {
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
      <div role="alert" className="mx-auto mt-16 max-w-md rounded-lg border border-amber-300 bg-amber-50 p-6 text-amber-900">
        <p className="font-medium">We could not reach the server to restore your session.</p>
        <button type="button" onClick={retry} className="mt-4 rounded-md bg-amber-900 px-4 py-2 text-sm font-medium text-white hover:bg-amber-800">
          Try again
        </button>
      </div>
    );
  }
  return (
    <p role="status" className="mx-auto mt-16 max-w-md text-center text-slate-500">
      Loading your session…
    </p>
  );
}
