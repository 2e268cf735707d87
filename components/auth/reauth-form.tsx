'use client';

import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ApiRequestError } from '@/lib/client/auth-client';
import { authClient, useAuth } from '@/lib/client/auth-context';
import { errorMessage } from '@/lib/client/problem-message';
import { Button, TEXT_BUTTON_CLASS } from '../ui/button';
import { FormAlert } from '../ui/form-alert';
import { PasswordField } from '../ui/password-field';
import { SubmitButton } from '../ui/submit-button';
import { TextField } from '../ui/text-field';

/** `onDone(true)` once the person confirmed it is them, `onDone(false)` when they gave up. */
export interface ReauthFormProps {
  onDone: (done: boolean) => void;
}

/**
 * The re-authentication dialog, open for as long as it is mounted: the password or, when the
 * account has one, a second-factor code. Loaded by ReauthDialog at the first prompt.
 */
export function ReauthForm({ onDone }: ReauthFormProps) {
  const { user } = useAuth();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [withCode, setWithCode] = useState(false);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [alert, setAlert] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const titleId = useId();

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  function finish(done: boolean) {
    // Closed before it goes, so the browser gives focus back to what opened it.
    dialogRef.current?.close();
    onDone(done);
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = String(new FormData(event.currentTarget).get(withCode ? 'code' : 'password') ?? '');
    if (!value.trim()) {
      setFields({ [withCode ? 'code' : 'password']: withCode ? 'Code is required' : 'Password is required' });
      return;
    }
    setBusy(true);
    setAlert(null);
    try {
      await authClient().reauthenticate(withCode ? { code: value } : { password: value });
      finish(true);
    } catch (error) {
      const serverFields = error instanceof ApiRequestError ? error.problem.fields : undefined;
      setFields(serverFields ?? {});
      setAlert(serverFields ? null : errorMessage(error));
      setBusy(false);
    }
  }

  return (
    <dialog
      ref={dialogRef}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        finish(false);
      }}
      className="m-auto w-[calc(100%-2rem)] max-w-md rounded-xl border border-line bg-surface p-6 text-fg shadow-xl backdrop:bg-backdrop/50"
    >
      <form method="post" onSubmit={submit} onInput={() => setFields({})} noValidate aria-busy={busy} className="space-y-2">
        <h2 id={titleId}>
          Confirm it is you
        </h2>
        <p className="text-sm text-fg-muted">
          {withCode ? 'Enter a code from your authenticator app, or a recovery code, to continue.' : 'This change needs a recent sign-in. Enter your password to continue.'}
        </p>
        <FormAlert message={alert} />
        {withCode ? (
          <TextField key="code" label="Code" name="code" autoComplete="one-time-code" spellCheck={false} autoCapitalize="off" autoFocus required error={fields.code} />
        ) : (
          <PasswordField key="password" label="Password" name="password" autoComplete="current-password" autoFocus required error={fields.password} />
        )}
        <SubmitButton busy={busy} busyLabel="Confirming…">
          Confirm
        </SubmitButton>
        <div className="flex flex-wrap items-center justify-between gap-2 pt-2">
          {user?.mfaEnabled ? (
            <button type="button" onClick={() => setWithCode((code) => !code)} className={`text-sm ${TEXT_BUTTON_CLASS}`}>
              {withCode ? 'Use your password instead' : 'Use a code instead'}
            </button>
          ) : (
            <span />
          )}
          <Button onClick={() => finish(false)} disabled={busy}>
            Cancel
          </Button>
        </div>
      </form>
    </dialog>
  );
}
