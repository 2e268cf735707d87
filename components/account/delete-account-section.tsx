'use client';

import { useMemo } from 'react';
import { authClient } from '@/lib/client/auth-context';
import { useSchemaForm } from '@/lib/client/use-schema-form';
import { DELETE_PHRASE, deletionConfirmationSchema } from '@/lib/validation/account';
import { Button } from '../ui/button';
import { FormAlert } from '../ui/form-alert';
import { TextField } from '../ui/text-field';
import { Panel } from './panel';

/**
 * Deletes the account once the person has typed their address (or the phrase). The request needs
 * a recent sign-in: past it, the page's re-authentication dialog asks for the password or a code
 * and the deletion goes on. This tab and its siblings then sign out, and this one lands on `/`.
 */
export function DeleteAccountSection({ email }: { email: string }) {
  const schema = useMemo(() => deletionConfirmationSchema(email), [email]);
  const { fields, alert, busy, onSubmit, clearOnEdit } = useSchemaForm(schema, () => authClient().deleteAccount(), { afterSuccess: 'stay-busy' });
  return (
    <Panel title="Delete account">
      <p className="mt-1 text-sm text-fg-muted">
        This deletes your account, your projects and their tasks, your passkeys and two-factor settings, and signs out every device.
        It cannot be undone. Your email address becomes free to sign up with again. The security log keeps its record of your
        account&apos;s events without your email address, network addresses or devices.
      </p>
      <form method="post" onSubmit={onSubmit} onInput={clearOnEdit} noValidate aria-busy={busy} className="mt-4 max-w-md space-y-2">
        <FormAlert message={alert} />
        <TextField
          label="Confirm by typing your email address"
          name="confirmation"
          autoComplete="off"
          spellCheck={false}
          hint={`Or type “${DELETE_PHRASE}”.`}
          error={fields.confirmation}
        />
        <Button type="submit" variant="danger" disabled={busy}>
          {busy ? 'Deleting…' : 'Delete my account'}
        </Button>
      </form>
    </Panel>
  );
}
