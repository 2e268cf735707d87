import type { Page } from '@playwright/test';
import { needsShortAccessTokens } from './capabilities';
import { layoutShiftSoFar } from './layout-shift';
import { statusesOf } from './response-statuses';
import { expect, logInThroughForm, signUpThroughForm, test, type TestUser } from './fixtures';

/** The same person on a second device: a browser context of its own, signed in through the form. */
async function signInElsewhere(openPage: () => Promise<Page>, user: TestUser): Promise<Page> {
  const other = await openPage();
  await other.goto('/login');
  await logInThroughForm(other, user);
  await expect(other).toHaveURL(/\/dashboard$/);
  return other;
}

function sessionItems(page: Page) {
  return page.getByRole('region', { name: 'Signed-in devices' }).getByRole('listitem');
}

function claimsOf(accessToken: string): { sid: string } {
  return JSON.parse(Buffer.from(accessToken.split('.')[1]!, 'base64url').toString('utf8'));
}

test('revoking another device from /account sends it to /login at its next refresh', async ({ page, openPage }) => {
  const { user } = await signUpThroughForm(page);
  const other = await signInElsewhere(openPage, user);

  await page.goto('/account');
  await expect(page.getByRole('heading', { name: 'Your account' })).toBeVisible();
  await expect(page.getByText(user.email)).toBeVisible();
  const sessions = sessionItems(page);
  await expect(sessions).toHaveCount(2);
  await expect(sessions.first()).toContainText('Chrome on Windows');
  await expect(sessions.first()).toContainText('This device');
  await expect(sessions.nth(1)).not.toContainText('This device');
  await expect(page.getByText('an access token it already holds cannot be recalled')).toBeVisible();

  const revoke = page.getByRole('button', { name: /^Revoke/ });
  await expect(revoke, 'only the other device can be revoked here').toHaveCount(1);
  await revoke.click();
  await expect(page.getByRole('status').filter({ hasText: 'has ended' })).toBeVisible();
  await expect(sessions).toHaveCount(1);
  await expect(sessions.first()).toContainText('This device');

  await other.reload();
  await expect(other).toHaveURL(/\/login\?next=%2Fdashboard&signed-out=1$/);
  await expect(other.getByRole('status').filter({ hasText: 'You were signed out on this device' })).toBeVisible();

  await page.reload();
  await expect(sessions).toHaveCount(1);
  await expect(page).toHaveURL(/\/account$/);
});

test('the password form refuses what the route refuses, under the field concerned', async ({ page }) => {
  const { user } = await signUpThroughForm(page);
  await page.goto('/account');
  const current = page.getByLabel('Current password');
  const next = page.getByLabel('New password');
  const change = page.getByRole('button', { name: 'Change password' });

  await current.fill('Not-my-password-1');
  await next.fill('short');
  await change.click();
  await expect(next).toHaveAttribute('aria-invalid', 'true');
  await expect(next).toHaveAccessibleDescription(/New password must be at least 8 characters/);
  await expect(current).not.toHaveAttribute('aria-invalid', 'true');

  await next.fill(`${user.password}-renewed`);
  await expect(next, 'editing a field clears its error').not.toHaveAttribute('aria-invalid', 'true');
  await change.click();
  await expect(current).toHaveAccessibleDescription(/Current password is incorrect/);

  await current.fill(user.password);
  await next.fill(user.password);
  await change.click();
  await expect(next).toHaveAccessibleDescription(/must be different from the current one/);
});

