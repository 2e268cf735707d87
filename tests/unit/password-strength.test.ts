import assert from 'node:assert/strict';
import { test } from 'node:test';
import { passwordStrength } from '../../lib/validation/password-strength';

test('the meter rewards length most: a long passphrase is strong, short or patterned ones are not', () => {
  assert.equal(passwordStrength('short').label, 'Too short');
  assert.equal(passwordStrength('abcdefgh').score, 1);
  assert.equal(passwordStrength('12345678').score, 1);
  assert.equal(passwordStrength('Password1!').label, 'Fair');
  assert.equal(passwordStrength('correct horse battery staple').label, 'Strong');
  assert.ok(passwordStrength('aaaaaaaaaaaaaaaaaaaaaaaa').score < passwordStrength('plum-orbit-canvas-tide-42').score);
});
