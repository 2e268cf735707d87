'use client';

import { useCallback, useState, type FormEvent } from 'react';

/** Field errors for a form; a field's message clears as soon as the person edits that field. */
export function useFieldErrors() {
  const [fields, setFields] = useState<Record<string, string>>({});
  const clearOnEdit = useCallback((event: FormEvent<HTMLFormElement>) => {
    const name = (event.target as HTMLInputElement).name;
    setFields((current) => {
      if (!name || !(name in current)) return current;
      const rest = { ...current };
      delete rest[name];
      return rest;
    });
  }, []);
  return { fields, setFields, clearOnEdit };
}
