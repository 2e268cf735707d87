import type { PublicUser } from '@/lib/users/public-user';
import { DataTable } from '@/components/ui/data-table';
import { UserRow } from './user-row';

const COLUMNS = ['Name', 'Email', 'Joined', 'Role', 'Sessions'];

export function UsersTable({ users, selfId, onSaved }: { users: readonly PublicUser[]; selfId: string; onSaved: (user: PublicUser) => void }) {
  return (
    <DataTable caption="Accounts, oldest first" columns={COLUMNS}>
      {users.map((user) => (
        <UserRow key={user.id} user={user} isSelf={user.id === selfId} onSaved={onSaved} />
      ))}
    </DataTable>
  );
}
