import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { unstable_doesMiddlewareMatch } from 'next/experimental/testing/server';
import { PUBLIC_ROUTES } from '../../lib/http/public-routes';
import { isSignedInPage, SIGNED_IN_PAGE_SECTIONS } from '../../lib/http/signed-in-pages';
import type { Handler, Policy } from '../../lib/http/route';
import { config } from '../../middleware';

const ROOT = resolve(import.meta.dirname, '../..');
const APP = join(ROOT, 'app');
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
const CATCH_ALL = '/api/[...path]';

interface RouteFile {
  /** The route as written in the tree, without route groups, e.g. /api/projects/[id]. */
  pattern: string;
  /** A concrete path that reaches it. */
  path: string;
  policies: Partial<Record<(typeof METHODS)[number], Policy>>;
}

const sample = (pattern: string) =>
  pattern.replace(/\[\.\.\.[^\]]+\]/g, 'some/nested/path').replace(/\[[^\]]+\]/g, '0b7f3f9e-4f59-4b3e-9a42-6f8a1c2d3e4f');

async function routeFiles(): Promise<RouteFile[]> {
  const files = readdirSync(APP, { recursive: true, encoding: 'utf8' }).filter((file) => /(^|\/)route\.ts$/.test(file));
  return Promise.all(
    files.sort().map(async (file) => {
      const pattern = `/${file.replace(/\/?route\.ts$/, '')}`.replace(/\/\([^)]+\)/g, '');
      const exports = (await import(pathToFileURL(join(APP, file)).href)) as Partial<Record<string, Handler>>;
      const policies: RouteFile['policies'] = {};
      for (const method of METHODS) {
        const policy = exports[method]?.policy;
        if (policy) policies[method] = policy;
      }
      return { pattern, path: sample(pattern), policies };
    }),
  );
}

const middlewareRuns = (path: string) => unstable_doesMiddlewareMatch({ config, url: path });

describe('route policy: one declaration per route, one public list, one matcher', async () => {
  const routes = await routeFiles();
  const declared = routes.filter((route) => route.pattern !== CATCH_ALL);
  // Routes that take no access token: public, or the scheduler's secret. The middleware skips both.
  const tokenless = (policy: Policy) => policy.auth === 'public' || policy.auth === 'cron';
  const isPublic = (route: RouteFile) => Object.values(route.policies).some(tokenless);

  test('every route file under app/ declares its methods through route()', () => {
    assert.ok(declared.length >= 20, `found only ${declared.length} route files`);
    for (const route of declared) assert.ok(Object.keys(route.policies).length > 0, `${route.pattern} declares no method through route()`);
  });

  test('a route takes no access token for every method or for none (the matcher cannot tell methods apart)', () => {
    for (const route of declared) {
      const kinds = new Set(Object.values(route.policies).map(tokenless));
      assert.equal(kinds.size, 1, `${route.pattern} mixes public and protected methods`);
    }
  });

  test('only the scheduled prune takes the scheduler\'s secret, and only by GET', () => {
    const cron = declared.flatMap((route) =>
      Object.entries(route.policies)
        .filter(([, policy]) => policy.auth === 'cron')
        .map(([method]) => `${method} ${route.pattern}`),
    );
    assert.deepEqual(cron, ['GET /api/cron/prune']);
  });

  test('the routes declared public (or cron) are exactly the public list', () => {
    const publicPaths = declared.filter(isPublic).map((route) => route.pattern);
    assert.deepEqual([...publicPaths].sort(), [...PUBLIC_ROUTES].sort());
  });

  test('the middleware checks a token on every route but the public ones', () => {
    for (const route of declared) {
      assert.equal(middlewareRuns(route.path), !isPublic(route), `${route.pattern}: middleware ${middlewareRuns(route.path) ? 'runs' : 'does not run'}`);
    }
  });

  test('public paths are exact: anything below or beside them, and unknown API paths, meet the token check', () => {
    for (const path of PUBLIC_ROUTES) {
      assert.equal(middlewareRuns(`${path}/extra`), true, `${path}/extra`);
      assert.equal(middlewareRuns(`${path}x`), true, `${path}x`);
    }
    assert.equal(middlewareRuns(sample(CATCH_ALL)), true);
  });

  test('exactly the sensitive actions demand recent authentication, and none of them is public', () => {
    const recent = declared.flatMap((route) =>
      Object.entries(route.policies)
        .filter(([, policy]) => policy.recent)
        .map(([method]) => `${method} ${route.pattern}`),
    );
    assert.deepEqual(recent.sort(), [
      'DELETE /api/auth/account',
      'DELETE /api/auth/passkeys/[id]',
      'PATCH /api/admin/users/[id]',
      'POST /api/admin/users/[id]/revoke-sessions',
      'POST /api/auth/email',
      'POST /api/auth/mfa/recovery-codes',
      'POST /api/auth/mfa/totp/disable',
      'POST /api/auth/mfa/totp/enable',
      'POST /api/auth/mfa/totp/setup',
      'POST /api/auth/passkeys/options',
    ]);
    for (const route of declared.filter(isPublic)) {
      for (const policy of Object.values(route.policies)) assert.equal(policy.recent, false, route.pattern);
    }
  });

  test('every public write checks the Origin', () => {
    for (const route of declared.filter(isPublic)) {
      for (const [method, policy] of Object.entries(route.policies)) {
        if (method !== 'GET') assert.equal(policy.origin, true, `${method} ${route.pattern} must declare origin: true`);
      }
    }
  });
});

describe('signed-in pages: one folder, one list', () => {
  test('every section under app/(signed-in) is on the middleware list, and nothing else', () => {
    const sections = readdirSync(join(ROOT, 'app/(signed-in)'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => `/${entry.name}`);
    assert.deepEqual([...sections].sort(), [...SIGNED_IN_PAGE_SECTIONS].sort());
  });

  test('a section and everything below it is signed-in; a look-alike prefix is not', () => {
    assert.equal(isSignedInPage('/account'), true);
    assert.equal(isSignedInPage('/account/token'), true);
    assert.equal(isSignedInPage('/accounts'), false);
    assert.equal(isSignedInPage('/login'), false);
  });
});
