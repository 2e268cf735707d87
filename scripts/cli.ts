import nextEnv from '@next/env';
import { ensureDevSecrets } from '../lib/config/dev-secrets.mjs';
import { ConfigError, getConfig } from '../lib/config/env';
import { closeDatabase } from '../lib/db/client';
import { isApiError } from '../lib/http/errors';

/** The `.env*` files Next.js reads, into process.env. */
export function loadEnvFiles(): void {
  nextEnv.loadEnvConfig(process.cwd(), process.env.NODE_ENV !== 'production', { info: () => {}, error: console.error });
}

/**
 * Runs a command-line task with the same configuration the app sees: the `.env*` files, the
 * development secrets, and the same database (embedded unless DATABASE_URL is set). A task that
 * needs only DATABASE_URL (migrations at deploy) skips the app's configuration and its secrets.
 * Failures print one line and exit 1, never a stack with connection details.
 */
export async function runCli(task: () => Promise<void>, options: { appConfig?: boolean } = {}): Promise<never> {
  let code = 0;
  try {
    loadEnvFiles();
    if (options.appConfig !== false) {
      ensureDevSecrets();
      getConfig();
    }
    await task();
  } catch (error) {
    code = 1;
    console.error(`error: ${describe(error)}`);
  } finally {
    await closeDatabase();
  }
  process.exit(code);
}

function describe(error: unknown): string {
  if (isApiError(error) || error instanceof ConfigError) return error.message;
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return cause instanceof Error ? cause.message.split('\n')[0]! : String(error);
}
