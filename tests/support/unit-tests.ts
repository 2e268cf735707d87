/**
 * `npm run test:unit`. `node --test` starts a process per file (Node 20 cannot turn that off), and
 * loading TypeScript, zod, jose and drizzle once per file is most of the suite's processor time.
 * So the files that only call functions share this process, and a file runs in a process of its
 * own where sharing would change what it tests:
 * - top-level set-up or tear-down: in a shared process a top-level `after` waits for every other
 *   file, and its servers, databases and timers run beside them;
 * - environment variables set at the top of the file for the modules it imports;
 * - a bound on time, which other files' work beside it would eat into: marked `own process` in
 *   a comment at the top.
 * One file alone: `node --conditions=react-server --import tsx --test tests/unit/<name>.test.ts`.
 */
// What `next start` loads first: without it, whichever file first imports a Next.js module decides
// whether its request storage is the real AsyncLocalStorage, so the result would depend on order.
import 'next/dist/server/node-environment-baseline.js';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const UNIT = resolve(import.meta.dirname, '../unit');
const NEEDS_OWN_PROCESS = /^(?:before|after|beforeEach|afterEach)\(|^process\.env\.|^\/\/ own process/m;

const files = readdirSync(UNIT)
  .filter((name) => name.endsWith('.test.ts'))
  .sort()
  .map((name) => join(UNIT, name));
const ownProcess = files.filter((file) => NEEDS_OWN_PROCESS.test(readFileSync(file, 'utf8')));
const shared = files.filter((file) => !ownProcess.includes(file));

// Only with files to give it: `node --test` without any runs every test file it finds, integration too.
if (ownProcess.length > 0) {
  const code = await new Promise<number | null>((done) => {
    const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', '--test', '--test-reporter=spec', ...ownProcess], { stdio: 'inherit' });
    child.once('exit', done);
  });
  if (code !== 0) process.exitCode = 1;
}

for (const file of shared) await import(pathToFileURL(file).href);
