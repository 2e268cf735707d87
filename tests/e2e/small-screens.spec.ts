import { randomUUID } from 'node:crypto';
import type { Locator, Page } from '@playwright/test';
import { E2E_ADMIN } from './admin-account';
import { createEmployee, newEmployee } from './api';
import { expectAccessible } from './axe';
import { needs } from './capabilities';
import { holdRefreshes, REFRESH_ROUTE } from './held-refresh';
import { expect, logInAsAdmin, newUser, test } from './fixtures';

/**
 * The app on a phone (390 px wide): the header keeps to one row, with the signed-in pages behind a
 * menu button, and every page fits the screen, its tables shown as stacked cards whose actions are
 * in reach. Checked as the admin, whose header and tables hold the most.
 */

const PHONE = { width: 390, height: 844 };

test.use({ viewport: PHONE });

/** Fails unless all of `locator` lies within the page's width, not in a box scrolled sideways. */
async function expectWithinScreen(page: Page, locator: Locator, what: string): Promise<void> {
  await expect(locator, what).toBeVisible();
  const box = (await locator.boundingBox())!;
  expect(box.x, `${what}: left edge`).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, `${what}: right edge`).toBeLessThanOrEqual(page.viewportSize()!.width);
}

async function headerHeight(page: Page): Promise<number> {
  return (await page.getByRole('banner').boundingBox())!.height;
}

async function signInAsAdmin(page: Page): Promise<void> {
  await logInAsAdmin(page);
  await expect(page.getByRole('heading', { level: 1, name: `Hello, ${E2E_ADMIN.firstName}` })).toBeVisible();
}

