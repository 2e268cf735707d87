'use client';

import Link from 'next/link';
import { useState } from 'react';
import { authClient, useAuth } from '@/lib/client/auth-context';
import { Button, buttonClassName } from '../ui/button';
import { MainNav } from './main-nav';

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

  return (
    <header className="border-b border-slate-200 bg-white">
      <nav aria-label="Main" className="mx-auto flex max-w-4xl flex-wrap items-center justify-between gap-x-4 gap-y-2 px-6 py-3">
        <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
          <Link href={status === 'authenticated' ? '/dashboard' : '/'} className="font-semibold text-slate-900">
            JWT Auth
          </Link>
          {status === 'authenticated' && user ? <MainNav role={user.role} /> : null}
        </div>
        {status === 'authenticated' && user ? (
          <div className="flex items-center gap-3 text-sm">
            <span className="text-slate-700">
              Signed in as <strong className="font-medium">{user.firstName}</strong>
            </span>
            <Button onClick={logOut} disabled={busy}>
              {busy ? 'Logging out…' : 'Log out'}
            </Button>
          </div>
        ) : status === 'anonymous' ? (
          <div className="flex items-center gap-3 text-sm">
            <Link href="/login" className="font-medium text-slate-700 hover:text-slate-900">
              Log in
            </Link>
            <Link href="/register" className={buttonClassName('primary')}>
              Sign up
            </Link>
          </div>
        ) : null}
      </nav>
      {error ? (
        <p role="alert" className="bg-red-50 px-6 py-2 text-center text-sm text-red-800">
          {error}
        </p>
      ) : null}
    </header>
  );
}
