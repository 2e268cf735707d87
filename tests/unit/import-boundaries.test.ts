import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { ESLint } from 'eslint';

/**
 * The lint rule that keeps Node built-ins, the database and the store out of the browser bundles
 * and the edge middleware (eslint.config.mjs, BROWSER_AND_EDGE) only covers the files it lists.
 * These tests walk what the middleware and every client module really import and fail when the
 * walk reaches a file the rule does not cover, so the list cannot silently fall behind the code.
 */

const ROOT = resolve(import.meta.dirname, '../..');
// Value imports only: `import type` and `export type` are erased before bundling.
const IMPORT = /^\s*(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;

function resolveLocal(from: string, specifier: string): string | null {
  const base = specifier.startsWith('@/') ? join(ROOT, specifier.slice(2)) : specifier.startsWith('.') ? resolve(dirname(from), specifier) : null;
  if (base === null) return null;
  for (const candidate of [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx'), base]) {
    if (/\.tsx?$/.test(candidate) && existsSync(candidate)) return candidate;
  }
  return null;
}

function importClosure(entries: string[]): string[] {
  const seen = new Set<string>();
  const pending = [...entries];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const target = resolveLocal(file, specifier!);
      if (target) pending.push(target);
    }
  }
  return [...seen].map((file) => relative(ROOT, file)).sort();
}

function clientModules(): string[] {
  const files: string[] = [];
  for (const folder of ['app', 'components', 'lib']) {
    for (const file of readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })) {
      const path = join(ROOT, folder, file);
      if (/\.tsx?$/.test(path) && /^['"]use client['"]/.test(readFileSync(path, 'utf8'))) files.push(path);
    }
  }
  return files;
}

async function uncovered(files: string[]): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT });
  const missing: string[] = [];
  for (const file of files) {
    const config = (await eslint.calculateConfigForFile(join(ROOT, file))) as { rules?: Record<string, unknown> };
    const rule = config.rules?.['no-restricted-imports'];
    const severity = Array.isArray(rule) ? rule[0] : rule;
    if (severity !== 2 && severity !== 'error') missing.push(file);
  }
  return missing;
}

test('everything the edge middleware imports is covered by the no-server-imports rule', async () => {
  const closure = importClosure([join(ROOT, 'middleware.ts')]);
  assert.ok(closure.includes('lib/auth/tokens.ts'), 'the walk should reach the token verifier');
  assert.deepEqual(await uncovered(closure), []);
});

test('everything a client component imports is covered by the no-server-imports rule', async () => {
  const entries = clientModules();
  assert.ok(entries.length > 20, `found only ${entries.length} 'use client' modules`);
  assert.deepEqual(await uncovered(importClosure(entries)), []);
});
