import { expectAccessible } from './axe';
import { expect, signUpThroughForm, test } from './fixtures';
import { testWithOwnServer } from './own-server';

/**
 * A page that does not exist, or one that fails to draw, says so in the product's look: the
 * header, a heading that says what happened, and a way on, under the same Content-Security-Policy
 * as every other page (the fixture fails the test on any violation, such as an inline style).
 */

test('a visitor on an unknown page gets a 404 that says so and leads home', async ({ page }) => {
  const response = await page.goto('/no-such-page');
  expect(response?.status()).toBe(404);
  await expect(page).toHaveTitle('Page not found · JWT Auth');
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  await expect(page.getByText('There is no page at this address.')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Log in' })).toBeVisible();
  await expectAccessible(page, 'the 404 page, signed out', { dark: true });

  await page.getByRole('link', { name: 'Back to the home page' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Authentication done right for Next.js' })).toBeVisible();
});

test('a signed-in user on an unknown page keeps the signed-in header and is led to the dashboard', async ({ page }) => {
  const { user } = await signUpThroughForm(page);
  // Below a signed-in section too: no page matches, so it is the same 404.
  for (const path of ['/no-such-page', '/dashboard/no-such-page']) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
    await expect(page.getByText(`Signed in as ${user.firstName}`)).toBeVisible();
  }
  await expectAccessible(page, 'the 404 page, signed in', { dark: true });

  await page.getByRole('link', { name: 'Back to your dashboard' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole('heading', { name: `Hello, ${user.firstName}` })).toBeVisible();
});

testWithOwnServer.describe('on a server that keeps no outbox', () => {
  testWithOwnServer.use({ serverEnv: { DEV_OUTBOX: '0' } });

  testWithOwnServer('/dev/outbox is the same 404 as any unknown address, title and all', async ({ page }) => {
    const response = await page.goto('/dev/outbox');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Back to the home page' })).toBeVisible();
    await expectAccessible(page, '/dev/outbox where there is none', { dark: true });
    // Checked last: the page's own title must not arrive after the 404's.
    await expect(page).toHaveTitle('Page not found · JWT Auth');
  });
});

// The server never sends these: a project whose name is no text, a user whose first name is none,
// stand for any bug that makes a page throw while it draws.
const NOT_TEXT = { not: 'text' };

test('a page that fails to draw says so, and Try again draws it once the cause is gone', async ({ page }) => {
  const { user } = await signUpThroughForm(page);
  await page.route('**/api/projects', async (route) => {
    if (route.request().method() !== 'GET') return route.fallback();
    const response = await route.fetch();
    await route.fulfill({ response, json: { projects: [{ id: 'broken', name: NOT_TEXT }], nextCursor: null } });
  });
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Something went wrong' })).toBeVisible();
  await expect(page).toHaveTitle('Something went wrong · JWT Auth');
  await expect(page.getByText(`Signed in as ${user.firstName}`), 'the header stays').toBeVisible();
  await expect(page.getByRole('link', { name: 'Back to your dashboard' })).toBeVisible();
  await expectAccessible(page, 'the error page', { dark: true });

  await page.unroute('**/api/projects');
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Hello, ${user.firstName}` })).toBeVisible();
  await expect(page.getByText('No projects yet — create your first one below.')).toBeVisible();
});

test('when the frame around every page fails to draw, the page that replaces it still looks like the product', async ({ page }) => {
  await signUpThroughForm(page);
  await page.route('**/api/auth/refresh', async (route) => {
    const response = await route.fetch();
    const body = (await response.json()) as { user: Record<string, unknown> };
    await route.fulfill({ response, json: { ...body, user: { ...body.user, firstName: NOT_TEXT } } });
  });
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Something went wrong' })).toBeVisible();
  await expect(page).toHaveTitle('Something went wrong · JWT Auth');
  await expectAccessible(page, 'the whole-page error', { dark: true });
  await expect(page.getByRole('link', { name: 'Back to the home page' })).toHaveAttribute('href', '/');
});
