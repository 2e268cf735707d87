/**
 * The longest limiter key kept as given: room for an email (at most 254 characters) joined to an
 * address. Longer keys are stored under their SHA-256, so neither the in-process map nor Redis
 * holds a key of a length a client chose, and two different keys still never share a count.
 */
export const MAX_KEY_LENGTH = 320;

export async function boundedKey(key: string): Promise<string> {
  if (key.length <= MAX_KEY_LENGTH) return key;
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(key)));
  return `sha256:${Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}
