'use client';

import { useState, type FormEvent } from 'react';
import { EMAIL_LINK_TTL_HOURS } from '@/lib/auth/link-lifetimes';
import { sendJson } from '@/lib/client/api';
import { useSchemaForm } from '@/lib/client/use-schema-form';
import { emailChangeSchema } from '@/lib/validation/auth';
import { ActionMessage } from '../ui/action-message';
import { FormAlert } from '../ui/form-alert';
import { SubmitButton } from '../ui/submit-button';
import { TextField } from '../ui/text-field';
import { Panel } from './panel';

/**
 * Starts a change of address: the server mails a link to the new one and tells the current one;
 * nothing changes until the link is used. A taken address is a field error, as at sign-up.
 */
export function EmailSection({ onRequested }: { onRequested: () => void }) {
  const [sent, setSent] = useState<string | null>(null);
  const { fields, alert, busy, onSubmit, clearOnEdit } = useSchemaForm(emailChangeSchema, async ({ email }) => {
    setSent((await sendJson<{ message: string }>('POST', '/api/auth/email', { email })).message);
    onRequested();
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    setSent(null);
    return onSubmit(event);
  }

  return (
    <Panel title="Change email">
      <p className="mt-1 text-sm text-fg-muted">
        We send a link to the new address and tell your current one. Your address changes when the link is opened; it works for{' '}
        {EMAIL_LINK_TTL_HOURS} hours.
      </p>
      <form method="post" onSubmit={submit} onInput={clearOnEdit} noValidate aria-busy={busy} className="mt-4 max-w-md space-y-2">
        <FormAlert message={alert} />
        <TextField id="new-email" label="New email" name="email" type="email" autoComplete="email" required error={fields.email} />
        <SubmitButton busy={busy} busyLabel="Sending…">
          Send confirmation link
        </SubmitButton>
        <ActionMessage result={sent ? { ok: true, text: sent } : null} />
      </form>
    </Panel>
  );
}
