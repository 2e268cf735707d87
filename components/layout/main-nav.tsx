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

const LAYOUTS = {
  row: { list: 'flex flex-wrap items-center gap-1', link: 'px-2.5 py-1.5' },
  // In the phone menu: one link a line, each a full-width target for a thumb.
  column: { list: 'flex flex-col gap-1', link: 'block px-3 py-2.5' },
} as const;

/** The signed-in user's pages; a project page counts as part of the dashboard, the token inspector as part of the account. */
export function MainNav({ role, layout = 'row' }: { role: Role; layout?: keyof typeof LAYOUTS }) {
  const pathname = usePathname();
  const current = pathname.startsWith('/projects/') ? '/dashboard' : pathname.startsWith('/account/') ? '/account' : pathname;
  const { list, link: linkLayout } = LAYOUTS[layout];
  return (
    <ul className={`${list} text-sm`}>
      {LINKS.filter((link) => !link.permission || can(role, link.permission)).map((link) => (
        <li key={link.href}>
          <Link
            href={link.href}
            aria-current={current === link.href ? 'page' : undefined}
            className={`${linkLayout} rounded-md font-medium text-fg-muted hover:bg-subtle hover:text-fg aria-[current=page]:bg-subtle aria-[current=page]:text-fg`}
          >
            {link.label}
          </Link>
        </li>
      ))}
    </ul>
  );
}
