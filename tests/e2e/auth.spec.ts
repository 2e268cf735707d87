import type { Page } from '@playwright/test';
import { REFRESH_LOCK } from '../../lib/client/auth-client';
import { expectAccessible } from './axe';
import { needsShortAccessTokens } from './capabilities';
import { isProtectionBypassCookie } from './deployment-protection';
import { layoutShiftSoFar } from './layout-shift';
import { holdRefreshes, REFRESH_ROUTE } from './held-refresh';
import { statusesOf } from './response-statuses';
import { expect, fillSignUpForm, logInThroughForm, newUser, signUpThroughForm, test } from './fixtures';

test('sign up lands on the dashboard with the user signed in', async ({ page }) => {
  const { user } = await signUpThroughForm(page);
  await expect(page.getByText(`Signed in as ${user.firstName}`)).toBeVisible();
  await expect(page.getByText(user.email)).toBeVisible();
});

test('sign-up errors are shown next to their fields and announced', async ({ page }) => {
  await page.goto('/register');
  await page.getByLabel('Email').fill('not-an-email');
  await page.getByLabel('Password', { exact: true }).fill('short');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(page.getByLabel('First name')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('First name'), 'focus goes to the first field with a problem').toBeFocused();
  await expect(page.getByLabel('First name')).toHaveAccessibleDescription(/First name is required/);
  await expect(page.getByLabel('Email')).toHaveAccessibleDescription(/email address/i);
  await expect(page.getByLabel('Password', { exact: true })).toHaveAccessibleDescription(/at least 8 characters/);
  await expect(page).toHaveURL(/\/register$/);
});

test('a common password is refused by the server with a field error', async ({ page }) => {
  const user = newUser({ password: 'password1' });
  await fillSignUpForm(page, user);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(page.getByLabel('Password', { exact: true })).toHaveAccessibleDescription(/too common/);
});

test('the password can be shown and hidden, and its strength is rated', async ({ page }) => {
  await page.goto('/register');
  const password = page.getByLabel('Password', { exact: true });
  await password.fill('correct horse battery staple');
  await expect(password).toHaveAttribute('type', 'password');
  await page.getByRole('button', { name: 'Show password' }).click();
  await expect(password).toHaveAttribute('type', 'text');
  await expect(page.getByText('Strength: Strong')).toBeVisible();
});

test('no token is reachable from page script, and the refresh and device cookies are HttpOnly and Strict', async ({ page, context, refreshCookieName }) => {
  const { accessToken } = await signUpThroughForm(page);
  const exposed = await page.evaluate(() => ({
    cookie: document.cookie,
    url: location.href,
    local: JSON.stringify({ ...localStorage }),
    session: JSON.stringify({ ...sessionStorage }),
    windowNames: Object.keys(window).filter((key) => /token|auth/i.test(key)),
  }));
  for (const [where, value] of Object.entries(exposed)) {
    const text = Array.isArray(value) ? value.join(',') : value;
    expect(text, where).not.toContain(accessToken);
    expect(text, where).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
  }
  expect(exposed.cookie).not.toContain('refresh_token');
  expect(exposed.cookie).not.toContain('device');

  const cookies = await context.cookies();
  const deviceCookieName = refreshCookieName.replace('refresh_token', 'device');
  for (const name of [refreshCookieName, deviceCookieName]) {
    const cookie = cookies.find((candidate) => candidate.name === name);
    expect(cookie, `${name} set`).toBeDefined();
    expect(cookie!.httpOnly).toBe(true);
    expect(cookie!.sameSite).toBe('Strict');
    expect(cookie!.path).toBe('/');
  }
  const others = cookies.filter((cookie) => ![refreshCookieName, deviceCookieName].includes(cookie.name) && !isProtectionBypassCookie(cookie.name));
  expect(others, 'the app sets no other cookie than the refresh and device cookies').toEqual([]);
});

test('a reload keeps the user signed in', async ({ page }) => {
  const { user } = await signUpThroughForm(page);
  const refreshed = page.waitForResponse((response) => response.url().endsWith('/api/auth/refresh') && response.status() === 200);
  await page.reload();
  await refreshed;
  await expect(page.getByRole('heading', { name: `Hello, ${user.firstName}` })).toBeVisible();
  await expect(page).toHaveURL(/\/dashboard$/);
});

