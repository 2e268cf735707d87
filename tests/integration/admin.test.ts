import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { decodeJwt } from 'jose';
import type { AppServer } from '../support/app-server';
import { assertBodyRulesEnforced, assertError, assertFieldError, assertIdsNotFound, assertNeedsToken } from '../support/api-checks';
import { accessTokenOf, bodyOf, keysOf, signedInBody, adminUserBody, userOf, usersBody, type AdminUser } from '../support/bodies';
import { call } from '../support/client';
import { adminEnv, logIn, refreshWith, signUpAs, type Role, type SignedIn } from '../support/roles';
import { describeEachSetup } from '../support/setups';

// The public user and, for admins, whether the account is disabled.
const USER_KEYS = ['createdAt', 'disabled', 'email', 'emailVerified', 'firstName', 'id', 'lastName', 'mfaEnabled', 'role'];
const FORBIDDEN = { success: false, message: 'You do not have permission to do that', code: 'forbidden' };
const LAST_ADMIN = { success: false, message: 'At least one admin must remain', code: 'last_admin' };

// Unique per run: the real-services set-up keeps its users between runs.
const ADMIN_EMAIL = `admin-suite-${randomUUID()}@example.com`;

/** Every user, page after page. */
async function listUsers(app: AppServer, admin: SignedIn) {
  const users: AdminUser[] = [];
  for (let cursor: string | null = null; ; ) {
    const res = await call(app, 'GET', `/api/admin/users?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token: admin.accessToken });
    assert.equal(res.status, 200, JSON.stringify(res.body).slice(0, 300));
    const page = bodyOf(res, usersBody);
    users.push(...page.users);
    cursor = page.nextCursor;
    if (!cursor) return users;
  }
}

const patchRole = (app: AppServer, as: SignedIn, id: string, role: unknown) => call(app, 'PATCH', `/api/admin/users/${id}`, { token: as.accessToken, json: { role } });

/** The role a user has in the database, as the next refresh reports it (in the body and the token). */
async function roleAfterRefresh(app: AppServer, who: SignedIn): Promise<{ role: string; refreshed: SignedIn }> {
  const res = await refreshWith(app, who.refresh);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const { user, accessToken } = bodyOf(res, signedInBody);
  assert.equal(decodeJwt(accessToken).role, user.role, 'the token and the user agree');
  return { role: user.role, refreshed: { ...who, accessToken, refresh: res.refreshCookie! } };
}

describeEachSetup('admin API', adminEnv(ADMIN_EMAIL), (app) => {
  test('users and editors get 403 forbidden on every admin route, and change nothing', async () => {
    const target = await signUpAs(app(), 'user');
    for (const role of ['user', 'editor'] as const) {
      const caller = await signUpAs(app(), role);
      const attempts: Array<[string, string, unknown?]> = [
        ['GET', '/api/admin/users'],
        ['PATCH', `/api/admin/users/${target.id}`, { role: 'admin' }],
        ['PATCH', `/api/admin/users/${caller.id}`, { role: 'admin' }],
        ['PATCH', `/api/admin/users/${randomUUID()}`, { role: 'admin' }],
        ['POST', `/api/admin/users/${target.id}/revoke-sessions`],
        ['POST', `/api/admin/users/${caller.id}/revoke-sessions`],
      ];
      for (const [method, path, json] of attempts) {
        const res = await call(app(), method, path, { token: caller.accessToken, json });
        assertError(res, 403, 'forbidden', `${role} ${method} ${path}`);
        assert.deepEqual(res.body, FORBIDDEN);
      }
      assert.equal((await roleAfterRefresh(app(), caller)).role, role, `${role} could not promote themselves`);
    }
    const after = await roleAfterRefresh(app(), target);
    assert.equal(after.role, 'user', 'the target was not promoted');
    // The target's sessions were not revoked: its refresh above worked.
  });

  test('GET /api/admin/users lists users in the public shape and whether they are disabled, newest account first', async () => {
    const admin = await signUpAs(app(), 'admin');
    const older = await signUpAs(app(), 'user', { firstName: 'Older', lastName: 'Account' });
    const newer = await signUpAs(app(), 'editor', { firstName: 'Newer', lastName: 'Account' });
    const res = await call(app(), 'GET', '/api/admin/users', { token: admin.accessToken });
    assert.equal(res.status, 200);
    assert.deepEqual(keysOf(res), ['nextCursor', 'success', 'users']);
    // usersBody holds each user to the admin's shape: its keys, a UUID, an ISO 8601 UTC createdAt, a known role.
    const { success, users } = bodyOf(res, usersBody);
    assert.equal(success, true);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    for (const user of users) assert.deepEqual(Object.keys(user).sort(), USER_KEYS);
    assert.doesNotMatch(JSON.stringify(res.body), /password|hash|\$2[aby]\$/i, 'no password or hash');
    const times = users.map((user) => Date.parse(user.createdAt));
    assert.deepEqual(
      times,
      [...times].sort((a, b) => b - a),
      'newest account first',
    );
    const index = (id: string) => users.findIndex((user) => user.id === id);
    assert.ok(index(newer.id) >= 0 && index(older.id) > index(newer.id), 'both listed, the newer first');
    assert.deepEqual(users[index(older.id)], {
      id: older.id,
      email: older.email,
      firstName: 'Older',
      lastName: 'Account',
      role: 'user',
      createdAt: users[index(older.id)]?.createdAt,
      emailVerified: false,
      mfaEnabled: false,
      disabled: false,
    });
    assert.equal(users[index(newer.id)]?.role, 'editor');
    assert.equal(users[index(admin.id)]?.role, 'admin');
  });

  test('a role change answers 200 {user}; the target\'s next refresh carries it in the token and user.role, without ending their session', async () => {
    const admin = await signUpAs(app(), 'admin');
    const target = await signUpAs(app(), 'user');
    assert.equal(decodeJwt(target.accessToken).role, 'user');
    const steps: Role[] = ['editor', 'admin', 'user'];
    let current = target;
    for (const role of steps) {
      const res = await patchRole(app(), admin, target.id, role);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(keysOf(res), ['success', 'user']);
      const { success, user } = bodyOf(res, adminUserBody);
      assert.equal(success, true);
      assert.deepEqual(Object.keys(user).sort(), USER_KEYS);
      assert.equal(user.id, target.id);
      assert.equal(user.email, target.email);
      assert.equal(user.role, role);
      if (role === 'admin') {
        // The role in the token decides who passes: the old token still says editor.
        const early = await call(app(), 'GET', '/api/admin/users', { token: current.accessToken });
        assertError(early, 403, 'forbidden', 'promoted, but not yet refreshed');
      }

      const refreshed = await refreshWith(app(), current.refresh);
      assert.equal(refreshed.status, 200, `${role}: the role change did not end the session`);
      assert.equal(decodeJwt(accessTokenOf(refreshed)).role, role, `${role}: in the new access token`);
      assert.equal(userOf(refreshed).role, role, `${role}: in user.role`);
      current = { ...current, accessToken: accessTokenOf(refreshed), refresh: refreshed.refreshCookie! };
      const me = await call(app(), 'GET', '/api/auth/me', { token: current.accessToken });
      assert.equal(userOf(me).role, role);
      const listed = (await listUsers(app(), admin)).find((user) => user.id === target.id);
      assert.equal(listed?.role, role);

      // What the new role allows, with the new token.
      const employee = await call(app(), 'POST', '/api/employees', { token: current.accessToken, json: { firstName: 'Role', lastName: `Check ${role}` } });
      assert.equal(employee.status, role === 'user' ? 403 : 201, `${role} creating an employee`);
      const adminList = await call(app(), 'GET', '/api/admin/users', { token: current.accessToken });
      assert.equal(adminList.status, role === 'admin' ? 200 : 403, `${role} listing users`);
    }
  });

  test('a role change is validated: bad role 400 with fields.role, unknown user 404, bad bodies 400/413', async () => {
    const admin = await signUpAs(app(), 'admin');
    const target = await signUpAs(app(), 'user');
    for (const role of ['superadmin', 'ADMIN', 'Admin', '', ' admin', null, 1, ['admin'], undefined]) {
      assertFieldError(await patchRole(app(), admin, target.id, role), 'role', `role ${JSON.stringify(role)}`);
    }
    assertFieldError(await call(app(), 'PATCH', `/api/admin/users/${target.id}`, { token: admin.accessToken, json: {} }), 'role', '{}');
    await assertBodyRulesEnforced(app(), 'PATCH', `/api/admin/users/${target.id}`, admin.accessToken, { role: 'admin' });
    assert.equal((await roleAfterRefresh(app(), target)).role, 'user', 'nothing refused changed the role');

    const unknown = await patchRole(app(), admin, randomUUID(), 'editor');
    assertError(unknown, 404, 'not_found', 'unknown user');
    const unknownRevoke = await call(app(), 'POST', `/api/admin/users/${randomUUID()}/revoke-sessions`, { token: admin.accessToken });
    assertError(unknownRevoke, 404, 'not_found', 'revoke sessions of an unknown user');
  });

  test('malformed user ids are 404 not_found, never 500', async (t) => {
    const admin = await signUpAs(app(), 'admin');
    const token = admin.accessToken;
    await t.test('PATCH /api/admin/users/:id', () =>
      assertIdsNotFound('PATCH user', (id) => call(app(), 'PATCH', `/api/admin/users/${id}`, { token, json: { role: 'editor' } })),
    );
    await t.test('POST /api/admin/users/:id/revoke-sessions', () =>
      assertIdsNotFound('revoke sessions', (id) => call(app(), 'POST', `/api/admin/users/${id}/revoke-sessions`, { token })),
    );
  });

  test('with two admins one can demote the other, who is refused at once despite a token that still says admin', async () => {
    const first = await signUpAs(app(), 'admin');
    const second = await signUpAs(app(), 'admin');
    const bystander = await signUpAs(app(), 'user');
    assert.equal((await call(app(), 'GET', '/api/admin/users', { token: second.accessToken })).status, 200, 'second is an admin');

    const demoted = await patchRole(app(), first, second.id, 'user');
    assert.equal(demoted.status, 200, JSON.stringify(demoted.body));
    assert.equal(bodyOf(demoted, adminUserBody).user.role, 'user');

    assert.equal(decodeJwt(second.accessToken).role, 'admin', 'the old token still says admin');
    const attempts: Array<[string, string, unknown?]> = [
      ['GET', '/api/admin/users'],
      ['PATCH', `/api/admin/users/${bystander.id}`, { role: 'editor' }],
      ['PATCH', `/api/admin/users/${second.id}`, { role: 'admin' }],
      ['PATCH', `/api/admin/users/${first.id}`, { role: 'user' }],
      ['POST', `/api/admin/users/${bystander.id}/revoke-sessions`],
      ['POST', `/api/admin/users/${first.id}/revoke-sessions`],
    ];
    for (const [method, path, json] of attempts) {
      const res = await call(app(), method, path, { token: second.accessToken, json });
      assertError(res, 403, 'forbidden', `demoted admin ${method} ${path}`);
    }
    assert.equal((await roleAfterRefresh(app(), bystander)).role, 'user', 'the bystander was neither promoted nor revoked');
    const firstNow = await roleAfterRefresh(app(), first);
    assert.equal(firstNow.role, 'admin', 'the demoted admin could not demote the other back, nor revoke their sessions');
    assert.equal((await roleAfterRefresh(app(), second)).role, 'user', 'the demoted admin\'s next refresh says user');
  });

  test('revoke-sessions ends every session of that user, counts them, and leaves everyone else signed in', async () => {
    const admin = await signUpAs(app(), 'admin');
    const target = await signUpAs(app(), 'user');
    const secondDevice = await logIn(app(), target);
    const thirdDevice = await logIn(app(), target);
    const rotated = await refreshWith(app(), thirdDevice.refresh);
    assert.equal(rotated.status, 200);
    const bystander = await signUpAs(app(), 'user');
    const bystanderOtherDevice = await logIn(app(), bystander);

    const res = await call(app(), 'POST', `/api/admin/users/${target.id}/revoke-sessions`, { token: admin.accessToken });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body, { success: true, revoked: 3 });

    for (const cookie of [target.refresh, secondDevice.refresh, rotated.refreshCookie!]) {
      const refreshed = await refreshWith(app(), cookie);
      assertError(refreshed, 401, 'invalid_refresh_token', 'a revoked session');
      assert.deepEqual(refreshed.body, { success: false, message: 'Invalid refresh token', code: 'invalid_refresh_token' });
    }
    for (const who of [bystander, bystanderOtherDevice]) {
      assert.equal((await refreshWith(app(), who.refresh)).status, 200, 'another user\'s sessions are untouched');
    }
    assert.equal((await refreshWith(app(), admin.refresh)).status, 200, 'the admin\'s own session is untouched');
    const me = await call(app(), 'GET', '/api/auth/me', { token: target.accessToken });
    assert.equal(me.status, 200, 'an access token already issued works until it expires');

    const again = await call(app(), 'POST', `/api/admin/users/${target.id}/revoke-sessions`, { token: admin.accessToken });
    assert.equal(again.status, 200);
    assert.deepEqual(again.body, { success: true, revoked: 0 });
    const back = await logIn(app(), target);
    assert.equal((await roleAfterRefresh(app(), back)).role, 'user', 'the user can sign in again, and revoking did not change the role');
  });

  test('an admin may revoke their own sessions too', async () => {
    const admin = await signUpAs(app(), 'admin');
    const other = await logIn(app(), admin);
    const res = await call(app(), 'POST', `/api/admin/users/${admin.id}/revoke-sessions`, { token: admin.accessToken });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { success: true, revoked: 2 });
    for (const cookie of [admin.refresh, other.refresh]) assertError(await refreshWith(app(), cookie), 401, 'invalid_refresh_token', 'own session');
  });

  test('other methods are 405 with Allow and a JSON body', async () => {
    const admin = await signUpAs(app(), 'admin');
    const target = await signUpAs(app(), 'user');
    for (const [method, path, allow] of [
      ['POST', '/api/admin/users', ['GET']],
      ['DELETE', '/api/admin/users', ['GET']],
      ['GET', `/api/admin/users/${target.id}`, ['PATCH']],
      ['DELETE', `/api/admin/users/${target.id}`, ['PATCH']],
      ['GET', `/api/admin/users/${target.id}/revoke-sessions`, ['POST']],
    ] as const) {
      const res = await call(app(), method, path, { token: admin.accessToken });
      assertError(res, 405, 'method_not_allowed', `${method} ${path}`);
      const listed = (res.headers.get('allow') ?? '').split(',').map((value) => value.trim());
      for (const expected of allow) assert.ok(listed.includes(expected), `${method} ${path}: Allow ${listed.join(', ')} lists ${expected}`);
    }
    assert.equal((await roleAfterRefresh(app(), target)).role, 'user', 'the target still exists, unchanged');
  });

  test('without a token every admin route is 401 missing_token; a garbage token is 401 invalid_token', async () => {
    const target = await signUpAs(app(), 'user');
    await assertNeedsToken(app(), 'GET', '/api/admin/users');
    await assertNeedsToken(app(), 'PATCH', `/api/admin/users/${target.id}`, { role: 'admin' });
    await assertNeedsToken(app(), 'POST', `/api/admin/users/${target.id}/revoke-sessions`);
    assert.equal((await roleAfterRefresh(app(), target)).role, 'user', 'not promoted, not revoked');
  });

  // Last: it demotes every other admin of the database, the ADMIN_EMAILS one included (restored at the end).
  test('the last admin cannot be demoted, yourself included (409 last_admin); concurrent mutual demotions leave one admin', async () => {
    const last = await signUpAs(app(), 'admin');
    for (const user of await listUsers(app(), last)) {
      if (user.role === 'admin' && user.id !== last.id) {
        const res = await patchRole(app(), last, user.id, 'user');
        assert.equal(res.status, 200, `demoting ${user.email}: ${JSON.stringify(res.body)}`);
      }
    }
    assert.deepEqual(
      (await listUsers(app(), last)).filter((user) => user.role === 'admin').map((user) => user.id),
      [last.id],
      'one admin left',
    );
    for (const role of ['user', 'editor'] as const) {
      const res = await patchRole(app(), last, last.id, role);
      assertError(res, 409, 'last_admin', `last admin to ${role}`);
      assert.deepEqual(res.body, LAST_ADMIN);
    }
    const stillAdmin = await roleAfterRefresh(app(), last);
    assert.equal(stillAdmin.role, 'admin', 'still admin');

    // Two admins demoting each other at the same moment: one wins, the other is refused.
    let survivor = stillAdmin.refreshed;
    for (let round = 0; round < 3; round++) {
      const rival = await signUpAs(app(), 'user');
      assert.equal((await patchRole(app(), survivor, rival.id, 'admin')).status, 200);
      const rivalAdmin = (await roleAfterRefresh(app(), rival)).refreshed;
      const [a, b] = await Promise.all([patchRole(app(), survivor, rivalAdmin.id, 'user'), patchRole(app(), rivalAdmin, survivor.id, 'user')]);
      const statuses = [a.status, b.status].sort();
      assert.equal(statuses.filter((status) => status === 200).length, 1, `round ${round}: exactly one demotion wins: ${a.status} ${JSON.stringify(a.body)} / ${b.status} ${JSON.stringify(b.body)}`);
      for (const res of [a, b].filter((r) => r.status !== 200)) {
        assert.ok([403, 409].includes(res.status), `the loser is refused: ${res.status} ${JSON.stringify(res.body)}`);
        assertError(res, res.status, res.status === 403 ? 'forbidden' : 'last_admin', 'the loser');
      }
      const admins = (await listUsers(app(), a.status === 200 ? survivor : rivalAdmin)).filter((user) => user.role === 'admin');
      assert.equal(admins.length, 1, `round ${round}: exactly one admin remains`);
      survivor = a.status === 200 ? survivor : rivalAdmin;
      assert.equal(admins[0]?.id, survivor.id);
    }

    // Put the ADMIN_EMAILS admin back, so this file leaves a usable admin behind.
    const bootstrap = (await listUsers(app(), survivor)).find((user) => user.email === ADMIN_EMAIL);
    if (bootstrap) assert.equal((await patchRole(app(), survivor, bootstrap.id, 'admin')).status, 200);
  });
});
