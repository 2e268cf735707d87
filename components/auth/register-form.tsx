'use client';

import Link from 'next/link';
import { useState } from 'react';
import { authClient } from '@/lib/client/auth-context';
import { useAuthForm } from '@/lib/client/use-auth-form';
import { registerSchema } from '@/lib/validation/auth';
import { FormAlert } from '../ui/form-alert';
import { SubmitButton } from '../ui/submit-button';
import { TextField } from '../ui/text-field';
import { NewPasswordField } from './new-password-field';

export function RegisterForm() {
  const { fields, alert, busy, next, onSubmit, clearOnEdit } = useAuthForm(registerSchema, (values) => authClient().register(values));
  const [password, setPassword] = useState('');

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
      <p className="pt-2 text-center text-sm text-slate-600">
        Already have an account?{' '}
        <Link href={next === '/dashboard' ? '/login' : `/login?next=${encodeURIComponent(next)}`} className="font-medium text-indigo-700 hover:underline">
          Log in
        </Link>
      </p>
    </form>
  );
}
