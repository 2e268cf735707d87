import 'server-only';
import { dictionary } from '@zxcvbn-ts/language-common';

// The zxcvbn-ts common-password list (about 49,000 entries from breach corpora), kept on the
// server only: it would add hundreds of KB to the browser bundle.
let common: ReadonlySet<string> | undefined;

function commonPasswords(): ReadonlySet<string> {
  common ??= new Set((dictionary['passwords-common'] as string[]).map((entry) => entry.toLowerCase()));
  return common;
}

/** Returns a message for the `password` field, or null when the password is acceptable. */
export function passwordPolicyProblem(password: string, email: string): string | null {
  const lowered = password.toLowerCase();
  if (commonPasswords().has(lowered)) {
    return 'This password is too common; choose one that is harder to guess';
  }
  const local = email.split('@')[0] ?? '';
  if (lowered === email || (local.length >= 4 && lowered === local)) {
    return 'Your password must not be your email address';
  }
  return null;
}
