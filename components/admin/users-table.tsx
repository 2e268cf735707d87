import type { AdminUser } from '@/lib/admin/users';
import { DataTable } from '@/components/ui/data-table';
import { UserRow } from './user-row';

const COLUMNS = ['Name', 'Email', 'Joined', 'Role', 'Sessions', 'Access'];

export function UsersTable({ users, selfId, onSaved }: { users: readonly AdminUser[]; selfId: string; onSaved: (user: AdminUser) => void }) {
  return (
    <DataTable caption="Accounts, newest first" columns={COLUMNS}>
      {users.map((user) => (
        <UserRow key={user.id} user={user} isSelf={user.id === selfId} onSaved={onSaved} />
      ))}
    </DataTable>
  );
}
