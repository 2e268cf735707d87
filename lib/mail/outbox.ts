import 'server-only';
import type { Config } from '../config/env';
import { isLoopbackClient } from '../http/client-address';

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

/**
 * Whether mail is kept here rather than sent, which is also when /dev/outbox exists: one rule for
 * both, so the page never shows an outbox that cannot fill, nor hides one that does.
 */
export function usesOutbox(config: Pick<Config, 'smtpUrl' | 'production' | 'devOutbox'>): boolean {
  return !config.smtpUrl && (!config.production || config.devOutbox);
}

/**
 * Whether /dev/outbox exists for this client: only where mail is kept here, and only for a client
 * on this machine (127.0.0.0/8, ::1), judged by the validated client address (with TRUST_PROXY,
 * the forwarded one, not the proxy's socket). The mail holds live reset links, and `npm run dev`
 * listens on every interface: anyone else gets the 404 of a server without an outbox.
 */
export function outboxOpenTo(config: Pick<Config, 'smtpUrl' | 'production' | 'devOutbox' | 'trustProxy'>, headers: { get(name: string): string | null }): boolean {
  return usesOutbox(config) && isLoopbackClient(headers, config.trustProxy);
}
