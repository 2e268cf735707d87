'use client';

import { sendJson } from '@/lib/client/api';
import { useAction } from '@/lib/client/use-action';
import type { PublicUser } from '@/lib/users/public-user';
import { ActionMessage } from '../ui/action-message';
import { Button } from '../ui/button';

function endedText(revoked: number): string {
  if (revoked === 0) return 'No sessions were active.';
  return `Ended ${revoked} session${revoked === 1 ? '' : 's'}.`;
}

/** Ends every refresh session of a user: each of their devices is signed out at its next refresh. */
export function RevokeSessionsButton({ user }: { user: PublicUser }) {
  const { busy, result, run } = useAction();

  async function revoke(): Promise<string> {
    const body = await sendJson<{ revoked: number }>('POST', `/api/admin/users/${user.id}/revoke-sessions`);
    return endedText(body.revoked);
  }

  return (
    <div>
      <Button variant="danger-outline" onClick={() => run(revoke)} aria-disabled={busy}>
        {busy ? 'Revoking…' : 'Revoke sessions'}
        <span className="sr-only"> of {user.email}</span>
      </Button>
      <ActionMessage result={result} />
    </div>
  );
}
