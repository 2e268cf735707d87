import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addressLabel, ipv6Text, THIS_MACHINE } from '../../lib/http/address-label';
import { addressKey, parseIpAddress } from '../../lib/http/ip-address';

/** How the security log shows a client that connected from `text`: the key it keeps, then its label. */
const shown = (text: string) => {
  const address = parseIpAddress(text);
  assert.ok(address, text);
  return addressLabel(addressKey(address));
};

describe('addressLabel', () => {
  test('IPv4 reads as it is', () => {
    for (const text of ['203.0.113.7', '198.51.100.4', '10.0.0.1', '0.0.0.0']) assert.equal(addressLabel(text), text);
    assert.equal(shown('::ffff:198.51.100.4'), '198.51.100.4', 'an IPv4 client on a dual-stack socket');
  });

  test('an IPv6 network reads in its shortest form', () => {
    assert.equal(addressLabel('2001:db8:1:2::/64'), '2001:db8:1:2::/64');
    assert.equal(addressLabel('2001:db8:0:0::/64'), '2001:db8::/64');
    assert.equal(addressLabel('2001:0:0:1::/64'), '2001:0:0:1::/64', 'the longer run of zeros is the one shortened');
    assert.equal(addressLabel('fe80:0:0:0::/64'), 'fe80::/64');
    assert.equal(addressLabel('2001:0:db8:0::/64'), '2001:0:db8::/64', 'a single zero group stays');
    assert.equal(shown('2001:DB8:0000:0000:8a2e:370:7334:1'), '2001:db8::/64');
    assert.equal(shown('[2001:db8:85a3:1234::1]'), '2001:db8:85a3:1234::/64');
  });

  test('loopback reads as this machine, in every form it is kept or written', () => {
    for (const stored of ['127.0.0.1', '127.8.9.10', '0:0:0:0::/64', '::/64', '::1', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1']) {
      assert.equal(addressLabel(stored), THIS_MACHINE, stored);
    }
    for (const text of ['127.0.0.1', '::1', '[::1]', '::ffff:127.0.0.1']) assert.equal(shown(text), THIS_MACHINE, text);
    assert.equal(THIS_MACHINE, 'this machine');
    assert.notEqual(addressLabel('128.0.0.1'), THIS_MACHINE);
    assert.notEqual(addressLabel('0:0:0:1::/64'), THIS_MACHINE, 'a network next to loopback is not this machine');
  });

  test('a full IPv6 address, never kept by the log, is shortened too', () => {
    assert.equal(addressLabel('2001:0db8:0000:0000:0000:ff00:0042:8329'), '2001:db8::ff00:42:8329');
  });

  test('a value in neither form is shown as it was kept', () => {
    for (const stored of ['unknown', '2001:db8::/48', 'not an address', '']) assert.equal(addressLabel(stored), stored);
  });
});

test('ipv6Text follows RFC 5952', () => {
  assert.equal(ipv6Text([0, 0, 0, 0, 0, 0, 0, 0]), '::');
  assert.equal(ipv6Text([0, 0, 0, 0, 0, 0, 0, 1]), '::1');
  assert.equal(ipv6Text([0x2001, 0xdb8, 0, 0, 1, 0, 0, 1]), '2001:db8::1:0:0:1', 'the first of two equal runs');
  assert.equal(ipv6Text([0x2001, 0xdb8, 0, 1, 1, 1, 1, 1]), '2001:db8:0:1:1:1:1:1', 'one zero group is not shortened');
  assert.equal(ipv6Text([0x2001, 0xdb8, 0, 0, 0, 0, 0, 0]), '2001:db8::');
  assert.equal(ipv6Text([0xfe80, 0, 0, 0, 0xabc, 0xdef, 0x12, 0x345]), 'fe80::abc:def:12:345');
});
