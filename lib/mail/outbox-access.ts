import type { Config } from '../config/env';
import { isLoopbackClient } from '../http/client-address';

/**
 * Who may see the development outbox (./outbox.ts keeps the mail). Free of server-only modules:
 * the middleware asks too, so that a closed outbox is answered by the app's real not-found page.
 */

export const OUTBOX_PATH = '/dev/outbox';

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
