import type { PublicUser } from '@/lib/users/public-user';
import { UserRow } from './user-row';

const HEAD = 'px-3 py-2 text-left font-medium text-slate-600';
const COLUMNS = ['Name', 'Email', 'Joined', 'Role', 'Sessions'];

export function UsersTable({ users, selfId, onSaved }: { users: readonly PublicUser[]; selfId: string; onSaved: (user: PublicUser) => void }) {
  // relative: screen-reader-only text in cells scrolled out of view must stay inside this box, not widen the page.
  return (
    <div className="relative overflow-x-auto">
      <table className="w-full text-sm">
        <caption className="sr-only">Accounts, oldest first</caption>
        <thead className="border-b border-slate-200">
          <tr>
            {COLUMNS.map((column) => (
              <th key={column} scope="col" className={HEAD}>
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200">
          {users.map((user) => (
            <UserRow key={user.id} user={user} isSelf={user.id === selfId} onSaved={onSaved} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
