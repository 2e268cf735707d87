import type { NextConfig } from 'next';
import { ensureDevSecrets } from './lib/config/dev-secrets';

// Before anything reads the configuration: development gets generated secrets from .data/.
ensureDevSecrets();

const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // Native and WASM packages are loaded from node_modules at run time instead of being bundled.
  serverExternalPackages: ['@electric-sql/pglite', '@node-rs/bcrypt'],
};

export default nextConfig;
