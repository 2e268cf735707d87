import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { constants } from 'node:os';
import { resolve } from 'node:path';
import { startApp } from './app-server';
import { isRunning } from './child-process';
import { E2E_REAUTH_MAX_AGE_SECONDS, e2eServerEnv } from './e2e-server';
import { startHttpsProxy, type HttpsProxy } from './https-proxy';
import { BYPASS_COOKIE } from './nginx-config';
import { freePort } from './ports';

/**
 * `npm run test:e2e:https`: the whole, unchanged end-to-end suite over HTTPS, as the app runs on a
 * deployment. `next start` of the existing build (the e2e server's settings, behind a trusted
 * proxy) sits behind nginx terminating TLS on https://localhost with a self-signed certificate,
 * which also refuses, as Vercel's Deployment Protection would, every request without the bypass
 * secret. The suite reaches it only through PLAYWRIGHT_BASE_URL and VERCEL_AUTOMATION_BYPASS_SECRET,
 * as it would reach a protected preview, so the run proves that wiring too. Arguments are passed
 * to `playwright test`.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const ADMIN_EMAIL = 'e2e-https-admin@example.com';

const stops: (() => Promise<void>)[] = [];
let stopping: Promise<void> | undefined;

/** Stops what was started, newest first, once, however many ways the run ends at the same time. */
function stopAll(): Promise<void> {
  stopping ??= (async () => {
    while (stops.length > 0) await stops.pop()!().catch((error: unknown) => console.error('[e2e:https] stopping:', error));
  })();
  return stopping;
}

/** The proxy must refuse without the bypass and accept its header or its cookie, or the run proves nothing. */
async function assertProtectionEmulated(proxy: HttpsProxy, secret: string): Promise<void> {
  assert.equal((await proxy.get('/api/health')).status, 401, 'no bypass: refused');
  assert.equal((await proxy.get('/api/health', { 'x-vercel-protection-bypass': `${secret}x` })).status, 401, 'a wrong secret: refused');
  const withHeader = await proxy.get('/api/health', { 'x-vercel-protection-bypass': secret, 'x-vercel-set-bypass-cookie': 'true' });
  assert.equal(withHeader.status, 200, 'the secret: let through');
  const cookie = withHeader.setCookie.find((line) => line.startsWith(`${BYPASS_COOKIE}=`));
  assert.ok(cookie, 'asked for it, the bypass cookie is set');
  assert.equal((await proxy.get('/api/health', { cookie: cookie.split(';')[0]! })).status, 200, 'the bypass cookie: let through');
}

function runPlaywright(env: Record<string, string>): Promise<number> {
  const child = spawn(process.execPath, [resolve(ROOT, 'node_modules/@playwright/test/cli.js'), 'test', ...process.argv.slice(2)], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: 'inherit',
  });
  stops.push(async () => {
    if (isRunning(child)) child.kill('SIGTERM');
  });
  return new Promise((done) => child.once('exit', (code) => done(code ?? 1)));
}

async function main(): Promise<number> {
  const proxyPort = await freePort();
  const origin = `https://localhost:${proxyPort}`;
  const adminPassword = `Sturdy-${randomBytes(12).toString('base64url')}-passphrase`;
  const bypassSecret = randomBytes(32).toString('hex');

  const app = await startApp({ ...e2eServerEnv(ADMIN_EMAIL), TRUST_PROXY: '1', APP_URL: origin });
  stops.push(() => app.stop());
  const proxy = await startHttpsProxy({ port: proxyPort, upstream: app.url, protectionBypassSecret: bypassSecret });
  stops.push(() => proxy.stop());
  await assertProtectionEmulated(proxy, bypassSecret);
  console.log(`[e2e:https] next start on ${app.url}, behind nginx on ${origin} with emulated deployment protection`);

  const code = await runPlaywright({
    PLAYWRIGHT_BASE_URL: origin,
    PLAYWRIGHT_IGNORE_HTTPS_ERRORS: '1',
    VERCEL_AUTOMATION_BYPASS_SECRET: bypassSecret,
    E2E_ADMIN_EMAIL: ADMIN_EMAIL,
    E2E_ADMIN_PASSWORD: adminPassword,
    E2E_REAUTH_MAX_AGE: String(E2E_REAUTH_MAX_AGE_SECONDS),
    // The server behind the proxy is the local e2e server: every flow must run.
    E2E_NO_SKIP: '1',
  });
  if (code !== 0) console.error(`[e2e:https] next start printed:\n${app.output()}`);
  return code;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void stopAll().finally(() => process.exit(128 + constants.signals[signal])));
}

main()
  .then(async (code) => {
    await stopAll();
    process.exit(code);
  })
  .catch(async (error: unknown) => {
    console.error(error);
    await stopAll();
    process.exit(1);
  });
