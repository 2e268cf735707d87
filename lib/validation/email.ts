/**
 * Trims, Unicode-NFC-normalises and lower-cases, so `A@x.io` and `a@x.io` are one account.
 * NFC runs again after lower-casing, which can produce a sequence NFC composes further
 * (`T\u0308` lower-cases to `t\u0308`, which composes to `\u1e97`); once would leave two spellings.
 */
export function normalizeEmail(raw: string): string {
  return raw.trim().normalize('NFC').toLowerCase().normalize('NFC');
}

/**
 * Who an address is, for every lookup and uniqueness check: NFKC (compatibility forms such as
 * fullwidth `ａ` become `a`) and case folding, so `ａdmin@x.io` is `admin@x.io`. Upper- then
 * lower-casing folds what lower-casing alone leaves apart (`ß` and `ss`, final `ς` and `σ`, and
 * also dotless `ı` and `i`, which Unicode's own folding keeps apart: one more look-alike merged).
 * The address itself (normalizeEmail) stays what mail is sent to: a folded domain can be another
 * domain (`straße.de` is not `strasse.de`), so the canonical form only ever decides identity.
 */
export function canonicalEmail(email: string): string {
  return email.trim().normalize('NFKC').toUpperCase().toLowerCase().normalize('NFKC');
}

/** A lone UTF-16 surrogate cannot be encoded, so it would silently become U+FFFD. */
export const hasLoneSurrogate = (value: string) => /\p{Cs}/u.test(value);

export const MAX_EMAIL_LENGTH = 254;

// Internationalised addresses (RFC 6531) are allowed, so this checks structure rather than an
// ASCII character set: one @, a local part of at most 64 characters, a dotted domain, and no
// whitespace, control characters or angle brackets anywhere.
const FORBIDDEN = /[\s\p{Cc}\p{Cf}<>()[\]\\,;:"]/u;

export function emailProblem(email: string): string | null {
  if (email.length === 0) return 'Email is required';
  if (hasLoneSurrogate(email)) return 'Email contains characters that are not allowed';
  if ([...email].length > MAX_EMAIL_LENGTH) return `Email must be at most ${MAX_EMAIL_LENGTH} characters`;
  if (FORBIDDEN.test(email)) return 'Email contains characters that are not allowed';
  const at = email.lastIndexOf('@');
  if (at <= 0 || email.indexOf('@') !== at) return 'Enter an email address like name@example.com';
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  if ([...local].length > 64 || local.startsWith('.') || local.endsWith('.') || local.includes('..')) {
    return 'Enter an email address like name@example.com';
  }
  const labels = domain.split('.');
  if (labels.length < 2 || labels.some((label) => label.length === 0 || label.length > 63 || label.startsWith('-') || label.endsWith('-'))) {
    return 'Enter an email address like name@example.com';
  }
  return null;
}
