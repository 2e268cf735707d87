import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { appOrigin } from '../../lib/http/request-origin';

const request = (headers: Record<string, string>) => new Request('http://localhost:3000/api/auth/refresh', { method: 'POST', headers });

describe('appOrigin', () => {
  test('with no configured origin, the Host the client used, https only from a trusted proxy', () => {
    const open = { publicOrigins: [], trustProxy: 0 };
    assert.equal(appOrigin(request({ host: 'app.test:8080' }), open), 'http://app.test:8080');
    assert.equal(appOrigin(request({ host: 'app.test', 'x-forwarded-proto': 'https' }), open), 'http://app.test', 'a client cannot claim https');
    const proxied = { publicOrigins: [], trustProxy: 1 };
    assert.equal(appOrigin(request({ host: 'app.test', 'x-forwarded-proto': 'https' }), proxied), 'https://app.test');
    assert.equal(appOrigin(request({ host: 'app.test', 'x-forwarded-proto': 'HTTPS' }), proxied), 'https://app.test');
    assert.equal(appOrigin(request({ host: 'bad host' }), open), 'http://localhost:3000', 'a malformed Host falls back to the server URL');
  });

  test('with configured origins, the requested one when it is among them, else the first', () => {
    const preview = {
      publicOrigins: ['https://auth.example.com', 'https://app-git-feature-team.vercel.app', 'https://app-abc123-team.vercel.app'],
      trustProxy: 1,
    };
    const via = (host: string) => appOrigin(request({ host, 'x-forwarded-proto': 'https' }), preview);
    assert.equal(via('app-git-feature-team.vercel.app'), 'https://app-git-feature-team.vercel.app');
    assert.equal(via('app-abc123-team.vercel.app'), 'https://app-abc123-team.vercel.app');
    assert.equal(via('auth.example.com'), 'https://auth.example.com');
    assert.equal(via('evil.example'), 'https://auth.example.com', 'a forged Host never becomes the app origin');
    assert.equal(
      appOrigin(request({ host: 'app-abc123-team.vercel.app' }), preview),
      'https://auth.example.com',
      'the same host over plain http is not one of the app origins',
    );
  });

  test('X-Forwarded-Proto is read like X-Forwarded-For: what the trusted proxies wrote, counted from the right', () => {
    const via = (proto: string, trustProxy: number) => appOrigin(request({ host: 'app.test', 'x-forwarded-proto': proto }), { publicOrigins: [], trustProxy });
    // One proxy that appends: the client's own value stands left of the proxy's and never decides.
    assert.equal(via('https, http', 1), 'http://app.test', 'a client cannot claim https in front of the proxy');
    assert.equal(via('http, https', 1), 'https://app.test');
    assert.equal(via('https,', 1), 'http://app.test', 'an empty entry in the proxy\'s place is not https');
    // Two proxies that append: the outer one's entry, second from the right.
    assert.equal(via('http, https, http', 2), 'https://app.test');
    assert.equal(via('https, http, http', 2), 'http://app.test');
    // Proxies that overwrite leave fewer entries than proxies: the leftmost, which one of them wrote.
    assert.equal(via('https', 2), 'https://app.test');
    assert.equal(via(' , ', 1), 'http://app.test', 'no entry is not https');
  });
});
