import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeWait } from '../../lib/http/wait';

test('waits are worded in the unit a person would use, rounded up', () => {
  assert.equal(describeWait(1), '1 second');
  assert.equal(describeWait(42), '42 seconds');
  assert.equal(describeWait(89), '89 seconds');
  assert.equal(describeWait(90), '2 minutes');
  assert.equal(describeWait(3412), '57 minutes');
  assert.equal(describeWait(5399), '90 minutes');
  assert.equal(describeWait(5400), '2 hours');
  assert.equal(describeWait(3600 * 23 + 1), '24 hours');
});