test.describe('signed in as the admin', () => {
  test.beforeEach(() => needs('admin'));

  test('the header keeps to one row, and its menu button opens the pages, Admin among them', async ({ page }) => {
    await page.goto('/login');
    const visitorRow = await headerHeight(page);
    await page.setViewportSize({ width: 1280, height: 900 });
    const visitorRowDesktop = await headerHeight(page);
    await page.setViewportSize(PHONE);

    await signInAsAdmin(page);
    expect(await headerHeight(page), 'the signed-in header is as tall as the visitor’s: one row').toBe(visitorRow);
    const menu = page.getByRole('button', { name: 'Menu' });

    // While a reload restores the session the header has nothing on its right yet, and is as tall.
    const release = await holdRefreshes(page);
    await page.reload();
    await expect(page.getByText('Loading your session…')).toBeVisible();
    expect(await headerHeight(page), 'the header while the session is restored').toBe(visitorRow);
    release();
    await expect(menu).toBeVisible();
    await page.unroute(REFRESH_ROUTE);
    await expect(menu).toHaveAttribute('aria-expanded', 'false');
    await expect(page.getByRole('link', { name: 'Admin' })).toHaveCount(0);

    const heading = page.getByRole('heading', { level: 1 });
    const headingTop = (await heading.boundingBox())!.y;
    await menu.click();
    await expect(menu).toHaveAttribute('aria-expanded', 'true');
    const panel = page.locator(`[id="${await menu.getAttribute('aria-controls')}"]`);
    await expectWithinScreen(page, panel.getByRole('link', { name: 'Admin' }), 'the Admin link');
    await expect(panel.getByRole('button', { name: 'Log out' })).toBeVisible();
    expect((await heading.boundingBox())!.y, 'the open menu covers the page, it does not push it down').toBe(headingTop);

    await page.keyboard.press('Escape');
    await expect(menu).toHaveAttribute('aria-expanded', 'false');
    await expect(menu).toBeFocused();
    await expect(panel).toHaveCount(0);

    // Tabbing past its last control closes it: focus must not land on the page hidden under it.
    await menu.click();
    await panel.getByRole('button', { name: 'Log out' }).focus();
    await page.keyboard.press('Tab');
    await expect(menu).toHaveAttribute('aria-expanded', 'false');
    await menu.focus();

    // From the keyboard: the links follow the button in tab order.
    await page.keyboard.press('Enter');
    await expect(menu).toHaveAttribute('aria-expanded', 'true');
    await page.keyboard.press('Tab');
    await expect(panel.getByRole('link', { name: 'Dashboard' })).toBeFocused();
    await panel.getByRole('link', { name: 'Admin' }).click();
    await expect(page).toHaveURL(/\/admin$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Admin' }), 'focus moves to the new page’s heading').toBeFocused();
    await expect(menu, 'the menu closes once its link is followed').toHaveAttribute('aria-expanded', 'false');

    await page.setViewportSize({ width: 1280, height: 900 });
    await expect(menu).toBeHidden();
    await expect(page.getByRole('link', { name: 'Admin' })).toBeVisible();
    expect(await headerHeight(page), 'at desktop width, one row as well').toBe(visitorRowDesktop);
  });

  test('every signed-in page fits the phone and passes the page checks, its tables as cards with their actions in reach', async ({ page, request }) => {
    // Eight pages, each checked at two widths in both colour schemes: on a loaded
    // CI machine that took 46 s before the dark checks, close to the default minute.
    test.setTimeout(120_000);
    const employee = await createEmployee(request);
    await signInAsAdmin(page);
    await expectAccessible(page, '/dashboard as the admin', { dark: true });

    await page.getByLabel('Project name').fill('Pocket plans');
    await page.getByRole('button', { name: 'Create project' }).click();
    await page.getByRole('link', { name: 'Pocket plans' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Pocket plans' })).toBeVisible();
    await expectAccessible(page, '/projects/[id] as the admin', { dark: true });

    await page.goto('/employees');
    const name = `${employee.firstName} ${employee.lastName}`;
    const card = page.getByRole('row', { name: new RegExp(employee.lastName) });
    await expect(card.getByText('Job title', { exact: true })).toBeVisible();
    await expect(card).toContainText(employee.title);
    await expectWithinScreen(page, card.getByRole('button', { name: `Edit ${name}` }), 'Edit');
    await expectWithinScreen(page, card.getByRole('button', { name: `Delete ${name}` }), 'Delete');
    await expectAccessible(page, '/employees as the admin', { dark: true });

    await page.goto('/account');
    await expect(page.getByRole('heading', { level: 1, name: 'Your account' })).toBeVisible();
    await expectAccessible(page, '/account as the admin', { dark: true });

    await page.goto('/account/token');
    const payload = page.getByRole('figure', { name: 'Payload' }).locator('pre');
    await expect(payload).toContainText('"sub"');
    expect(await payload.evaluate((pre) => pre.scrollWidth - pre.clientWidth), 'the payload wraps instead of scrolling').toBeLessThanOrEqual(0);
    await expectAccessible(page, '/account/token as the admin', { dark: true });

    await page.goto('/admin');
    const own = page.getByRole('row', { name: new RegExp(E2E_ADMIN.email) });
    await expect(own.getByText('Joined', { exact: true })).toBeVisible();
    await expectWithinScreen(page, own.getByLabel(`Role for ${E2E_ADMIN.email}`), 'the role picker');
    await expectWithinScreen(page, own.getByRole('button', { name: `Revoke sessions of ${E2E_ADMIN.email}` }), 'Revoke sessions');
    const event = page.getByRole('row', { name: /Signed in/ }).first();
    await expect(event.getByText('IP address', { exact: true })).toBeVisible();
    await expectWithinScreen(page, event, 'a security event');
    await expectAccessible(page, '/admin as the admin', { dark: true });

    await page.goto('/');
    await expectAccessible(page, 'the home page as the admin', { dark: true });
    await page.goto('/no-such-page');
    await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
    await expectAccessible(page, 'the 404 page as the admin', { dark: true });
  });
});

test.describe('signed in as the admin, on a tablet', () => {
  test.beforeEach(() => needs('admin'));

  test('the admin’s and the employees’ tables are cards up to 1023 px and tables from 1024 px, nothing scrolled sideways', async ({ page, request, baseURL }) => {
    // The longest values these tables hold: an address wraps rather than widening its column.
    const longAddress = () => `grace-hopper-${randomUUID()}@systems.research.example.com`;
    await createEmployee(request, { ...newEmployee(), email: longAddress() });
    const signUp = await request.post('/api/auth/register', { headers: { origin: baseURL! }, data: newUser({ email: longAddress() }) });
    expect(signUp.status(), 'a sign-up with a long address').toBe(201);
    await signInAsAdmin(page);
    for (const path of ['/admin', '/employees']) {
      await page.goto(path);
      const tables = page.getByRole('region').filter({ has: page.getByRole('table') });
      await expect(tables.first()).toBeVisible();
      // Tablets held upright (768-834 px) and sideways (1024 px), and a phone held sideways.
      for (const width of [640, 768, 834, 1024]) {
        await page.setViewportSize({ width, height: 900 });
        const hidden = await tables.evaluateAll((boxes) => boxes.map((box) => box.scrollWidth - box.clientWidth));
        expect(hidden, `${path} at ${width} px: table width scrolled out of view`).toEqual(hidden.map(() => 0));
        // A card names each value beside it; a table has its header row instead.
        const cardLabel = tables.first().locator('td > span[aria-hidden="true"]').first();
        await expect(cardLabel, `${path} at ${width} px: a card's value label`).toBeVisible({ visible: width < 1024 });
      }
    }
  });
});

test('the visitor’s header keeps Log in and Sign up in one row, and the visitor’s pages fit the phone, in light and dark', async ({ page }) => {
  for (const path of ['/', '/login', '/register']) {
    await page.goto(path);
    await expectAccessible(page, `${path} as a visitor`, { dark: true });
  }
  await page.goto('/forgot-password');
  await expectWithinScreen(page, page.getByRole('banner').getByRole('link', { name: 'Sign up' }), 'Sign up');
  await expect(page.getByRole('button', { name: 'Menu' })).toHaveCount(0);
  await expectAccessible(page, '/forgot-password', { dark: true });
  await page.goto('/reset-password');
  await expectAccessible(page, '/reset-password without a link', { dark: true });
});

test('the development outbox fits the phone', async ({ page }) => {
  needs('outbox');
  await page.goto('/dev/outbox');
  await expect(page.getByRole('heading', { level: 1, name: 'Development outbox' })).toBeVisible();
  await expectAccessible(page, '/dev/outbox', { dark: true });
});
