'use client';

import { useEffect, useRef, useState } from 'react';
import * as z from '@/lib/validation/zod';
import { ApiRequestError } from '@/lib/client/auth-client';
import { authClient } from '@/lib/client/auth-context';
import { notePasswordSignIn } from '@/lib/client/passkey-offer';
import { useAuthForm } from '@/lib/client/use-auth-form';
import { secondFactorCodeSchema } from '@/lib/validation/mfa';
import { TEXT_BUTTON_CLASS } from '../ui/button';
import { FormAlert } from '../ui/form-alert';
import { SubmitButton } from '../ui/submit-button';
import { TextField } from '../ui/text-field';

const codeSchema = z.object({ code: secondFactorCodeSchema });

/**
 * The login's second step: the code from the authenticator app, or a recovery code. A step that
 * has expired or failed too often (`invalid_mfa_token`) sends the person back to the password.
 */
export function SecondFactorStep({ mfaToken, onRestart }: { mfaToken: string; onRestart: (note: string) => void }) {
  const [recovery, setRecovery] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const { fields, alert, busy, onSubmit, clearOnEdit } = useAuthForm(codeSchema, async ({ code }) => {
    try {
      const session = await authClient().completeLogin(mfaToken, code);
      notePasswordSignIn(session.user.id);
      return true;
    } catch (error) {
      if (error instanceof ApiRequestError && error.problem.code === 'invalid_mfa_token') {
        onRestart('That sign-in took too long or had too many wrong codes. Log in again.');
        return false;
      }
      throw error;
    }
  });

  useEffect(() => {
    inputRef.current?.focus();
  }, [recovery]);

  return (
    <form method="post" onSubmit={onSubmit} onInput={clearOnEdit} noValidate aria-busy={busy} className="space-y-2">
      <FormAlert message={alert} />
      <p className="text-sm text-fg-muted">
        {recovery ? 'Enter one of the recovery codes you saved when you turned on two-factor authentication. Each works once.' : 'Enter the 6-digit code from your authenticator app.'}
      </p>
      <TextField
        ref={inputRef}
        key={recovery ? 'recovery' : 'totp'}
        label={recovery ? 'Recovery code' : 'Code'}
        name="code"
        autoComplete="one-time-code"
        inputMode={recovery ? 'text' : 'numeric'}
        spellCheck={false}
        autoCapitalize="off"
        required
        error={fields.code}
      />
      <SubmitButton busy={busy} busyLabel="Verifying…">
        Verify
      </SubmitButton>
      <p className="pt-2 text-center text-sm">
        <button type="button" onClick={() => setRecovery((shown) => !shown)} className={TEXT_BUTTON_CLASS}>
          {recovery ? 'Use the code from your app' : 'Use a recovery code'}
        </button>
      </p>
    </form>
  );
}
