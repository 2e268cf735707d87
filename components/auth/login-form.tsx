'use client';

import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useState, type FormEvent } from 'react';
import { ApiRequestError } from '@/lib/client/auth-client';
import { useAuth } from '@/lib/client/auth-context';
import { networkMessage, problemMessage } from '@/lib/client/problem-message';
import { safeNextPath } from '@/lib/client/safe-next';
import { useFieldErrors } from '@/lib/client/use-field-errors';
import { fieldErrors, loginSchema } from '@/lib/validation/auth';
import { FormAlert } from '../ui/form-alert';
import { PasswordField } from '../ui/password-field';
import { SubmitButton } from '../ui/submit-button';
import { TextField } from '../ui/text-field';

export function LoginForm() {
  const { client, status } = useAuth();
  const router = useRouter();
  const params = useSearchParams();
  const next = safeNextPath(params.get('next'));
  const { fields, setFields, clearOnEdit } = useFieldErrors();
  const [alert, setAlert] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (status === 'authenticated') router.replace(next);
  }, [status, next, router]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const raw = { email: String(form.get('email') ?? ''), password: String(form.get('password') ?? '') };
    const parsed = loginSchema.safeParse(raw);
    setAlert(null);
    if (!parsed.success) {
      setFields(fieldErrors(parsed.error));
      return;
    }
    setFields({});
    setBusy(true);
    try {
      await client.login(raw.email, raw.password);
      router.replace(next);
    } catch (error) {
      if (error instanceof ApiRequestError) {
        setFields(error.problem.fields ?? {});
        setAlert(problemMessage(error.problem));
      } else {
        setAlert(networkMessage());
      }
      setBusy(false);
    }
  }

  return (
    <form onSubmit={onSubmit} onInput={clearOnEdit} noValidate aria-busy={busy} className="space-y-2">
      <FormAlert message={alert} />
      <TextField label="Email" name="email" type="email" autoComplete="email" required error={fields.email} />
      <PasswordField label="Password" name="password" autoComplete="current-password" required error={fields.password} />
      <SubmitButton busy={busy} busyLabel="Logging in…">
        Log in
      </SubmitButton>
      <p className="pt-2 text-center text-sm text-slate-600">
        New here?{' '}
        <Link href={next === '/dashboard' ? '/register' : `/register?next=${encodeURIComponent(next)}`} className="font-medium text-indigo-700 hover:underline">
          Create an account
        </Link>
      </p>
    </form>
  );
}
