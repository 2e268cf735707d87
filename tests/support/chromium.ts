import { existsSync } from 'node:fs';

/** Debian's `chromium-headless-shell`: the headless-only build Playwright's own headless runs use too. */
const DEBIAN_HEADLESS_SHELL = '/usr/bin/chromium-headless-shell';
const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/**
 * How Chromium is launched, for the e2e suite, the screenshot script and Lighthouse. Browsers
 * cannot be downloaded on every machine (CI here installs Debian's); use the system one when it
 * exists, Playwright's own otherwise. The flows and screenshots take Debian's headless shell first:
 * the full `chromium` in headless mode, through Debian's wrapper (which adds
 * `--enable-gpu-rasterization`, rasterizing in software here), spent 224 s of processor time on
 * two spec files that took the shell 137 s, and CI's budget is processor time. Lighthouse asks for
 * the full browser (`full`), whose page loads are what people's browsers do.
 * PLAYWRIGHT_CHROMIUM_PATH overrides all of it: a path, or `playwright` for Playwright's own even
 * where Debian's exist (GitHub's runner images have one of another version). The sandbox cannot
 * start as root; the other flags stop background calls to Google services, which a closed network
 * refuses noisily, and (`--disable-features`) the two pages the full browser (Chromium 156) opens
 * for its address bar's suggestions in every new window: headless, nobody sees them, but each
 * loaded about two hundred modules in renderers of their own while the page under test loaded,
 * on the same two cores (seen in traces of /login).
 */
export function chromiumLaunchOptions({ full = false }: { full?: boolean } = {}): { executablePath?: string; args: string[] } {
  const system = [...(full ? [] : [DEBIAN_HEADLESS_SHELL]), DEBIAN_CHROMIUM].find((path) => existsSync(path));
  const choice = process.env.PLAYWRIGHT_CHROMIUM_PATH?.trim() || system || 'playwright';
  return {
    ...(choice === 'playwright' ? {} : { executablePath: choice }),
    args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup'],
  };
}
