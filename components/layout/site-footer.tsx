'use client';

import Link from 'next/link';
import { useAuth } from '@/lib/client/auth-context';

const LINK = 'font-medium text-fg-muted hover:text-fg hover:underline';

/**
 * The foot of every page: the product's name and the ways back that always exist, the home page
 * and, for someone signed in, their account. `fullLoads` makes the links plain anchors, for the
 * page that replaces a root layout that threw, where a client-side move would run it again.
 */
export function Footer({ signedIn, fullLoads = false }: { signedIn: boolean; fullLoads?: boolean }) {
  const links = [{ href: '/', label: 'Home' }, ...(signedIn ? [{ href: '/account', label: 'Your account' }] : [])];
  return (
    <footer className="border-t border-line bg-surface">
      <div className="mx-auto flex max-w-4xl flex-wrap items-center justify-between gap-x-6 gap-y-2 px-6 py-4 text-sm text-fg-muted">
        <p className="font-medium text-fg">JWT Auth</p>
        <nav aria-label="Footer">
          <ul className="flex flex-wrap gap-x-4 gap-y-1">
            {links.map(({ href, label }) => (
              <li key={href}>
                {fullLoads ? (
                  <a href={href} className={LINK}>
                    {label}
                  </a>
                ) : (
                  <Link href={href} className={LINK}>
                    {label}
                  </Link>
                )}
              </li>
            ))}
          </ul>
        </nav>
      </div>
    </footer>
  );
}

/**
 * The footer under the root layout, following the session as the header does. While a session is
 * restored it waits: the page above it is then a placeholder of another height, and a footer
 * drawn under that is pushed down, or off a phone's screen, when the page comes (a layout shift).
 */
export function SiteFooter() {
  const { status } = useAuth();
  if (status === 'loading') return null;
  return <Footer signedIn={status === 'authenticated'} />;
}
