import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { E2E_ADMIN } from './admin-account';
import { expectAccessible } from './axe';
import { needs, needsShortReauth } from './capabilities';
import { expect, logInAsAdmin, logInThroughForm, signUpThroughForm, test } from './fixtures';

const panel = (page: Page, title: string) => page.getByRole('region', { name: title });

/**
 * Waits for /account's lists (sessions, passkeys, security activity) to arrive: each one that
 * arrives grows the page above the data and deletion panels, and a click aimed at a button there
 * while one arrived landed its press and release on different spots, so the button took the focus
 * but never the click (seen once on a loaded CI machine).
 */
async function gotoLoadedAccount(page: Page) {
  await page.goto('/account');
  await expect(page.getByRole('heading', { name: 'Your account' })).toBeVisible();
  await expect(page.getByText(/^Loading your /)).toHaveCount(0);
}

async function createProject(page: Page, name: string) {
  await page.getByLabel('Project name').fill(name);
  await page.getByRole('button', { name: 'Create project' }).click();
  await expect(page.getByRole('link', { name })).toBeVisible();
}

test('Download my data saves one JSON file with the account, its devices and projects, and nothing secret', async ({ page }) => {
  const { user, id, accessToken } = await signUpThroughForm(page);
  await createProject(page, 'Exported project');
  await gotoLoadedAccount(page);
  const yourData = panel(page, 'Your data');
  const download = page.waitForEvent('download');
  await yourData.getByRole('button', { name: 'Download my data' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^jwt-auth-account-\d{4}-\d{2}-\d{2}\.json$/);
  const text = await readFile((await file.path())!, 'utf8');
  const data = JSON.parse(text) as { user: { id: string; email: string }; sessions: unknown[]; projects: { name: string }[]; events: { type: string }[] };
  expect(data.user).toMatchObject({ id, email: user.email });
  expect(data.sessions).toHaveLength(1);
  expect(data.projects.map((project) => project.name)).toEqual(['Exported project']);
  expect(data.events.map((event) => event.type)).toContain('sign_up');
  expect(text).not.toContain(accessToken);
  expect(text).not.toContain(user.password);
  expect(text).not.toMatch(/\$2[aby]\$/);
  await expect(yourData.getByRole('status')).toHaveText('Downloaded.');
});

test('Delete account wants the address (or the phrase) typed, then signs out, lands on the home page, and frees the email', async ({ page }) => {
  const { user } = await signUpThroughForm(page);
  await gotoLoadedAccount(page);
  const section = panel(page, 'Delete account');
  const confirmation = section.getByLabel('Confirm by typing your email address');
  let deletions = 0;
  page.on('request', (request) => {
    if (request.method() === 'DELETE' && request.url().endsWith('/api/auth/account')) deletions++;
  });

  await section.getByRole('button', { name: 'Delete my account' }).click();
  await expect(confirmation).toHaveAccessibleDescription(/Type your email address, or “delete my account”, to confirm/);
  await confirmation.fill('someone-else@example.com');
  await section.getByRole('button', { name: 'Delete my account' }).click();
  await expect(confirmation).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page, '/account, the deletion refused for a wrong confirmation');
  expect(deletions, 'nothing is sent until the confirmation matches').toBe(0);

  await confirmation.fill('  Delete My Account ');
  await section.getByRole('button', { name: 'Delete my account' }).click();
  await expect(page).toHaveURL(/\/\?account-deleted=1$/);
  await expect(page.getByRole('status').filter({ hasText: 'Your account has been deleted' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Log in' }).first()).toBeVisible();
  await expectAccessible(page, 'the home page after a deletion');

  await page.goto('/login');
  await logInThroughForm(page, user);
  await expect(page.getByRole('alert').filter({ hasText: 'Invalid email or password' })).toBeVisible();
  await signUpThroughForm(page, user);
});

test('deleting the account after the sign-in has gone stale asks for the password first, then goes through', async ({ page, openPage }) => {
  const reauthSeconds = needsShortReauth();
  const { user } = await signUpThroughForm(page);
  const sibling = await openPage();
  await sibling.goto('/login');
  await logInThroughForm(sibling, user);
  await expect(sibling).toHaveURL(/\/dashboard$/);

  await page.goto('/account');
  const section = panel(page, 'Delete account');
  await expect(section).toBeVisible();
  await page.waitForTimeout((reauthSeconds + 1.5) * 1000);

  await section.getByLabel('Confirm by typing your email address').fill(user.email.toUpperCase());
  await section.getByRole('button', { name: 'Delete my account' }).click();
  const dialog = page.getByRole('dialog', { name: 'Confirm it is you' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Password', { exact: true }).fill(user.password);
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  await expect(page).toHaveURL(/\/\?account-deleted=1$/);

  // The other device's session ended with the account: its next refresh signs it out.
  await sibling.reload();
  await expect(sibling).toHaveURL(/\/login/);
});

test('an admin disables an account from /admin: its device is signed out, its login says why; enabling lets it back in', async ({ page, openPage }) => {
  needs('admin');
  // Two browsers, two sign-ins and /admin checked by axe in both schemes at two widths: beside four
  // other lanes on a loaded machine that passed the default minute.
  test.setTimeout(120_000);
  const { user } = await signUpThroughForm(page);

  const admin = await openPage();
  await logInAsAdmin(admin);
  await admin.goto('/admin');
  const row = admin.getByRole('row', { name: new RegExp(user.email) });
  await row.getByRole('button', { name: `Disable ${user.email}` }).click();
  await row.getByRole('button', { name: 'Yes, disable' }).click();
  await expect(row.getByRole('status').filter({ hasText: /\S/ })).toHaveText('Disabled: signed out everywhere.');
  await expect(row.getByText('Disabled', { exact: true })).toBeVisible();
  await expect(admin.getByRole('row', { name: new RegExp(E2E_ADMIN.email) }).getByRole('button', { name: /^Disable/ })).toHaveCount(0);
  await expectAccessible(admin, '/admin with a disabled account', { dark: true });

  await page.reload();
  await expect(page).toHaveURL(/\/login/);
  await logInThroughForm(page, user);
  await expect(page.getByRole('alert').filter({ hasText: 'This account has been disabled' })).toBeVisible();

  await row.getByRole('button', { name: `Enable ${user.email}` }).click();
  await expect(row.getByRole('status').filter({ hasText: /\S/ })).toHaveText('Enabled: they can sign in again.');
  await logInThroughForm(page, user);
  await expect(page).toHaveURL(/\/dashboard$/);
});
