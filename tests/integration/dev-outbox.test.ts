import assert from 'node:assert/strict';
import { networkInterfaces } from 'node:os';
import { test } from 'node:test';
import { startApp, type AppServer } from '../support/app-server';
import { call, signUp } from '../support/client';

/**
 * /dev/outbox on the production build: absent unless DEV_OUTBOX is on and there is no SMTP server
 * (mail that leaves by SMTP never reaches an outbox), and when present, showing mail as text, to
 * clients on this machine only.
 */

const APP_URL = 'https://auth.example.test';

async function withApp(env: Record<string, string>, run: (app: AppServer) => Promise<void>, host?: string) {
  const app = await startApp(env, { host });
  try {
    await run(app);
  } finally {
    await app.stop();
  }
}

/** The outbox page once it holds a reset mail to `email` (sign-up mails a verification link first). */
async function waitForMailTo(app: AppServer, email: string, headers: Record<string, string> = {}): Promise<string> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const page = await call(app, 'GET', '/dev/outbox', { headers });
    if (typeof page.body === 'string' && page.body.includes(email) && page.body.includes('reset-password#token=')) return page.body;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`no mail to ${email} in the outbox`);
}

/**
 * The answer every unknown address gets: 404 with the app's own not-found page, readable without
 * script (its title and heading in the HTML; tests/e2e/error-pages.spec.ts looks at it drawn),
 * nothing of the outbox, not even its title, and no inline style for the pages'
 * Content-Security-Policy to block.
 */
function assertNoOutboxHere(page: { status: number; body: unknown }) {
  assert.equal(page.status, 404);
  const html = String(page.body);
  assert.match(html, /<title>Page not found · JWT Auth<\/title>/);
  assert.match(html, /<h1[^>]*>Page not found<\/h1>/, 'the page is in the HTML, not only in its script data');
  assert.ok(!html.includes('Development outbox'), 'nothing of the outbox page');
  assert.doesNotMatch(html, /<[^>]+\sstyle=/, 'no inline style attribute');
}

test('a production server has no outbox, and keeps no mail', async () => {
  await withApp({ APP_URL }, async (app) => {
    const { user } = await signUp(app);
    assert.equal((await call(app, 'POST', '/api/auth/forgot-password', { json: { email: user.email } })).status, 202);
    for (let attempt = 0; attempt < 50 && !app.output().includes('"Reset your password" to'); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.match(app.output(), /\[mail\] SMTP_URL is not set: "Reset your password" to .* was not sent/);
    assertNoOutboxHere(await call(app, 'GET', '/dev/outbox'));
  });
});

test('DEV_OUTBOX does not open an outbox where SMTP_URL sends the mail', async () => {
  // Nothing listens there; no mail is sent in this test, so nothing connects.
  await withApp({ APP_URL, DEV_OUTBOX: '1', SMTP_URL: 'smtp://127.0.0.1:9' }, async (app) => {
    assertNoOutboxHere(await call(app, 'GET', '/dev/outbox'));
  });
});

test('with DEV_OUTBOX on, the outbox shows reset mail uncached, its link clickable and its text escaped', async () => {
  await withApp({ APP_URL, DEV_OUTBOX: '1' }, async (app) => {
    const { user } = await signUp(app, { firstName: '<b>Eve</b>' });
    assert.equal((await call(app, 'POST', '/api/auth/forgot-password', { json: { email: user.email } })).status, 202);
    const html = await waitForMailTo(app, user.email);

    assert.match(html, /<a [^>]*href="https:\/\/auth\.example\.test\/reset-password#token=[\w-]{40,}"/);
    assert.ok(html.includes('Hello &lt;b&gt;Eve&lt;/b&gt;,'), 'the text is escaped, not markup');
    assert.ok(!html.includes('<b>Eve</b>'));
    const page = await call(app, 'GET', '/dev/outbox');
    assert.match(page.headers.get('cache-control') ?? '', /no-store/);
  });
});

/** An IPv4 address of this machine that is not loopback, to be a client that is not on loopback. */
const otherLocalAddress = Object.values(networkInterfaces())
  .flat()
  .find((address) => address?.family === 'IPv4' && !address.internal)?.address;

test('the outbox is for loopback clients only: a client elsewhere gets the 404 of a server without one', { skip: otherLocalAddress ? false : 'this machine has no IPv4 address besides loopback' }, async () => {
  await withApp(
    { APP_URL, DEV_OUTBOX: '1' },
    async (app) => {
      assert.ok(!app.url.includes('127.0.0.1'));
      const { user } = await signUp(app);
      assert.equal((await call(app, 'POST', '/api/auth/forgot-password', { json: { email: user.email } })).status, 202);
      for (let attempt = 0; attempt < 50 && !app.output().includes('"Reset your password" to'); attempt++) await new Promise((resolve) => setTimeout(resolve, 100));
      assert.match(app.output(), /"Reset your password" to .* is in the development outbox/, 'the reset mail is in the outbox');
      const page = await call(app, 'GET', '/dev/outbox');
      assertNoOutboxHere(page);
      assert.ok(!String(page.body).includes(user.email));
      assert.ok(!String(page.body).includes('reset-password#token='));
      assert.match(app.output(), /shown at \/dev\/outbox, to loopback clients only/, 'the start-up log says so');
    },
    otherLocalAddress,
  );
});

test('behind TRUST_PROXY, the forwarded client decides, not the proxy on loopback', async () => {
  await withApp({ APP_URL, DEV_OUTBOX: '1', TRUST_PROXY: '1' }, async (app) => {
    const { user } = await signUp(app);
    assert.equal((await call(app, 'POST', '/api/auth/forgot-password', { json: { email: user.email } })).status, 202);
    const html = await waitForMailTo(app, user.email, { 'x-forwarded-for': '203.0.113.9, 127.0.0.1' });
    assert.match(html, /reset-password#token=/, 'a loopback client (nginx on this machine appended 127.0.0.1) reads the outbox');
    assert.equal((await call(app, 'GET', '/dev/outbox', { headers: { 'x-forwarded-for': '::1' } })).status, 200);
    for (const forwarded of ['127.0.0.1, 203.0.113.9', '203.0.113.9', '2001:db8::1', 'garbage', '127.0.0.1, ', '']) {
      const page = await call(app, 'GET', '/dev/outbox', { headers: { 'x-forwarded-for': forwarded } });
      assert.equal(page.status, 404, `X-Forwarded-For: ${JSON.stringify(forwarded)}`);
      assert.ok(!String(page.body).includes(user.email));
    }
    assert.equal((await call(app, 'GET', '/dev/outbox')).status, 404, 'no X-Forwarded-For: an unknown client, though the socket is loopback');
  });
});
