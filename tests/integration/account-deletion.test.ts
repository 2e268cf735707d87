import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { decodeJwt } from 'jose';
import { z } from 'zod';
import { bodyOf, signedInBody } from '../support/bodies';
import { assertError } from '../support/api-checks';
import type { AppServer } from '../support/app-server';
import { call, newUser, signUp, type ApiResponse } from '../support/client';
import { describeEachDatabase } from '../support/database';
import { addPasskey, cookiePair, enableTotp, passkeySignIn, projectWithTasks, staleToken } from '../support/lifecycle';
import { REAL_SERVICES_SKIP } from '../support/real-services';
import { adminEnv, logIn, refreshWith, setRole, signUpAs } from '../support/roles';
import { startScaledOut } from '../support/scale-out';

// Unique per run: the real-services set-up keeps its users between runs.
const ADMIN_EMAIL = `deletion-admin-${randomUUID()}@example.com`;
const PASSKEY_NAME = 'Ada’s work laptop';
const CLIENT = { 'user-agent': 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15' };

const deleteAccount = (app: AppServer, token: string, headers: Record<string, string> = {}) => call(app, 'DELETE', '/api/auth/account', { token, headers });

/** The Set-Cookie line a response sent for `name` (either spelling). */
function setCookieLine(res: ApiResponse, name: string): string {
  const line = res.setCookie.find((cookie) => new RegExp(`^(__Host-)?${name}=`).test(cookie));
  assert.ok(line, `a ${name} cookie in ${JSON.stringify(res.setCookie)}`);
  return line;
}

const Count = z.array(z.object({ count: z.coerce.number() }));

describeEachDatabase('account deletion', adminEnv(ADMIN_EMAIL), (server) => {
  const app = () => server().app();

  test('DELETE /api/auth/account removes every row of the account, ends every session, frees the email, and keeps its events without personal data', async () => {
    // Another account signed in from the same browser first: the device cookie then holds both.
    const other = await signUp(app());
    const otherEntry = cookiePair(other.response, 'device');
    assert.ok(otherEntry);
    const { user: typed, response } = await signUp(app());
    const signedUp = bodyOf(response, signedInBody);
    const email = signedUp.user.email;
    const userId = signedUp.user.id;
    const token = signedUp.accessToken;
    const sharedBrowser = await call(app(), 'POST', '/api/auth/login', { json: { email, password: typed.password }, headers: { cookie: otherEntry, ...CLIENT } });
    const bothEntries = cookiePair(sharedBrowser, 'device');
    assert.ok(bothEntries && bothEntries !== otherEntry, 'the browser now holds an entry for each account');
    const secondDevice = await logIn(app(), { email, password: typed.password });

    // Everything the account can own.
    const projects = [await projectWithTasks(app(), token, 'Analytical engine', ['Cards', 'Mill']), await projectWithTasks(app(), token, 'Notes', ['Note G'])];
    const { authenticator } = await addPasskey(app(), token, PASSKEY_NAME);
    assert.equal(authenticator.credentials.length, 1);
    await enableTotp(app(), token);
    assert.equal((await call(app(), 'POST', '/api/auth/forgot-password', { json: { email } })).status, 202);
    const newAddress = `moved-${randomUUID()}@example.com`;
    assert.equal((await call(app(), 'POST', '/api/auth/email', { token, json: { email: newAddress } })).status, 202);
    await setRole(app(), userId, 'editor');
    const editorRefresh = await refreshWith(app(), secondDevice.refresh);
    const asEditor = bodyOf(editorRefresh, signedInBody, 'refresh as editor');
    const employee = bodyOf(
      await call(app(), 'POST', '/api/employees', { token: asEditor.accessToken, json: { firstName: 'Charles', lastName: `Babbage ${randomUUID().slice(0, 8)}` } }),
      z.object({ employee: z.object({ id: z.string() }) }),
      'adding an employee',
    ).employee;

    // A token whose last proof is old is refused, and nothing goes.
    assertError(await deleteAccount(app(), await staleToken(app(), token)), 403, 'reauth_required', 'a stale token');
    assert.equal((await call(app(), 'GET', '/api/auth/me', { token })).status, 200, 'the account is still there');

    const deleted = await deleteAccount(app(), token, { cookie: bothEntries });
    assert.equal(deleted.status, 200, JSON.stringify(deleted.body));
    assert.deepEqual(deleted.body, { success: true });
    assert.match(setCookieLine(deleted, 'refresh_token'), /^refresh_token=; .*Max-Age=0/, 'the refresh cookie is cleared');
    assert.equal(cookiePair(deleted, 'device'), otherEntry, 'the device cookie keeps only the other account\'s entry');
    assert.match(setCookieLine(deleted, 'device'), /Max-Age=31536000/);

    // Every session ended, the credentials sign in no more.
    for (const cookie of [response.refreshCookie!, sharedBrowser.refreshCookie!, editorRefresh.refreshCookie!]) {
      assertError(await refreshWith(app(), cookie), 401, 'invalid_refresh_token', 'a session of the deleted account');
    }
    assertError(await call(app(), 'GET', '/api/auth/me', { token }), 401, 'invalid_token', 'its access token names no one');
    assert.deepEqual((await call(app(), 'GET', '/api/projects', { token })).body, { success: true, projects: [], nextCursor: null }, 'its projects are gone');
    assertError(await call(app(), 'POST', '/api/auth/login', { json: { email, password: typed.password } }), 401, 'invalid_credentials', 'the password');
    assertError(await passkeySignIn(app(), authenticator), 401, 'invalid_credentials', 'its passkey');
    const again = await call(app(), 'POST', '/api/auth/register', { json: newUser({ email }) });
    assert.equal(again.status, 201, `the email is free again: ${JSON.stringify(again.body)}`);
    assert.notEqual(bodyOf(again, signedInBody).user.id, userId);

    // The database itself: no row of the account is left behind.
    const ids = projects.map((project) => project.id).join(',');
    const taskIds = projects.flatMap((project) => project.taskIds).join(',');
    const [users, ownProjects, tasks, passkeys, codes, links, resets, employees, events] = await server().sql([
      { query: 'select count(*) from users where id = $1', params: [userId] },
      { query: "select count(*) from projects where owner_id = $1 or id::text = any(string_to_array($2, ','))", params: [userId, ids] },
      { query: "select count(*) from tasks where id::text = any(string_to_array($1, ','))", params: [taskIds] },
      { query: 'select count(*) from passkeys where user_id = $1', params: [userId] },
      { query: 'select count(*) from recovery_codes where user_id = $1', params: [userId] },
      { query: 'select count(*) from email_links where user_id = $1', params: [userId] },
      { query: 'select count(*) from password_reset_tokens where user_id = $1', params: [userId] },
      { query: 'select created_by from employees where id = $1', params: [employee.id] },
      { query: 'select type, user_id, email, ip, user_agent, detail from security_events where user_id = $1 order by id', params: [userId] },
    ]);
    for (const [rows, what] of [
      [users, 'user'],
      [ownProjects, 'projects'],
      [tasks, 'tasks'],
      [passkeys, 'passkeys'],
      [codes, 'recovery codes'],
      [links, 'email links'],
      [resets, 'reset links'],
    ] as const) {
      assert.equal(Count.parse(rows)[0]?.count, 0, `no ${what} left`);
    }
    assert.deepEqual(employees, [{ created_by: null }], 'the employee stays in the directory, without its creator');

    const kept = z.array(z.object({ type: z.string(), user_id: z.string(), email: z.null(), ip: z.null(), user_agent: z.null(), detail: z.unknown() })).parse(events);
    const types = kept.map((event) => event.type);
    for (const type of ['sign_up', 'login', 'passkey_added', 'mfa_enabled', 'email_change_requested', 'role_changed', 'account_deleted']) {
      assert.ok(types.includes(type), `the ${type} event is kept: ${types.join(', ')}`);
    }
    assert.equal(types.at(-1), 'account_deleted');
    const text = JSON.stringify(events);
    for (const personal of [email, newAddress, PASSKEY_NAME, '127.0.0.1', 'Safari']) assert.ok(!text.includes(personal), `no ${personal} in the kept events`);
  });

  test('a disabled account cannot delete itself; the routes refuse bad methods', async () => {
    const admin = await signUpAs(app(), 'admin');
    const target = await signUpAs(app(), 'user');
    assert.equal((await call(app(), 'PATCH', `/api/admin/users/${target.id}`, { token: admin.accessToken, json: { disabled: true } })).status, 200);
    assertError(await deleteAccount(app(), target.accessToken), 403, 'account_disabled', 'deleting a disabled account');
    for (const method of ['GET', 'POST', 'PATCH']) {
      const res = await call(app(), method, '/api/auth/account', { token: admin.accessToken });
      assertError(res, 405, 'method_not_allowed', `${method} /api/auth/account`);
      assert.equal(res.headers.get('allow'), 'DELETE, OPTIONS');
    }
    assertError(await call(app(), 'DELETE', '/api/auth/account'), 401, 'missing_token', 'no token');
  });

  test('GET /api/auth/account/export downloads everything held about the account as JSON, and nothing secret', async () => {
    const { user: typed, response } = await signUp(app(), { firstName: 'Grace', lastName: 'Hopper' });
    const signedUp = bodyOf(response, signedInBody);
    const token = signedUp.accessToken;
    const secondDevice = await logIn(app(), { email: typed.email, password: typed.password });
    await projectWithTasks(app(), token, 'Compiler', ['A-0', 'FLOW-MATIC']);
    const { authenticator } = await addPasskey(app(), token, 'Grace’s key');
    const { secret, recoveryCodes } = await enableTotp(app(), token);
    const newAddress = `grace-${randomUUID()}@example.com`;
    assert.equal((await call(app(), 'POST', '/api/auth/email', { token, json: { email: newAddress } })).status, 202);

    const res = await call(app(), 'GET', '/api/auth/account/export', { token });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.match(res.headers.get('content-disposition') ?? '', /^attachment; filename="jwt-auth-account-\d{4}-\d{2}-\d{2}\.json"$/);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const data = bodyOf(
      res,
      z.object({
        exportedAt: z.string(),
        user: z.object({ id: z.string(), email: z.string(), firstName: z.string(), mfaEnabled: z.boolean(), passwordChangedAt: z.string() }),
        secondFactor: z.object({ enabled: z.boolean(), enabledAt: z.string().nullable(), recoveryCodesLeft: z.number() }),
        pendingEmailChange: z.object({ email: z.string(), expiresAt: z.string() }).nullable(),
        sessions: z.array(z.object({ id: z.string(), device: z.string(), current: z.boolean() })),
        passkeys: z.array(z.object({ id: z.string(), name: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable() })),
        projects: z.array(z.object({ name: z.string(), tasks: z.array(z.object({ title: z.string(), status: z.string() })) })),
        events: z.array(z.object({ type: z.string(), userId: z.string().nullable() })),
      }),
    );
    assert.deepEqual([data.user.id, data.user.email, data.user.firstName, data.user.mfaEnabled], [signedUp.user.id, typed.email, 'Grace', true]);
    assert.equal(data.secondFactor.enabled, true);
    assert.ok(data.secondFactor.enabledAt !== null);
    assert.equal(data.secondFactor.recoveryCodesLeft, 10);
    assert.equal(data.pendingEmailChange?.email, newAddress);
    assert.equal(data.sessions.length, 2, 'both signed-in devices');
    assert.equal(data.sessions.filter((session) => session.current).length, 1);
    assert.deepEqual(data.passkeys.map((passkey) => passkey.name), ['Grace’s key']);
    assert.deepEqual(data.projects.map((project) => [project.name, project.tasks.map((task) => task.title)]), [['Compiler', ['A-0', 'FLOW-MATIC']]]);
    const types = data.events.map((event) => event.type);
    for (const type of ['sign_up', 'login', 'passkey_added', 'mfa_enabled', 'email_change_requested']) assert.ok(types.includes(type), `${type} in ${types.join(', ')}`);
    assert.ok(data.events.every((event) => event.userId === signedUp.user.id), 'only the account\'s own events');

    // Nothing secret: no hash, secret, code, token or token id, no key material.
    const text = JSON.stringify(res.body);
    const access = decodeJwt(token);
    const refresh = decodeJwt(secondDevice.refresh);
    const credential = authenticator.credentials[0]!;
    const forbidden: [string, string][] = [
      ['the TOTP secret', secret],
      ['the access token', token],
      ['the access token id', String(access.jti)],
      ['the refresh token', secondDevice.refresh],
      ['the refresh token id', String(refresh.jti)],
      ['the passkey credential id', credential.id],
      ...recoveryCodes.flatMap((code): [string, string][] => [
        ['a recovery code', code],
        ['a recovery code without dashes', code.replaceAll('-', '')],
      ]),
    ];
    for (const [what, value] of forbidden) assert.ok(!text.includes(value), `${what} is not in the export`);
    assert.doesNotMatch(text, /\$2[aby]\$\d\d\$/, 'no bcrypt hash');
    assert.doesNotMatch(text, /"(passwordHash|totpSecret\w*|codeHash|tokenHash|publicKey|credentialId|counter|currentJti|previousJti|jti)"/, 'no secret-bearing field');

    const [[stored], codes, links, keys] = await server().sql([
      { query: 'select password_hash, totp_secret_sealed from users where id = $1', params: [signedUp.user.id] },
      { query: 'select code_hash from recovery_codes where user_id = $1', params: [signedUp.user.id] },
      { query: 'select token_hash from email_links where user_id = $1', params: [signedUp.user.id] },
      { query: "select credential_id, encode(public_key, 'base64') as public_key, encode(public_key, 'hex') as public_key_hex from passkeys where user_id = $1", params: [signedUp.user.id] },
    ]);
    const secrets = [
      ...Object.values(stored ?? {}),
      ...codes.map((row) => row.code_hash),
      ...links.map((row) => row.token_hash),
      ...keys.flatMap((row) => [row.credential_id, row.public_key, row.public_key_hex, Buffer.from(String(row.public_key), 'base64').toString('base64url')]),
    ].map(String);
    assert.ok(secrets.length >= 2 + recoveryCodes.length + 2 + 4, `read the stored secrets: ${secrets.length}`);
    for (const value of secrets) assert.ok(!text.includes(value), 'a stored hash, sealed secret or key is not in the export');
  });

  // Last: it leaves the ADMIN_EMAILS admin demoted or deleted (the other admins of the database are put back).
  test('the last admin cannot delete their account (409 last_admin); two admins deleting at once leave one', async () => {
    const last = await signUpAs(app(), 'admin');
    const [demoted] = await server().sql([
      { query: "update users set role = 'user' where role = 'admin' and disabled_at is null and id <> $1 returning id", params: [last.id] },
    ]);
    const others = demoted.map((row) => String(row.id));
    try {
      assertError(await deleteAccount(app(), last.accessToken), 409, 'last_admin', 'the only admin');
      assert.equal((await call(app(), 'GET', '/api/auth/me', { token: last.accessToken })).status, 200, 'still there');

      const rival = await signUpAs(app(), 'user');
      assert.equal((await call(app(), 'PATCH', `/api/admin/users/${rival.id}`, { token: last.accessToken, json: { role: 'admin' } })).status, 200);
      const [a, b] = await Promise.all([deleteAccount(app(), last.accessToken), deleteAccount(app(), rival.accessToken)]);
      assert.deepEqual([a.status, b.status].sort(), [200, 409], `one deletion wins: ${JSON.stringify([a.body, b.body])}`);
      const loser = a.status === 409 ? last : rival;
      assert.equal((await call(app(), 'GET', '/api/auth/me', { token: loser.accessToken })).status, 200, 'the refused admin remains');
    } finally {
      if (others.length > 0) await server().sql([{ query: "update users set role = 'admin' where id::text = any(string_to_array($1, ','))", params: [others.join(',')] }]);
    }
  });
});

describe('account deletion across two instances [postgres+redis]', { skip: REAL_SERVICES_SKIP }, () => {
  test('deleting on one instance ends the sessions the other started, and the email registers again on either', async () => {
    const cluster = await startScaledOut(2);
    try {
      const [a, b] = cluster.instances as [AppServer, AppServer];
      const { user: typed, response } = await signUp(a);
      const onA = bodyOf(response, signedInBody);
      const onB = await logIn(b, typed);
      assert.equal((await refreshWith(a, onB.refresh)).status, 200, 'a session started on B refreshes on A');
      const rotated = await refreshWith(b, response.refreshCookie!);
      const fresh = bodyOf(rotated, signedInBody);

      const deleted = await deleteAccount(b, fresh.accessToken);
      assert.equal(deleted.status, 200, JSON.stringify(deleted.body));
      for (const [instance, name] of [
        [a, 'A'],
        [b, 'B'],
      ] as const) {
        assertError(await refreshWith(instance, onB.refresh), 401, 'invalid_refresh_token', `B's session, refreshed on ${name}`);
        assertError(await call(instance, 'GET', '/api/auth/me', { token: onA.accessToken }), 401, 'invalid_token', `the access token on ${name}`);
      }
      assertError(await refreshWith(a, rotated.refreshCookie!), 401, 'invalid_refresh_token', 'the first session, on A');
      assert.equal((await call(a, 'POST', '/api/auth/register', { json: newUser({ email: typed.email }) })).status, 201, 'the email is free on A');
    } finally {
      await cluster.stop();
    }
  });
});
