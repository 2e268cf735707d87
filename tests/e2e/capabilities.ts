import { test } from '@playwright/test';

/**
 * What the target can do for the flows, measured once by global-setup.ts before any test runs
 * (see probe.ts) and handed to the workers through the environment, which they inherit from the
 * runner. A flow that needs what the target lacks skips itself and says why.
 */
export interface TargetCapabilities {
  /** `exp - iat` of an access token the target issued. */
  accessTokenSeconds: number;
  /** The target's REAUTH_MAX_AGE in seconds, where known. */
  reauthMaxAgeSeconds?: number;
  /** Why flows of each kind cannot run on this target; a kind that can run is absent. */
  lacks: Partial<Record<Need, string>>;
}

/**
 * shortAccessTokens: the flow waits for an access token to expire. outbox: it reads mail (reset,
 * verification) at /dev/outbox. admin: it signs in as the e2e admin. soleAdmin: it relies on that
 * admin being the only one (the last admin cannot be demoted). shortReauth: it waits for a sign-in
 * to stop being recent (REAUTH_MAX_AGE).
 */
export type Need = 'shortAccessTokens' | 'outbox' | 'admin' | 'soleAdmin' | 'shortReauth';

/** The longest access-token lifetime a flow may spend waiting for expiry. */
export const SHORT_ACCESS_TOKEN_SECONDS = 30;
/** The longest REAUTH_MAX_AGE a flow may spend waiting for a sign-in to stop being recent. */
export const SHORT_REAUTH_SECONDS = 30;

const ENV_NAME = 'E2E_TARGET_CAPABILITIES';

export function publishCapabilities(capabilities: TargetCapabilities): void {
  process.env[ENV_NAME] = JSON.stringify(capabilities);
}

// Read when a test runs, never when a spec file loads: the runner loads the files to list the
// tests before global setup has probed anything.
function capabilities(): TargetCapabilities {
  const published = process.env[ENV_NAME];
  if (!published) throw new Error(`${ENV_NAME} is not set: run the suite through playwright.config.ts, whose global setup probes the target`);
  return JSON.parse(published) as TargetCapabilities;
}

/** Skips the running test, or the tests of a beforeEach, when the target lacks `need`. */
export function needs(need: Need): void {
  const reason = capabilities().lacks[need];
  test.skip(reason !== undefined, reason);
}

/**
 * For a test that waits for an access token to expire: skips it where tokens live too long, else
 * adds the wait to its time limit. Returns the lifetime in seconds.
 */
export function needsShortAccessTokens(): number {
  needs('shortAccessTokens');
  const seconds = capabilities().accessTokenSeconds;
  test.setTimeout(test.info().timeout + seconds * 1000);
  return seconds;
}

/**
 * For a test that waits for its sign-in to stop being recent: skips it where that takes too long
 * (or is unknown), else adds the wait to its time limit. Returns REAUTH_MAX_AGE in seconds.
 */
export function needsShortReauth(): number {
  needs('shortReauth');
  const seconds = capabilities().reauthMaxAgeSeconds!;
  test.setTimeout(test.info().timeout + seconds * 1000);
  return seconds;
}
