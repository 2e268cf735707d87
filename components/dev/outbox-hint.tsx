import Link from 'next/link';

/**
 * In development no mail leaves the machine: beside every "we sent you a link" this says where it
 * went. The production build leaves it out altogether (NODE_ENV is fixed when the page is built).
 */
export function DevOutboxHint() {
  if (process.env.NODE_ENV !== 'development') return null;
  return (
    <p className="mt-1 text-xs text-fg-subtle">
      Development: the mail is in{' '}
      <Link href="/dev/outbox" className="font-medium text-link underline hover:text-link-hover">
        /dev/outbox
      </Link>
      .
    </p>
  );
}
