'use client';

import { useState } from 'react';
import type { AdminUser } from '@/lib/admin/users';
import { sendJson } from '@/lib/client/api';
import { errorMessage } from '@/lib/client/problem-message';
import { ActionMessage, type ActionResult } from '../ui/action-message';
import { Button } from '../ui/button';
import { ConfirmButton } from '../ui/confirm-button';

/**
 * Disables an account (its sessions end at once, its sign-ins are refused) after asking, or
 * enables it again. Not offered on the admin's own row: the API refuses that.
 */
export function AccessToggle({ user, onSaved }: { user: AdminUser; onSaved: (user: AdminUser) => void }) {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ActionResult>(null);

  async function save(disabled: boolean) {
    const body = await sendJson<{ user: AdminUser }>('PATCH', `/api/admin/users/${user.id}`, { disabled });
    onSaved(body.user);
    setResult({ ok: true, text: disabled ? 'Disabled: signed out everywhere.' : 'Enabled: they can sign in again.' });
  }

  async function enable() {
    if (busy) return;
    setBusy(true);
    setResult(null);
    try {
      await save(false);
    } catch (caught) {
      setResult({ ok: false, text: errorMessage(caught) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div>
      {user.disabled ? (
        <Button onClick={enable} aria-disabled={busy}>
          {busy ? 'Enabling…' : 'Enable'}
          <span className="sr-only"> {user.email}</span>
        </Button>
      ) : (
        <ConfirmButton
          question={`Disable ${user.email}? Their sessions end at once.`}
          confirmLabel="Yes, disable"
          busyLabel="Disabling…"
          onConfirm={() => save(true)}
        >
          Disable<span className="sr-only"> {user.email}</span>
        </ConfirmButton>
      )}
      <ActionMessage result={result} />
    </div>
  );
}
