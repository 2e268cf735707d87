import assert from 'node:assert/strict';
import { test } from 'node:test';
import { linkStateOf, refusedLinkState } from '../../lib/auth/link-state';

const now = new Date('2026-12-01T12:00:00Z');
const later = new Date(now.getTime() + 60_000);
const earlier = new Date(now.getTime() - 60_000);

test('a stored link is valid until it expires, then expired; once used it says used, whatever its expiry', () => {
  assert.equal(linkStateOf({ usedAt: null, expiresAt: later }, now), 'valid');
  assert.equal(linkStateOf({ usedAt: null, expiresAt: now }, now), 'expired', 'expiry is the first moment it no longer works');
  assert.equal(linkStateOf({ usedAt: null, expiresAt: earlier }, now), 'expired');
  assert.equal(linkStateOf({ usedAt: earlier, expiresAt: later }, now), 'used');
  assert.equal(linkStateOf({ usedAt: earlier, expiresAt: earlier }, now), 'used');
});

test('no stored link (unknown, retired by a newer one, voided, pruned) is invalid', () => {
  assert.equal(linkStateOf(undefined, now), 'invalid');
});

test('a refused link is said to be used, expired or invalid, never valid', () => {
  assert.equal(refusedLinkState(undefined, now), 'invalid', 'no row: retired, voided, pruned or never issued');
  assert.equal(refusedLinkState({ usedAt: earlier, expiresAt: later }, now), 'used');
  assert.equal(refusedLinkState({ usedAt: null, expiresAt: now }, now), 'expired', 'refused at the moment it expired');
  assert.equal(refusedLinkState({ usedAt: null, expiresAt: later }, now), 'invalid', 'a row that reads live was refused all the same');
});
