import assert from 'node:assert/strict';
import { test } from 'node:test';
import { approximateNetwork, newSignInMail } from '../../lib/auth/new-sign-in-notice';

const AT = new Date('2026-12-01T09:05:00Z');
const CHROME_ANDROID = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36';

test('the network is an IPv4 /24 or an IPv6 /64, never the address; unknown says so', () => {
  assert.equal(approximateNetwork('203.0.113.77'), '203.0.113.0/24');
  assert.equal(approximateNetwork('2001:db8:1:2::/64'), '2001:db8:1:2::/64');
  assert.equal(approximateNetwork('2001:db8:0:0::/64'), '2001:db8::/64', 'the /64 in the shortest form, as the account pages show it');
  assert.equal(approximateNetwork('127.0.0.1'), "the server's own machine");
  assert.equal(approximateNetwork('0:0:0:0::/64'), "the server's own machine", 'the /64 the log keeps for ::1');
  assert.equal(approximateNetwork(null), 'unknown');
});

test('the notice names the device, network, time and method, and links to the account page', () => {
  const mail = newSignInMail({ email: 'ada@example.com', firstName: 'Ada' }, { ip: '198.51.100.9', userAgent: CHROME_ANDROID }, 'passkey', AT, 'https://auth.example.test');
  assert.equal(mail.to, 'ada@example.com');
  assert.equal(mail.subject, 'New sign-in to your account');
  for (const line of ['with a passkey', 'Device: Chrome on Android', 'Network (approximate): 198.51.100.0/24', 'Time: 1 December 2026 at 09:05 UTC', 'https://auth.example.test/account']) {
    assert.ok(mail.text.includes(line), `${line} in ${mail.text}`);
  }
  assert.ok(!mail.text.includes('198.51.100.9'));
  assert.ok(mail.html.includes('<a href="https://auth.example.test/account">Review your signed-in devices</a>'));
});

test('a user agent is never quoted, and a name is escaped in the HTML', () => {
  const hostile = 'Mozilla/5.0 <script>alert(1)</script> Visit https://evil.example to secure your account';
  const mail = newSignInMail({ email: 'x@example.com', firstName: '<b>Eve</b>' }, { ip: null, userAgent: hostile }, 'password', AT, null);
  assert.ok(!mail.text.includes('evil.example') && !mail.html.includes('evil.example'), 'nothing of the user agent but a recognised name');
  assert.ok(mail.text.includes('Device: Unknown device'));
  assert.ok(mail.text.includes('Network (approximate): unknown'));
  assert.ok(!mail.html.includes('<b>Eve</b>') && mail.html.includes('&#60;b&#62;Eve&#60;/b&#62;'));
  assert.ok(!mail.text.includes('/account'), 'no link without an origin to build it from');
});
