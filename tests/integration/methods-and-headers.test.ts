import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { firstLoadJs } from '../../bench/startup';
import { COMPILE_HINT, startupChunks } from '../../lib/build/compile-hints.mjs';
import { call, signUp } from '../support/client';
import { rawRequest } from '../support/raw-http';
import { describeEachSetup } from '../support/setups';

const METHOD_NOT_ALLOWED = { success: false, message: 'Method not allowed', code: 'method_not_allowed' };

// Every kind of path the server has: public and protected API routes, an unknown API path, pages
// (public, protected, unknown), a metadata route, build assets, and the two paths browsers and
// crawlers ask for unprompted.
const PATHS = [
  '/api/auth/refresh',
  '/api/auth/login',
  '/api/health',
  '/api/projects',
  '/api/no-such-endpoint',
  '/',
  '/login',
  '/dashboard',
  '/no-such-page',
  '/icon.svg',
  '/_next/static/chunks/nothing.js',
  '/favicon.ico',
  '/robots.txt',
];

describeEachSetup('methods nobody serves, forms posted to pages, headers on every response', {}, (app) => {
  test('TRACE, TRACK, CONNECT and other odd methods are a JSON 405 on every path, and nothing is logged', async () => {
    const logged = app().output().length;
    // TRACE and CONNECT Node parses and Next.js used to fail on (500 and a stack in the log for
    // TRACE, a dropped connection for CONNECT); TRACK, FOO and lower-case `get` Node's parser
    // refuses outright (an empty 400); PROPFIND and QUERY reached the routes (an empty 400, or a page).
    for (const method of ['TRACE', 'TRACK', 'CONNECT', 'PROPFIND', 'QUERY', 'FOO', 'get']) {
      for (const path of PATHS) {
        const res = await rawRequest(app().url, method, path);
        assert.equal(res.status, 405, `${method} ${path}`);
        assert.deepEqual(JSON.parse(res.body), METHOD_NOT_ALLOWED, `${method} ${path}`);
        assert.match(res.headers.get('content-type') ?? '', /^application\/json/, `${method} ${path}`);
        assert.match(res.headers.get('allow') ?? '', /\bGET\b.*\bOPTIONS\b/, `${method} ${path}`);
        assert.equal(res.headers.get('x-content-type-options'), 'nosniff', `${method} ${path}`);
        assert.equal(res.headers.get('cross-origin-resource-policy'), 'same-origin', `${method} ${path}`);
      }
    }
    assert.equal(app().output().slice(logged), '', 'the server logged nothing');
    assert.equal((await call(app(), 'GET', '/api/health')).status, 200, 'the server is still fine');
  });

  test('PUT, PATCH and DELETE on a page are a JSON 405 with Allow; OPTIONS is 204 with Allow', async () => {
    for (const method of ['PUT', 'PATCH', 'DELETE']) {
      for (const path of ['/', '/login', '/dashboard', '/no-such-page']) {
        const res = await call(app(), method, path);
        assert.equal(res.status, 405, `${method} ${path}`);
        assert.deepEqual(res.body, METHOD_NOT_ALLOWED, `${method} ${path}`);
        assert.equal(res.headers.get('allow'), 'GET, HEAD, POST, OPTIONS', `${method} ${path}`);
      }
    }
    const options = await call(app(), 'OPTIONS', '/login');
    assert.equal(options.status, 204);
    assert.equal(options.headers.get('allow'), 'GET, HEAD, POST, OPTIONS');
  });

  test('a login or sign-up form posted before the script ran: 303 back to the form, the password nowhere in the answer', async () => {
    const logged = app().output().length;
    const { user } = await signUp(app());
    const password = 'Pre-hydration-Secret-42';
    const forms: Array<[string, Record<string, string>]> = [
      ['/login?next=%2Fprojects%2Fabc', { email: user.email, password: user.password }],
      ['/login', { email: user.email, password }],
      ['/register', { firstName: 'Ada', lastName: 'Lovelace', email: 'early@example.com', password }],
      ['/forgot-password', { email: user.email }],
    ];
    for (const [path, fields] of forms) {
      const encodings: Array<[string, string | FormData]> = [
        ['urlencoded', new URLSearchParams(fields).toString()],
        ['multipart', Object.entries(fields).reduce((form, [name, value]) => (form.append(name, value), form), new FormData())],
      ];
      for (const [encoding, body] of encodings) {
        const headers = encoding === 'urlencoded' ? { 'content-type': 'application/x-www-form-urlencoded' } : undefined;
        const res = await fetch(`${app().url}${path}`, { method: 'POST', body, headers, redirect: 'manual' });
        const text = await res.text();
        assert.equal(res.status, 303, `${encoding} ${path}: ${res.status}`);
        const location = res.headers.get('location') ?? '';
        const back = new URL(location, app().url);
        const sent = new URL(path, app().url);
        assert.equal(back.origin, sent.origin, location);
        assert.equal(back.pathname, sent.pathname, `back to the same form: ${location}`);
        assert.equal(back.searchParams.get('next'), sent.searchParams.get('next'), `next is kept: ${location}`);
        assert.equal(back.searchParams.get('form-sent-early'), '1', location);
        for (const secret of [password, user.password, encodeURIComponent(password)]) {
          assert.ok(!location.includes(secret), `${encoding} ${path}: the password is not in the Location`);
          assert.ok(!text.includes(secret), `${encoding} ${path}: nor in the body`);
        }
        assert.deepEqual(res.headers.getSetCookie(), [], 'nobody is signed in or tracked by it');
      }
    }
    // Where the person lands says what happened, in the page as served (no script needed).
    const page = await fetch(`${app().url}/login?next=%2Fprojects%2Fabc&form-sent-early=1`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /Your details were not used: the form was sent before this page had finished loading/);
    // And nothing was done with what was sent: no account for the early sign-up.
    assert.equal((await call(app(), 'POST', '/api/auth/login', { json: { email: 'early@example.com', password } })).status, 401);
    assert.doesNotMatch(app().output().slice(logged), /Error|Server Action/, 'nothing logged (Next.js logged "Failed to find Server Action" for these)');
  });

  test('the login and sign-up pages serve forms that post', async () => {
    for (const path of ['/login', '/register', '/forgot-password']) {
      const html = await (await fetch(`${app().url}${path}`)).text();
      const forms = html.match(/<form\b[^>]*>/g) ?? [];
      assert.equal(forms.length, 1, path);
      assert.match(forms[0]!, /\bmethod="post"/, `${path}: ${forms[0]}`);
      assert.doesNotMatch(forms[0]!, /\baction=/, `${path}: posts to its own URL, next included`);
    }
  });

  test('the scripts a page starts with carry V8\'s compile hint; chunks loaded on demand stay lazy', async () => {
    const { refresh } = await signUp(app());
    for (const [path, cookie] of [['/login'], ['/dashboard', `refresh_token=${refresh}`]] as const) {
      const { scripts } = await firstLoadJs(app().url, path, cookie);
      assert.ok(scripts.length >= 4, `${path}: the framework's and the page's scripts`);
      for (const { file } of scripts) {
        const body = await (await fetch(`${app().url}/_next/${file}`)).text();
        assert.ok(body.startsWith(COMPILE_HINT), `${path}: ${file} starts with the hint`);
      }
    }
    // A chunk no page starts with (input schemas, WebAuthn) is compiled when, and if, it is called.
    const distDir = join(import.meta.dirname, '..', '..', '.next');
    const atStart = new Set(await startupChunks(distDir));
    const onDemand = (await readdir(join(distDir, 'static', 'chunks'))).map((file) => `static/chunks/${file}`).filter((file) => file.endsWith('.js') && !atStart.has(file));
    assert.ok(onDemand.length > 0, 'the build has chunks loaded on demand');
    for (const file of onDemand) assert.ok(!(await readFile(join(distDir, file), 'utf8')).startsWith(COMPILE_HINT), file);
  });

  test('Cross-Origin-Opener-Policy and Cross-Origin-Resource-Policy on every kind of response', async () => {
    const { accessToken } = await signUp(app());
    const responses = {
      'JSON success': await call(app(), 'GET', '/api/health'),
      'JSON from a handler, with a token': await call(app(), 'GET', '/api/auth/me', { token: accessToken }),
      'JSON error from the edge': await call(app(), 'GET', '/api/projects'),
      'JSON error from a handler': await call(app(), 'POST', '/api/auth/login', { body: 'x' }),
      'JSON 405 from a route': await call(app(), 'PUT', '/api/auth/refresh'),
      page: await call(app(), 'GET', '/login'),
      'page redirect': await call(app(), 'GET', '/dashboard'),
      'page 404': await call(app(), 'GET', '/no-such-page'),
      'form 303': await call(app(), 'POST', '/login', { body: '' }),
      'build asset 404': await call(app(), 'GET', '/_next/static/chunks/nothing.js'),
      icon: await call(app(), 'GET', '/icon.svg'),
    };
    for (const [name, res] of Object.entries(responses)) {
      assert.equal(res.headers.get('cross-origin-opener-policy'), 'same-origin', name);
      assert.equal(res.headers.get('cross-origin-resource-policy'), 'same-origin', name);
    }
  });

  test('every HTML response carries the Content-Security-Policy, /favicon.ico and /robots.txt included', async () => {
    let html = 0;
    for (const path of PATHS) {
      const res = await fetch(`${app().url}${path}`, { redirect: 'manual' });
      await res.arrayBuffer();
      if (!/text\/html/.test(res.headers.get('content-type') ?? '')) continue;
      html++;
      assert.match(res.headers.get('content-security-policy') ?? '', /script-src 'self' 'nonce-[^']+' 'strict-dynamic'/, path);
      assert.match(res.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/, path);
    }
    assert.ok(html >= 5, 'the pages and the 404 pages are HTML');
  });
});
