import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { openPGlite } from '../../lib/db/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';

const ROOT = resolve(import.meta.dirname, '../..');
const MIGRATIONS = join(ROOT, 'drizzle');

/**
 * Creating an empty PGlite cluster (its initdb, in WebAssembly) takes about 4 s of CPU and
 * migrating it about 0.7 s more: with a hundred fresh servers per test run, that was the largest
 * single cost of the suite. Test servers start from a copy of one migrated cluster instead, made
 * once per machine, PGlite version and set of migrations (their hash is in the name, so a new
 * migration makes a new template). The app still runs its migrator on open, which finds nothing
 * to apply, as on every restart. Migrating a cluster from nothing stays covered where nothing is
 * seeded: the end-to-end server, `npm run dev`, and the benchmarks' fresh start.
 */
async function templateDirectory(): Promise<string> {
  const { version } = JSON.parse(await readFile(join(ROOT, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')) as { version: string };
  const template = join(tmpdir(), `auth-app-pglite-template-${version}-${await migrationsHash()}`);
  if (await exists(join(template, 'PG_VERSION'))) return template;
  const building = await mkdtemp(`${template}-building-`);
  const cluster = openPGlite(building);
  await migrate(drizzle(cluster), { migrationsFolder: MIGRATIONS });
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

async function migrationsHash(): Promise<string> {
  const hash = createHash('sha256');
  const files = (await readdir(MIGRATIONS, { recursive: true })).filter((file) => file.endsWith('.sql') || file.endsWith('_journal.json')).sort();
  for (const file of files) hash.update(file).update(await readFile(join(MIGRATIONS, file)));
  return hash.digest('hex').slice(0, 12);
}

let template: Promise<string> | undefined;

/** Gives `dataDir` a migrated embedded cluster, unless it already holds one. */
export async function seedEmbeddedDatabase(dataDir: string): Promise<void> {
  const target = join(dataDir, 'pglite');
  if (await exists(target)) return;
  template ??= templateDirectory();
  await copyDirectory(await template, target);
}

/**
 * Node.js's recursive `cp` walks the cluster's thousand files in JavaScript: 0.4-0.9 s of
 * processor time per copy here, against 0.07 s for the system's `cp -R`, and every embedded test
 * server starts with one.
 */
async function copyDirectory(from: string, to: string): Promise<void> {
  if (process.platform === 'win32') await cp(from, to, { recursive: true });
  else await promisify(execFile)('cp', ['-R', from, to]);
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
