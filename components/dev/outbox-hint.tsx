import Link from 'next/link';

/**
 * In development no mail leaves the machine: beside every "we sent you a link" this says where it
 * went. The production build leaves it out altogether (NODE_ENV is fixed when the page is built).
 */
export function DevOutboxHint() {
  if (process.env.NODE_ENV !== 'development') return null;
  return (
    <p className="mt-1 text-xs text-slate-500">
      Development: the mail is in{' '}
      <Link href="/dev/outbox" className="font-medium text-indigo-700 underline hover:text-indigo-500">
        /dev/outbox
      </Link>
      .
    </p>
  );
}
