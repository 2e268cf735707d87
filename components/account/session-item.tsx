'use client';

import { useState } from 'react';
import type { DeviceView } from '@/lib/sessions/device-view';
import { Button } from '../ui/button';
import { dateTimeFormat } from './format';

function When({ iso }: { iso: string }) {
  return <time dateTime={iso}>{dateTimeFormat.format(new Date(iso))}</time>;
}

/** One signed-in device. Only other devices can be revoked here; this one has `Log out`. */
export function SessionItem({ session, onRevoke }: { session: DeviceView; onRevoke: (session: DeviceView) => Promise<void> }) {
  const [busy, setBusy] = useState(false);

  async function revoke() {
    // aria-disabled rather than disabled while busy: a disabled button would drop keyboard focus.
    if (busy) return;
    setBusy(true);
    try {
      await onRevoke(session);
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className="flex flex-wrap items-start justify-between gap-3 py-3">
      <div className="text-sm">
        <p className="font-medium text-fg">
          {session.device}
          {session.current ? <span className="ml-2 rounded-full bg-accent-soft px-2 py-0.5 text-xs font-medium text-link">This device</span> : null}
        </p>
        <p className="mt-0.5 text-fg-muted">
          Signed in <When iso={session.createdAt} />, last used <When iso={session.lastUsedAt} />
        </p>
      </div>
      {session.current ? null : (
        <Button variant="danger-outline" onClick={revoke} aria-disabled={busy}>
          {busy ? 'Revoking…' : 'Revoke'}
          <span className="sr-only">
            {' '}
            the session on {session.device}, signed in {dateTimeFormat.format(new Date(session.createdAt))}
          </span>
        </Button>
      )}
    </li>
  );
}
