import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { appOrigin } from '../../lib/http/request-origin';

const request = (headers: Record<string, string>) => new Request('http://localhost:3000/api/auth/refresh', { method: 'POST', headers });

describe('appOrigin', () => {
  test('with no configured origin, the Host the client used, https only from a trusted proxy', () => {
    const open = { publicOrigins: [], trustProxy: false };
    assert.equal(appOrigin(request({ host: 'app.test:8080' }), open), 'http://app.test:8080');
    assert.equal(appOrigin(request({ host: 'app.test', 'x-forwarded-proto': 'https' }), open), 'http://app.test', 'a client cannot claim https');
    const proxied = { publicOrigins: [], trustProxy: true };
    assert.equal(appOrigin(request({ host: 'app.test', 'x-forwarded-proto': 'https, http' }), proxied), 'https://app.test');
    assert.equal(appOrigin(request({ host: 'bad host' }), open), 'http://localhost:3000', 'a malformed Host falls back to the server URL');
  });

  test('with configured origins, the requested one when it is among them, else the first', () => {
    const preview = {
      publicOrigins: ['https://auth.example.com', 'https://app-git-feature-team.vercel.app', 'https://app-abc123-team.vercel.app'],
      trustProxy: true,
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
});
