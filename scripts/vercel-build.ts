import { spawnSync } from 'node:child_process';
import { parseFlag } from '../lib/config/env';
import { loadEnvFiles } from './cli';

/**
 * What Vercel runs instead of `npm run build` (it prefers a `vercel-build` script). Migrations run
 * only where MIGRATE_ON_BUILD says so, per Vercel environment: a preview that shares the production
 * database must not apply its branch's migrations to it (docs/deploy.md). The build itself needs
 * no database and no secret.
 */
loadEnvFiles();
const where = process.env.VERCEL_ENV ?? 'this build';
const migrate = parseFlag(process.env.MIGRATE_ON_BUILD) ?? false;

function run(args: string[]): void {
  const { status } = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (status !== 0) process.exit(status ?? 1);
}

if (!migrate) {
  console.log(`migrations: skipped for ${where} (MIGRATE_ON_BUILD is not on); run npm run db:migrate yourself`);
} else if (!process.env.DATABASE_URL?.trim()) {
  console.error(`migrations: MIGRATE_ON_BUILD is on for ${where} but DATABASE_URL is not set`);
  process.exit(1);
} else {
  // The same command as `npm run db:migrate`; a failure stops the build, so nothing is deployed.
  run(['--conditions=react-server', '--import', 'tsx', 'scripts/migrate.ts']);
}
run(['node_modules/next/dist/bin/next', 'build']);
