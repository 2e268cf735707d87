'use client';

import { useRouter, useSearchParams } from 'next/navigation';
import { useEffect } from 'react';
import type { z } from 'zod';
import { useAuth } from './auth-context';
import { safeNextPath } from './safe-next';
import { useFormSentEarly } from './use-form-sent-early';
import { useSchemaForm } from './use-schema-form';

/**
 * The sign-up and login forms: a schema form that, on success or when the user is already signed
 * in, goes to `next` if it is a same-origin path. A `submit` that resolves to false has not signed
 * in yet (the login goes on with a second factor): the page stays.
 */
export function useAuthForm<S extends z.ZodType>(schema: S, submit: (values: z.output<S>) => Promise<unknown>) {
  const { status } = useAuth();
  const router = useRouter();
  const next = safeNextPath(useSearchParams().get('next'));
  const initialAlert = useFormSentEarly();

  useEffect(() => {
    if (status === 'authenticated') router.replace(next);
  }, [status, next, router]);

  const form = useSchemaForm(
    schema,
    async (values) => {
      if ((await submit(values)) !== false) router.replace(next);
    },
    { afterSuccess: 'stay-busy', initialAlert },
  );
  return { ...form, next };
}
