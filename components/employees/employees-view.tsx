'use client';

import { can } from '@/lib/auth/permissions';
import { useAuth } from '@/lib/client/auth-context';
import { usePagedList } from '@/lib/client/use-paged-list';
import type { Employee } from '@/lib/resources/shapes';
import { LoadState } from '../ui/load-state';
import { ShowMore } from '../ui/show-more';
import { EmployeeForm } from './employee-form';
import { EmployeeTable } from './employee-table';

function rightsNote(mayWrite: boolean, mayDelete: boolean): string {
  if (mayDelete) return 'You can add, edit and delete entries.';
  if (mayWrite) return 'You can add and edit entries; only admins can delete them.';
  return 'Editors and admins can change it.';
}

/**
 * The shared directory. Everyone reads it; the buttons shown follow the role in the current access
 * token, which a reload refreshes after an admin changes it.
 */
export function EmployeesView() {
  const { user } = useAuth();
  // Writes re-read the first page rather than patch the list: the server decides the order.
  const { loaded, reload, more, loadMore } = usePagedList<Employee>('/api/employees', 'employees');
  if (!user) return null;
  const mayWrite = can(user.role, 'employees:write');
  const mayDelete = can(user.role, 'employees:delete');

  return (
    <main className="mx-auto max-w-4xl px-6 py-10">
      <h1>Employees</h1>
      <p className="mt-1 text-fg-muted">The company directory. {rightsNote(mayWrite, mayDelete)}</p>

      <section aria-label="Directory" className="mt-8 rounded-xl border border-line bg-surface p-6 shadow-sm">
        <LoadState loaded={loaded} loading="Loading the directory…" onRetry={reload}>
          {({ items, nextCursor }) => (
            <>
              <EmployeeTable employees={items} mayWrite={mayWrite} mayDelete={mayDelete} onChanged={reload} />
              <ShowMore hasMore={nextCursor !== null} more={more} onMore={loadMore} label="Show more employees" />
            </>
          )}
        </LoadState>
      </section>

      {mayWrite ? (
        <section aria-labelledby="add-employee-heading" className="mt-6 rounded-xl border border-line bg-surface p-6 shadow-sm">
          <h2 id="add-employee-heading" className="mb-4">
            Add an employee
          </h2>
          <EmployeeForm onSaved={reload} />
        </section>
      ) : null}
    </main>
  );
}
