'use client';

import { useState, type FormEvent } from 'react';
import { sendJson } from '@/lib/client/api';
import { useSchemaForm } from '@/lib/client/use-schema-form';
import { passwordChangeSchema } from '@/lib/validation/auth';
import { ActionMessage } from '../ui/action-message';
import { FormAlert } from '../ui/form-alert';
import { NewPasswordField } from '../auth/new-password-field';
import { PasswordField } from '../ui/password-field';
import { SubmitButton } from '../ui/submit-button';
import { Panel } from './panel';

function changedText(endedSessions: number): string {
  if (endedSessions === 0) return 'Password changed. No other device was signed in.';
  return `Password changed. ${endedSessions} other session${endedSessions === 1 ? ' was' : 's were'} signed out; this device stays signed in.`;
}

/** Checked with the route's own schema; a wrong current password or a refused new one comes back as a field error. */
export function PasswordSection({ onChanged }: { onChanged: () => void }) {
  const [done, setDone] = useState<string | null>(null);
  const [newPassword, setNewPassword] = useState('');
  const { fields, alert, busy, onSubmit, clearOnEdit } = useSchemaForm(passwordChangeSchema, async (values) => {
    const { endedSessions } = await sendJson<{ endedSessions: number }>('POST', '/api/auth/password', values);
    setDone(changedText(endedSessions));
    // The form empties itself on success; the meter must not go on rating the old entry.
    setNewPassword('');
    onChanged();
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    setDone(null);
    return onSubmit(event);
  }

  return (
    <Panel title="Change password">
      <p className="mt-1 text-sm text-fg-muted">Every other device is signed out when your password changes.</p>
      <form method="post" onSubmit={submit} onInput={clearOnEdit} noValidate aria-busy={busy} className="mt-4 max-w-md space-y-2">
        <FormAlert message={alert} />
        <PasswordField label="Current password" name="currentPassword" autoComplete="current-password" required error={fields.currentPassword} />
        <NewPasswordField label="New password" name="newPassword" value={newPassword} onValueChange={setNewPassword} error={fields.newPassword} />
        <SubmitButton busy={busy} busyLabel="Changing…">
          Change password
        </SubmitButton>
        <ActionMessage result={done ? { ok: true, text: done } : null} />
      </form>
    </Panel>
  );
}
