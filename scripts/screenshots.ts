// `npm run screenshots`: every page at desktop (1280 px) and phone (390 px) width into
// docs/screenshots/, from the production build (`npm run build` first) on the embedded defaults
// with the demo data of `npm run db:seed`, signed in as its admin where a page needs a user; a few
// pages again with the system set to dark.
// Run it after changing a page, so the pictures in the README stay true.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Page } from '@playwright/test';
import { startApp, testSecrets } from '../tests/support/app-server';
import { chromiumLaunchOptions } from '../tests/support/chromium';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, 'docs', 'screenshots');
const WIDTHS = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };

/**
 * Each page by the file name its pictures get; `signedIn` pages are taken as the demo admin, and
 * `dark` ones a second time in the dark scheme (`<name>-<width>-dark.png`).
 */
const PAGES: { name: string; path: string | ((page: Page) => Promise<string>); signedIn: boolean; dark?: true }[] = [
  { name: 'home', path: '/', signedIn: false },
  { name: 'login', path: '/login', signedIn: false, dark: true },
  { name: 'register', path: '/register', signedIn: false },
  { name: 'forgot-password', path: '/forgot-password', signedIn: false },
  { name: 'not-found', path: '/no-such-page', signedIn: false },
  { name: 'dashboard', path: '/dashboard', signedIn: true, dark: true },
  { name: 'project', path: firstProjectPath, signedIn: true },
  { name: 'employees', path: '/employees', signedIn: true },
  { name: 'account', path: '/account', signedIn: true, dark: true },
  { name: 'token-inspector', path: '/account/token', signedIn: true },
  { name: 'admin', path: '/admin', signedIn: true },
];

async function firstProjectPath(page: Page): Promise<string> {
  await page.goto('/dashboard');
  const link = page.getByRole('link', { name: 'Website relaunch' });
  await link.waitFor();
  return (await link.getAttribute('href'))!;
}

async function seed(dataDir: string): Promise<string> {
  const env = { ...process.env, ...testSecrets(), DATA_DIR: dataDir, BCRYPT_COST: '10' };
  const { stdout } = await promisify(execFile)('npx', ['tsx', '--conditions=react-server', 'scripts/seed.ts'], { cwd: ROOT, env });
  const password = /^\s*admin\s+admin@example\.com\s+(\S+)\s*$/m.exec(stdout)?.[1];
  if (!password) throw new Error(`db:seed printed no admin login:\n${stdout}`);
  return password;
}

/** Waits until the page has nothing left loading, so a picture never shows a skeleton. */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.getByRole('status').filter({ hasText: /^Loading/ }).first().waitFor({ state: 'detached' }).catch(() => undefined);
}

const dataDir = await mkdtemp(join(tmpdir(), 'auth-screenshots-'));
const password = await seed(dataDir);
const app = await startApp({ DEV_OUTBOX: '1' }, { dataDir });
const browser = await chromium.launch(chromiumLaunchOptions());
try {
  await mkdir(OUT, { recursive: true });
  for (const [label, viewport] of Object.entries(WIDTHS)) {
    const visitor = await browser.newPage({ baseURL: app.url, viewport });
    const admin = await browser.newPage({ baseURL: app.url, viewport });
    await admin.goto('/login');
    await admin.getByLabel('Email').fill('admin@example.com');
    await admin.getByLabel('Password', { exact: true }).fill(password);
    await admin.getByRole('button', { name: 'Log in', exact: true }).click();
    await admin.waitForURL('**/dashboard');
    for (const { name, path, signedIn, dark } of PAGES) {
      const page = signedIn ? admin : visitor;
      await page.goto(typeof path === 'string' ? path : await path(page));
      await settle(page);
      await page.screenshot({ path: join(OUT, `${name}-${label}.png`), fullPage: true });
      console.log(`docs/screenshots/${name}-${label}.png`);
      if (dark) {
        await page.emulateMedia({ colorScheme: 'dark' });
        await page.screenshot({ path: join(OUT, `${name}-${label}-dark.png`), fullPage: true });
        await page.emulateMedia({ colorScheme: 'light' });
        console.log(`docs/screenshots/${name}-${label}-dark.png`);
      }
    }
    await visitor.close();
    await admin.close();
  }
} finally {
  await browser.close();
  await app.stop();
  await rm(dataDir, { recursive: true, force: true });
}
