import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import type { AppServer } from '../support/app-server';
import { assertBodyRulesEnforced, assertError, assertFieldError, assertIdsNotFound, assertNeedsToken } from '../support/api-checks';
import { bodyOf, employeeBody, employeesBody, keysOf } from '../support/bodies';
import { call } from '../support/client';
import { adminEnv, signUpAs, type SignedIn } from '../support/roles';
import { describeEachSetup } from '../support/setups';

const FORBIDDEN = { success: false, message: 'You do not have permission to do that', code: 'forbidden' };

// Unique per run: the real-services set-up keeps users and employees between runs.
const ADMIN_EMAIL = `employees-admin-${randomUUID()}@example.com`;
const uniqueEmail = (tag = 'employee') => `${tag}-${randomUUID()}@example.com`;

// Every employee read below goes through the strict schema of tests/support/bodies.ts: exactly the
// documented keys, a UUID id, ISO 8601 UTC times.

async function createEmployee(app: AppServer, as: SignedIn, json: Record<string, unknown>) {
  const res = await call(app, 'POST', '/api/employees', { token: as.accessToken, json });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return bodyOf(res, employeeBody).employee;
}

async function listEmployees(app: AppServer, as: SignedIn) {
  const res = await call(app, 'GET', '/api/employees', { token: as.accessToken });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return bodyOf(res, employeesBody).employees;
}

async function findEmployee(app: AppServer, as: SignedIn, id: string) {
  return (await listEmployees(app, as)).find((employee) => employee.id === id);
}

