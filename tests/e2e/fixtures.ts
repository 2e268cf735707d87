import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import { jsonOf, signedInBody } from '../support/bodies';
import { newUser } from '../support/client';
import { E2E_ADMIN } from './admin-account';
import { redactingBypassSecret } from './deployment-protection';

export type TestUser = ReturnType<typeof newUser>;

/** Opens /register and fills the sign-up form for `user`, leaving the press of Sign up to the test. */
export async function fillSignUpForm(page: Page, user: TestUser): Promise<void> {
  await page.goto('/register');
  await page.getByLabel('First name').fill(user.firstName);
  await page.getByLabel('Last name').fill(user.lastName);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
}

/** Signs a fresh user up through the real form and waits for the dashboard; returns the user's id and the access token the page received. */
export async function signUpThroughForm(page: Page, user: TestUser = newUser()): Promise<{ user: TestUser; id: string; accessToken: string }> {
  await fillSignUpForm(page, user);
  const registered = page.waitForResponse((response) => response.url().endsWith('/api/auth/register'));
  await page.getByRole('button', { name: 'Sign up' }).click();
  const body = await jsonOf(await registered, signedInBody, 'the sign-up');
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole('heading', { name: `Hello, ${user.firstName}` })).toBeVisible();
  return { user, id: body.user.id, accessToken: body.accessToken };
}

export async function logInThroughForm(page: Page, user: Pick<TestUser, 'email' | 'password'>) {
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

/**
 * Signs the e2e admin in on `page` through /login, and from then on answers the "Confirm it is you"
 * dialog on that page with the admin's password whenever it opens. Admin actions demand a sign-in
 * from the last REAUTH_MAX_AGE (30 s on the e2e server), and on a loaded machine a flow can spend
 * longer than that between the sign-in and its action: the app then rightly asks, and the flow
 * answers as the admin would. The flows about the dialog itself use their own users, never this.
 */
export async function logInAsAdmin(page: Page): Promise<void> {
  await page.goto('/login');
  await logInThroughForm(page, E2E_ADMIN);
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.addLocatorHandler(page.getByRole('dialog', { name: 'Confirm it is you' }), async (dialog) => {
    await dialog.getByLabel('Password', { exact: true }).fill(E2E_ADMIN.password);
    await dialog.getByRole('button', { name: 'Confirm' }).click();
  });
}

async function watchCsp(context: BrowserContext, violations: string[]) {
  const watch = (page: Page) =>
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
  context.pages().forEach(watch);
  context.on('page', watch);
  // A violation the page's own code catches never reaches the console (zod's eval probe did just
  // that on every page with a form): the securitypolicyviolation event reports each one. The init
  // script comes through the DevTools protocol, which the page's policy does not govern.
  await context.exposeBinding('__reportCspViolation', (_source, text: string) => violations.push(text));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { __reportCspViolation(text: string): void }).__reportCspViolation;
      report(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline code'} in ${event.sourceFile || event.documentURI}:${event.lineNumber}`);
    });
  });
}

/**
 * Every test fails if any page it opened reported a Content-Security-Policy violation: the pages
 * must run under the strict policy, not merely load. `openPage` gives a page in a browser context
 * of its own (its own cookies: a second person), watched the same way and closed after the test.
 * `refreshCookieName` is the name the contract gives the refresh cookie where the target is served.
 * `request` fails without the deployment-protection bypass secret in its error.
 */
export const test = base.extend<{ cspViolations: string[]; openPage: () => Promise<Page>; refreshCookieName: string }>({
  cspViolations: [
    async ({ context }, provide) => {
      const violations: string[] = [];
      await watchCsp(context, violations);
      await provide(violations);
      expect(violations, 'Content-Security-Policy violations').toEqual([]);
    },
    { auto: true },
  ],
  openPage: async ({ browser, cspViolations }, provide) => {
    const contexts: BrowserContext[] = [];
    await provide(async () => {
      const context = await browser.newContext();
      await watchCsp(context, cspViolations);
      contexts.push(context);
      return context.newPage();
    });
    await Promise.all(contexts.map((context) => context.close()));
  },
  request: async ({ request }, provide) => {
    await provide(redactingBypassSecret(request));
  },
  refreshCookieName: async ({ baseURL }, provide) => {
    await provide(new URL(baseURL!).protocol === 'https:' ? '__Host-refresh_token' : 'refresh_token');
  },
});

export { expect, newUser };
