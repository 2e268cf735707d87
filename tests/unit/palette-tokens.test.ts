import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { test } from 'node:test';

/**
 * app/globals.css alone decides the colours: components name a colour by its meaning (bg-surface,
 * text-fg-muted), and the stylesheet gives each meaning its light and dark value. A palette class
 * such as `text-slate-600` or `bg-white` would stay the same in dark, on a background that did
 * not, and a misspelt token (`text-fg-mute`) makes Tailwind generate nothing at all: either
 * leaves text unreadable in one scheme. These tests fail on both.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const CSS = readFileSync(join(ROOT, 'app/globals.css'), 'utf8');

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)))
    .sort();
}

function block(css: string, opening: string): string {
  const start = css.indexOf(opening);
  assert.notEqual(start, -1, `app/globals.css has no ${opening}`);
  const end = css.indexOf('}', start);
  return css.slice(start, end);
}

const tokenNames = (css: string) => new Set([...css.matchAll(/--color-([a-z][a-z0-9-]*):/g)].map(([, name]) => name!));
const THEME_TOKENS = tokenNames(block(CSS, '@theme {'));
const DARK_TOKENS = tokenNames(block(CSS, '@media (prefers-color-scheme: dark)'));

// Utilities that share a colour utility's prefix but set a size, a side or a style.
const NOT_COLOURS = new Set(['text-xs', 'text-sm', 'text-base', 'text-lg', 'text-xl', 'text-left', 'text-center', 'text-right', 'text-wrap', 'text-nowrap', 'text-ellipsis', 'border-t', 'border-b', 'border-l', 'border-r', 'border-x', 'border-y', 'border-none', 'border-dashed', 'divide-x', 'divide-y', 'outline-none', 'outline-hidden', 'ring-inset']);
const COLOUR_UTILITY = /(?<![\w-])(?:[\w-]+:|\[[^\]]*\]:)*((bg|text|border|divide|ring|outline|fill|stroke|decoration|accent|caret|placeholder)-([a-z][a-z0-9-]*))/g;

function classesIn(file: string): string[] {
  // Import paths (`./text-field`) look like utilities; only the code after them holds classes.
  const code = readFileSync(join(ROOT, file), 'utf8').replace(/^import .*$/gm, '');
  return [...code.matchAll(COLOUR_UTILITY)].map(([, utility]) => utility!).filter((utility) => !NOT_COLOURS.has(utility));
}

test('every colour a component uses is a token of app/globals.css, never a palette colour', () => {
  const files = [...sourceFiles('app'), ...sourceFiles('components')];
  assert.ok(files.length > 50, `found only ${files.length} files`);
  const unknown = files.flatMap((file) =>
    classesIn(file)
      .filter((utility) => !THEME_TOKENS.has(utility.replace(/^[a-z]+-/, '')))
      .map((utility) => `${file}: ${utility}`),
  );
  assert.deepEqual(unknown, []);
});

test('no component decides its own dark colours with the dark: variant', () => {
  const files = [...sourceFiles('app'), ...sourceFiles('components')];
  const dark = files.filter((file) => /(?<![\w-])dark:/.test(readFileSync(join(ROOT, file), 'utf8')));
  assert.deepEqual(dark, []);
});

test('the dark scheme only redefines tokens the theme has', () => {
  assert.ok(DARK_TOKENS.size > 10, 'the dark block redefines the palette');
  assert.deepEqual([...DARK_TOKENS].filter((name) => !THEME_TOKENS.has(name)), []);
});

test('the palette is declared for both schemes, so native controls and scrollbars follow it', () => {
  assert.match(CSS, /:root\s*\{\s*color-scheme:\s*light dark;/);
});