describeEachSetup('employees API', adminEnv(ADMIN_EMAIL), (app) => {
  test('every role lists the shared directory: 200 {success, employees}', async () => {
    const editor = await signUpAs(app(), 'editor');
    const employee = await createEmployee(app(), editor, { firstName: 'Shared', lastName: `Directory-${randomUUID()}` });
    for (const role of ['user', 'editor', 'admin'] as const) {
      const viewer = await signUpAs(app(), role);
      const res = await call(app(), 'GET', '/api/employees', { token: viewer.accessToken });
      assert.equal(res.status, 200, role);
      assert.deepEqual(keysOf(res), ['employees', 'nextCursor', 'success']);
      const { success, employees } = bodyOf(res, employeesBody);
      assert.equal(success, true);
      assert.deepEqual(
        employees.find((item) => item.id === employee.id),
        employee,
        `${role} sees what the editor created`,
      );
    }
  });

  test('an editor creates: 201 {employee}, trimmed, NFC, email normalised, createdBy is the creator, markup verbatim', async () => {
    const editor = await signUpAs(app(), 'editor');
    const local = `Grace.Hopper-${randomUUID()}`;
    const res = await call(app(), 'POST', '/api/employees', {
      token: editor.accessToken,
      json: { firstName: '  Gra\u0301ce ', lastName: ' Hopper <b>', email: `  ${local}@Example.COM `, title: ' Rear <i>admiral</i> ', role: 'admin' },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.deepEqual(keysOf(res), ['employee', 'success']);
    const { success, employee } = bodyOf(res, employeeBody);
    assert.equal(success, true);
    assert.equal(employee.firstName, 'Gr\u00e1ce');
    assert.equal(employee.lastName, 'Hopper <b>');
    assert.equal(employee.email, `${local.toLowerCase()}@example.com`);
    assert.equal(employee.title, 'Rear <i>admiral</i>');
    assert.equal(employee.createdBy, editor.id);
    assert.deepEqual(await findEmployee(app(), editor, employee.id), employee);
  });

  test('omitted, null and empty email or title are stored as null; employees without an email do not collide', async () => {
    const editor = await signUpAs(app(), 'editor');
    const bodies = [
      { firstName: 'No', lastName: 'Extras' },
      { firstName: 'Null', lastName: 'Extras', email: null, title: null },
      { firstName: 'Empty', lastName: 'Extras', email: '', title: '' },
      { firstName: 'Blank', lastName: 'Extras', email: '   ', title: '   ' },
    ];
    for (const json of bodies) {
      const employee = await createEmployee(app(), editor, json);
      assert.equal(employee.email, null, JSON.stringify(json));
      assert.equal(employee.title, null, JSON.stringify(json));
    }
  });

  test('the list is newest first (a page at a time: tests/integration/pagination.test.ts)', async () => {
    const editor = await signUpAs(app(), 'editor');
    const tag = `order${randomUUID().replace(/-/g, '').slice(0, 10)}`;
    const made = [
      await createEmployee(app(), editor, { firstName: 'Bob', lastName: `${tag}b` }),
      await createEmployee(app(), editor, { firstName: 'Zed', lastName: `${tag}a` }),
      await createEmployee(app(), editor, { firstName: 'Al', lastName: `${tag}b` }),
      await createEmployee(app(), editor, { firstName: 'Cy', lastName: `${tag}c` }),
    ];
    const ids = new Set(made.map((employee) => employee.id));
    const mine = (await listEmployees(app(), editor)).filter((employee) => ids.has(employee.id));
    assert.deepEqual(
      mine.map((employee) => `${employee.lastName}/${employee.firstName}`),
      [`${tag}c/Cy`, `${tag}b/Al`, `${tag}a/Zed`, `${tag}b/Bob`],
    );
  });

  test('a user may read but not write: POST, PUT and DELETE are 403 forbidden, before the body is read, and change nothing', async () => {
    const editor = await signUpAs(app(), 'editor');
    const user = await signUpAs(app(), 'user');
    const employee = await createEmployee(app(), editor, { firstName: 'Un', lastName: 'Touched', email: uniqueEmail(), title: 'Original' });
    const attempts: Array<[string, string, { json?: unknown; body?: string; headers?: Record<string, string> }]> = [
      ['POST', '/api/employees', { json: { firstName: 'Sneaky', lastName: 'User' } }],
      ['POST', '/api/employees', { body: '{not json', headers: { 'content-type': 'application/json' } }],
      ['POST', '/api/employees', { json: {} }],
      ['PUT', `/api/employees/${employee.id}`, { json: { firstName: 'Changed', lastName: 'ByUser' } }],
      ['PUT', `/api/employees/${employee.id}`, { body: 'x', headers: { 'content-type': 'text/plain' } }],
      ['PUT', `/api/employees/${randomUUID()}`, { json: { firstName: 'Changed', lastName: 'ByUser' } }],
      ['DELETE', `/api/employees/${employee.id}`, {}],
      ['DELETE', `/api/employees/${randomUUID()}`, {}],
    ];
    for (const [method, path, options] of attempts) {
      const res = await call(app(), method, path, { token: user.accessToken, ...options });
      assertError(res, 403, 'forbidden', `user ${method} ${path} ${JSON.stringify(options)}`);
      assert.deepEqual(res.body, FORBIDDEN);
    }
    assert.deepEqual(await findEmployee(app(), user, employee.id), employee, 'unchanged and not deleted');
    assert.ok(!(await listEmployees(app(), user)).some((item) => item.firstName === 'Sneaky'), 'nothing created');
  });

  test('an editor creates and replaces, but DELETE is 403 forbidden', async () => {
    const editor = await signUpAs(app(), 'editor');
    const employee = await createEmployee(app(), editor, { firstName: 'Ed', lastName: 'Itable', email: uniqueEmail(), title: 'Engineer' });
    const replaced = await call(app(), 'PUT', `/api/employees/${employee.id}`, { token: editor.accessToken, json: { firstName: ' Edna ', lastName: 'Itable' } });
    assert.equal(replaced.status, 200, JSON.stringify(replaced.body));
    assert.deepEqual(keysOf(replaced), ['employee', 'success']);
    const replacement = bodyOf(replaced, employeeBody).employee;
    assert.equal(replacement.id, employee.id);
    assert.equal(replacement.firstName, 'Edna');
    assert.equal(replacement.email, null, 'PUT is a full replacement: omitted email becomes null');
    assert.equal(replacement.title, null, 'omitted title becomes null');
    assert.equal(replacement.createdAt, employee.createdAt);
    assert.ok(Date.parse(replacement.updatedAt) > Date.parse(employee.updatedAt), 'updatedAt moves on');
    assert.deepEqual(await findEmployee(app(), editor, employee.id), replacement, 'the replacement is stored');

    const email = uniqueEmail('Re-Added');
    const withEmail = await call(app(), 'PUT', `/api/employees/${employee.id}`, { token: editor.accessToken, json: { firstName: 'Edna', lastName: 'Itable', email, title: 'Lead' } });
    assert.equal(withEmail.status, 200);
    const withEmailNow = bodyOf(withEmail, employeeBody).employee;
    assert.equal(withEmailNow.email, email.toLowerCase());
    assert.equal(withEmailNow.title, 'Lead');

    const deletion = await call(app(), 'DELETE', `/api/employees/${employee.id}`, { token: editor.accessToken });
    assertError(deletion, 403, 'forbidden', 'editor DELETE');
    assert.deepEqual(deletion.body, FORBIDDEN);
    assert.ok(await findEmployee(app(), editor, employee.id), 'still there');
  });

  test('an admin may do everything: create, replace, delete (200 {success}), then the id is 404', async () => {
    const admin = await signUpAs(app(), 'admin');
    const editor = await signUpAs(app(), 'editor');
    const theirs = await createEmployee(app(), editor, { firstName: 'Made', lastName: 'ByEditor' });
    const replaced = await call(app(), 'PUT', `/api/employees/${theirs.id}`, { token: admin.accessToken, json: { firstName: 'Fixed', lastName: 'ByAdmin', title: 'Manager' } });
    assert.equal(replaced.status, 200, 'the directory is shared: an admin edits what an editor made');
    assert.equal(bodyOf(replaced, employeeBody).employee.title, 'Manager');
    const mine = await createEmployee(app(), admin, { firstName: 'Made', lastName: 'ByAdmin', email: uniqueEmail() });
    assert.equal(mine.createdBy, admin.id);

    for (const employee of [theirs, mine]) {
      const res = await call(app(), 'DELETE', `/api/employees/${employee.id}`, { token: admin.accessToken });
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, { success: true });
      assert.equal(await findEmployee(app(), admin, employee.id), undefined, 'gone from the list');
      assertError(await call(app(), 'DELETE', `/api/employees/${employee.id}`, { token: admin.accessToken }), 404, 'not_found', 'second delete');
      const put = await call(app(), 'PUT', `/api/employees/${employee.id}`, { token: admin.accessToken, json: { firstName: 'Back', lastName: 'Again' } });
      assertError(put, 404, 'not_found', 'PUT a deleted employee');
    }
  });

  test('two employees cannot share an email: 409 email_taken with fields.email, after normalisation', async () => {
    const editor = await signUpAs(app(), 'editor');
    const local = `dup-${randomUUID()}`;
    const original = await createEmployee(app(), editor, { firstName: 'First', lastName: 'Holder', email: `${local}@example.com` });
    const other = await createEmployee(app(), editor, { firstName: 'Second', lastName: 'Holder', email: uniqueEmail() });
    for (const email of [`${local}@example.com`, `  ${local.toUpperCase()}@EXAMPLE.com `]) {
      const res = await call(app(), 'POST', '/api/employees', { token: editor.accessToken, json: { firstName: 'Copy', lastName: 'Cat', email } });
      const posted = assertError(res, 409, 'email_taken', `POST ${email}`);
      assert.equal(typeof posted.fields?.email, 'string', JSON.stringify(res.body));
      const put = await call(app(), 'PUT', `/api/employees/${other.id}`, { token: editor.accessToken, json: { firstName: 'Second', lastName: 'Holder', email } });
      const replaced = assertError(put, 409, 'email_taken', `PUT ${email}`);
      assert.equal(typeof replaced.fields?.email, 'string', JSON.stringify(put.body));
    }
    assert.equal((await findEmployee(app(), editor, other.id))?.email, other.email, 'a refused PUT changes nothing');
    const keepOwn = await call(app(), 'PUT', `/api/employees/${original.id}`, {
      token: editor.accessToken,
      json: { firstName: 'First', lastName: 'Holder', email: local.toUpperCase() + '@example.com', title: 'Still me' },
    });
    assert.equal(keepOwn.status, 200, 'an employee keeping their own email is not a conflict');
    assert.equal(bodyOf(keepOwn, employeeBody).employee.email, `${local}@example.com`);
    // An employee's email may be a user's login email: they are separate directories.
    const account = await signUpAs(app(), 'user');
    const sameAsAccount = await createEmployee(app(), editor, { firstName: 'Has', lastName: 'Account', email: account.email });
    assert.equal(sameAsAccount.email, account.email);
  });

  test('fields are validated: required names, limits in code points, control characters, bad email', async () => {
    const editor = await signUpAs(app(), 'editor');
    const emoji = '\u{1F468}';
    const atLimit = await createEmployee(app(), editor, { firstName: emoji.repeat(100), lastName: 'l'.repeat(100), title: emoji.repeat(100) });
    assert.equal(atLimit.firstName, emoji.repeat(100));
    assert.equal(atLimit.title, emoji.repeat(100));
    const intl = await createEmployee(app(), editor, { firstName: 'Jos\u00e9', lastName: 'Intl', email: `jose\u0301-${randomUUID()}@Exa\u0308mple.com` });
    assert.match(intl.email ?? '', /^jos\u00e9-.*@ex\u00e4mple\.com$/, 'an internationalised email, NFC and lower-cased');

    const valid = { firstName: 'Valid', lastName: 'Person', email: uniqueEmail(), title: 'Tester' };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...valid, firstName: undefined }, 'firstName'],
      [{ ...valid, firstName: '   ' }, 'firstName'],
      [{ ...valid, firstName: 5 }, 'firstName'],
      [{ ...valid, firstName: emoji.repeat(101) }, 'firstName'],
      [{ ...valid, firstName: 'a\u0000b' }, 'firstName'],
      [{ ...valid, firstName: 'a\u200bb' }, 'firstName'],
      [{ ...valid, lastName: undefined }, 'lastName'],
      [{ ...valid, lastName: 'l'.repeat(101) }, 'lastName'],
      [{ ...valid, lastName: 'a\nb' }, 'lastName'],
      [{ ...valid, title: emoji.repeat(101) }, 'title'],
      [{ ...valid, title: 'a\u001bb' }, 'title'],
      [{ ...valid, title: 'a\tb' }, 'title'],
      [{ ...valid, title: 42 }, 'title'],
      [{ ...valid, email: 'not-an-email' }, 'email'],
      [{ ...valid, email: 'a\u0000b@example.com' }, 'email'],
      [{ ...valid, email: `${'a'.repeat(250)}@example.com` }, 'email'],
      [{ ...valid, email: 42 }, 'email'],
    ];
    const target = await createEmployee(app(), editor, { firstName: 'Target', lastName: 'OfPut' });
    for (const [json, field] of cases) {
      assertFieldError(await call(app(), 'POST', '/api/employees', { token: editor.accessToken, json }), field, `POST ${field}`);
      assertFieldError(await call(app(), 'PUT', `/api/employees/${target.id}`, { token: editor.accessToken, json }), field, `PUT ${field}`);
    }
    assertFieldError(await call(app(), 'PUT', `/api/employees/${target.id}`, { token: editor.accessToken, json: {} }), 'firstName', 'PUT {} (a full replacement needs the names)');
    assert.deepEqual(await findEmployee(app(), editor, target.id), target, 'no refused PUT changed anything');
    assert.ok(!(await listEmployees(app(), editor)).some((employee) => employee.email === valid.email), 'no refused POST created anything');
  });

  test('JSON bodies: wrong content type and invalid JSON are 400, over 64 KiB is 413', async () => {
    const admin = await signUpAs(app(), 'admin');
    const target = await createEmployee(app(), admin, { firstName: 'Body', lastName: 'Rules' });
    await assertBodyRulesEnforced(app(), 'POST', '/api/employees', admin.accessToken, { firstName: 'x', lastName: 'y' });
    await assertBodyRulesEnforced(app(), 'PUT', `/api/employees/${target.id}`, admin.accessToken, { firstName: 'x', lastName: 'y' });
    assert.deepEqual(await findEmployee(app(), admin, target.id), target);
  });

  test('malformed and unknown ids are 404 not_found, never 500, for PUT and DELETE', async (t) => {
    const admin = await signUpAs(app(), 'admin');
    const token = admin.accessToken;
    await t.test('PUT /api/employees/:id', () =>
      assertIdsNotFound('PUT employee', (id) => call(app(), 'PUT', `/api/employees/${id}`, { token, json: { firstName: 'x', lastName: 'y' } })),
    );
    await t.test('DELETE /api/employees/:id', () => assertIdsNotFound('DELETE employee', (id) => call(app(), 'DELETE', `/api/employees/${id}`, { token })));
  });

  test('other methods are 405 with Allow and a JSON body', async () => {
    const admin = await signUpAs(app(), 'admin');
    const employee = await createEmployee(app(), admin, { firstName: 'Method', lastName: 'Check' });
    for (const [method, path, allow] of [
      ['PUT', '/api/employees', ['GET', 'POST']],
      ['DELETE', '/api/employees', ['GET', 'POST']],
      ['PATCH', `/api/employees/${employee.id}`, ['PUT', 'DELETE']],
      ['POST', `/api/employees/${employee.id}`, ['PUT', 'DELETE']],
    ] as const) {
      const res = await call(app(), method, path, { token: admin.accessToken, json: { firstName: 'x', lastName: 'y' } });
      assertError(res, 405, 'method_not_allowed', `${method} ${path}`);
      const listed = (res.headers.get('allow') ?? '').split(',').map((value) => value.trim());
      for (const expected of allow) assert.ok(listed.includes(expected), `${method} ${path}: Allow ${listed.join(', ')} lists ${expected}`);
    }
    assert.deepEqual(await findEmployee(app(), admin, employee.id), employee);
  });

  test('without a token every route is 401 missing_token; a garbage token is 401 invalid_token', async () => {
    const admin = await signUpAs(app(), 'admin');
    const employee = await createEmployee(app(), admin, { firstName: 'Guarded', lastName: 'Employee' });
    const routes: Array<[string, string, unknown?]> = [
      ['GET', '/api/employees'],
      ['POST', '/api/employees', { firstName: 'Sneaky', lastName: 'Anon' }],
      ['PUT', `/api/employees/${employee.id}`, { firstName: 'Sneaky', lastName: 'Anon' }],
      ['DELETE', `/api/employees/${employee.id}`],
    ];
    for (const [method, path, json] of routes) await assertNeedsToken(app(), method, path, json);
    assert.deepEqual(await findEmployee(app(), admin, employee.id), employee, 'nothing changed');
  });
});
