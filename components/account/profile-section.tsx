import type { PublicUser } from '@/lib/users/public-user';
import { dateFormat } from './format';
import { Panel } from './panel';

function Detail({ term, children }: { term: string; children: string }) {
  return (
    <div>
      <dt className="text-slate-500">{term}</dt>
      <dd className="break-all text-slate-900">{children}</dd>
    </div>
  );
}

export function ProfileSection({ user }: { user: PublicUser }) {
  return (
    <Panel title="Profile">
      <dl className="mt-4 grid gap-3 text-sm sm:grid-cols-2">
        <Detail term="Name">{`${user.firstName} ${user.lastName}`}</Detail>
        <Detail term="Email">{user.email}</Detail>
        <Detail term="Role">{user.role}</Detail>
        <Detail term="Member since">{dateFormat.format(new Date(user.createdAt))}</Detail>
      </dl>
    </Panel>
  );
}
