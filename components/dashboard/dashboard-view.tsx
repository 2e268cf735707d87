'use client';

import { useState } from 'react';
import { authClient, useAuth } from '@/lib/client/auth-context';
import { errorMessage } from '@/lib/client/problem-message';
import type { PublicUser } from '@/lib/users/public-user';
import { ProjectsSection } from '../projects/projects-section';
import { Button } from '../ui/button';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'long' });
const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });

export function DashboardView() {
  const { user } = useAuth();
  const [check, setCheck] = useState<{ at: Date; user: PublicUser } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!user) return null;

  async function verify() {
    setBusy(true);
    setError(null);
    try {
      const body = await authClient().json<{ user: PublicUser }>('/api/auth/me');
      setCheck({ at: new Date(), user: body.user });
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="mx-auto max-w-4xl px-6 py-10">
      <h1 className="text-2xl font-semibold text-slate-900">Hello, {user.firstName}</h1>
      <p className="mt-1 text-slate-600">You are signed in. Your access token lives only in this page&apos;s memory.</p>

      <ProjectsSection />

      <section aria-labelledby="profile-heading" className="mt-6 rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <h2 id="profile-heading" className="text-lg font-medium text-slate-900">
          Your account
        </h2>
        <dl className="mt-4 grid gap-3 text-sm sm:grid-cols-2">
          <div>
            <dt className="text-slate-500">Name</dt>
            <dd className="text-slate-900">
              {user.firstName} {user.lastName}
            </dd>
          </div>
          <div>
            <dt className="text-slate-500">Email</dt>
            <dd className="text-slate-900">{user.email}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Role</dt>
            <dd className="text-slate-900">{user.role}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Member since</dt>
            <dd className="text-slate-900">{dateFormat.format(new Date(user.createdAt))}</dd>
          </div>
        </dl>
      </section>

      <section aria-labelledby="session-heading" className="mt-6 rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <h2 id="session-heading" className="text-lg font-medium text-slate-900">
          Session check
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          Calls a protected API with your access token. If the token has expired, the app renews it with your refresh
          cookie and retries, without you noticing.
        </p>
        <Button variant="primary" onClick={verify} disabled={busy} className="mt-4">
          {busy ? 'Checking…' : 'Check my session'}
        </Button>
        <p role="status" className="mt-3 text-sm text-slate-700">
          {check ? `Verified by the server at ${timeFormat.format(check.at)} as ${check.user.email}.` : ''}
        </p>
        {error ? (
          <p role="alert" className="mt-2 text-sm text-red-700">
            {error}
          </p>
        ) : null}
      </section>
    </main>
  );
}
