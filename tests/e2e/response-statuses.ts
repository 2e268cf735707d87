import type { Page } from '@playwright/test';

/**
 * The statuses of the page's responses to `path` from now on, in order. Start it right before the
 * action under test: a page on a slow machine may still renew its session while it loads.
 */
export function statusesOf(page: Page, path: string): number[] {
  const statuses: number[] = [];
  page.on('response', (response) => {
    if (new URL(response.url()).pathname === path) statuses.push(response.status());
  });
  return statuses;
}
