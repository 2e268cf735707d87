'use client';

import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { requestPasswordReset } from '@/lib/client/password-reset';
import { useFormSentEarly } from '@/lib/client/use-form-sent-early';
import { useSchemaForm } from '@/lib/client/use-schema-form';
import { forgotPasswordSchema } from '@/lib/validation/auth';
import { ActionMessage } from '../ui/action-message';
import { FormAlert } from '../ui/form-alert';
import { SubmitButton } from '../ui/submit-button';
import { TextField } from '../ui/text-field';

/** Asks for a reset link. The answer is the server's, worded the same whether or not the account exists. */
export function ForgotPasswordForm() {
  const [sent, setSent] = useState<string | null>(null);
  const { fields, alert, busy, onSubmit, clearOnEdit } = useSchemaForm(
    forgotPasswordSchema,
    async ({ email }) => {
      setSent(await requestPasswordReset(email));
    },
    { initialAlert: useFormSentEarly() },
  );

  function submit(event: FormEvent<HTMLFormElement>) {
    setSent(null);
    return onSubmit(event);
  }

  return (
    <form method="post" onSubmit={submit} onInput={clearOnEdit} noValidate aria-busy={busy} className="space-y-2">
      <FormAlert message={alert} />
      <TextField label="Email" name="email" type="email" autoComplete="email" required error={fields.email} />
      <SubmitButton busy={busy} busyLabel="Sending…">
        Send reset link
      </SubmitButton>
      <ActionMessage result={sent ? { ok: true, text: sent } : null} />
      <p className="pt-2 text-center text-sm text-slate-600">
        Remembered it?{' '}
        <Link href="/login" className="font-medium text-indigo-700 hover:underline">
          Log in
        </Link>
      </p>
    </form>
  );
}
