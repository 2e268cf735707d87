'use client';

import Link from 'next/link';
import { useState } from 'react';
import { authClient, useAuth } from '@/lib/client/auth-context';
import { Button, buttonClassName } from '../ui/button';
import { MainNav } from './main-nav';
import { PhoneMenu } from './phone-menu';

/**
 * One row at every width, and as tall before the session is known as after (min-h-14.5 is the
 * padding plus a bordered button such as Log out or Menu), so nothing below moves when the header
 * fills in. A signed-in user's pages sit inline from `sm` up and behind the Menu button below it;
 * a visitor's two links fit a phone as they are. Between `sm` and `md` the "Signed in as" line
 * gives way to the links.
 */
export function SiteHeader() {
  const { status, user } = useAuth();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function logOut() {
    setBusy(true);
    setError(null);
    try {
      await authClient().logout();
    } catch {
      setError('Could not log out: the server is unreachable. Try again.');
    } finally {
      setBusy(false);
    }
  }

  const logOutButton = (
    <Button onClick={logOut} disabled={busy}>
      {busy ? 'Logging out…' : 'Log out'}
    </Button>
  );

  return (
    <header className="relative border-b border-line bg-surface">
      <nav aria-label="Main" className="mx-auto flex min-h-14.5 max-w-4xl items-center justify-between gap-x-4 gap-y-2 px-6 py-3 sm:flex-wrap">
        <div className="flex items-center gap-x-4">
          <Link href={status === 'authenticated' ? '/dashboard' : '/'} className="font-semibold whitespace-nowrap text-fg">
            JWT Auth
          </Link>
          {status === 'authenticated' && user ? (
            <div className="max-sm:hidden">
              <MainNav role={user.role} />
            </div>
          ) : null}
        </div>
        {status === 'authenticated' && user ? (
          <>
            <div className="flex items-center gap-3 text-sm max-sm:hidden">
              {/* A first name may run to 100 characters: the row keeps its height, the account page has it in full. */}
              <span className="whitespace-nowrap text-fg-muted max-md:hidden">
                Signed in as <strong className="inline-block max-w-40 truncate align-bottom font-medium">{user.firstName}</strong>
              </span>
              {logOutButton}
            </div>
            <PhoneMenu>
              <MainNav role={user.role} layout="column" />
              <div className="mt-3 flex flex-wrap items-center justify-between gap-3 border-t border-line pt-3 text-sm">
                <span className="min-w-0 break-words text-fg-muted">
                  Signed in as <strong className="font-medium">{user.firstName}</strong>
                </span>
                {logOutButton}
              </div>
            </PhoneMenu>
          </>
        ) : status === 'anonymous' ? (
          <div className="flex items-center gap-3 text-sm">
            <Link href="/login" className="font-medium whitespace-nowrap text-fg-muted hover:text-fg">
              Log in
            </Link>
            <Link href="/register" className={`${buttonClassName('primary')} whitespace-nowrap`}>
              Sign up
            </Link>
          </div>
        ) : null}
      </nav>
      {error ? (
        <p role="alert" className="bg-danger-soft px-6 py-2 text-center text-sm text-danger">
          {error}
        </p>
      ) : null}
    </header>
  );
}
