import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { test } from 'node:test';

/**
 * The edge of an input or select is the only thing that shows where to type, so WCAG 1.4.11 asks
 * for 3:1 against what is around it: the control's own background and the page behind the card.
 * axe checks text contrast in the e2e suite but not this, so it is computed here from the colours
 * app/globals.css gives each meaning, in light and in dark.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const CSS = readFileSync(join(ROOT, 'app/globals.css'), 'utf8');
const TAILWIND_THEME = readFileSync(join(createRequire(import.meta.url).resolve('tailwindcss/package.json'), '../theme.css'), 'utf8');

function tokens(block: string): Map<string, string> {
  return new Map([...block.matchAll(/--color-([a-z0-9-]+):\s*var\(--color-([a-z0-9-]+)\);/g)].map(([, name, palette]) => [name!, palette!]));
}

const LIGHT = tokens(CSS.slice(CSS.indexOf('@theme {'), CSS.indexOf('}', CSS.indexOf('@theme {'))));
const darkStart = CSS.indexOf('@media (prefers-color-scheme: dark)');
const DARK = new Map([...LIGHT, ...tokens(CSS.slice(darkStart, CSS.indexOf('}', darkStart)))]);

/** Relative luminance (WCAG) of one of Tailwind's palette colours, given as oklch() or hex. */
function luminance(palette: string): number {
  const value = new RegExp(`--color-${palette}:\\s*([^;]+);`).exec(TAILWIND_THEME)?.[1]?.trim();
  assert.ok(value, `tailwindcss/theme.css has no --color-${palette}`);
  let linear: number[];
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(value);
  if (hex) {
    const digits = hex[1]!.length === 3 ? [...hex[1]!].map((d) => d + d) : hex[1]!.match(/../g)!;
    linear = digits.map((d) => parseInt(d, 16) / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  } else {
    const [l, c, h] = /^oklch\(([\d.]+)%\s+([\d.]+)\s+([\d.]+)\)$/.exec(value)!.slice(1).map(Number) as [number, number, number];
    const L = l / 100;
    const a = c * Math.cos((h * Math.PI) / 180);
    const b = c * Math.sin((h * Math.PI) / 180);
    const lms = [L + 0.3963377774 * a + 0.2158037573 * b, L - 0.1055613458 * a - 0.0638541728 * b, L - 0.0894841775 * a - 1.291485548 * b].map((v) => v ** 3);
    const [m1, m2, m3] = lms as [number, number, number];
    linear = [
      4.0767416621 * m1 - 3.3077115913 * m2 + 0.2309699292 * m3,
      -1.2684380046 * m1 + 2.6097574011 * m2 - 0.3413193965 * m3,
      -0.0041960863 * m1 - 0.7034186147 * m2 + 1.707614701 * m3,
    ].map((v) => Math.min(1, Math.max(0, v)));
  }
  const [r, g, b] = linear as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(scheme: Map<string, string>, one: string, other: string): number {
  const [a, b] = [luminance(scheme.get(one)!), luminance(scheme.get(other)!)].sort((x, y) => y - x) as [number, number];
  return (a + 0.05) / (b + 0.05);
}

test('the conversion from oklch gives the contrast a checker gives for the sRGB colour', () => {
  assert.equal(luminance('white'), 1);
  // slate-500 renders as #62748e: 4.76:1 on white.
  const slate500 = 1.05 / (luminance('slate-500') + 0.05);
  assert.ok(Math.abs(slate500 - 4.76) < 0.05, `slate-500 on white: ${slate500.toFixed(2)}:1`);
});

for (const [name, scheme] of [['light', LIGHT], ['dark', DARK]] as const) {
  test(`${name}: an input's edge stands out 3:1 from its own background and from the page`, () => {
    for (const background of ['surface', 'page']) {
      const ratio = contrast(scheme, 'control-line', background);
      assert.ok(ratio >= 3, `control-line on ${background}: ${ratio.toFixed(2)}:1`);
    }
  });
}
