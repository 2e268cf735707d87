import type { NextConfig } from 'next';
import { ensureDevSecrets } from './lib/config/dev-secrets';

// Before anything reads the configuration: development gets generated secrets from .data/.
ensureDevSecrets();

const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // PGlite's WASM is loaded from node_modules at run time; bcryptjs is required by the bcrypt
  // worker threads (lib/auth/bcrypt-pool.ts), which file tracing cannot see, so it is included.
  serverExternalPackages: ['@electric-sql/pglite', 'bcryptjs'],
  outputFileTracingIncludes: { '/api/**': ['./node_modules/bcryptjs/**'] },
};

export default nextConfig;
