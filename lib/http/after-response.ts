import 'server-only';
import { after } from 'next/server';

/**
 * Runs `work` once the response has been sent: mail goes out without holding the answer up, and
 * the answer's timing says nothing about what the work found. A failure is logged by its class
 * only (a mail error can quote the message, link and all), never thrown.
 */
export function afterResponse(what: string, work: () => Promise<void>): void {
  after(() =>
    work().catch((error: unknown) => {
      console.error(`[auth] ${what} failed: ${error instanceof Error ? error.name : typeof error}`);
    }),
  );
}
