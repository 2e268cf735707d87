'use client';

import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useState, type FormEvent } from 'react';
import { ApiRequestError } from '@/lib/client/auth-client';
import { useAuth } from '@/lib/client/auth-context';
import { networkMessage, problemMessage } from '@/lib/client/problem-message';
import { safeNextPath } from '@/lib/client/safe-next';
import { useFieldErrors } from '@/lib/client/use-field-errors';
import { fieldErrors, registerSchema } from '@/lib/validation/auth';
import { passwordStrength } from '@/lib/validation/password-strength';
import { FormAlert } from '../ui/form-alert';
import { PasswordField } from '../ui/password-field';
import { SubmitButton } from '../ui/submit-button';
import { TextField } from '../ui/text-field';

const METER_COLOURS = ['bg-slate-300', 'bg-red-500', 'bg-amber-500', 'bg-lime-500', 'bg-green-600'];

function StrengthMeter({ password }: { password: string }) {
  const { score, label } = passwordStrength(password);
  return (
    <div>
      <div className="flex gap-1" aria-hidden="true">
        {[1, 2, 3, 4].map((step) => (
          <span key={step} className={`h-1.5 flex-1 rounded ${password && score >= step ? METER_COLOURS[score] : 'bg-slate-200'}`} />
        ))}
      </div>
      <p aria-live="polite" className="mt-1">
        {password ? `Strength: ${label}` : 'At least 8 characters. A few unrelated words make a strong, memorable password.'}
      </p>
    </div>
  );
}

export function RegisterForm() {
  const { client, status } = useAuth();
  const router = useRouter();
  const next = safeNextPath(useSearchParams().get('next'));
  const { fields, setFields, clearOnEdit } = useFieldErrors();
  const [alert, setAlert] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [password, setPassword] = useState('');

  useEffect(() => {
    if (status === 'authenticated') router.replace(next);
  }, [status, next, router]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const raw = {
      firstName: String(form.get('firstName') ?? ''),
      lastName: String(form.get('lastName') ?? ''),
      email: String(form.get('email') ?? ''),
      password: String(form.get('password') ?? ''),
    };
    const parsed = registerSchema.safeParse(raw);
    setAlert(null);
    if (!parsed.success) {
      setFields(fieldErrors(parsed.error));
      return;
    }
    setFields({});
    setBusy(true);
    try {
      await client.register(raw);
      router.replace(next);
    } catch (error) {
      if (error instanceof ApiRequestError) {
        setFields(error.problem.fields ?? {});
        setAlert(error.problem.fields ? 'Please correct the highlighted fields.' : problemMessage(error.problem));
      } else {
        setAlert(networkMessage());
      }
      setBusy(false);
    }
  }

  return (
    <form onSubmit={onSubmit} onInput={clearOnEdit} noValidate aria-busy={busy} className="space-y-2">
      <FormAlert message={alert} />
      <div className="grid gap-x-4 sm:grid-cols-2">
        <TextField label="First name" name="firstName" autoComplete="given-name" required error={fields.firstName} />
        <TextField label="Last name" name="lastName" autoComplete="family-name" required error={fields.lastName} />
      </div>
      <TextField label="Email" name="email" type="email" autoComplete="email" required error={fields.email} />
      <PasswordField
        label="Password"
        name="password"
        autoComplete="new-password"
        required
        value={password}
        onChange={(event) => setPassword(event.target.value)}
        error={fields.password}
        hint={<StrengthMeter password={password} />}
      />
      <SubmitButton busy={busy} busyLabel="Signing up…">
        Sign up
      </SubmitButton>
      <p className="pt-2 text-center text-sm text-slate-600">
        Already have an account?{' '}
        <Link href={next === '/dashboard' ? '/login' : `/login?next=${encodeURIComponent(next)}`} className="font-medium text-indigo-700 hover:underline">
          Log in
        </Link>
      </p>
    </form>
  );
}
