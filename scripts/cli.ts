import nextEnv from '@next/env';
import { ensureDevSecrets } from '../lib/config/dev-secrets';
import { ConfigError, getConfig } from '../lib/config/env';
import { getDatabase } from '../lib/db/client';
import { isApiError } from '../lib/http/errors';

/**
 * Runs a command-line task with the same configuration the app sees: the `.env*` files Next.js
 * reads, the development secrets, and the same database (embedded unless DATABASE_URL is set).
 * Failures print one line and exit 1, never a stack with connection details.
 */
export async function runCli(task: () => Promise<void>): Promise<never> {
  let code = 0;
  try {
    nextEnv.loadEnvConfig(process.cwd(), process.env.NODE_ENV !== 'production', { info: () => {}, error: console.error });
    ensureDevSecrets();
    getConfig();
    await task();
  } catch (error) {
    code = 1;
    console.error(`error: ${describe(error)}`);
  } finally {
    const handle = await getDatabase().catch(() => undefined);
    await handle?.close();
  }
  process.exit(code);
}

function describe(error: unknown): string {
  if (isApiError(error) || error instanceof ConfigError) return error.message;
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return cause instanceof Error ? cause.message.split('\n')[0]! : String(error);
}
