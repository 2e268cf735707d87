import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import { needs } from './capabilities';
import { expect, logInThroughForm, newUser, signUpThroughForm, test } from './fixtures';
import { newestMail } from './outbox';

const SENT = 'If an account uses this email, a reset link is on its way.';

/** Fills and sends the forgot-password form; returns what the server answered. */
async function requestReset(page: Page, email: string): Promise<{ status: number; body: unknown }> {
  await page.getByLabel('Email').fill(email);
  const answered = page.waitForResponse((response) => response.url().endsWith('/api/auth/forgot-password'));
  await page.getByRole('button', { name: 'Send reset link' }).click();
  const response = await answered;
  return { status: response.status(), body: await response.json() };
}

test('a forgotten password is reset through the emailed link, which works once', async ({ page, context, baseURL, refreshCookieName }) => {
  needs('outbox');
  const { user } = await signUpThroughForm(page);
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login$/);

  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  expect((await requestReset(page, user.email)).status).toBe(202);
  await expect(page.getByRole('status').filter({ hasText: SENT })).toBeVisible();

  // Named by subject: sign-up mails a verification link too.
  const mail = await newestMail(page, user.email, 'Reset your password');
  await expect(mail.getByRole('heading', { name: 'Reset your password' })).toBeVisible();
  const link = mail.getByRole('link', { name: /\/reset-password#token=/ });
  const href = await link.getAttribute('href');
  const { origin, pathname, search, hash } = new URL(href!);
  expect(origin, 'the link leads back to this app').toBe(new URL(baseURL!).origin);
  expect(`${pathname}${search}${hash}`).toMatch(/^\/reset-password#token=[\w-]{40,}$/);
  await link.click();

  // Read once, the token leaves the address bar.
  await expect(page).toHaveURL(/\/reset-password$/);
  const password = page.getByLabel('New password');
  const submit = page.getByRole('button', { name: 'Set new password' });
  await password.fill('short');
  await submit.click();
  await expect(password).toHaveAccessibleDescription(/at least 8 characters/);
  await password.fill('password123');
  await submit.click();
  await expect(password).toHaveAccessibleDescription(/too common/);

  const newPassword = `${user.password}-renewed`;
  await password.fill(newPassword);
  await submit.click();
  await expect(page.getByRole('status').filter({ hasText: 'Your password has been changed.' })).toContainText('has been signed out');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Password changed');
  await expect(page).toHaveTitle('Password changed · JWT Auth');
  expect((await context.cookies()).find((cookie) => cookie.name === refreshCookieName), 'a reset signs nobody in').toBeUndefined();
  await page.getByRole('link', { name: 'Log in with your new password' }).click();
  await expect(page).toHaveURL(/\/login$/);

  await logInThroughForm(page, user);
  await expect(page.getByRole('alert').filter({ hasText: 'Invalid email or password' })).toBeVisible();
  await logInThroughForm(page, { email: user.email, password: newPassword });
  await expect(page).toHaveURL(/\/dashboard$/);

  // The used link says so before anything is typed, under a heading (and a tab title) that
  // matches, with the ways forward: signed in (as here, with the new password), that is the
  // dashboard, not a login.
  await page.goto(href!);
  await expect(page).toHaveURL(/\/reset-password$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Link already used');
  await expect(page).toHaveTitle('Link already used · JWT Auth');
  const used = page.getByRole('alert').filter({ hasText: 'This reset link has already been used.' });
  await expect(used).toBeFocused();
  await expect(password).toHaveCount(0);
  await expect(used.getByRole('link', { name: 'Continue to your dashboard' })).toHaveAttribute('href', '/dashboard');
  await expect(used.getByRole('link', { name: 'Ask for a new link' })).toBeVisible();
  await expect(used.getByRole('link', { name: 'Log in', exact: true })).toHaveCount(0);

  // Signed out, the way on is a login with the new password, or a new link.
  await page.goto('/dashboard');
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto(href!);
  await expect(used.getByRole('link', { name: 'Log in', exact: true })).toHaveAttribute('href', '/login');
  await expect(used.getByRole('link', { name: 'Continue to your dashboard' })).toHaveCount(0);
  await used.getByRole('link', { name: 'Ask for a new link' }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  await expect(page, 'the next page gets its own title').toHaveTitle('Forgot password · JWT Auth');
});

test('a link the page cannot check still gets the form, and the reset gives the verdict', async ({ page }) => {
  const token = randomUUID().replaceAll('-', '');
  // No stored link has this token: checked, it is said at once.
  await page.goto(`/reset-password#token=${token}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Link not valid');
  await expect(page).toHaveTitle('Link not valid · JWT Auth');
  await expect(page.getByRole('alert').filter({ hasText: 'This reset link is not valid.' })).toBeFocused();
  await expect(page.getByLabel('New password')).toHaveCount(0);

  // The check unanswered (server busy), the form is offered: the reset itself refuses the link.
  await page.route('**/api/auth/reset-password/check', (route) =>
    route.fulfill({ status: 503, headers: { 'Retry-After': '5' }, contentType: 'application/json', body: JSON.stringify({ success: false, code: 'unavailable', message: 'Unavailable' }) }),
  );
  await page.goto(`/reset-password#token=${token}x`);
  await page.getByLabel('New password').fill(`Fine-${randomUUID()}`);
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'This reset link is invalid, expired or already used.' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Link no longer works');
  await expect(page).toHaveTitle('Link no longer works · JWT Auth');
});

test('forgot-password answers an unknown email exactly as it answers a known one', async ({ page, request }) => {
  const known = newUser();
  expect((await request.post('/api/auth/register', { data: known })).status()).toBe(201);

  await page.goto('/forgot-password');
  const forKnown = await requestReset(page, known.email);
  const shown = page.getByRole('status').filter({ hasText: SENT });
  const shownForKnown = await shown.textContent();

  await page.goto('/forgot-password');
  const forUnknown = await requestReset(page, `nobody-${randomUUID()}@example.com`);
  expect(forKnown.status).toBe(202);
  expect(forUnknown).toEqual(forKnown);
  await expect(shown).toHaveText(shownForKnown!);
});

test('a refused request says when to try again', async ({ page }) => {
  // The limits themselves are the integration suite's; this is what the page makes of a 429.
  await page.route('**/api/auth/forgot-password', (route) =>
    route.fulfill({
      status: 429,
      headers: { 'Retry-After': '42' },
      contentType: 'application/json',
      body: JSON.stringify({ success: false, code: 'rate_limited', message: 'Rate limited' }),
    }),
  );
  await page.goto('/forgot-password');
  await requestReset(page, 'someone@example.com');
  await expect(page.getByRole('alert').filter({ hasText: 'Too many attempts. Try again in 42 seconds.' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: SENT })).toHaveCount(0);
});

test('/reset-password without a link says where to get one', async ({ page }) => {
  await page.goto('/reset-password');
  await expect(page.getByText('This page needs the link from your password-reset email.')).toBeVisible();
  // Known as the page loads, before Next.js has hydrated the page's metadata, which must not win.
  await expect(page).toHaveTitle('Reset your password · JWT Auth');
  await expect(page.getByLabel('New password')).toHaveCount(0);
  await page.getByRole('link', { name: 'ask for a reset link' }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
});
