import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { can, PERMISSIONS } from '../../lib/auth/permissions';
import { ROLES } from '../../lib/auth/roles';
import { isUuid } from '../../lib/validation/id';
import { employeeSchema, projectCreateSchema, projectUpdateSchema, taskCreateSchema, taskUpdateSchema, userAdminChangeSchema } from '../../lib/validation/resources';

const problem = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  result.success ? null : Object.fromEntries(result.error!.issues.map((issue) => [String(issue.path[0] ?? 'body'), issue.message]));

describe('permission table', () => {
  test('users read employees; editors and admins write; only admins delete and manage users', () => {
    const table = Object.fromEntries(ROLES.map((role) => [role, (Object.keys(PERMISSIONS) as (keyof typeof PERMISSIONS)[]).filter((p) => can(role, p))]));
    assert.deepEqual(table, {
      user: ['employees:read'],
      editor: ['employees:read', 'employees:write'],
      admin: ['employees:read', 'employees:write', 'employees:delete', 'users:manage'],
    });
  });
});

describe('resource inputs', () => {
  test('project names are trimmed and NFC-normalised, markup kept verbatim, description defaults to ""', () => {
    assert.deepEqual(projectCreateSchema.parse({ name: '  Cafe\u0301 <b>x</b> ' }), { name: 'Café <b>x</b>', description: '' });
  });

  test('limits count code points: 100 emoji are a valid name, 101 are not', () => {
    assert.ok(projectCreateSchema.safeParse({ name: '😀'.repeat(100) }).success);
    assert.deepEqual(problem(projectCreateSchema.safeParse({ name: '😀'.repeat(101) })), { name: 'Project name must be at most 100 characters' });
  });

  test('blank, missing and non-string names are refused with the field named', () => {
    assert.deepEqual(problem(projectCreateSchema.safeParse({ name: '   ' })), { name: 'Project name is required' });
    assert.deepEqual(problem(projectCreateSchema.safeParse({})), { name: 'Project name is required' });
    assert.deepEqual(problem(projectCreateSchema.safeParse({ name: 42 })), { name: 'Project name is required' });
  });

  test('control and format characters are refused in names; a description keeps line breaks and tabs', () => {
    assert.deepEqual(problem(projectCreateSchema.safeParse({ name: 'a\u0000b' })), { name: 'Project name contains characters that are not allowed' });
    assert.deepEqual(problem(projectCreateSchema.safeParse({ name: 'a\nb' })), { name: 'Project name contains characters that are not allowed' });
    assert.deepEqual(problem(projectCreateSchema.safeParse({ name: 'evil\u202Etxt' })), { name: 'Project name contains characters that are not allowed' });
    assert.equal(projectCreateSchema.parse({ name: 'x', description: 'one\n\ttwo\r\n' }).description, 'one\n\ttwo');
    assert.deepEqual(problem(projectCreateSchema.safeParse({ name: 'x', description: 'bell\u0007' })), { description: 'Description contains characters that are not allowed' });
  });

  test('a PATCH needs at least one known field', () => {
    assert.deepEqual(problem(projectUpdateSchema.safeParse({})), { body: 'Nothing to change: send at least one field' });
    assert.deepEqual(problem(projectUpdateSchema.safeParse({ owner: 'someone' })), { body: 'Nothing to change: send at least one field' });
    assert.deepEqual(projectUpdateSchema.parse({ description: '' }), { description: '' });
    assert.deepEqual(problem(taskUpdateSchema.safeParse({})), { body: 'Nothing to change: send at least one field' });
  });

  test('task status defaults to todo and must be one of the three', () => {
    assert.deepEqual(taskCreateSchema.parse({ title: ' Write ' }), { title: 'Write', status: 'todo' });
    assert.deepEqual(problem(taskCreateSchema.safeParse({ title: 'x', status: 'DONE' })), { status: 'Status must be one of todo, in_progress, done' });
    assert.deepEqual(taskUpdateSchema.parse({ status: 'in_progress' }), { status: 'in_progress' });
  });

  test('employee email and title are optional: absent, null and blank all become null; email is normalised', () => {
    assert.deepEqual(employeeSchema.parse({ firstName: 'Grace', lastName: 'Hopper' }), { firstName: 'Grace', lastName: 'Hopper', email: null, title: null });
    assert.deepEqual(employeeSchema.parse({ firstName: 'G', lastName: 'H', email: '  ', title: null }), { firstName: 'G', lastName: 'H', email: null, title: null });
    assert.equal(employeeSchema.parse({ firstName: 'G', lastName: 'H', email: ' Grace@Example.COM ' }).email, 'grace@example.com');
    assert.deepEqual(problem(employeeSchema.safeParse({ firstName: 'G', lastName: 'H', email: 'not-an-email' })), { email: 'Enter an email address like name@example.com' });
  });

  test('roles are exactly user, editor, admin', () => {
    assert.ok(userAdminChangeSchema.safeParse({ role: 'editor' }).success);
    assert.deepEqual(problem(userAdminChangeSchema.safeParse({ role: 'root' })), { role: 'Role must be one of user, editor, admin' });
  });

  test('an admin change takes a role, disabled, or both; disabled is a boolean; neither is refused on role', () => {
    assert.deepEqual(userAdminChangeSchema.parse({ disabled: true }), { disabled: true });
    assert.deepEqual(userAdminChangeSchema.parse({ role: 'user', disabled: false }), { role: 'user', disabled: false });
    for (const disabled of ['true', 1, null, 'yes']) {
      assert.deepEqual(problem(userAdminChangeSchema.safeParse({ disabled })), { disabled: 'disabled must be true or false' }, JSON.stringify(disabled));
    }
    assert.deepEqual(problem(userAdminChangeSchema.safeParse({})), { role: 'Nothing to change: send a role, disabled (true or false), or both' });
  });
});

describe('ids', () => {
  test('only UUIDs pass', () => {
    assert.ok(isUuid('0f8fad5b-d9cb-469f-a165-70867728950e'));
    for (const bad of [undefined, '', 'not-a-uuid', "' or 1=1 --", '0f8fad5b-d9cb-469f-a165-70867728950e ', 'x'.repeat(2000)]) assert.equal(isUuid(bad), false);
  });
});
