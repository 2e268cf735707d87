import { readFile } from 'node:fs/promises';
import type { APIRequestContext, Page } from '@playwright/test';
import { generate } from 'otplib';
import { jsonOf, recoveryCodesBody, signedInBody, totpSetupBody } from '../support/bodies';
import { expectAccessible } from './axe';
import { needsShortReauth } from './capabilities';
import { expect, newUser, signUpThroughForm, test, type TestUser } from './fixtures';

/**
 * A code of the current 30-second step plus `steps`, made from the setup key as an authenticator
 * app would. The server accepts one step either side, so the current and the next step stay valid
 * across a step boundary; a step already used is refused (no replay), so each sign-in takes the
 * next one.
 */
const codeFor = (secret: string, steps = 0) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + steps * 30 });

function twoFactorPanel(page: Page) {
  return page.getByRole('region', { name: 'Two-factor authentication' });
}

async function logInWithPassword(page: Page, user: Pick<TestUser, 'email' | 'password'>) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

/** A user with the second factor on, set up through the API: their credentials, the secret and the recovery codes. */
async function userWithTotp(request: APIRequestContext) {
  const user = newUser();
  const registered = await request.post('/api/auth/register', { data: user });
  expect(registered.status()).toBe(201);
  const headers = { Authorization: `Bearer ${(await jsonOf(registered, signedInBody)).accessToken}` };
  const setup = await request.post('/api/auth/mfa/totp/setup', { headers });
  expect(setup.status()).toBe(200);
  const { secret } = await jsonOf(setup, totpSetupBody);
  const enabled = await request.post('/api/auth/mfa/totp/enable', { headers, data: { code: await codeFor(secret) } });
  expect(enabled.status()).toBe(200);
  return { user, secret, recoveryCodes: (await jsonOf(enabled, recoveryCodesBody)).recoveryCodes };
}

test('turning on two-factor authentication: QR code, setup key, a first code, recovery codes; the next login asks for a code', async ({ page }) => {
  const { user } = await signUpThroughForm(page);
  await page.goto('/account');
  const panel = twoFactorPanel(page);
  await expect(panel).toContainText('Off: your password alone signs you in');
  await panel.getByRole('button', { name: 'Turn on two-factor authentication' }).click();

  await expect(panel.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible();
  const setupKey = panel.getByLabel('Setup key');
  await expect(setupKey).toHaveValue(/^[A-Z2-7]{32}$/);
  const secret = await setupKey.inputValue();

  await panel.getByLabel('Code', { exact: true }).fill('000000');
  await panel.getByRole('button', { name: 'Confirm' }).click();
  await expect(panel.getByLabel('Code', { exact: true })).toHaveAccessibleDescription(/That code is not right/);

  await panel.getByLabel('Code', { exact: true }).fill(await codeFor(secret));
  await panel.getByRole('button', { name: 'Confirm' }).click();
  const codes = panel.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
  await expect(codes).toHaveCount(10);
  await expect(panel).toContainText('On: signing in takes your password and a code');
  const shown = await codes.allTextContents();
  for (const code of shown) expect(code).toMatch(/^[0-9a-z]{4}(-[0-9a-z]{4}){3}$/);

  const download = page.waitForEvent('download');
  await panel.getByRole('button', { name: 'Download codes' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('recovery-codes.txt');
  expect((await readFile(await file.path(), 'utf8')).trim().split('\n')).toEqual(shown);
  await panel.getByRole('button', { name: 'I saved them' }).click();
  await expect(codes).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Recent security activity' }).getByText('Two-factor authentication turned on')).toBeVisible();

  await page.getByRole('button', { name: 'Log out', exact: true }).click();
  await expect(page).toHaveURL(/\/login$/);
  await logInWithPassword(page, user);
  const code = page.getByLabel('Code', { exact: true });
  await expect(code).toBeFocused();
  await code.fill(await codeFor(secret, 1));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole('heading', { name: `Hello, ${user.firstName}` })).toBeVisible();
});

test('signing in with a code from the authenticator app, after a wrong one', async ({ page, request }) => {
  const { user, secret } = await userWithTotp(request);
  await logInWithPassword(page, user);
  const code = page.getByLabel('Code', { exact: true });
  await code.fill('000000');
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'That code is not right' })).toBeVisible();
  await code.fill(await codeFor(secret, 1));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
});

