import assert from 'node:assert/strict';
import { test } from 'node:test';
import { qrCodeDataUrl } from '../../lib/auth/qr-code';

test('the QR code brings its own white field behind black modules, so it scans on a dark page too', async () => {
  const url = await qrCodeDataUrl('otpauth://totp/JWT%20Auth:ada@example.com?secret=JBSWY3DPEHPK3PXP&issuer=JWT%20Auth');
  const svg = Buffer.from(url.replace(/^data:image\/svg\+xml;base64,/, ''), 'base64').toString('utf8');
  const size = /viewBox="0 0 (\d+) \1"/.exec(svg)?.[1];
  assert.ok(size, 'a square viewBox');
  assert.ok(svg.includes(`<path fill="#ffffff" d="M0 0h${size}v${size}H0z"/>`), 'a white square under the whole code, quiet zone included');
  assert.match(svg, /<path stroke="#000000" d="M/);
});
