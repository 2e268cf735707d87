import type { AdminUser } from '@/lib/admin/users';
import { AccessToggle } from './access-toggle';
import { RevokeSessionsButton } from './revoke-sessions-button';
import { RoleSelect } from './role-select';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const CELL = 'px-3 py-2 align-top';

export function UserRow({ user, isSelf, onSaved }: { user: AdminUser; isSelf: boolean; onSaved: (user: AdminUser) => void }) {
  return (
    <tr>
      <th scope="row" className={`${CELL} text-left font-medium text-slate-900`}>
        {user.firstName} {user.lastName}
        {isSelf ? <span className="ml-1 font-normal text-slate-500">(you)</span> : null}
        {user.disabled ? <span className="ml-1 rounded bg-red-50 px-1.5 py-0.5 text-xs font-medium text-red-800">Disabled</span> : null}
      </th>
      <td className={`${CELL} break-words text-slate-700`}>{user.email}</td>
      <td className={`${CELL} whitespace-nowrap text-slate-700`}>{dateFormat.format(new Date(user.createdAt))}</td>
      <td className={CELL}>
        <RoleSelect user={user} onSaved={onSaved} />
      </td>
      <td className={CELL}>
        <RevokeSessionsButton user={user} />
      </td>
      <td className={CELL}>{isSelf ? <span className="text-sm text-slate-500">Enabled</span> : <AccessToggle user={user} onSaved={onSaved} />}</td>
    </tr>
  );
}
