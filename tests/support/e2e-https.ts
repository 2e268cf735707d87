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
 * `npm run test:e2e:https`: the end-to-end flows whose outcome depends on the transport, unchanged,
 * over HTTPS, as the app runs on a deployment (`-- --all`: every flow; named spec files: those). `next start` of the existing build (the e2e server's settings, behind a trusted
 * proxy) sits behind nginx terminating TLS on https://localhost with a self-signed certificate,
 * which also refuses, as Vercel's Deployment Protection would, every request without the bypass
 * secret. The suite reaches it only through PLAYWRIGHT_BASE_URL and VERCEL_AUTOMATION_BYPASS_SECRET,
 * as it would reach a protected preview, so the run proves that wiring too. Arguments are passed
 * to `playwright test`.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const ADMIN_EMAIL = 'e2e-https-admin@example.com';

/**
 * The flows where HTTPS changes what happens: every cookie the app sets (`__Host-` names, `Secure`,
 * `SameSite`: the refresh and device cookies in sign-up, login, refresh and logout, the passkey
 * challenge, the no-script forms' redirects), redirects and `Location` behind the proxy, links built
 * from the origin (reset and verification mail), passkeys (a secure context), security headers
 * (HSTS, the CSP's upgrade) on pages and error pages. The others run over HTTP only: lists, tables,
 * phone layouts and CRUD pages, and the account, account-lifecycle and second-factor flows, whose
 * cookies are the ones sign-up, login and logout already set and clear here (through the same
 * helpers): over HTTPS they repeated the same requests through the same cookies, and took 520 s of
 * this run's 1,110 on a saturated two-core machine. Every flow still runs over HTTPS against each Vercel preview
 * (docs/deploy.md), and `-- --all` runs them all here.
 */
const TRANSPORT_SPECS = [
  'tests/e2e/auth.spec.ts',
  'tests/e2e/https.spec.ts',
  'tests/e2e/passkeys.spec.ts',
  'tests/e2e/password-reset.spec.ts',
  'tests/e2e/email-verification.spec.ts',
  'tests/e2e/forms-without-script.spec.ts',
  'tests/e2e/error-pages.spec.ts',
];

/** Playwright's arguments: ours, with the transport specs unless spec files or `--all` were given. */
function playwrightArguments(given: string[]): string[] {
  if (given.includes('--all')) return given.filter((argument) => argument !== '--all');
  return given.some((argument) => argument.endsWith('.spec.ts')) ? given : [...given, ...TRANSPORT_SPECS];
}

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
  const child = spawn(process.execPath, [resolve(ROOT, 'node_modules/@playwright/test/cli.js'), 'test', ...playwrightArguments(process.argv.slice(2))], {
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
    // axe and the width checks look at markup and colours, which the transport does not change:
    // the HTTP run of this same build checks every page, so here they would only repeat its work.
    E2E_SKIP_PAGE_CHECKS: '1',
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
