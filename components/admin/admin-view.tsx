'use client';

import Link from 'next/link';
import { can } from '@/lib/auth/permissions';
import { useAuth } from '@/lib/client/auth-context';
import type { AdminUser } from '@/lib/admin/users';
import { usePagedList } from '@/lib/client/use-paged-list';
import { LoadState } from '../ui/load-state';
import { ShowMore } from '../ui/show-more';
import { UsersTable } from './users-table';
import { SecurityEventsTable } from './security-events-table';

function NotAnAdmin() {
  return (
    <div role="alert" className="mt-8 rounded-xl border border-warning-line bg-warning-soft p-6 text-warning">
      <p className="font-medium">Only admins can see this page.</p>
      <p className="mt-1 text-sm">If you were made an admin a moment ago, reload the page to pick up your new role.</p>
      <Link href="/dashboard" className="mt-3 inline-block text-sm font-medium text-warning underline">
        Back to your dashboard
      </Link>
    </div>
  );
}

function UsersAdmin({ selfId }: { selfId: string }) {
  const { loaded, reload, update, more, loadMore } = usePagedList<AdminUser>('/api/admin/users', 'users');
  return (
    <section aria-label="Accounts" className="mt-8 rounded-xl border border-line bg-surface p-6 shadow-sm">
      <LoadState loaded={loaded} loading="Loading the accounts…" onRetry={reload}>
        {({ items, nextCursor }) => (
          <>
            <UsersTable
              users={items}
              selfId={selfId}
              onSaved={(saved) => update((page) => ({ ...page, items: page.items.map((user) => (user.id === saved.id ? saved : user)) }))}
            />
            <ShowMore hasMore={nextCursor !== null} more={more} onMore={loadMore} label="Show more accounts" />
          </>
        )}
      </LoadState>
    </section>
  );
}

/** Roles and sessions of every account. The API refuses non-admins (403); the page says so first. */
export function AdminView() {
  const { user } = useAuth();
  if (!user) return null;
  return (
    <main className="mx-auto max-w-4xl px-6 py-10">
      <h1>Admin</h1>
      {can(user.role, 'users:manage') ? (
        <>
          <p className="mt-1 text-fg-muted">
            A new role reaches a person&apos;s access token at its next refresh, within minutes. Revoking sessions signs them out on
            every device at their next refresh. Disabling an account does that too and refuses its sign-ins until it is enabled
            again; an access token it already holds works until it expires.
          </p>
          <UsersAdmin selfId={user.id} />
          <SecurityEventsTable />
        </>
      ) : (
        <NotAnAdmin />
      )}
    </main>
  );
}
