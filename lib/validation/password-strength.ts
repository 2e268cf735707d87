import { characterCount, PASSWORD_MIN_CHARACTERS } from './lengths';

export interface PasswordStrength {
  /** 0 (unusable) to 4 (strong). */
  score: 0 | 1 | 2 | 3 | 4;
  label: string;
}

const LABELS = ['Too short', 'Weak', 'Fair', 'Good', 'Strong'] as const;

/**
 * A quick, dependency-free estimate for the sign-up meter: length counts most, variety a little,
 * repetition and plain sequences count against. The server's common-password list is the real
 * gate; this only nudges people towards long passphrases without shipping a dictionary.
 */
export function passwordStrength(password: string): PasswordStrength {
  const length = characterCount(password);
  if (length < PASSWORD_MIN_CHARACTERS) return { score: 0, label: LABELS[0] };
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((pattern) => pattern.test(password)).length;
  let points = (length >= 12 ? 2 : 1) + (length >= 16 ? 1 : 0) + (length >= 20 ? 1 : 0) + (classes >= 3 ? 1 : 0);
  if (/(.)\1{2,}/.test(password) || /(0123|1234|2345|3456|4567|5678|6789|abcd|qwer|asdf)/i.test(password)) points -= 1;
  const score = Math.max(1, Math.min(4, points)) as PasswordStrength['score'];
  return { score, label: LABELS[score] };
}
