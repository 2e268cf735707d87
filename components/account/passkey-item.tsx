'use client';

import { useState } from 'react';
import * as z from '@/lib/validation/zod';
import type { PasskeyView } from '@/lib/client/passkey-registration';
import { useSchemaForm } from '@/lib/client/use-schema-form';
import { passkeyNameSchema } from '@/lib/validation/passkeys';
import { Button } from '../ui/button';
import { ConfirmButton } from '../ui/confirm-button';
import { FormAlert } from '../ui/form-alert';
import { SubmitButton } from '../ui/submit-button';
import { TextField } from '../ui/text-field';
import { dateTimeFormat } from './format';

const renameSchema = z.object({ name: passkeyNameSchema });

function When({ iso }: { iso: string }) {
  return <time dateTime={iso}>{dateTimeFormat.format(new Date(iso))}</time>;
}

function RenameForm({ passkey, onRename, onDone }: { passkey: PasskeyView; onRename: (name: string) => Promise<void>; onDone: () => void }) {
  const { fields, alert, busy, onSubmit, clearOnEdit } = useSchemaForm(renameSchema, async ({ name }) => {
    await onRename(name);
    onDone();
  });
  return (
    <form method="post" onSubmit={onSubmit} onInput={clearOnEdit} noValidate aria-busy={busy} className="mt-2 max-w-sm space-y-2">
      <FormAlert message={alert} />
      <TextField label="Name" name="name" defaultValue={passkey.name} autoComplete="off" required autoFocus error={fields.name} />
      <div className="flex gap-2">
        <SubmitButton busy={busy} busyLabel="Saving…">
          Save name
        </SubmitButton>
        <Button onClick={onDone}>Cancel</Button>
      </div>
    </form>
  );
}

/** One passkey on /account: its name, when it was added and last used; rename it, or remove it (asked first). */
export function PasskeyItem({
  passkey,
  onRename,
  onRemove,
}: {
  passkey: PasskeyView;
  onRename: (passkey: PasskeyView, name: string) => Promise<void>;
  onRemove: (passkey: PasskeyView) => Promise<void>;
}) {
  const [renaming, setRenaming] = useState(false);
  return (
    <li className="py-3">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 text-sm">
          <p className="break-words font-medium text-fg">{passkey.name}</p>
          <p className="mt-0.5 text-fg-muted">
            Added <When iso={passkey.createdAt} />, {passkey.lastUsedAt ? <>last used <When iso={passkey.lastUsedAt} /></> : 'not used to sign in yet'}
          </p>
        </div>
        {renaming ? null : (
          <div className="flex flex-wrap items-start gap-2">
            <Button onClick={() => setRenaming(true)}>
              Rename<span className="sr-only"> the passkey {passkey.name}</span>
            </Button>
            <ConfirmButton question={`Remove ${passkey.name}? It will no longer sign you in.`} confirmLabel="Yes, remove" busyLabel="Removing…" onConfirm={() => onRemove(passkey)}>
              Remove<span className="sr-only"> the passkey {passkey.name}</span>
            </ConfirmButton>
          </div>
        )}
      </div>
      {renaming ? <RenameForm passkey={passkey} onRename={(name) => onRename(passkey, name)} onDone={() => setRenaming(false)} /> : null}
    </li>
  );
}
