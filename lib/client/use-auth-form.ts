'use client';

import { useRouter, useSearchParams } from 'next/navigation';
import { useEffect } from 'react';
import type * as z from '../validation/zod';
import { useAuth } from './auth-context';
import { safeNextPath } from './safe-next';
import { useFormSentEarly } from './use-form-sent-early';
import { useSchemaForm, type SchemaSource } from './use-schema-form';

/**
 * The sign-up and login forms: a schema form that, once `submit` has signed the user in (it
 * resolves true), or when the user is already signed in, goes to `next` if it is a same-origin
 * path. `submit` resolves false when it succeeded without a session yet (a login that goes on with
 * a second factor, a sign-up whose address must be verified first): the form stays, for the page
 * to say what comes next.
 */
export function useAuthForm<S extends z.ZodMiniType>(schema: SchemaSource<S>, submit: (values: z.output<S>) => Promise<boolean>) {
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
      if (!(await submit(values))) return false;
      router.replace(next);
      return true;
    },
    { afterSuccess: 'stay-busy', initialAlert },
  );
  return { ...form, next };
}
