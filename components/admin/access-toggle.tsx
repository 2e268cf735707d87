'use client';

import type { AdminUser } from '@/lib/admin/users';
import { sendJson } from '@/lib/client/api';
import { useAction } from '@/lib/client/use-action';
import { ActionMessage } from '../ui/action-message';
import { Button } from '../ui/button';
import { ConfirmButton } from '../ui/confirm-button';

/**
 * Disables an account (its sessions end at once, its sign-ins are refused) after asking, or
 * enables it again. Not offered on the admin's own row: the API refuses that.
 */
export function AccessToggle({ user, onSaved }: { user: AdminUser; onSaved: (user: AdminUser) => void }) {
  const { busy, result, run, setResult } = useAction();

  async function save(disabled: boolean): Promise<string> {
    const body = await sendJson<{ user: AdminUser }>('PATCH', `/api/admin/users/${user.id}`, { disabled });
    onSaved(body.user);
    return disabled ? 'Disabled: signed out everywhere.' : 'Enabled: they can sign in again.';
  }

  return (
    <div>
      {user.disabled ? (
        <Button onClick={() => run(() => save(false))} aria-disabled={busy}>
          {busy ? 'Enabling…' : 'Enable'}
          <span className="sr-only"> {user.email}</span>
        </Button>
      ) : (
        <ConfirmButton
          question={`Disable ${user.email}? Their sessions end at once.`}
          confirmLabel="Yes, disable"
          busyLabel="Disabling…"
          onConfirm={async () => setResult({ ok: true, text: await save(true) })}
        >
          Disable<span className="sr-only"> {user.email}</span>
        </ConfirmButton>
      )}
      <ActionMessage result={result} />
    </div>
  );
}
