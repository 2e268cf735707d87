import 'server-only';

/**
 * Development stand-in for a mail server: with no SMTP_URL, mail is kept here (in this process,
 * the newest 20) and shown at /dev/outbox, which does not exist in production unless DEV_OUTBOX
 * is on (the end-to-end suite runs the production build and reads its mail there), and only ever
 * to a client on this machine.
 */
export interface OutboxMail {
  id: string;
  to: string;
  subject: string;
  text: string;
  sentAt: string;
}

const LIMIT = 20;

// On globalThis: the route that sends and the page that shows are separate bundles.
const globalForOutbox = globalThis as typeof globalThis & { __authOutbox?: OutboxMail[] };

export function keepInOutbox(mail: Omit<OutboxMail, 'id' | 'sentAt'>): void {
  const outbox = (globalForOutbox.__authOutbox ??= []);
  outbox.unshift({ ...mail, id: crypto.randomUUID(), sentAt: new Date().toISOString() });
  outbox.length = Math.min(outbox.length, LIMIT);
}

/** Newest first. */
export function listOutbox(): readonly OutboxMail[] {
  return globalForOutbox.__authOutbox ?? [];
}
