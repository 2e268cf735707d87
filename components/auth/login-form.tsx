'use client';

import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { lazy, Suspense, useState } from 'react';
import { ApiRequestError } from '@/lib/client/auth-client';
import { authClient } from '@/lib/client/auth-context';
import { notePasswordSignIn } from '@/lib/client/passkey-offer';
import { cancelPasskeyRequest } from '@/lib/client/passkeys';
import { SESSION_ENDED_PARAM } from '@/lib/client/session-ended';
import { useAuthForm } from '@/lib/client/use-auth-form';
import { usePasskeySignIn } from '@/lib/client/use-passkey-sign-in';
import { FormAlert } from '../ui/form-alert';
import { PasswordField } from '../ui/password-field';
import { SubmitButton } from '../ui/submit-button';
import { TextField } from '../ui/text-field';
import { TEXT_LINK_CLASS } from '../ui/text-link';
import { PasskeySignInButton } from './passkey-sign-in-button';

const loadLoginSchema = () => import('@/lib/validation/auth').then((module) => module.loginSchema);
// Only accounts with a second factor reach it, so it loads when they do.
const SecondFactorStep = lazy(() => import('./second-factor-step').then((module) => ({ default: module.SecondFactorStep })));
// Only an account that must verify its address before signing in reaches these, so they load when it does.
const SendLinkButton = lazy(() => import('./send-link-button').then((module) => ({ default: module.SendLinkButton })));
const requestVerificationLink = (email: string) => import('@/lib/client/email-verification').then((module) => module.requestVerificationLink(email));

const isUnverified = (error: unknown) => error instanceof ApiRequestError && error.problem.code === 'email_unverified';

export function LoginForm() {
  // Set once the password was right for an account with a second factor: the code step shows.
  const [mfaToken, setMfaToken] = useState<string | null>(null);
  const [restartNote, setRestartNote] = useState<string | null>(null);
  // The address of an account that must verify it before signing in (EMAIL_VERIFICATION=required).
  const [unverified, setUnverified] = useState<string | null>(null);
  // Passkeys: suggested on the Email field from page load, or through the button.
  const passkey = usePasskeySignIn();
  const sessionEnded = useSearchParams().get(SESSION_ENDED_PARAM) === '1';
  const { fields, alert, busy, next, onSubmit, clearOnEdit } = useAuthForm(loadLoginSchema, async (values) => {
    setUnverified(null);
    // The person chose the password: the Email field's passkey suggestions stop waiting.
    cancelPasskeyRequest();
    passkey.clear();
    let result;
    try {
      result = await authClient().login(values.email, values.password);
    } catch (error) {
      if (isUnverified(error)) setUnverified(values.email);
      passkey.listenAgain();
      throw error;
    }
    if (!('mfaToken' in result)) {
      notePasswordSignIn(result.user.id);
      return true;
    }
    setRestartNote(null);
    setMfaToken(result.mfaToken);
    return false;
  });

  if (mfaToken) {
    return (
      <Suspense>
        <SecondFactorStep
          mfaToken={mfaToken}
          onRestart={(note) => {
            setMfaToken(null);
            setRestartNote(note);
          }}
        />
      </Suspense>
    );
  }

  return (
    <form method="post" onSubmit={onSubmit} onInput={clearOnEdit} noValidate aria-busy={busy} className="space-y-2">
      {sessionEnded && !alert ? (
        <p role="status" className="rounded-md border border-warning-line bg-warning-soft p-3 text-sm text-warning">
          You were signed out on this device: the session was ended from another device, or it expired. Log in again to go on.
        </p>
      ) : null}
      <FormAlert message={alert ?? passkey.alert ?? restartNote} />
      {unverified ? (
        // Public: without a verified address there is no access token to resend with.
        <Suspense>
          <SendLinkButton label="Send a new verification link" send={() => requestVerificationLink(unverified)} />
        </Suspense>
      ) : null}
      {/* `webauthn`: the browser may offer this site's passkeys among the field's suggestions. */}
      <TextField label="Email" name="email" type="email" autoComplete="username webauthn" required error={fields.email} />
      <PasswordField label="Password" name="password" autoComplete="current-password" required error={fields.password} />
      <p className="-mt-1 text-right text-sm">
        <Link href="/forgot-password" className={TEXT_LINK_CLASS}>
          Forgot your password?
        </Link>
      </p>
      <SubmitButton busy={busy} busyLabel="Logging in…">
        Log in
      </SubmitButton>
      <PasskeySignInButton busy={passkey.busy} onClick={passkey.signIn} />
      <p className="pt-2 text-center text-sm text-fg-muted">
        New here?{' '}
        <Link href={next === '/dashboard' ? '/register' : `/register?next=${encodeURIComponent(next)}`} className={TEXT_LINK_CLASS}>
          Create an account
        </Link>
      </p>
    </form>
  );
}
