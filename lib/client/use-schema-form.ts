'use client';

import { useCallback, useRef, useState, type FormEvent } from 'react';
import type * as z from '../validation/zod';
import { fieldErrors } from '../validation/field-errors';
import { ApiRequestError } from './auth-client';
import { errorMessage, networkMessage } from './problem-message';

interface Options {
  /**
   * What the form does once `submit` succeeds: `reset` empties it for the next entry; `stay-busy`
   * keeps it disabled because the page is moving on, so it cannot be sent twice meanwhile, unless
   * `submit` resolves `false`: it succeeded and the page is not moving on (a login that goes on to
   * its second factor), so the form is usable again when it comes back.
   */
  afterSuccess?: 'reset' | 'stay-busy';
  /** A form-level message to show before anything is submitted (useFormSentEarly). */
  initialAlert?: string | null;
}

/** Moves focus to the first field, in the form's order, that has a problem, so the keyboard is where the fix goes. */
function focusFirstInvalid(form: HTMLFormElement, problems: Record<string, string>): void {
  const first = [...form.elements].find((element) => element instanceof HTMLElement && 'name' in element && String(element.name) in problems);
  if (first instanceof HTMLElement) first.focus();
}

/**
 * A form's schema, or a function that imports it. Pages where the first load counts (the sign-in
 * and sign-up pages, the dashboard) pass the import: zod and the schema then load when the form is
 * first typed in or sent, not with the page (decision 032).
 */
export type SchemaSource<S extends z.ZodMiniType> = S | (() => Promise<S>);

/**
 * The behaviour every form shares: validate with the same zod schema the route uses, show each
 * problem under its field (cleared when that field is edited) with focus on the first of them, a
 * busy state while the request runs, and the server's refusal (its field errors included) in
 * words for people.
 */
export function useSchemaForm<S extends z.ZodMiniType>(
  schema: SchemaSource<S>,
  submit: (values: z.output<S>) => Promise<unknown>,
  { afterSuccess = 'reset', initialAlert = null }: Options = {},
) {
  const [fields, setFields] = useState<Record<string, string>>({});
  const [alert, setAlert] = useState<string | null>(initialAlert);
  const [busy, setBusy] = useState(false);
  const loading = useRef<Promise<S>>(null);
  const loadSchema = useCallback(() => {
    loading.current ??=
      typeof schema === 'function'
        ? schema().catch((error: unknown) => {
            // A failed download (offline for a moment) is tried again on the next send.
            loading.current = null;
            throw error;
          })
        : Promise.resolve(schema);
    return loading.current;
  }, [schema]);

  const clearOnEdit = useCallback((event: FormEvent<HTMLFormElement>) => {
    // Typing starts the schema's download, so it is there by the time the form is sent.
    loadSchema().catch(() => undefined);
    const name = (event.target as HTMLInputElement).name;
    setFields((current) => {
      if (!name || !(name in current)) return current;
      const rest = { ...current };
      delete rest[name];
      return rest;
    });
  }, [loadSchema]);

  // Set from the moment a send starts, before the schema may still be downloading: a second
  // Enter or click meanwhile (the form does not look busy yet) sends nothing.
  const sending = useRef(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (sending.current) return;
    sending.current = true;
    const form = event.currentTarget;
    const values = Object.fromEntries([...new FormData(form)].map(([key, value]) => [key, String(value)]));
    setAlert(null);
    let parsed;
    try {
      parsed = (await loadSchema()).safeParse(values);
    } catch {
      sending.current = false;
      setAlert(networkMessage());
      return;
    }
    if (!parsed.success) {
      sending.current = false;
      const problems = fieldErrors(parsed.error);
      setFields(problems);
      focusFirstInvalid(form, problems);
      return;
    }
    setFields({});
    setBusy(true);
    let outcome: unknown;
    try {
      outcome = await submit(parsed.data);
    } catch (error) {
      sending.current = false;
      const serverFields = error instanceof ApiRequestError ? error.problem.fields : undefined;
      setFields(serverFields ?? {});
      setAlert(serverFields ? 'Please correct the highlighted fields.' : errorMessage(error));
      setBusy(false);
      if (serverFields) focusFirstInvalid(form, serverFields);
      return;
    }
    if (afterSuccess === 'reset') form.reset();
    if (afterSuccess === 'reset' || outcome === false) {
      sending.current = false;
      setBusy(false);
    }
  }

  return { fields, alert, busy, onSubmit, clearOnEdit };
}
