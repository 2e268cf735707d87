import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { clientAddress, CLIENT_ADDRESS_HEADER, forwardedEntry, isLoopbackClient } from '../../lib/http/client-address';
import { addressKey, isLoopback, parseIpAddress } from '../../lib/http/ip-address';

const key = (text: string) => {
  const address = parseIpAddress(text);
  return address ? addressKey(address) : null;
};

/** The client address key a request with these headers gets, behind `hops` trusted proxies. */
const clientKey = (headers: Record<string, string>, hops: number) => {
  const address = clientAddress(new Headers(headers), hops);
  return address ? addressKey(address) : null;
};

describe('parseIpAddress', () => {
  test('IPv4 in dotted decimal, exactly', () => {
    for (const text of ['1.2.3.4', '0.0.0.0', '255.255.255.255', '127.0.0.1', '203.0.113.7']) assert.equal(key(text), text);
    for (const text of ['256.1.1.1', '1.2.3', '1.2.3.4.5', '01.2.3.4', '1.2.3.04', '1.2.3.4 ', ' 1.2.3.4', '1.2.3.4:80', '1.2.3.-4', '0x7f.0.0.1', '2130706433', '1..3.4', '[1.2.3.4]', '１.2.3.4']) {
      assert.equal(parseIpAddress(text), null, `${JSON.stringify(text)} is not an address`);
    }
  });

  test('IPv6 in every textual form, counted by its /64', () => {
    assert.equal(key('2001:db8:85a3:1234:5678:8a2e:370:7334'), '2001:db8:85a3:1234::/64');
    assert.equal(key('2001:DB8:85A3:1234:5678:8A2E:0370:7334'), '2001:db8:85a3:1234::/64');
    assert.equal(key('2001:0db8:0000:0001::1'), '2001:db8:0:1::/64');
    assert.equal(key('2001:db8::'), '2001:db8:0:0::/64');
    assert.equal(key('[2001:db8::1]'), '2001:db8:0:0::/64', 'brackets are allowed around IPv6');
    assert.equal(key('fe80::1%eth0'), 'fe80:0:0:0::/64', 'a zone is dropped');
    assert.equal(key('::'), '0:0:0:0::/64');
    assert.equal(key('1:2:3:4:5:6:7::'), '1:2:3:4::/64');
    assert.equal(key('64:ff9b::192.0.2.33'), '64:ff9b:0:0::/64', 'an embedded IPv4 tail');
    // Rotating through one /64 stays one key.
    assert.equal(key('2001:db8:1:2::a'), key('2001:db8:1:2:ffff:ffff:ffff:ffff'));
  });

  test('IPv4-mapped IPv6 is the IPv4 client itself, in either notation', () => {
    assert.equal(key('::ffff:198.51.100.4'), '198.51.100.4');
    assert.equal(key('::FFFF:c633:6404'), '198.51.100.4');
    assert.equal(key('0:0:0:0:0:ffff:198.51.100.4'), '198.51.100.4');
  });

  test('anything that is not exactly one IPv6 address is refused', () => {
    for (const text of [
      '1:2:3:4:5:6:7:8:9',
      '1:2:3:4:5:6:7',
      '1::2::3',
      ':::',
      '1:2:3:4:5:6:7:8::',
      '12345::1',
      'g::1',
      '::1.2.3',
      '1.2.3.4::',
      '::ffff:256.1.1.1',
      '[::1',
      '::1]',
      '[[::1]]',
      '::1%',
      '::1%eth 0',
      ':1::',
      '2001:db8::1, 10.0.0.1',
    ]) {
      assert.equal(parseIpAddress(text), null, `${JSON.stringify(text)} is not an address`);
    }
  });

  test('garbage, empty and over-long text is refused without work proportional to it', () => {
    assert.equal(parseIpAddress(''), null);
    assert.equal(parseIpAddress('unknown'), null);
    assert.equal(parseIpAddress('x'.repeat(300)), null);
    assert.equal(parseIpAddress(`::${':1'.repeat(100_000)}`), null);
    assert.equal(parseIpAddress('1.2.3.4'.padEnd(65, ' ')), null);
  });

  test('loopback is 127.0.0.0/8 and ::1 (also IPv4-mapped), nothing else', () => {
    for (const text of ['127.0.0.1', '127.255.0.9', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1']) assert.equal(isLoopback(parseIpAddress(text)!), true, text);
    for (const text of ['128.0.0.1', '10.0.0.1', '::', '::2', '::1:0', '0.0.0.0', '192.0.2.2', 'fe80::1', '::ffff:10.0.0.1', '1::1']) assert.equal(isLoopback(parseIpAddress(text)!), false, text);
  });
});

describe('forwardedEntry', () => {
  test('the n-th entry from the right, the one the outermost of n proxies appended', () => {
    assert.equal(forwardedEntry('6.6.6.6, 203.0.113.5', 1), '203.0.113.5');
    assert.equal(forwardedEntry('203.0.113.5', 1), '203.0.113.5');
    assert.equal(forwardedEntry('6.6.6.6, 203.0.113.5, 10.0.0.2', 2), '203.0.113.5');
    assert.equal(forwardedEntry('6.6.6.6,203.0.113.5 ,\t10.0.0.2', 3), '6.6.6.6');
    assert.equal(forwardedEntry('garbage,,, , 203.0.113.5', 1), '203.0.113.5');
    assert.equal(forwardedEntry('6.6.6.6, ', 1), '', 'a trailing comma does not move the client-written entry into the proxy\'s place');
    assert.equal(forwardedEntry('6.6.6.6,, 203.0.113.5', 2), '', 'empty elements count');
  });

  test('fewer entries than proxies, or no header, is no entry', () => {
    assert.equal(forwardedEntry('203.0.113.5', 2), null);
    assert.equal(forwardedEntry('203.0.113.5, 10.0.0.2', 3), null);
    assert.equal(forwardedEntry(null, 1), null);
    assert.equal(forwardedEntry('203.0.113.5', 0), null);
  });
});

describe('clientAddress', () => {
  test('with one trusted proxy, a spoofed leftmost entry never decides', () => {
    assert.equal(clientKey({ 'x-forwarded-for': '6.6.6.6, 203.0.113.5' }, 1), '203.0.113.5');
    assert.equal(clientKey({ 'x-forwarded-for': '6.6.6.7, 6.6.6.6, 203.0.113.5' }, 1), '203.0.113.5');
    assert.equal(clientKey({ 'x-forwarded-for': `${'x'.repeat(300)}, 203.0.113.5` }, 1), '203.0.113.5');
    assert.equal(clientKey({ 'x-forwarded-for': '6.6.6.6, 2001:db8:1:2::77' }, 1), '2001:db8:1:2::/64');
  });

  test('with n trusted proxies, the n-th entry from the right', () => {
    assert.equal(clientKey({ 'x-forwarded-for': '6.6.6.6, 203.0.113.5, 10.0.0.2' }, 2), '203.0.113.5');
    assert.equal(clientKey({ 'x-forwarded-for': '203.0.113.5, 10.0.0.3, 10.0.0.2' }, 3), '203.0.113.5');
  });

  test('no valid address where the proxies put it is an unknown client, never the text as sent', () => {
    for (const forwarded of ['6.6.6.6, garbage', '6.6.6.6, ', '6.6.6.6,', '', ' , ', `6.6.6.6, ${'9'.repeat(300)}`, '6.6.6.6, 1.2.3.4:5678', '6.6.6.6, unknown']) {
      assert.equal(clientAddress(new Headers({ 'x-forwarded-for': forwarded }), 1), null, JSON.stringify(forwarded));
    }
    assert.equal(clientAddress(new Headers({ 'x-forwarded-for': '203.0.113.5' }), 2), null, 'too few entries for two proxies');
  });

  test('behind a proxy, the socket is the proxy: never the client, even when X-Forwarded-For is missing', () => {
    assert.equal(clientAddress(new Headers({ [CLIENT_ADDRESS_HEADER]: '127.0.0.1' }), 1), null);
    assert.equal(clientKey({ [CLIENT_ADDRESS_HEADER]: '127.0.0.1', 'x-forwarded-for': '203.0.113.5' }, 1), '203.0.113.5');
  });

  test('without a trusted proxy, the validated socket address; X-Forwarded-For is ignored', () => {
    assert.equal(clientKey({ [CLIENT_ADDRESS_HEADER]: '::ffff:127.0.0.1', 'x-forwarded-for': '6.6.6.6' }, 0), '127.0.0.1');
    assert.equal(clientKey({ [CLIENT_ADDRESS_HEADER]: '2001:db8::1' }, 0), '2001:db8:0:0::/64');
    assert.equal(clientAddress(new Headers({ 'x-forwarded-for': '6.6.6.6' }), 0), null);
    assert.equal(clientAddress(new Headers({ [CLIENT_ADDRESS_HEADER]: 'not-an-address' }), 0), null);
  });

  test('loopback is judged on the validated client address', () => {
    assert.equal(isLoopbackClient(new Headers({ [CLIENT_ADDRESS_HEADER]: '127.0.0.1' }), 0), true);
    assert.equal(isLoopbackClient(new Headers({ [CLIENT_ADDRESS_HEADER]: '::1' }), 0), true);
    assert.equal(isLoopbackClient(new Headers({ [CLIENT_ADDRESS_HEADER]: '192.0.2.2', 'x-forwarded-for': '127.0.0.1' }), 0), false);
    assert.equal(isLoopbackClient(new Headers({ [CLIENT_ADDRESS_HEADER]: '127.0.0.1', 'x-forwarded-for': '127.0.0.1, 203.0.113.5' }), 1), false);
    assert.equal(isLoopbackClient(new Headers({ [CLIENT_ADDRESS_HEADER]: '127.0.0.1', 'x-forwarded-for': '203.0.113.5, 127.0.0.1' }), 1), true);
    assert.equal(isLoopbackClient(new Headers({ [CLIENT_ADDRESS_HEADER]: '127.0.0.1' }), 1), false, 'an unknown client is not loopback');
    assert.equal(isLoopbackClient(new Headers({ [CLIENT_ADDRESS_HEADER]: '127.0.0.1', 'x-forwarded-for': '127.0.0.1 evil' }), 1), false);
  });
});
