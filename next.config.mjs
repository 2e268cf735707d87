// JavaScript, not TypeScript: `next start` reads this file at every start, and a .ts config made it
// load the SWC compiler to do so (about 28 MB of resident memory for the server's life, decision 036).
import { ensureDevSecrets } from './lib/config/dev-secrets.mjs';
import { STATIC_SECURITY_HEADERS } from './lib/http/static-security-headers.mjs';

// Before anything reads the configuration: development gets generated secrets from .data/.
ensureDevSecrets();

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  headers: async () => [{ source: '/:path*', headers: [...STATIC_SECURITY_HEADERS] }],
  experimental: {
    // What the middleware may buffer of a request body (default 10 MiB); handlers refuse anything
    // over 64 KiB with 413, so more than this is never needed.
    proxyClientMaxBodySize: '1mb',
    // Each route loads at its first request: loading all sixty at start-up cost about a second of
    // processor time per start and made no first request faster (docs/decisions/034).
    preloadEntriesOnStart: false,
  },
  compiler: {
    // Start-up chunks carry V8's compile hint, so browsers compile them off the main thread as they
    // download (decision 040). Imported here, not above: `next start` reads this file too.
    runAfterProductionCompile: async ({ distDir }) => {
      const { markStartupChunks } = await import('./lib/build/compile-hints.mjs');
      await markStartupChunks(distDir);
    },
  },
  reactStrictMode: true,
  // bcryptjs and PGlite are loaded by worker threads (lib/auth/bcrypt-pool.ts, lib/db/pglite-thread.ts),
  // which file tracing cannot see, so they are included; PGlite also loads its WASM from node_modules.
  serverExternalPackages: ['@electric-sql/pglite', 'bcryptjs'],
  outputFileTracingIncludes: { '/api/**': ['./node_modules/bcryptjs/**', './node_modules/@electric-sql/pglite/**'] },
};

export default nextConfig;
