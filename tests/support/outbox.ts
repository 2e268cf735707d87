import type { AppServer } from './app-server';
import { call } from './client';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The token of the newest `path` link (`/verify-email`, `/reset-password`) mailed to `email`, read
 * from the app's /dev/outbox (DEV_OUTBOX on, no SMTP_URL), as a developer would read it. Mail goes
 * out after the response, so this waits for it. `except`: tokens already seen, to wait for a newer
 * link instead.
 */
export async function outboxLinkTo(app: AppServer, email: string, options: { path?: string; except?: readonly string[]; timeoutMs?: number } = {}): Promise<string> {
  const { path = '/verify-email', except = [], timeoutMs = 10_000 } = options;
  const link = new RegExp(`href="[^"]*${path}#token=([\\w-]+)"`);
  // React escapes text by entity name or number; both spellings of the address are looked for.
  const recipients = [`>${email}</dd>`, `>${escapeHtml(email)}</dd>`];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const page = await call(app, 'GET', '/dev/outbox');
    if (page.status !== 200) throw new Error(`/dev/outbox answered ${page.status}: start the app with DEV_OUTBOX=1 and no SMTP_URL`);
    // Newest first: the first article to `email` with such a link is the newest.
    for (const article of String(page.body).split('<article').slice(1)) {
      if (!recipients.some((recipient) => article.includes(recipient))) continue;
      const token = link.exec(article)?.[1];
      if (token && !except.includes(token)) return token;
      if (token) break;
    }
    if (Date.now() > deadline) throw new Error(`no new ${path} link to ${email} in /dev/outbox`);
    await sleep(100);
  }
}
