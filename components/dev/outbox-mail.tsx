import type { OutboxMail } from '@/lib/mail/outbox';
import { LinkedText } from './linked-text';

// Rendered on the server, so in its time zone: this page is for whoever runs it.
const sentFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

export function OutboxMailItem({ mail }: { mail: OutboxMail }) {
  const headingId = `mail-${mail.id}`;
  return (
    <li>
      <article aria-labelledby={headingId} className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <h2 id={headingId} className="text-lg font-medium text-slate-900">
          {mail.subject}
        </h2>
        <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 text-sm text-slate-600">
          <dt>To</dt>
          <dd className="break-all text-slate-900">{mail.to}</dd>
          <dt>Sent</dt>
          <dd>
            <time dateTime={mail.sentAt}>{sentFormat.format(new Date(mail.sentAt))}</time>
          </dd>
        </dl>
        <div className="mt-4 whitespace-pre-wrap border-t border-slate-200 pt-4 text-sm text-slate-800">
          <LinkedText text={mail.text} />
        </div>
      </article>
    </li>
  );
}
