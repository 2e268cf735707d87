import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SignJWT } from 'jose';
import { dateClaim, decodeJwt, stringClaim } from '../../lib/client/decode-jwt';

const key = new TextEncoder().encode('a-test-key-of-at-least-thirty-two-bytes');

test('the header and payload of a signed token are read back as they were signed', async () => {
  const token = await new SignJWT({ sid: 'session-1', role: 'user', name: 'José 🙂' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject('user-1')
    .setIssuedAt(1_700_000_000)
    .setExpirationTime(1_700_000_900)
    .sign(key);
  const decoded = decodeJwt(token);
  assert.ok(decoded);
  assert.deepEqual(decoded.header, { alg: 'HS256', typ: 'JWT' });
  assert.equal(decoded.payload.name, 'José 🙂', 'base64url and UTF-8 decoded');
  assert.equal(stringClaim(decoded.payload, 'sub'), 'user-1');
  assert.equal(stringClaim(decoded.payload, 'sid'), 'session-1');
  assert.equal(dateClaim(decoded.payload, 'exp'), 1_700_000_900_000);
  assert.equal(dateClaim(decoded.payload, 'missing'), null);
  assert.equal(stringClaim(decoded.payload, 'exp'), null);
});

test('anything that is not a compact JWS with JSON object parts is null', () => {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  for (const token of [
    '',
    'abc',
    'a.b',
    `${part({ alg: 'HS256' })}.${part({ sub: 'x' })}`,
    `${part({ alg: 'HS256' })}.${part({ sub: 'x' })}.sig.extra`,
    `${part({ alg: 'HS256' })}.not-json.sig`,
    `${part({ alg: 'HS256' })}.${part([1, 2])}.sig`,
    `${part('text')}.${part({ sub: 'x' })}.sig`,
    `${part({ alg: 'HS256' })}.${Buffer.from([0xff, 0xfe]).toString('base64url')}.sig`,
  ]) {
    assert.equal(decodeJwt(token), null, token);
  }
});
