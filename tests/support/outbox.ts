import type { AppServer } from './app-server';
import { call } from './client';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The page an emailed link opens: verification (and address change), or password reset. */
export type LinkPage = 'verify-email' | 'reset-password';

/**
 * The token of the newest link to `page` (by default a verification or address-change link) to
 * `email` in the HTML of /dev/outbox, which lists mail newest first; undefined when there is none.
 */
export function newestLinkIn(html: string, email: string, page: LinkPage = 'verify-email'): string | undefined {
  const link = new RegExp(`href="[^"]*/${page}#token=([\\w-]+)"`);
  // React may escape the address by entity: both spellings are looked for.
  const recipients = [`>${email}</dd>`, `>${escapeHtml(email)}</dd>`];
  for (const article of html.split('<article').slice(1)) {
    if (!recipients.some((recipient) => article.includes(recipient))) continue;
    const token = link.exec(article)?.[1];
    if (token) return token;
  }
  return undefined;
}

/**
 * The token of the newest link to `page` mailed to `email`, read from the app's /dev/outbox
 * (DEV_OUTBOX on, no SMTP_URL), as a developer would read it. Mail goes out after the response,
 * so this waits for it.
 */
export async function outboxLinkTo(app: AppServer, email: string, page: LinkPage = 'verify-email'): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const outbox = await call(app, 'GET', '/dev/outbox');
    if (outbox.status !== 200) throw new Error(`/dev/outbox answered ${outbox.status}: start the app with DEV_OUTBOX=1 and no SMTP_URL`);
    const token = newestLinkIn(String(outbox.body), email, page);
    if (token) return token;
    if (Date.now() > deadline) throw new Error(`no ${page} link to ${email} in /dev/outbox`);
    await sleep(100);
  }
}
