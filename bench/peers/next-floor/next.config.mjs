// Next.js's defaults, except that this folder is its own root: inside another Next.js project,
// Turbopack and file tracing would otherwise climb to the repository's lock file and take its
// middleware and instrumentation.
const root = import.meta.dirname;

export default { turbopack: { root }, outputFileTracingRoot: root };
