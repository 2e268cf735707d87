import type { Page } from '@playwright/test';

export const REFRESH_ROUTE = '**/api/auth/refresh';

/**
 * Holds the page's session refreshes, as a slow network would, so a test can look at what the page
 * shows while its session is restored; the returned function lets them through. The caller
 * unroutes REFRESH_ROUTE once the held request has been answered.
 */
export async function holdRefreshes(page: Page): Promise<() => void> {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(REFRESH_ROUTE, async (route) => {
    await held;
    await route.fallback();
  });
  return release;
}