test('a code step used up by wrong codes sends the person back to a password form that works again', async ({ page, request }) => {
  const { user, secret } = await userWithTotp(request);
  await logInWithPassword(page, user);
  const code = page.getByLabel('Code', { exact: true });
  // Waited for: until the login's answer arrives the password form is still there.
  await expect(code).toBeFocused();
  // The step's token takes five wrong codes; the sixth finds it gone.
  for (let i = 0; i < 6; i++) {
    await code.fill(String(100000 + i));
    await Promise.all([page.waitForResponse((response) => response.url().endsWith('/api/auth/login/mfa')), page.getByRole('button', { name: 'Verify' }).click()]);
    if (i < 5) await expect(page.getByRole('alert').filter({ hasText: 'That code is not right' })).toBeVisible();
  }
  const logIn = page.getByRole('button', { name: 'Log in' });
  await expect(page.getByRole('alert').filter({ hasText: 'That sign-in took too long or had too many wrong codes. Log in again.' })).toBeVisible();
  await expect(logIn).toBeEnabled();
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await logIn.click();
  await page.getByLabel('Code', { exact: true }).fill(await codeFor(secret, 1));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
});

test('signing in with a recovery code instead, which then stops working', async ({ page, request, openPage }) => {
  const { user, recoveryCodes } = await userWithTotp(request);
  await logInWithPassword(page, user);
  await page.getByRole('button', { name: 'Use a recovery code' }).click();
  await page.getByLabel('Recovery code').fill(recoveryCodes[0]!.toUpperCase());
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);

  const again = await openPage();
  await logInWithPassword(again, user);
  await again.getByRole('button', { name: 'Use a recovery code' }).click();
  await again.getByLabel('Recovery code').fill(recoveryCodes[0]!);
  await again.getByRole('button', { name: 'Verify' }).click();
  await expect(again.getByRole('alert').filter({ hasText: 'That code is not right' })).toBeVisible();
  await expect(again).toHaveURL(/\/login$/);
});

test('a sensitive action after the sign-in has gone stale opens the re-authentication dialog, then goes through', async ({ page }) => {
  const reauthSeconds = needsShortReauth();
  const { user } = await signUpThroughForm(page);
  await page.goto('/account');
  await expect(twoFactorPanel(page)).toBeVisible();
  await page.waitForTimeout((reauthSeconds + 1.5) * 1000);

  await twoFactorPanel(page).getByRole('button', { name: 'Turn on two-factor authentication' }).click();
  const dialog = page.getByRole('dialog', { name: 'Confirm it is you' });
  await expect(dialog).toBeVisible();
  const password = dialog.getByLabel('Password', { exact: true });
  await expect(password).toBeFocused();

  await password.fill('Not-my-password-1');
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  await expect(password).toHaveAccessibleDescription(/Password is incorrect/);
  await expectAccessible(page, 'the re-authentication dialog with a wrong password', { dark: true });

  await password.fill(user.password);
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  await expect(dialog).toBeHidden();
  // The refused request was sent again with the fresh token: the set-up is on screen.
  await expect(twoFactorPanel(page).getByLabel('Setup key')).toHaveValue(/^[A-Z2-7]{32}$/);
  await expectAccessible(page, '/account with the QR code of the two-factor set-up', { dark: true });
});

test('closing the re-authentication dialog leaves the action refused, and says why', async ({ page }) => {
  const reauthSeconds = needsShortReauth();
  await signUpThroughForm(page);
  await page.goto('/account');
  await page.waitForTimeout((reauthSeconds + 1.5) * 1000);
  await twoFactorPanel(page).getByRole('button', { name: 'Turn on two-factor authentication' }).click();
  const dialog = page.getByRole('dialog', { name: 'Confirm it is you' });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(twoFactorPanel(page).getByRole('alert')).toContainText('Confirm it is you');
  await expect(twoFactorPanel(page).getByLabel('Setup key')).toHaveCount(0);
});
