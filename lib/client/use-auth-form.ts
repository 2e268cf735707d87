'use client';

import { useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { z } from 'zod';
import { fieldErrors } from '../validation/auth';
import { ApiRequestError } from './auth-client';
import { useAuth } from './auth-context';
import { networkMessage, problemMessage } from './problem-message';
import { safeNextPath } from './safe-next';

/**
 * The behaviour the sign-up and login forms share: validate with the same zod schema the route
 * uses, show field errors (each cleared when its field is edited), a busy state while the request
 * runs, the server's refusal in words for people, and on success, or when already signed in, go to
 * `next` if it is a same-origin path.
 */
export function useAuthForm<S extends z.ZodType>(schema: S, submit: (values: z.output<S>) => Promise<unknown>) {
  const { status } = useAuth();
  const router = useRouter();
  const next = safeNextPath(useSearchParams().get('next'));
  const [fields, setFields] = useState<Record<string, string>>({});
  const [alert, setAlert] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (status === 'authenticated') router.replace(next);
  }, [status, next, router]);

  const clearOnEdit = useCallback((event: FormEvent<HTMLFormElement>) => {
    const name = (event.target as HTMLInputElement).name;
    setFields((current) => {
      if (!name || !(name in current)) return current;
      const rest = { ...current };
      delete rest[name];
      return rest;
    });
  }, []);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const values = Object.fromEntries([...new FormData(event.currentTarget)].map(([key, value]) => [key, String(value)]));
    const parsed = schema.safeParse(values);
    setAlert(null);
    if (!parsed.success) {
      setFields(fieldErrors(parsed.error));
      return;
    }
    setFields({});
    setBusy(true);
    try {
      await submit(parsed.data);
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

  return { fields, alert, busy, next, onSubmit, clearOnEdit };
}
