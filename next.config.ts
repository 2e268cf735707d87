import type { NextConfig } from 'next';
import { ensureDevSecrets } from './lib/config/dev-secrets';

// Before anything reads the configuration: development gets generated secrets from .data/.
ensureDevSecrets();

// Per-request headers (the CSP nonce, HSTS over HTTPS) are set by middleware.ts.
const STATIC_SECURITY_HEADERS = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()' },
];

const nextConfig: NextConfig = {
  poweredByHeader: false,
  headers: async () => [{ source: '/:path*', headers: STATIC_SECURITY_HEADERS }],
  // What the middleware may buffer of a request body (default 10 MiB); handlers refuse anything
  // over 64 KiB with 413, so more than this is never needed.
  experimental: { proxyClientMaxBodySize: '1mb' },
  reactStrictMode: true,
  // PGlite's WASM is loaded from node_modules at run time; bcryptjs is required by the bcrypt
  // worker threads (lib/auth/bcrypt-pool.ts), which file tracing cannot see, so it is included.
  serverExternalPackages: ['@electric-sql/pglite', 'bcryptjs'],
  outputFileTracingIncludes: { '/api/**': ['./node_modules/bcryptjs/**'] },
};

export default nextConfig;