test('while a reload restores the session the dashboard is already drawn, and signed-in pages fill in without moving', async ({ page }) => {
  const { user } = await signUpThroughForm(page);
  // The refresh waits, as on a slow network, until the page drawn before it has been looked at.
  const release = await holdRefreshes(page);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Loading your session…' })).toBeVisible();
  await expect(page.getByText('Pick up a project where you left it, or start a new one.')).toBeVisible();
  release();
  await expect(page.getByRole('heading', { level: 1, name: `Hello, ${user.firstName}` })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Your projects' })).toBeVisible();
  expect(await layoutShiftSoFar(page), 'layout shift while the dashboard fills in').toBeLessThan(0.01);
  await page.unroute(REFRESH_ROUTE);

  // A page with the generic skeleton, on a phone: the footer is not drawn under the skeleton only
  // to be pushed off the screen by the page.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/account');
  await expect(page.getByRole('heading', { level: 1, name: 'Your account' })).toBeVisible();
  await expect(page.getByRole('contentinfo')).toBeAttached();
  expect(await layoutShiftSoFar(page), 'layout shift while the account page fills in').toBeLessThan(0.01);
});

/** Through the app's own links, so the access token in memory comes along (a new page load would renew it). */
async function openTokenInspector(page: Page) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Account' }).click();
  await page.getByRole('link', { name: 'Open the token inspector' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Token inspector' })).toBeVisible();
}

test('after the access token expires, an action still succeeds with exactly one refresh', async ({ page }) => {
  const tokenSeconds = needsShortAccessTokens();
  const { user } = await signUpThroughForm(page);
  await openTokenInspector(page);
  await page.waitForTimeout((tokenSeconds + 1.5) * 1000);
  const refreshes = statusesOf(page, '/api/auth/refresh');
  const meStatuses = statusesOf(page, '/api/auth/me');
  await page.getByRole('button', { name: 'Check my session' }).click();
  await expect(page.getByText(`as ${user.email}.`)).toBeVisible();
  expect(refreshes).toEqual([200]);
  expect(meStatuses).toEqual([401, 200]);
});

test('when the session cannot be renewed the user lands on /login, which says why', async ({ page, context }) => {
  const tokenSeconds = needsShortAccessTokens();
  await signUpThroughForm(page);
  await openTokenInspector(page);
  await context.clearCookies();
  await page.waitForTimeout((tokenSeconds + 1.5) * 1000);
  await page.getByRole('button', { name: 'Check my session' }).click();
  await expect(page).toHaveURL(/\/login\?next=%2Faccount%2Ftoken&signed-out=1$/);
  await expect(page.getByRole('status').filter({ hasText: 'You were signed out on this device' })).toBeVisible();
  await expectAccessible(page, '/login after the session ended', { dark: true });
});

test('logging out in one tab logs out the other', async ({ page, context, refreshCookieName }) => {
  await signUpThroughForm(page);
  const other = await context.newPage();
  await other.goto('/dashboard');
  await expect(other.getByRole('button', { name: 'Log out' })).toBeVisible();

  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(other).toHaveURL(/\/login$/);
  expect((await context.cookies()).find((cookie) => cookie.name === refreshCookieName)).toBeUndefined();

  await other.goto('/dashboard');
  await expect(other).toHaveURL(/\/login\?next=%2Fdashboard$/);
});

test('logging out while a refresh waits for another tab ends as a logout: the waiting refresh is not sent', async ({ page, context }) => {
  await signUpThroughForm(page);
  await openTokenInspector(page);
  // Another tab of the site holds the lock tabs take turns with to refresh.
  const other = await context.newPage();
  await other.goto('/api/health');
  await other.evaluate(
    (name) =>
      new Promise<void>((held) => {
        void navigator.locks.request(
          name,
          () =>
            new Promise<void>((release) => {
              Object.assign(window, { releaseLock: release });
              held();
            }),
        );
      }),
    REFRESH_LOCK,
  );
  const refreshes = statusesOf(page, '/api/auth/refresh');
  await page.getByRole('button', { name: 'Refresh now' }).click();
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login$/);

  await other.evaluate(() => (window as unknown as { releaseLock: () => void }).releaseLock());
  // Locks are granted in turn: once the other tab holds it again, the waiting refresh is over.
  await other.evaluate((name) => navigator.locks.request(name, () => undefined), REFRESH_LOCK);
  expect(refreshes, 'nothing sent for a session already ended').toEqual([]);
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByText('You were signed out on this device')).toHaveCount(0);
});

test('logging in in one tab signs in the other', async ({ page, context }) => {
  const { user } = await signUpThroughForm(page);
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  const other = await context.newPage();
  await other.goto('/login');
  await logInThroughForm(page, user);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(other).toHaveURL(/\/dashboard$/);
});

test('a wrong password shows the error and keeps the user on /login', async ({ page }) => {
  const { user } = await signUpThroughForm(page);
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await logInThroughForm(page, { ...user, password: 'Not-the-right-password-1' });
  await expect(page.getByRole('alert').filter({ hasText: 'Invalid email or password' })).toBeVisible();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole('button', { name: 'Log in' })).toBeEnabled();
});

test('a form sent from its button with the keyboard keeps the focus on that button after a refusal', async ({ page }) => {
  const { user } = await signUpThroughForm(page);
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password', { exact: true }).fill('Not-the-right-password-1');
  const logIn = page.getByRole('button', { name: 'Log in' });
  await logIn.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'Invalid email or password' })).toBeVisible();
  // Not sent back to the top of the page: the next Tab or Shift+Tab goes on from here.
  await expect(logIn).toBeFocused();
});

test('next= is honoured for same-origin paths and ignored for foreign URLs', async ({ page, baseURL }) => {
  const { user } = await signUpThroughForm(page);
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login$/);

  await page.goto('/dashboard?view=compact');
  await expect(page).toHaveURL(/\/login\?next=%2Fdashboard%3Fview%3Dcompact$/);
  await logInThroughForm(page, user);
  await expect(page).toHaveURL(/\/dashboard\?view=compact$/);

  for (const foreign of ['https://evil.example/phish', '//evil.example/phish', '/\\evil.example/phish', '/.//evil.example/phish']) {
    await page.getByRole('button', { name: 'Log out' }).click();
    await expect(page).toHaveURL(/\/login$/);
    await page.goto(`/login?next=${encodeURIComponent(foreign)}`);
    await logInThroughForm(page, user);
    await expect(page).toHaveURL(new URL('/dashboard', baseURL).href);
    expect(new URL(page.url()).host).not.toContain('evil');
  }
});

test('pages carry a strict Content-Security-Policy and the security headers', async ({ page }) => {
  for (const path of ['/', '/login', '/register']) {
    const response = await page.goto(path);
    const headers = response!.headers();
    const csp = headers['content-security-policy'] ?? '';
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBeTruthy();
    expect(headers['x-powered-by']).toBeUndefined();
    await expect(page.getByRole('link', { name: 'Log in' }).first()).toBeVisible();
  }
  await signUpThroughForm(page);
});

test('the first Tab reaches "Skip to content", which takes the keyboard past the header', async ({ page }) => {
  await page.goto('/login');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.locator('#content')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Email')).toBeFocused();
});
