'use client';

import { useState, type FormEvent, type ReactNode } from 'react';
import type * as z from '@/lib/validation/zod';
import { useSchemaForm, type SchemaSource } from '@/lib/client/use-schema-form';
import { DevOutboxHint } from '../dev/outbox-hint';
import { ActionMessage } from '../ui/action-message';
import { FormAlert } from '../ui/form-alert';
import { SubmitButton } from '../ui/submit-button';
import { TextField } from '../ui/text-field';

interface EmailLinkRequestFormProps {
  schema: SchemaSource<z.ZodMiniType<{ email: string }>>;
  /** Asks the server to mail the link; resolves to its answer, worded the same whether or not an account has the address. */
  request: (email: string) => Promise<string>;
  submitLabel: string;
  initialAlert?: string | null;
  children?: ReactNode;
}

/** Asks for a link by email (a reset link, a new verification link) and shows the server's answer. */
export function EmailLinkRequestForm({ schema, request, submitLabel, initialAlert = null, children }: EmailLinkRequestFormProps) {
  const [sent, setSent] = useState<string | null>(null);
  const { fields, alert, busy, onSubmit, clearOnEdit } = useSchemaForm(
    schema,
    async ({ email }) => {
      setSent(await request(email));
    },
    { initialAlert },
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
        {submitLabel}
      </SubmitButton>
      <ActionMessage result={sent ? { ok: true, text: sent } : null} />
      {sent && <DevOutboxHint />}
      {children}
    </form>
  );
}
