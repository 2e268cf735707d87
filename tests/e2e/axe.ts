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

/**
 * The contract's page checks, at 1280 and 390 px wide: axe finds no serious or critical
 * violation, and the page does not scroll sideways. The viewport is put back afterwards.
 */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  // After a client-side navigation Next streams the page's metadata behind its content: the title
  // can arrive a moment after the page looks finished, and axe would report it missing.
  await expect(page, `${what}: the document title`).toHaveTitle(/\S/);
  const original = page.viewportSize();
  try {
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
      expect(serious, `${what} at ${width} px: axe`).toEqual([]);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${what} at ${width} px scrolls sideways by`).toBeLessThanOrEqual(0);
    }
  } finally {
    if (original) await page.setViewportSize(original);
  }
}
