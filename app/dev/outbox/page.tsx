import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { OutboxMailItem } from '@/components/dev/outbox-mail';
import { getConfig } from '@/lib/config/env';
import { listOutbox } from '@/lib/mail/outbox';
import { outboxOpenTo } from '@/lib/mail/outbox-access';

/**
 * Whether the page exists depends on the running server's configuration and on who asks, so it
 * is decided per request, never cached or prerendered (the outbox also fills as mail is sent).
 */
async function notFoundUnlessOpen(): Promise<void> {
  await connection();
  if (!outboxOpenTo(getConfig(), await headers())) notFound();
}

// Asked here too, before the page: Next resolves a page's metadata on its own, and a browser would
// otherwise show this page's title above the 404.
export async function generateMetadata(): Promise<Metadata> {
  await notFoundUnlessOpen();
  return { title: 'Development outbox · JWT Auth', robots: { index: false, follow: false } };
}

/** The mail a server without SMTP_URL would have sent. Nothing links here: it is a developer's page. */
export default async function OutboxPage() {
  await notFoundUnlessOpen();
  const mails = listOutbox();

  return (
    <main className="mx-auto max-w-4xl px-6 py-10">
      <h1>Development outbox</h1>
      <p className="mt-1 text-fg-muted">
        No SMTP_URL is set, so mail stays here instead of being sent: the newest 20, newest first, until the server restarts.
        The page exists in development only, or where DEV_OUTBOX is on for tests, and only for visitors on this machine.
      </p>
      {mails.length === 0 ? (
        <p className="mt-8 text-fg-muted">No mail yet. Sign up or ask for a password reset, then reload this page.</p>
      ) : (
        <ol className="mt-8 space-y-6">
          {mails.map((mail) => (
            <OutboxMailItem key={mail.id} mail={mail} />
          ))}
        </ol>
      )}
    </main>
  );
}
