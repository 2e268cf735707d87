import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect, type Page } from '@playwright/test';

// Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not
// govern: the page is checked under its real policy, with no script tag or nonce added.
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Finding {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

type Scheme = 'light' | 'dark';

/** Relative luminance (WCAG 2) of the page's base background, drawn to a canvas to get sRGB from any CSS colour (Tailwind's are oklch). */
async function backgroundLuminance(page: Page): Promise<number> {
  const channels = await page.evaluate(() => {
    const context = document.createElement('canvas').getContext('2d')!;
    context.fillStyle = getComputedStyle(document.body).backgroundColor;
    context.fillRect(0, 0, 1, 1);
    return Array.from(context.getImageData(0, 0, 1, 1).data.slice(0, 3));
  });
  const [r, g, b] = channels.map((value) => {
    const c = value / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/**
 * The contract's page checks, at 1280 and 390 px wide: axe finds no serious or critical
 * violation, and the page does not scroll sideways. With `dark`, the same checks run again with
 * the system set to dark (`prefers-color-scheme: dark`), after checking the page did turn dark: a
 * page that ignored the setting would pass axe in its light colours and prove nothing. The
 * viewport and colour scheme are put back afterwards. A run that sets E2E_SKIP_PAGE_CHECKS (the
 * local HTTPS run, whose pages the HTTP run of the same build has checked) checks the title only.
 */
export async function expectAccessible(page: Page, what: string, { dark = false }: { dark?: boolean } = {}): Promise<void> {
  // After a client-side navigation Next streams the page's metadata behind its content: the title
  // can arrive a moment after the page looks finished, and axe would report it missing.
  await expect(page, `${what}: the document title`).toHaveTitle(/\S/);
  if (process.env.E2E_SKIP_PAGE_CHECKS) return;
  const original = page.viewportSize();
  const originalScheme: Scheme = (await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)) ? 'dark' : 'light';
  const schemes: Scheme[] = dark ? ['light', 'dark'] : ['light'];
  try {
    for (const scheme of schemes) {
      await page.emulateMedia({ colorScheme: scheme });
      const label = scheme === 'dark' ? `${what} in dark` : what;
      if (scheme === 'dark') {
        expect(await backgroundLuminance(page), `${label}: the luminance of the page background`).toBeLessThan(0.05);
        expect(await page.evaluate(() => getComputedStyle(document.documentElement).colorScheme), `${label}: color-scheme, for native controls`).toContain('dark');
      }
      for (const width of [1280, 390]) {
        await page.setViewportSize({ width, height: 900 });
        // A string is evaluated as a script of its own; a page that navigated since has lost it.
        if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
        const findings = await page.evaluate(async (): Promise<Finding[]> => {
          type Axe = { run(context: Document): Promise<{ violations: { id: string; impact?: string | null; help: string; nodes: { target: unknown[] }[] }[] }> };
          const { violations } = await (window as unknown as { axe: Axe }).axe.run(document);
          return violations.map((violation) => ({ id: violation.id, impact: violation.impact ?? null, help: violation.help, targets: violation.nodes.map((node) => String(node.target)) }));
        });
        const serious = findings.filter((finding) => finding.impact === 'serious' || finding.impact === 'critical');
        expect(serious, `${label} at ${width} px: axe`).toEqual([]);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, `${label} at ${width} px scrolls sideways by`).toBeLessThanOrEqual(0);
      }
    }
  } finally {
    if (original) await page.setViewportSize(original);
    await page.emulateMedia({ colorScheme: originalScheme });
  }
}
