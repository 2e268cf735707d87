import { request, type FullConfig } from '@playwright/test';
import { publishCapabilities } from './capabilities';
import { redactBypassSecret } from './deployment-protection';
import { probeTarget } from './probe';

/**
 * Probes the target once, after the local server (if any) is up and before the first test, with
 * the same base URL, headers and certificate handling as the tests' own `request` fixture.
 * The local server is ours and must do everything, as must any target run with E2E_NO_SKIP=1:
 * there a missing capability fails the run instead of skipping flows.
 */
export default async function globalSetup(config: FullConfig): Promise<void> {
  const { baseURL, extraHTTPHeaders, ignoreHTTPSErrors } = config.projects[0]!.use;
  const context = await request.newContext({ baseURL, extraHTTPHeaders, ignoreHTTPSErrors });
  try {
    const capabilities = await probeTarget(context);
    const lacking = Object.entries(capabilities.lacks).map(([need, why]) => `\n  ${need}: ${why}`);
    const strict = !process.env.PLAYWRIGHT_BASE_URL || process.env.E2E_NO_SKIP === '1';
    if (strict && lacking.length > 0) throw new Error(`${baseURL} cannot run every flow:${lacking.join('')}`);
    const summary = lacking.length === 0 ? 'every flow can run' : `flows will skip themselves:${lacking.join('')}`;
    console.log(`[e2e] ${baseURL}: access tokens live ${capabilities.accessTokenSeconds} s; ${summary}`);
    publishCapabilities(capabilities);
  } catch (error) {
    // A request that failed outright carries Playwright's call log, headers and all.
    throw redactBypassSecret(error);
  } finally {
    await context.dispose();
  }
}
