'use client';

import { useState, type FormEvent } from 'react';
import { sendJson } from '@/lib/client/api';
import { authClient } from '@/lib/client/auth-context';
import { useSchemaForm } from '@/lib/client/use-schema-form';
import type { PublicUser } from '@/lib/users/public-user';
import { profileUpdateSchema } from '@/lib/validation/auth';
import { ActionMessage } from '../ui/action-message';
import { FormAlert } from '../ui/form-alert';
import { SubmitButton } from '../ui/submit-button';
import { TextField } from '../ui/text-field';
import { dateFormat } from './format';
import { Panel } from './panel';

function Detail({ term, children }: { term: string; children: string }) {
  return (
    <div>
      <dt className="text-fg-subtle">{term}</dt>
      <dd className="break-all text-fg">{children}</dd>
    </div>
  );
}

/** Edits the names, checked with the route's own schema; the saved profile shows at once, the header included. */
function ProfileForm({ user }: { user: PublicUser }) {
  const [done, setDone] = useState<string | null>(null);
  const { fields, alert, busy, onSubmit, clearOnEdit } = useSchemaForm(
    profileUpdateSchema,
    async (values) => {
      const saved = await sendJson<{ user: PublicUser }>('PATCH', '/api/auth/me', values);
      authClient().showUser(saved.user);
      setDone('Profile saved.');
    },
    // The form resets to its defaults, which React then sets to the saved names.
  );

  function submit(event: FormEvent<HTMLFormElement>) {
    setDone(null);
    return onSubmit(event);
  }

  return (
    <form method="post" onSubmit={submit} onInput={clearOnEdit} noValidate aria-busy={busy} className="mt-6 max-w-md space-y-2">
      <FormAlert message={alert} />
      <div className="grid gap-x-4 sm:grid-cols-2">
        <TextField label="First name" name="firstName" autoComplete="given-name" required defaultValue={user.firstName} error={fields.firstName} />
        <TextField label="Last name" name="lastName" autoComplete="family-name" required defaultValue={user.lastName} error={fields.lastName} />
      </div>
      <SubmitButton busy={busy} busyLabel="Saving…">
        Save profile
      </SubmitButton>
      <ActionMessage result={done ? { ok: true, text: done } : null} />
    </form>
  );
}

export function ProfileSection({ user }: { user: PublicUser }) {
  return (
    <Panel title="Profile">
      <dl className="mt-4 grid gap-3 text-sm sm:grid-cols-2">
        <Detail term="Name">{`${user.firstName} ${user.lastName}`}</Detail>
        <Detail term="Email">{user.email}</Detail>
        <Detail term="Email verified">{user.emailVerified ? 'Yes' : 'Not yet: open the link we emailed you'}</Detail>
        <Detail term="Role">{user.role}</Detail>
        <Detail term="Member since">{dateFormat.format(new Date(user.createdAt))}</Detail>
      </dl>
      <ProfileForm user={user} />
    </Panel>
  );
}
