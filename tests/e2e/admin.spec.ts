import type { Page } from '@playwright/test';
import { E2E_ADMIN } from './admin-account';
import { needs } from './capabilities';
import { expect, logInAsAdmin, signUpThroughForm, test } from './fixtures';

/** The e2e admin, signed in through the form in a browser of their own, on /admin. */
async function adminOnAdminPage(openPage: () => Promise<Page>): Promise<Page> {
  const admin = await openPage();
  await logInAsAdmin(admin);
  await admin.getByRole('link', { name: 'Admin' }).click();
  await expect(admin).toHaveURL(/\/admin$/);
  return admin;
}

test('a user who is not an admin is told the page is for admins, and has no link to it', async ({ page }) => {
  await signUpThroughForm(page);
  await expect(page.getByRole('link', { name: 'Employees' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Admin' })).toHaveCount(0);
  await page.goto('/admin');
  await expect(page.getByText('Only admins can see this page.')).toBeVisible();
  await expect(page.getByRole('combobox')).toHaveCount(0);
});

test('an admin makes a user an editor, who gets the editor buttons at the next reload', async ({ page, openPage }) => {
  needs('admin');
  const { user } = await signUpThroughForm(page);
  await page.getByRole('link', { name: 'Employees' }).click();
  await expect(page.getByText('Editors and admins can change it.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add employee' })).toHaveCount(0);

  const admin = await adminOnAdminPage(openPage);
  const role = admin.getByLabel(`Role for ${user.email}`);
  await expect(role).toHaveValue('user');
  await role.selectOption({ label: 'Editor' });
  await expect(admin.getByRole('row', { name: new RegExp(user.email) }).getByRole('status').filter({ hasText: /^Now Editor\./ })).toBeVisible();
  await admin.reload();
  await expect(admin.getByLabel(`Role for ${user.email}`)).toHaveValue('editor');

  // A reload refreshes the user's access token, which now says editor.
  await page.reload();
  await expect(page.getByRole('button', { name: 'Add employee' })).toBeVisible();
  await expect(page.getByText('You can add and edit entries; only admins can delete them.')).toBeVisible();
  await expect(page.getByRole('button', { name: /^Delete/ })).toHaveCount(0);
});

// No flow makes another admin; the target must not have one either.
test('the last admin cannot be demoted, and the page says why', async ({ openPage }) => {
  needs('admin');
  needs('soleAdmin');
  const admin = await adminOnAdminPage(openPage);
  const ownRole = admin.getByLabel(`Role for ${E2E_ADMIN.email}`);
  await ownRole.selectOption({ label: 'User' });
  await expect(admin.getByRole('row', { name: E2E_ADMIN.email }).getByRole('alert')).toHaveText('At least one admin must remain');
  await expect(ownRole).toHaveValue('admin');
});

test("revoking a user's sessions sends them to /login at their next refresh", async ({ page, openPage }) => {
  needs('admin');
  const { user } = await signUpThroughForm(page);

  const admin = await adminOnAdminPage(openPage);
  const row = admin.getByRole('row', { name: new RegExp(user.email) });
  await row.getByRole('button', { name: `Revoke sessions of ${user.email}` }).click();
  await expect(row.getByRole('status').filter({ hasText: 'Ended 1 session.' })).toBeVisible();

  await page.reload();
  await expect(page).toHaveURL(/\/login\?next=%2Fdashboard&signed-out=1$/);
});

test('the security log names the account an attempt was aimed at, and says a local address is this machine', async ({ page, openPage, request, baseURL }) => {
  needs('admin');
  const { user } = await signUpThroughForm(page);
  const failed = await request.post('/api/auth/login', { data: { email: user.email, password: 'not-the-password-at-all' } });
  expect(failed.status()).toBe(401);

  const admin = await adminOnAdminPage(openPage);
  const events = admin.getByRole('table', { name: 'Security events, newest first' });
  const row = events.getByRole('row').filter({ hasText: 'Failed sign-in attempt' }).filter({ hasText: user.email });
  await expect(row).toHaveCount(1);
  await expect(row).not.toContainText('no account');
  // The flows reach a local target from this machine (directly, or through the HTTPS run's nginx);
  // a deployment sees the runner's own address.
  const local = ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(baseURL!).hostname);
  // The cell's name, as a screen reader reads it: its text without the label a phone shows beside it.
  const address = row.getByRole('cell').last();
  if (local) await expect(address).toHaveAccessibleName('this machine');
  await expect(address).not.toHaveAccessibleName(/0:0:0:0|^127\./);
});
