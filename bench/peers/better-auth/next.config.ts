import type { NextConfig } from 'next';

// This folder sits inside another Next.js project: its own root keeps Turbopack and file tracing
// from climbing to the repository's lock file.
const root = import.meta.dirname;

const nextConfig: NextConfig = {
  turbopack: { root },
  outputFileTracingRoot: root,
};

export default nextConfig;
