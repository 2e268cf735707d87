import type * as z from './zod';

/**
 * Flattens zod issues to one message per top-level field, the contract's `fields` object. Shared
 * by the route handlers (lib/http/body.ts) and the browser forms (lib/client/use-schema-form.ts),
 * so both name the same field with the same words.
 */
export function fieldErrors(error: z.core.$ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? String(issue.path[0]) : 'body';
    fields[key] ??= issue.message;
  }
  return fields;
}
