import type { Page } from '@playwright/test';

/**
 * The page's cumulative layout shift so far (the browser's own layout-shift entries, shifts right
 * after input left out, as Core Web Vitals count them). Above 0.1 people see content jump while
 * the page loads: a button moves under the thumb, the line being read goes down.
 */
export async function layoutShiftSoFar(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        let total = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as Array<PerformanceEntry & { value: number; hadRecentInput: boolean }>) {
            if (!entry.hadRecentInput) total += entry.value;
          }
        }).observe({ type: 'layout-shift', buffered: true });
        // The buffered entries are delivered in the observer's first callback, before this timer.
        setTimeout(() => resolve(total), 100);
      }),
  );
}
