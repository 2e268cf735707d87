import type { Page } from '@playwright/test';
import { expect, signUpThroughForm, test } from './fixtures';

const UNREACHABLE = 'We could not reach the server. Check your connection and try again.';
// The first load and its retries after 1, 2 and 4 seconds (lib/client/loader.ts).
const ATTEMPTS_BEFORE_GIVING_UP = 4;

/**
 * Makes the project list's GET fail as a restarting server does (connection refused) while
 * `down` is true; other requests, writes to the same path included, go through. Counts the GETs.
 */
async function projectListOutage(page: Page) {
  const outage = { down: true, gets: 0 };
  await page.route(
    (url) => url.pathname === '/api/projects',
    async (route) => {
      if (route.request().method() !== 'GET') return route.fallback();
      outage.gets++;
      return outage.down ? route.abort('connectionrefused') : route.fallback();
    },
  );
  return outage;
}

/** Opens the dashboard again without loading a new document, as the app's own link does. */
async function backToDashboard(page: Page) {
  await page.getByRole('link', { name: 'Employees' }).click();
  await expect(page).toHaveURL(/\/employees$/);
  await page.getByRole('link', { name: 'Dashboard' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
}

/** Marks the document, so a test can tell that what it sees came without a page load. */
async function markDocument(page: Page) {
  await page.evaluate(() => document.documentElement.setAttribute('data-test-document', 'first'));
}

async function createProject(page: Page, name: string) {
  await page.getByLabel('Project name').fill(name);
  await page.getByRole('button', { name: 'Create project' }).click();
}

const projectsSection = (page: Page) => page.getByRole('region', { name: 'Your projects' });
/** The list's own failure; the project form below it has alerts of its own. */
const listFailure = (page: Page) => projectsSection(page).getByRole('alert').filter({ hasText: UNREACHABLE });

test('the project list recovers by itself when the server comes back after a moment', async ({ page }) => {
  await signUpThroughForm(page);
  await createProject(page, 'Made before the blip');
  await expect(page.getByRole('link', { name: 'Made before the blip' })).toBeVisible();
  await markDocument(page);

  const outage = await projectListOutage(page);
  await backToDashboard(page);
  await expect(projectsSection(page).getByText('Loading your projects…')).toBeVisible();
  await expect.poll(() => outage.gets, { message: 'the list tried and tried again' }).toBeGreaterThanOrEqual(2);
  outage.down = false;

  await expect(page.getByRole('link', { name: 'Made before the blip' })).toBeVisible();
  await expect(listFailure(page)).toHaveCount(0);
  await expect(page.locator('html')).toHaveAttribute('data-test-document', 'first');
});

test('after its retries the list says the server is unreachable, and a project created then shows the refreshed list', async ({ page }) => {
  await signUpThroughForm(page);
  await createProject(page, 'Made before the outage');
  await expect(page.getByRole('link', { name: 'Made before the outage' })).toBeVisible();

  const outage = await projectListOutage(page);
  await backToDashboard(page);
  const alert = listFailure(page);
  await expect(alert).toBeVisible({ timeout: 15_000 });
  await expect(alert.getByRole('button', { name: 'Try again' })).toBeVisible();
  expect(outage.gets, 'a few attempts, then it stops').toBe(ATTEMPTS_BEFORE_GIVING_UP);

  outage.down = false;
  await createProject(page, 'Made during the outage');
  await expect(page.getByRole('link', { name: 'Made during the outage' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Made before the outage' })).toBeVisible();
  await expect(alert).toHaveCount(0);
});

test('a list that gave up loads again when the browser is back online', async ({ page, context }) => {
  await signUpThroughForm(page);
  await createProject(page, 'Made before going offline');
  await expect(page.getByRole('link', { name: 'Made before going offline' })).toBeVisible();

  const outage = await projectListOutage(page);
  await backToDashboard(page);
  await expect(listFailure(page)).toBeVisible({ timeout: 15_000 });

  outage.down = false;
  await context.setOffline(true);
  await context.setOffline(false);
  await expect(page.getByRole('link', { name: 'Made before going offline' })).toBeVisible();
  await expect(listFailure(page)).toHaveCount(0);
});

test('a task can be added while the task list is still on its way, and the list then shows it', async ({ page }) => {
  await signUpThroughForm(page);
  await createProject(page, 'Slow tasks');
  // The task list's GETs wait until released; adding a task (POST) goes through at once.
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(
    (url) => /^\/api\/projects\/[^/]+\/tasks$/.test(url.pathname),
    async (route) => {
      if (route.request().method() !== 'GET') return route.fallback();
      await released;
      // The page aborts a GET it no longer needs (the add loads the list again): nothing to pass on.
      await route.fallback().catch(() => undefined);
    },
  );
  await page.getByRole('link', { name: 'Slow tasks' }).click();
  await expect(page.getByText('Loading the tasks…')).toBeVisible();

  const form = page.getByRole('form', { name: 'Add a task' });
  await form.getByLabel('Task title').fill('Added while loading');
  await form.getByRole('button', { name: 'Add task' }).click();
  release();
  const added = page.getByRole('region', { name: 'Tasks' }).getByText('Added while loading', { exact: true });
  await expect(added).toBeVisible();
  await expect(added, 'listed once').toHaveCount(1);
});
