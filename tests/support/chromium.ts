import { existsSync } from 'node:fs';

/**
 * How Chromium is launched, for the e2e suite and the screenshot script. Browsers cannot be
 * downloaded on every machine (CI here installs Debian's chromium); use the system one when it
 * exists, Playwright's own otherwise. PLAYWRIGHT_CHROMIUM_PATH overrides both: a path, or
 * `playwright` for Playwright's own even where /usr/bin/chromium exists (GitHub's runner images
 * have one of another version). The sandbox cannot start as root; the other flags stop background
 * calls to Google services, which a closed network refuses noisily.
 */
export function chromiumLaunchOptions(): { executablePath?: string; args: string[] } {
  const choice = process.env.PLAYWRIGHT_CHROMIUM_PATH?.trim() || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : 'playwright');
  return {
    ...(choice === 'playwright' ? {} : { executablePath: choice }),
    args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  };
}
