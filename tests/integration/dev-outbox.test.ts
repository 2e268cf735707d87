import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startApp, type AppServer } from '../support/app-server';
import { call, signUp } from '../support/client';

/**
 * /dev/outbox on the production build: absent unless DEV_OUTBOX is on and there is no SMTP server
 * (mail that leaves by SMTP never reaches an outbox), and when present, showing mail as text.
 */

const APP_URL = 'https://auth.example.test';

async function withApp(env: Record<string, string>, run: (app: AppServer) => Promise<void>) {
  const app = await startApp(env);
  try {
    await run(app);
  } finally {
    await app.stop();
  }
}

async function waitForMailTo(app: AppServer, email: string): Promise<string> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const page = await call(app, 'GET', '/dev/outbox');
    if (typeof page.body === 'string' && page.body.includes(email)) return page.body;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`no mail to ${email} in the outbox`);
}

test('a production server has no outbox, and keeps no mail', async () => {
  await withApp({ APP_URL }, async (app) => {
    const { user } = await signUp(app);
    assert.equal((await call(app, 'POST', '/api/auth/forgot-password', { json: { email: user.email } })).status, 202);
    for (let attempt = 0; attempt < 50 && !app.output().includes('was not sent'); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.match(app.output(), /\[mail\] SMTP_URL is not set: "Reset your password" to .* was not sent/);
    assert.equal((await call(app, 'GET', '/dev/outbox')).status, 404);
  });
});

test('DEV_OUTBOX does not open an outbox where SMTP_URL sends the mail', async () => {
  // Nothing listens there; no mail is sent in this test, so nothing connects.
  await withApp({ APP_URL, DEV_OUTBOX: '1', SMTP_URL: 'smtp://127.0.0.1:9' }, async (app) => {
    assert.equal((await call(app, 'GET', '/dev/outbox')).status, 404);
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
