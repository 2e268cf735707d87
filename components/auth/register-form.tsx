'use client';

import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import { EMAIL_LINK_TTL_HOURS } from '@/lib/auth/link-lifetimes';
import { authClient } from '@/lib/client/auth-context';
import { requestVerificationLink } from '@/lib/client/email-verification';
import { useAuthForm } from '@/lib/client/use-auth-form';
import { FormAlert } from '../ui/form-alert';
import { SubmitButton } from '../ui/submit-button';
import { TextField } from '../ui/text-field';
import { TEXT_LINK_CLASS } from '../ui/text-link';
import { NewPasswordField } from './new-password-field';
import { DevOutboxHint } from '../dev/outbox-hint';
import { SendLinkButton } from './send-link-button';

const loadRegisterSchema = () => import('@/lib/validation/auth').then((module) => module.registerSchema);

/**
 * Under EMAIL_VERIFICATION=required a sign-up starts no session: the form gives way to this, and
 * focus moves here (the button that had it is gone).
 */
function CheckYourEmail({ email }: { email: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div ref={ref} tabIndex={-1} className="space-y-3 text-sm text-fg-muted focus:outline-none">
      <div role="status" className="space-y-3">
        <p className="font-medium text-fg">Check your email</p>
        <p>
          We sent a link to <strong className="break-all font-medium">{email}</strong>. Open it to verify your address and sign in; it works for{' '}
          {EMAIL_LINK_TTL_HOURS} hours.
        </p>
        <DevOutboxHint />
      </div>
      <SendLinkButton label="Send the link again" send={() => requestVerificationLink(email)} />
    </div>
  );
}

export function RegisterForm() {
  const [pending, setPending] = useState<string | null>(null);
  const { fields, alert, busy, next, onSubmit, clearOnEdit } = useAuthForm(loadRegisterSchema, async (values) => {
    const outcome = await authClient().register(values);
    if ('verificationRequired' in outcome) {
      setPending(outcome.user.email);
      return false;
    }
    return true;
  });
  const [password, setPassword] = useState('');

  if (pending) return <CheckYourEmail email={pending} />;
  return (
    <form method="post" onSubmit={onSubmit} onInput={clearOnEdit} noValidate aria-busy={busy} className="space-y-2">
      <FormAlert message={alert} />
      <div className="grid gap-x-4 sm:grid-cols-2">
        <TextField label="First name" name="firstName" autoComplete="given-name" required error={fields.firstName} />
        <TextField label="Last name" name="lastName" autoComplete="family-name" required error={fields.lastName} />
      </div>
      <TextField label="Email" name="email" type="email" autoComplete="email" required error={fields.email} />
      <NewPasswordField label="Password" name="password" value={password} onValueChange={setPassword} error={fields.password} />
      <SubmitButton busy={busy} busyLabel="Signing up…">
        Sign up
      </SubmitButton>
      <p className="pt-2 text-center text-sm text-fg-muted">
        Already have an account?{' '}
        <Link href={next === '/dashboard' ? '/login' : `/login?next=${encodeURIComponent(next)}`} className={TEXT_LINK_CLASS}>
          Log in
        </Link>
      </p>
    </form>
  );
}
