'use client';

import { authClient } from '@/lib/client/auth-context';
import { useAction } from '@/lib/client/use-action';
import type { PublicUser } from '@/lib/users/public-user';
import { ActionMessage } from '../ui/action-message';
import { Button } from '../ui/button';
import { timeFormat } from './format';

async function refreshNow(): Promise<string> {
  const session = await authClient().refresh('proactive');
  return session ? 'A new access token arrived; the countdown starts again.' : 'The session has ended.';
}

async function checkSession(): Promise<string> {
  const { user } = await authClient().json<{ user: PublicUser }>('/api/auth/me');
  return `The server accepted the token at ${timeFormat.format(new Date())} as ${user.email}.`;
}

/** The two ways this tab gets a new access token on purpose: asking for one, or using an expired one. */
export function TokenActions() {
  const { busy, result, run } = useAction();

  return (
    <div className="mt-4">
      <div className="flex flex-wrap gap-2">
        <Button variant="primary" onClick={() => run(refreshNow)} aria-disabled={busy}>
          Refresh now
        </Button>
        <Button onClick={() => run(checkSession)} aria-disabled={busy}>
          Check my session
        </Button>
      </div>
      <p className="mt-2 text-sm text-fg-muted">
        <strong className="font-medium">Check my session</strong> calls <code>GET /api/auth/me</code> with the token. Once it has
        expired, that call is what triggers an <code>expired</code> refresh.
      </p>
      <ActionMessage result={result} />
    </div>
  );
}
