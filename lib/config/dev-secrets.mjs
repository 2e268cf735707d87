// Plain JavaScript: next.config.mjs imports it, and a TypeScript config would make every
// `next start` load the SWC compiler to read it (decision 036).
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const SECRET_NAMES = /** @type {const} */ (['JWT_SECRET', 'REFRESH_TOKEN_SECRET']);

/**
 * Outside production, fills missing JWT secrets from `<DATA_DIR>/secrets.json`, generating them on
 * first run. Runs from next.config.mjs so the value is in process.env before the edge middleware's
 * sandbox and the route handlers read it; production never generates, it refuses to start instead.
 *
 * @param {Record<string, string | undefined>} [env]
 * @returns {void}
 */
export function ensureDevSecrets(env = process.env) {
  if (env.NODE_ENV === 'production') return;
  const missing = SECRET_NAMES.filter((name) => !env[name]);
  if (missing.length === 0) return;

  const dataDir = path.resolve(env.DATA_DIR ?? '.data');
  const file = path.join(dataDir, 'secrets.json');
  /** @type {Partial<Record<(typeof SECRET_NAMES)[number], string>>} */
  let stored = {};
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
