/**
 * `npm run test:unit`: every file in tests/unit in this one process. `node --test` with a list of
 * files starts a process per file (Node 20 has no way to turn that off), and loading TypeScript,
 * zod, jose and drizzle 44 times was half the suite's processor time (about 80 s against 40 s
 * here), which CI, with every core busy, pays in minutes. A single file still runs on its own with
 * `node --conditions=react-server --import tsx --test tests/unit/<name>.test.ts`.
 */
// What `next start` loads first: without it, whichever file first imports a Next.js module decides
// whether its request storage is the real AsyncLocalStorage, so the result would depend on order.
import 'next/dist/server/node-environment-baseline.js';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const UNIT = resolve(import.meta.dirname, '../unit');

for (const file of readdirSync(UNIT)
  .filter((name) => name.endsWith('.test.ts'))
  .sort()) {
  await import(pathToFileURL(join(UNIT, file)).href);
}