test('a password change refused for too many attempts says when to try again, and blames no field', async ({ page }) => {
  // The limit itself is the integration suite's; this is what the form makes of its 429.
  const { user } = await signUpThroughForm(page);
  await page.goto('/account');
  await page.route('**/api/auth/password', (route) =>
    route.fulfill({
      status: 429,
      headers: { 'Retry-After': '840' },
      contentType: 'application/json',
      body: JSON.stringify({ success: false, code: 'rate_limited', message: 'Too many attempts. Try again in 14 minutes.' }),
    }),
  );
  const current = page.getByLabel('Current password');
  await current.fill(user.password);
  await page.getByLabel('New password').fill(`${user.password}-renewed`);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Too many attempts. Try again in 14 minutes.' })).toBeVisible();
  await expect(current).not.toHaveAttribute('aria-invalid', 'true');
  await expect(current, 'what was typed is kept for the retry').toHaveValue(user.password);
  await expect(page.getByRole('status').filter({ hasText: 'Password changed' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Change password' })).toBeEnabled();
});

test('changing the password keeps this device, ends the others, and only the new password logs in', async ({ page, openPage }) => {
  const { user } = await signUpThroughForm(page);
  const other = await signInElsewhere(openPage, user);
  const newPassword = `${user.password}-renewed`;

  await page.goto('/account');
  await expect(sessionItems(page)).toHaveCount(2);
  const current = page.getByLabel('Current password');
  await current.fill(user.password);
  await page.getByLabel('New password').fill(newPassword);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Password changed. 1 other session was signed out' })).toBeVisible();
  await expect(current).toHaveValue('');
  await expect(page.getByLabel('New password')).toHaveValue('');
  await expect(sessionItems(page)).toHaveCount(1);

  await other.reload();
  await expect(other).toHaveURL(/\/login\?next=%2Fdashboard&signed-out=1$/);
  await logInThroughForm(other, user);
  await expect(other.getByRole('alert').filter({ hasText: 'Invalid email or password' })).toBeVisible();
  await logInThroughForm(other, { ...user, password: newPassword });
  await expect(other).toHaveURL(/\/dashboard$/);

  await page.reload();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole('button', { name: 'Change password' })).toBeVisible();
});

test('the token inspector decodes the token, counts down to expiry, and logs each refresh', async ({ page, context, refreshCookieName }) => {
  const tokenSeconds = needsShortAccessTokens();
  const { id, accessToken } = await signUpThroughForm(page);
  const { sid } = claimsOf(accessToken);

  await page.goto('/account/token');
  // First, while the fresh token has most of its few seconds left.
  const timer = page.getByRole('timer', { name: 'Time left' });
  await expect(timer).toHaveText(/^\d+ s$/);
  await expect(page.getByRole('figure', { name: 'Header' })).toContainText('"alg": "HS256"');
  const payload = page.getByRole('figure', { name: 'Payload' });
  await expect(payload).toContainText(`"sub": "${id}"`);
  await expect(payload).toContainText(`"sid": "${sid}"`);
  await expect(payload).toContainText('"role": "user"');
  await expect(page.getByText(sid, { exact: true })).toBeVisible();

  const log = page.getByRole('region', { name: 'Refreshes in this tab' });
  const rows = log.getByRole('row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toContainText('reload');

  await expect(timer).toHaveText('expired', { timeout: (tokenSeconds + 2) * 1000 });
  // The server allows a second of clock difference past `exp` before it answers Token expired.
  await page.waitForTimeout(1500);

  const refreshes = statusesOf(page, '/api/auth/refresh');
  await page.getByRole('button', { name: 'Check my session' }).click();
  await expect(page.getByText(`The server accepted the token at`)).toBeVisible();
  expect(refreshes, 'exactly one refresh').toEqual([200]);
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(1)).toContainText('expired');
  await expect(rows.nth(1)).toContainText('ok');
  await expect(timer).not.toHaveText('expired');

  await page.getByRole('button', { name: 'Refresh now' }).click();
  await expect(rows).toHaveCount(4);
  await expect(rows.nth(1)).toContainText('proactive');
  await expect(rows.nth(1)).toContainText('ok');
  expect(refreshes).toEqual([200, 200]);
  await expect(log.getByRole('cell', { name: 'expired', exact: true }), 'one expired refresh in all').toHaveCount(1);

  const refreshCookie = (await context.cookies()).find((cookie) => cookie.name === refreshCookieName);
  expect(refreshCookie, 'the session still has its refresh cookie').toBeDefined();
  const html = await page.content();
  expect(html).not.toContain(refreshCookie!.value);
  expect(html, 'no encoded token is shown, only its decoded parts').not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
  expect(await page.evaluate(() => document.cookie)).not.toContain('refresh_token');
});

test('Log out everywhere signs out this tab, its sibling tabs and the other devices', async ({ page, context, openPage, refreshCookieName }) => {
  const { user } = await signUpThroughForm(page);
  const sibling = await context.newPage();
  await sibling.goto('/dashboard');
  await expect(sibling.getByRole('button', { name: 'Log out', exact: true })).toBeVisible();
  const other = await signInElsewhere(openPage, user);

  await page.goto('/account');
  await expect(sessionItems(page)).toHaveCount(2);
  await page.getByRole('button', { name: 'Log out everywhere' }).click();
  await page.getByRole('button', { name: 'Yes, log out everywhere' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(sibling).toHaveURL(/\/login$/);
  expect((await context.cookies()).find((cookie) => cookie.name === refreshCookieName)).toBeUndefined();

  await other.reload();
  await expect(other).toHaveURL(/\/login\?next=%2Fdashboard&signed-out=1$/);
});

test("/account's panels stay where they are drawn while its three lists arrive, one after another", async ({ page, openPage }) => {
  const { user } = await signUpThroughForm(page);
  // A second device: two sessions and a few events, so each list is taller than a loading line.
  await signInElsewhere(openPage, user);
  // The whole page in view, so a move anywhere on it counts.
  await page.setViewportSize({ width: 1280, height: 3000 });
  const lists = ['/api/auth/sessions', '/api/auth/passkeys', '/api/auth/events'];
  const releases = new Map<string, () => void>();
  for (const path of lists) {
    const held = new Promise<void>((resolve) => releases.set(path, resolve));
    await page.route(
      (url) => url.pathname === path,
      async (route) => {
        await held;
        await route.fallback();
      },
    );
  }
  await page.goto('/account');
  await expect(page.getByRole('heading', { level: 1, name: 'Your account' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Loading your sessions…' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Delete my account' }), 'nothing below a list is drawn before it').toBeHidden();

  // Top to bottom, the order in which each arrival would push the most of the page down.
  releases.get('/api/auth/sessions')!();
  await expect(sessionItems(page)).toHaveCount(2);
  releases.get('/api/auth/passkeys')!();
  await expect(page.getByText('No passkeys yet.')).toBeVisible();
  releases.get('/api/auth/events')!();
  await expect(page.getByRole('region', { name: 'Recent security activity' }).getByRole('listitem').first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Delete my account' })).toBeVisible();
  await expect(page.getByText(/^Loading your /)).toHaveCount(0);
  expect(await layoutShiftSoFar(page), 'layout shift while the lists arrived').toBeLessThan(0.01);
});
