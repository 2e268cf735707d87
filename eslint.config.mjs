import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTypescript from 'eslint-config-next/typescript';

/**
 * Code that runs in the browser or in the edge middleware: the middleware, the client components
 * and what they import. tests/unit/import-boundaries.test.ts walks the imports of middleware.ts
 * and of every 'use client' module and fails when one of them reaches a file not listed here.
 */
const BROWSER_AND_EDGE = [
  'middleware.ts',
  'app/{error,global-error}.tsx',
  'components/**',
  'lib/client/**',
  'lib/validation/**',
  'lib/auth/{access,cookies,keys,link-lifetimes,permissions,roles,tokens,verified-tokens}.ts',
  'lib/sessions/device-name.ts',
  'lib/backends/unavailable.ts',
  'lib/config/{duration,env,signing-keys}.ts',
  'lib/http/{address-label,client-address,errors,form-sent-early,ip-address,public-routes,request-origin,respond,security-headers,signed-in-pages,wait}.ts',
];

// Server modules, under lib/. Written as `@/lib/<module>` or reached by a relative path.
const SERVER_MODULES = [
  'db/*',
  'backends/redis-client',
  'mail/{compose,outbox,send}',
  'rate-limit/*',
  'events/record',
  'resources/*',
  'admin/*',
  'users/repository',
  'auth/{accounts,admin-grant,bcrypt-pool,cron-secret,device-cookie,disabled-accounts,email-change,email-links,email-verification,email-verified,link-tokens,login-response,mfa-challenge,mfa-login,mfa-mail,mfa-settings,new-sign-in-notice,password,password-change,password-check,password-policy,password-reset,qr-code,reauth,recovery-codes,second-factor,secret-box,totp}',
  'account/*',
  'retention/*',
  'events/personal-data',
  'sessions/{devices,refresh}',
  'sessions/store/*',
  'passkeys/*',
  'http/after-response',
  'http/pagination',
  'health',
  'startup',
];

const MESSAGE = 'This module runs in the browser or the edge middleware: Node built-ins, the database, the store and server modules stay out.';

// zod must be configured before a schema is built (lib/validation/zod.ts says why), so the app
// takes `z` from there (or, for the environment's parsers, from zod-full.ts). Types may come from zod itself.
const ZOD_MESSAGE = 'Import z from lib/validation/zod: it turns off the eval probe the pages\' CSP reports.';
const ZOD = [
  { name: 'zod', allowTypeImports: true, message: ZOD_MESSAGE },
  { name: 'zod/mini', allowTypeImports: true, message: ZOD_MESSAGE },
];
const APP_CODE = ['app/**', 'components/**', 'lib/**', 'middleware.ts', 'instrumentation.ts'];

const restrictImports = (groups, paths = ZOD) => ({
  'no-restricted-imports': ['error', { paths, patterns: [{ group: ['node:*', '@simplewebauthn/server', ...groups], allowTypeImports: true, message: MESSAGE }] }],
});

export default defineConfig([
  ...nextVitals,
  ...nextTypescript,
  globalIgnores(['.next/**', 'bench/peers/**', '.data/**', 'next-env.d.ts', 'test-results/**', 'playwright-report/**']),
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
      // A leading underscore marks a value taken out on purpose (`const { omitted: _, ...rest }`).
      '@typescript-eslint/no-unused-vars': ['error', { varsIgnorePattern: '^_', argsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // A later block's no-restricted-imports replaces this one for its files, so those repeat ZOD.
    files: APP_CODE,
    ignores: ['lib/validation/zod.ts', 'lib/validation/zod-full.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: ZOD }] },
  },
  {
    files: BROWSER_AND_EDGE,
    rules: restrictImports(SERVER_MODULES.flatMap((module) => [`@/lib/${module}`, `**/lib/${module}`])),
  },
  {
    // Inside lib/ the same modules are also reached as `../db/client`.
    files: BROWSER_AND_EDGE.filter((pattern) => pattern.startsWith('lib/')),
    rules: restrictImports(SERVER_MODULES.flatMap((module) => [`@/lib/${module}`, `**/lib/${module}`, `../${module}`])),
  },
  {
    // The modules that take zod itself, still kept away from the server modules.
    files: ['lib/validation/zod.ts', 'lib/validation/zod-full.ts'],
    rules: restrictImports(SERVER_MODULES.flatMap((module) => [`@/lib/${module}`, `**/lib/${module}`, `../${module}`]), []),
  },
]);
