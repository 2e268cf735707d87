import type { AdminUser } from '@/lib/admin/users';
import { DataCell, DataRow, RowHeaderCell } from '@/components/ui/data-table';
import { AccessToggle } from './access-toggle';
import { RevokeSessionsButton } from './revoke-sessions-button';
import { RoleSelect } from './role-select';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

export function UserRow({ user, isSelf, onSaved }: { user: AdminUser; isSelf: boolean; onSaved: (user: AdminUser) => void }) {
  return (
    <DataRow>
      <RowHeaderCell className="text-fg">
        {user.firstName} {user.lastName}
        {isSelf ? <span className="ml-1 font-normal text-fg-subtle">(you)</span> : null}
        {user.disabled ? <span className="ml-1 rounded bg-danger-soft px-1.5 py-0.5 text-xs font-medium text-danger">Disabled</span> : null}
      </RowHeaderCell>
      <DataCell label="Email" className="wrap-anywhere text-fg-muted">
        {user.email}
      </DataCell>
      <DataCell label="Joined" className="whitespace-nowrap text-fg-muted">
        {dateFormat.format(new Date(user.createdAt))}
      </DataCell>
      <DataCell label="Role">
        <RoleSelect user={user} onSaved={onSaved} />
      </DataCell>
      <DataCell label="Sessions">
        <RevokeSessionsButton user={user} />
      </DataCell>
      <DataCell label="Access">{isSelf ? <span className="text-sm text-fg-subtle">Enabled</span> : <AccessToggle user={user} onSaved={onSaved} />}</DataCell>
    </DataRow>
  );
}
