import { expect, type Locator, type Page } from '@playwright/test';

/**
 * The newest mail to `to` about `subject` in /dev/outbox, as a developer reads it there. Mail goes
 * out after the response, so the page is reloaded until it is there.
 */
export async function newestMail(page: Page, to: string, subject: string): Promise<Locator> {
  const mail = page
    .getByRole('article')
    .filter({ has: page.getByRole('heading', { name: subject, exact: true }) })
    .filter({ has: page.locator('dd').getByText(to, { exact: true }) })
    .first();
  await expect(async () => {
    await page.goto('/dev/outbox');
    await expect(mail).toBeVisible({ timeout: 500 });
  }).toPass({ timeout: 15_000 });
  return mail;
}

/** The verification (or address-change) link in a mail. */
export const verifyLinkIn = (mail: Locator): Locator => mail.getByRole('link', { name: /\/verify-email#token=/ });
