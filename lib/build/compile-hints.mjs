// Plain JavaScript: next.config.mjs runs it after `next build` compiles, and a TypeScript module
// there would make every `next start` load the SWC compiler to read the configuration (decision 036).
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createContext, runInContext } from 'node:vm';

/**
 * V8's file-wide compile hint (Chromium 136 and later; other engines read it as a comment). A script
 * that starts with it is compiled whole while it streams in, on a background thread, instead of each
 * function on the main thread at its first call, which is where a page's start-up spent most of its
 * blocking time (decision 040).
 */
export const COMPILE_HINT = '//# allFunctionsCalledOnLoad\n';

/**
 * The JavaScript files a page runs as it starts, relative to the build directory: the framework's
 * own (`rootMainFiles`) and every route's entry chunks (its layouts, page, error and not-found
 * boundaries), which the client reference manifests list. Chunks loaded later on demand (a dynamic
 * `import()`: input schemas at the first keystroke, WebAuthn at a passkey ceremony) are left lazy.
 *
 * @param {string} distDir
 * @returns {Promise<string[]>}
 */
export async function startupChunks(distDir) {
  const buildManifest = JSON.parse(await readFile(join(distDir, 'build-manifest.json'), 'utf8'));
  /** @type {Set<string>} */
  const files = new Set(buildManifest.rootMainFiles);
  const appDir = join(distDir, 'server', 'app');
  const entries = await readdir(appDir, { recursive: true });
  for (const entry of entries.filter((name) => name.endsWith('_client-reference-manifest.js'))) {
    // Each manifest is a script that assigns into globalThis.__RSC_MANIFEST; run it in a context of its own.
    const sandbox = createContext({});
    runInContext(await readFile(join(appDir, entry), 'utf8'), sandbox);
    for (const manifest of Object.values(sandbox.__RSC_MANIFEST ?? {})) {
      for (const chunks of Object.values(manifest.entryJSFiles ?? {})) {
        for (const chunk of chunks) files.add(chunk);
      }
    }
  }
  return [...files].filter((file) => file.endsWith('.js')).sort();
}

/**
 * Puts the compile hint at the top of each start-up chunk that lacks it.
 *
 * @param {string} distDir
 */
export async function markStartupChunks(distDir) {
  for (const file of await startupChunks(distDir)) {
    const path = join(distDir, file);
    const source = await readFile(path, 'utf8');
    if (!source.startsWith(COMPILE_HINT)) await writeFile(path, COMPILE_HINT + source);
  }
}
