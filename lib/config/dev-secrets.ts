import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const SECRET_NAMES = ['JWT_SECRET', 'REFRESH_TOKEN_SECRET'] as const;

/**
 * Outside production, fills missing JWT secrets from `<DATA_DIR>/secrets.json`, generating them on
 * first run. Runs from next.config.ts so the value is in process.env before the edge middleware's
 * sandbox and the route handlers read it; production never generates, it refuses to start instead.
 */
export function ensureDevSecrets(env: Record<string, string | undefined> = process.env): void {
  if (env.NODE_ENV === 'production') return;
  const missing = SECRET_NAMES.filter((name) => !env[name]);
  if (missing.length === 0) return;

  const dataDir = path.resolve(env.DATA_DIR ?? '.data');
  const file = path.join(dataDir, 'secrets.json');
  let stored: Partial<Record<(typeof SECRET_NAMES)[number], string>> = {};
  try {
    stored = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    stored = {};
  }

  let generated = false;
  for (const name of SECRET_NAMES) {
    if (!stored[name]) {
      stored[name] = randomBytes(48).toString('base64url');
      generated = true;
    }
  }
  if (generated) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
    console.info(`[auth] development secrets generated in ${path.relative(process.cwd(), file) || file}`);
  }
  for (const name of missing) env[name] = stored[name];
}
