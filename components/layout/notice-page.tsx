import Link from 'next/link';
import type { ReactNode } from 'react';
import { TEXT_LINK_CLASS } from '../ui/text-link';

/** The way home from a notice page: the dashboard for someone signed in, else the home page. */
export function WayHome({ signedIn }: { signedIn: boolean }) {
  return signedIn ? (
    <Link href="/dashboard" className={TEXT_LINK_CLASS}>
      Back to your dashboard
    </Link>
  ) : (
    <Link href="/" className={TEXT_LINK_CLASS}>
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
