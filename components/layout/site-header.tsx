'use client';

import Link from 'next/link';
import { lazy, Suspense, useEffect } from 'react';
import { useAuth } from '@/lib/client/auth-context';
import { buttonClassName } from '../ui/button';
import { HeaderBar } from './header-bar';

// A visitor's pages (/login above all) never draw the signed-in header, so its nav, menu and Log
// out come in a chunk of their own, fetched as soon as a session is being restored or has begun.
const loadSignedInHeader = () => import('./signed-in-header');
const SignedInHeader = lazy(() => loadSignedInHeader().then((module) => ({ default: module.SignedInHeader })));

/** The header of every page, following the session: a visitor's two links fit a phone as they are. */
export function SiteHeader() {
  const { status, user } = useAuth();

  useEffect(() => {
    if (status === 'loading') void loadSignedInHeader();
  }, [status]);

  return (
    <header className="relative border-b border-line bg-surface">
      {status === 'authenticated' && user ? (
        <Suspense fallback={<HeaderBar home="/dashboard" />}>
          <SignedInHeader user={user} />
        </Suspense>
      ) : (
        <HeaderBar home="/">
          {status === 'anonymous' ? (
            <div className="flex items-center gap-3 text-sm">
              <Link href="/login" className="font-medium whitespace-nowrap text-fg-muted hover:text-fg">
                Log in
              </Link>
              <Link href="/register" className={`${buttonClassName('primary')} whitespace-nowrap`}>
                Sign up
              </Link>
            </div>
          ) : null}
        </HeaderBar>
      )}
    </header>
  );
}
