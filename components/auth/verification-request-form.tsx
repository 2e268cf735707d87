'use client';

import { useState, type FormEvent } from 'react';
import { requestVerificationLink } from '@/lib/client/email-verification';
import { useSchemaForm } from '@/lib/client/use-schema-form';
import { verificationRequestSchema } from '@/lib/validation/auth';
import { ActionMessage } from '../ui/action-message';
import { FormAlert } from '../ui/form-alert';
import { SubmitButton } from '../ui/submit-button';
import { TextField } from '../ui/text-field';

/** Asks for a new verification link by address, signed out. The answer is the same whether or not such an account waits. */
export function VerificationRequestForm() {
  const [sent, setSent] = useState<string | null>(null);
  const { fields, alert, busy, onSubmit, clearOnEdit } = useSchemaForm(verificationRequestSchema, async ({ email }) => {
    setSent(await requestVerificationLink(email));
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    setSent(null);
    return onSubmit(event);
  }

  return (
    <form method="post" onSubmit={submit} onInput={clearOnEdit} noValidate aria-busy={busy} className="space-y-2">
      <FormAlert message={alert} />
      <TextField label="Email" name="email" type="email" autoComplete="email" required error={fields.email} />
      <SubmitButton busy={busy} busyLabel="Sending…">
        Send a new link
      </SubmitButton>
      <ActionMessage result={sent ? { ok: true, text: sent } : null} />
    </form>
  );
}
