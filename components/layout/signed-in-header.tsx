'use client';

import { useState } from 'react';
import { authClient } from '@/lib/client/auth-context';
import type { PublicUser } from '@/lib/users/public-user';
import { Button } from '../ui/button';
import { HeaderBar } from './header-bar';
import { MainNav } from './main-nav';
import { PhoneMenu } from './phone-menu';

/**
 * The header of someone signed in: their pages inline from `sm` up and behind the Menu button
 * below it, and Log out. Between `sm` and `md` the "Signed in as" line gives way to the links.
 */
export function SignedInHeader({ user }: { user: PublicUser }) {
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
    <>
      <HeaderBar
        home="/dashboard"
        beside={
          <div className="max-sm:hidden">
            <MainNav role={user.role} />
          </div>
        }
      >
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
      </HeaderBar>
      {error ? (
        <p role="alert" className="bg-danger-soft px-6 py-2 text-center text-sm text-danger">
          {error}
        </p>
      ) : null}
    </>
  );
}
