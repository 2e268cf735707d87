import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import {
  DEVICE_COOKIE_MAX_AGE_SECONDS,
  deviceCookieValue,
  deviceIdFor,
  deviceKey,
  MAX_ACCOUNTS_PER_DEVICE,
  parseDeviceCookie,
} from '../../lib/auth/device-cookie';

const key = [deviceKey('r'.repeat(48))];
const NOW = 1_800_000_000;

/** The cookie after signing in to each of `userIds` in turn from one browser. */
function signInAll(userIds: string[], now = NOW, start = ''): string {
  return userIds.reduce((value, userId) => deviceCookieValue(parseDeviceCookie(value), userId, key, now), start);
}

const vouchesFor = (value: string, userId: string, now = NOW, withKey = key) => deviceIdFor(parseDeviceCookie(value), userId, withKey, now) !== undefined;

/** `value` with the character at `index` of its first entry replaced. */
function altered(value: string, index: number): string {
  const replacement = value[index] === 'A' ? 'B' : 'A';
  return `${value.slice(0, index)}${replacement}${value.slice(index + 1)}`;
}

test('an entry vouches for the account it was issued to, and for no other', () => {
  const [alice, bob] = [randomUUID(), randomUUID()];
  const value = signInAll([alice]);
  assert.ok(vouchesFor(value, alice));
  assert.ok(!vouchesFor(value, bob));
  assert.ok(!value.includes(alice), 'the account id is not in the cookie');
});

test('any change to the nonce, the time or the tag breaks it, and so does another key', () => {
  const alice = randomUUID();
  const value = signInAll([alice]);
  const [nonce, issuedAt] = value.split('.') as [string, string];
  for (const index of [0, nonce.length - 1, nonce.length + 1, nonce.length + issuedAt.length + 2, value.length - 1]) {
    assert.ok(!vouchesFor(altered(value, index), alice), `changed at ${index}: ${altered(value, index)}`);
  }
  assert.ok(!vouchesFor(value, alice, NOW, [deviceKey('s'.repeat(48))]));
  assert.ok(!vouchesFor(value.replace(/^[^.]+/, 'x'.repeat(22)), alice));
});

test('a rotated refresh secret keeps the browsers it vouched for: the old key verifies while it is listed', () => {
  const alice = randomUUID();
  const value = signInAll([alice]);
  const rotated = [deviceKey('n'.repeat(48)), ...key];
  assert.ok(vouchesFor(value, alice, NOW, rotated), 'listed second, the old key still verifies');
  const renewed = deviceCookieValue(parseDeviceCookie(value), alice, rotated, NOW);
  assert.ok(vouchesFor(renewed, alice, NOW, [rotated[0]!]), 'the next sign-in tags with the new key');
  assert.ok(!vouchesFor(value, alice, NOW, [rotated[0]!]), 'once the old key is dropped, its entries vouch for nothing');
});

test('an entry lasts a year from its issue', () => {
  const alice = randomUUID();
  const value = signInAll([alice]);
  assert.ok(vouchesFor(value, alice, NOW + DEVICE_COOKIE_MAX_AGE_SECONDS));
  assert.ok(!vouchesFor(value, alice, NOW + DEVICE_COOKIE_MAX_AGE_SECONDS + 1));
});

test('one browser holds an entry per account, newest first, one per account, at most five', () => {
  const users = Array.from({ length: MAX_ACCOUNTS_PER_DEVICE + 1 }, () => randomUUID());
  const two = signInAll(users.slice(0, 2));
  assert.ok(vouchesFor(two, users[0]!) && vouchesFor(two, users[1]!));
  const again = signInAll([users[0]!], NOW + 60, two);
  assert.equal(parseDeviceCookie(again).length, 2, 'signing in again replaces the entry');
  assert.equal(deviceIdFor(parseDeviceCookie(again).slice(0, 1), users[0]!, key, NOW + 60) !== undefined, true, 'and puts it first');

  const all = signInAll(users);
  assert.equal(parseDeviceCookie(all).length, MAX_ACCOUNTS_PER_DEVICE);
  assert.ok(!vouchesFor(all, users[0]!), 'the least recent account dropped out');
  for (const userId of users.slice(1)) assert.ok(vouchesFor(all, userId));
  assert.ok(all.length < 400, `${all.length} characters`);
});

test('entries past their year are dropped at the next sign-in', () => {
  const [alice, bob] = [randomUUID(), randomUUID()];
  const later = signInAll([bob], NOW + DEVICE_COOKIE_MAX_AGE_SECONDS + 1, signInAll([alice]));
  assert.equal(parseDeviceCookie(later).length, 1);
});

test('junk is ignored at no cost, and only the first five well-formed entries are read', () => {
  const alice = randomUUID();
  const valid = signInAll([alice]);
  assert.ok(vouchesFor(`junk~${'x'.repeat(300)}~~${valid}`, alice));
  assert.deepEqual(parseDeviceCookie(undefined), []);
  assert.deepEqual(parseDeviceCookie('garbage'), []);
  const others = signInAll(Array.from({ length: 5 }, () => randomUUID()));
  assert.ok(!vouchesFor(`${others}~${valid}`, alice), 'a sixth entry is never looked at');
});
