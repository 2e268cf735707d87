'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { can, type Permission } from '@/lib/auth/permissions';
import type { Role } from '@/lib/auth/roles';

const LINKS: readonly { href: string; label: string; permission?: Permission }[] = [
  { href: '/dashboard', label: 'Dashboard' },
  { href: '/employees', label: 'Employees' },
  { href: '/account', label: 'Account' },
  // The admin API refuses other roles anyway; the link is hidden so nobody is sent to a refusal.
  { href: '/admin', label: 'Admin', permission: 'users:manage' },
];

/** The signed-in user's pages; a project page counts as part of the dashboard, the token inspector as part of the account. */
export function MainNav({ role }: { role: Role }) {
  const pathname = usePathname();
  const current = pathname.startsWith('/projects/') ? '/dashboard' : pathname.startsWith('/account/') ? '/account' : pathname;
  return (
    <ul className="flex flex-wrap items-center gap-1 text-sm">
      {LINKS.filter((link) => !link.permission || can(role, link.permission)).map((link) => (
        <li key={link.href}>
          <Link
            href={link.href}
            aria-current={current === link.href ? 'page' : undefined}
            className="rounded-md px-2.5 py-1.5 font-medium text-slate-600 hover:bg-slate-100 hover:text-slate-900 aria-[current=page]:bg-slate-100 aria-[current=page]:text-slate-900"
          >
            {link.label}
          </Link>
        </li>
      ))}
    </ul>
  );
}
