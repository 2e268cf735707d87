import type { OutboxMail } from '@/lib/mail/outbox';
import { LinkedText } from './linked-text';

// Rendered on the server, so in its time zone: this page is for whoever runs it.
const sentFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

export function OutboxMailItem({ mail }: { mail: OutboxMail }) {
  const headingId = `mail-${mail.id}`;
  return (
    <li>
      <article aria-labelledby={headingId} className="rounded-xl border border-line bg-surface p-6 shadow-sm">
        <h2 id={headingId}>
          {mail.subject}
        </h2>
        <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 text-sm text-fg-muted">
          <dt>To</dt>
          <dd className="break-all text-fg">{mail.to}</dd>
          <dt>Sent</dt>
          <dd>
            <time dateTime={mail.sentAt}>{sentFormat.format(new Date(mail.sentAt))}</time>
          </dd>
        </dl>
        <div className="mt-4 whitespace-pre-wrap border-t border-line pt-4 text-sm text-fg">
          <LinkedText text={mail.text} />
        </div>
      </article>
    </li>
  );
}
