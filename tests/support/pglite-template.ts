import { cp, mkdtemp, readFile, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';

const ROOT = resolve(import.meta.dirname, '../..');

/**
 * Creating an empty PGlite cluster (its initdb, in WebAssembly) takes about 4 s of CPU, ten times
 * what the app's migrations take: with a hundred fresh servers per test run, that was the largest
 * single cost of the suite. Test servers start from a copy of one empty cluster instead, made once
 * per machine and PGlite version. The app still opens it and migrates it as on a first start; only
 * initdb is shared. (`npm run dev` and the start-up tests still create theirs from nothing.)
 */
async function templateDirectory(): Promise<string> {
  const { version } = JSON.parse(await readFile(join(ROOT, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')) as { version: string };
  const template = join(tmpdir(), `auth-app-pglite-template-${version}`);
  if (await exists(join(template, 'PG_VERSION'))) return template;
  const building = await mkdtemp(`${template}-building-`);
  const cluster = new PGlite(building);
  await cluster.waitReady;
  await cluster.close();
  // Lanes of a CI run may build it at once: the first rename wins, the others drop theirs.
  try {
    await rename(building, template);
  } catch {
    if (!(await exists(join(template, 'PG_VERSION')))) return building;
    await rm(building, { recursive: true, force: true });
  }
  return template;
}

let template: Promise<string> | undefined;

/** Gives `dataDir` an empty embedded cluster, unless it already holds one. */
export async function seedEmbeddedDatabase(dataDir: string): Promise<void> {
  const target = join(dataDir, 'pglite');
  if (await exists(target)) return;
  template ??= templateDirectory();
  await cp(await template, target, { recursive: true });
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
