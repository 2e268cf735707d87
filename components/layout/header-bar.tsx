import Link from 'next/link';
import type { ReactNode } from 'react';

/**
 * The header's one row, as tall before the session is known as after (min-h-14.5 is the padding
 * plus a bordered button such as Log out or Menu), so nothing below moves when the header fills in.
 * `home` is where the product's name leads, `beside` sits next to it, `children` at the far end.
 */
export function HeaderBar({ home, beside, children }: { home: '/' | '/dashboard'; beside?: ReactNode; children?: ReactNode }) {
  return (
    <nav aria-label="Main" className="mx-auto flex min-h-14.5 max-w-4xl items-center justify-between gap-x-4 gap-y-2 px-6 py-3 sm:flex-wrap">
      <div className="flex items-center gap-x-4">
        <Link href={home} className="font-semibold whitespace-nowrap text-fg">
          JWT Auth
        </Link>
        {beside}
      </div>
      {children}
    </nav>
  );
}
