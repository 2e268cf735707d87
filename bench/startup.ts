import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { spawnNextStart } from '../tests/support/app-server';
import { freePort } from '../tests/support/ports';

const ROOT = resolve(import.meta.dirname, '..');
const POLL_MS = 10;
const TIMEOUT_MS = 60_000;

export interface Started {
  url: string;
  /** From spawning the process to the first 200 from `path`. */
  ms: number;
  pid: number;
  stop(): Promise<void>;
}

/** Polls `url` until it answers 200, once the server says it listens (so the answer is its own). */
async function untilOk(child: ChildProcess, url: string, output: () => string, listening: () => boolean): Promise<void> {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output()}`);
    if (Date.now() > deadline) throw new Error(`no 200 from ${url} within ${TIMEOUT_MS / 1000}s`);
    const status = listening() ? await fetch(url).then((response) => response.status, () => 0) : 0;
    if (status === 200) return;
    await new Promise((done) => setTimeout(done, POLL_MS));
  }
}

async function timed(child: ChildProcess, base: string, path: string, started: number, output: () => string, listening: () => boolean): Promise<Started> {
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((done) => child.once('exit', done));
    }
  };
  try {
    await untilOk(child, base + path, output, listening);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: base, ms: Math.round(performance.now() - started), pid: child.pid!, stop };
}

/** `next start` with `env` until /api/health answers 200: the database and the token store are up. */
export async function timeNextStart(env: Record<string, string>, nodeArgs: string[] = []): Promise<Started> {
  const port = await freePort();
  const started = performance.now();
  const { child, output, listening } = spawnNextStart(port, env, '127.0.0.1', nodeArgs);
  return timed(child, `http://127.0.0.1:${port}`, '/api/health', started, output, listening);
}

/** The floor: a bare Node.js HTTP server, from spawning it to its first 200. */
export async function timeBareNode(): Promise<Started> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ['-e', `require('node:http').createServer((_, res) => res.end('ok')).listen(${port}, '127.0.0.1', () => console.log('listening'))`], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  return timed(child, `http://127.0.0.1:${port}`, '/', started, () => output, () => output.includes('listening'));
}

export interface FirstLoadJs {
  /** gzip bytes of every script the page's HTML loads (module scripts: noModule polyfills are skipped by browsers that run the app). */
  pageBytes: number;
  /** gzip bytes of the framework's own chunks, which every page loads (build-manifest rootMainFiles). */
  frameworkBytes: number;
  /** `zod`: the chunk holds zod's core (its `$ZodType` constructor), which a page should load only when a form is used. */
  scripts: Array<{ file: string; gzipBytes: number; framework: boolean; zod: boolean }>;
}

const gzipBytes = async (file: string) => gzipSync(await readFile(join(ROOT, '.next', file))).byteLength;
const holdsZod = async (file: string) => (await readFile(join(ROOT, '.next', file), 'utf8')).includes('$ZodType');

/**
 * A page's first-load JavaScript, gzipped, read from `.next/static` for the scripts its HTML
 * references. `cookie` for a signed-in page (the middleware lets its HTML through on a refresh cookie).
 */
export async function firstLoadJs(baseUrl: string, path: string, cookie?: string): Promise<FirstLoadJs> {
  const response = await fetch(`${baseUrl}${path}`, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
  if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}`);
  const html = await response.text();
  const files = new Set<string>();
  for (const [tag] of html.matchAll(/<script\b[^>]*>/g)) {
    const src = /\bsrc="\/_next\/(static\/[^"?]+\.js)"/.exec(tag)?.[1];
    if (src && !/\bnoModule\b/i.test(tag)) files.add(src);
  }
  if (files.size === 0) throw new Error(`GET ${path} references no /_next/static scripts`);
  const manifest = JSON.parse(await readFile(join(ROOT, '.next', 'build-manifest.json'), 'utf8')) as { rootMainFiles?: string[] };
  if (!manifest.rootMainFiles?.length) throw new Error('.next/build-manifest.json lists no rootMainFiles');
  const frameworkFiles = new Set(manifest.rootMainFiles);
  const framework = await Promise.all([...frameworkFiles].map(gzipBytes));
  const scripts = await Promise.all([...files].map(async (file) => ({ file, gzipBytes: await gzipBytes(file), framework: frameworkFiles.has(file), zod: await holdsZod(file) })));
  return {
    pageBytes: scripts.reduce((sum, script) => sum + script.gzipBytes, 0),
    frameworkBytes: framework.reduce((sum, bytes) => sum + bytes, 0),
    scripts,
  };
}
