'use client';

import { useState } from 'react';
import { sendJson } from '@/lib/client/api';
import { errorMessage } from '@/lib/client/problem-message';
import type { PublicUser } from '@/lib/users/public-user';
import { ActionMessage, type ActionResult } from '../ui/action-message';
import { Button } from '../ui/button';

function endedText(revoked: number): string {
  if (revoked === 0) return 'No sessions were active.';
  return `Ended ${revoked} session${revoked === 1 ? '' : 's'}.`;
}

/** Ends every refresh session of a user: each of their devices is signed out at its next refresh. */
export function RevokeSessionsButton({ user }: { user: PublicUser }) {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ActionResult>(null);

  async function revoke() {
    // aria-disabled rather than disabled while busy: a disabled button would drop keyboard focus.
    if (busy) return;
    setBusy(true);
    setResult(null);
    try {
      const body = await sendJson<{ revoked: number }>('POST', `/api/admin/users/${user.id}/revoke-sessions`);
      setResult({ ok: true, text: endedText(body.revoked) });
    } catch (caught) {
      setResult({ ok: false, text: errorMessage(caught) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div>
      <Button variant="danger-outline" onClick={revoke} aria-disabled={busy}>
        {busy ? 'Revoking…' : 'Revoke sessions'}
        <span className="sr-only"> of {user.email}</span>
      </Button>
      <ActionMessage result={result} />
    </div>
  );
}
