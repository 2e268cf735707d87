import Link from 'next/link';
import type { ReactNode } from 'react';

/** The look of a way on from a notice page: a plain link, or a Link, styled alike. */
export const NOTICE_LINK = 'font-medium text-link hover:underline';

/** The way home from a notice page: the dashboard for someone signed in, else the home page. */
export function WayHome({ signedIn }: { signedIn: boolean }) {
  return signedIn ? (
    <Link href="/dashboard" className={NOTICE_LINK}>
      Back to your dashboard
    </Link>
  ) : (
    <Link href="/" className={NOTICE_LINK}>
      Back to the home page
    </Link>
  );
}

/**
 * A page that only has something to tell (nothing here, something broke): a heading that says
 * what happened, a sentence, and the ways on from there.
 */
export function NoticePage({ title, message, children }: { title: string; message: string; children: ReactNode }) {
  return (
    <main className="mx-auto max-w-4xl px-6 py-10">
      <div className="rounded-xl border border-line bg-surface p-6 shadow-sm">
        <h1>{title}</h1>
        <p className="mt-2 text-fg-muted">{message}</p>
        <div className="mt-4 flex flex-wrap items-center gap-x-6 gap-y-3">{children}</div>
      </div>
    </main>
  );
}
