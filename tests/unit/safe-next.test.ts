import assert from 'node:assert/strict';
import { test } from 'node:test';
import { safeNextPath } from '../../lib/client/safe-next';

test('same-origin paths are kept, with their query and fragment', () => {
  assert.equal(safeNextPath('/dashboard'), '/dashboard');
  assert.equal(safeNextPath('/projects/42?tab=tasks#top'), '/projects/42?tab=tasks#top');
  assert.equal(safeNextPath('/a/../account'), '/account');
});

test('anything that could leave the site falls back to the dashboard', () => {
  for (const next of [
    null,
    '',
    'dashboard',
    'https://evil.example/phish',
    '//evil.example/phish',
    '/\\evil.example/phish',
    '/.//evil.example/phish',
    '/..//evil.example',
    '/%2e//evil.example',
    '/./\\evil.example',
    '\\\\evil.example',
    'javascript:alert(1)',
    '/\t/evil.example',
  ]) {
    assert.equal(safeNextPath(next), '/dashboard', String(next));
  }
});

test('the sign-in pages themselves fall back too: a signed-in person sent there would wait on a finished form', () => {
  for (const next of ['/login', '/login/', '/login?next=%2Fadmin', '/register', '/register#top']) assert.equal(safeNextPath(next), '/dashboard', next);
  assert.equal(safeNextPath('/login-help'), '/login-help', 'a path that only starts the same way is kept');
});
