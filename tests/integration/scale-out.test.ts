import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { decodeJwt } from 'jose';
import { assertError } from '../support/api-checks';
import type { AppServer } from '../support/app-server';
import { accessTokenOf, bodyOf, codeOf, projectBody, projectsBody, sessionsBody, userOf } from '../support/bodies';
import { call, newUser, signUp, type ApiResponse } from '../support/client';
import { REAL_SERVICES_SKIP } from '../support/real-services';
import { outboxLinkTo } from '../support/outbox';
import { adminEnv, logIn, refreshWith, type SignedIn } from '../support/roles';
import { startScaledOut, type ScaledOut } from '../support/scale-out';

// Long enough that a burst of concurrent refreshes on a loaded machine all land inside it, short
// enough to wait out once.
const REUSE_INTERVAL_SECONDS = 5;
const LOGIN_FAILURES_ALLOWED = 4;
const ADMIN_EMAIL = `scale-out-admin-${randomUUID()}@example.com`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sid = (token: string) => decodeJwt(token).sid as string;

/** Resolves once a refresh token rotated away into `successor` is past the reuse interval. */
async function pastReuseInterval(successor: string): Promise<void> {
  // The successor's iat is its session's rotatedAt, in whole seconds (rounded down).
  const rotatedBy = ((decodeJwt(successor).iat as number) + 1) * 1000;
  await sleep(Math.max(0, rotatedBy + REUSE_INTERVAL_SECONDS * 1000 + 250 - Date.now()));
}

function assertRefused(res: ApiResponse, context: string) {
  assertError(res, 401, 'invalid_refresh_token', context);
  assert.equal(res.refreshCookie, '', `${context}: the dead cookie is cleared`);
}

describe('scale-out: two instances over one PostgreSQL and one Redis', { skip: REAL_SERVICES_SKIP }, () => {
  let deployment: ScaledOut | undefined;
  let a: AppServer;
  let b: AppServer;

  before(async () => {
    deployment = await startScaledOut(2, {
      ...adminEnv(ADMIN_EMAIL),
      REFRESH_REUSE_INTERVAL: `${REUSE_INTERVAL_SECONDS}s`,
      RATE_LIMIT_LOGIN_FAILURES: `${LOGIN_FAILURES_ALLOWED}/1m`,
    });
    [a, b] = deployment.instances as [AppServer, AppServer];
  });
  after(async () => {
    await deployment?.stop();
  });

  /** One account, signed up on A (laptop) and signed in on B (phone, tablet). */
  async function threeDevices(): Promise<Record<'laptop' | 'phone' | 'tablet', SignedIn>> {
    const { user, response, accessToken, refresh } = await signUp(a);
    const laptop: SignedIn = { id: userOf(response).id, email: user.email, password: user.password, accessToken, refresh };
    return { laptop, phone: await logIn(b, laptop), tablet: await logIn(b, laptop) };
  }

  test('an access token issued by A works on B, and what A writes B reads', async () => {
    const { accessToken, response } = await signUp(a);
    const me = await call(b, 'GET', '/api/auth/me', { token: accessToken });
    assert.equal(me.status, 200, JSON.stringify(me.body));
    assert.deepEqual(userOf(me), userOf(response));

    const created = await call(a, 'POST', '/api/projects', { token: accessToken, json: { name: 'Made on A' } });
    assert.equal(created.status, 201);
    const listed = await call(b, 'GET', '/api/projects', { token: accessToken });
    assert.equal(listed.status, 200);
    assert.deepEqual(
      bodyOf(listed, projectsBody).projects.map((project) => project.id),
      [bodyOf(created, projectBody).project.id],
    );
  });

  test('a refresh token issued by A refreshes on B, and B\'s successor on A', async () => {
    const { accessToken, refresh } = await signUp(a);
    const onB = await refreshWith(b, refresh);
    assert.equal(onB.status, 200, JSON.stringify(onB.body));
    assert.ok(onB.refreshCookie && onB.refreshCookie !== refresh, 'B rotated it');
    assert.equal(sid(accessTokenOf(onB)), sid(accessToken), 'the same session');
    const onA = await refreshWith(a, onB.refreshCookie!);
    assert.equal(onA.status, 200, JSON.stringify(onA.body));
    assert.notEqual(onA.refreshCookie, onB.refreshCookie);
    assert.equal((await call(b, 'GET', '/api/auth/me', { token: accessTokenOf(onA) })).status, 200);
  });

  test('logout on A: B refuses the next refresh', async () => {
    const who = await signUp(a);
    const device = await logIn(b, who.user);
    const out = await call(a, 'POST', '/api/auth/logout', { cookie: device.refresh, headers: { origin: a.url } });
    assert.equal(out.status, 200);
    assert.equal(out.refreshCookie, '');
    assertRefused(await refreshWith(b, device.refresh), 'refresh on B after logout on A');
    assert.equal((await refreshWith(b, who.refresh)).status, 200, 'the other session of the account carries on');
  });

  test('ending one device on A (DELETE /api/auth/sessions/:id): B refuses it and keeps the others', async () => {
    const { laptop, phone, tablet } = await threeDevices();
    const res = await call(a, 'DELETE', `/api/auth/sessions/${sid(phone.accessToken)}`, { token: laptop.accessToken });
    assert.deepEqual(res.body, { success: true, current: false });
    assertRefused(await refreshWith(b, phone.refresh), 'the ended phone, refreshing on B');
    assert.equal((await refreshWith(b, tablet.refresh)).status, 200);
    assert.equal((await refreshWith(b, laptop.refresh)).status, 200);
    const listed = await call(b, 'GET', '/api/auth/sessions', { token: laptop.accessToken });
    assert.ok(!bodyOf(listed, sessionsBody).sessions.some((session) => session.id === sid(phone.accessToken)), 'B no longer lists it');
  });

  test('log out everywhere on A: B refuses every device', async () => {
    const { laptop, phone, tablet } = await threeDevices();
    const res = await call(a, 'POST', '/api/auth/logout-all', { token: tablet.accessToken });
    assert.deepEqual(res.body, { success: true, revoked: 3 });
    for (const [name, device] of Object.entries({ laptop, phone, tablet })) {
      assertRefused(await refreshWith(b, device.refresh), `${name} on B`);
    }
  });

  test('an admin on A revokes a user\'s sessions and changes a role: B refuses the sessions and carries the role', async () => {
    const signedUp = await signUp(a, { email: ADMIN_EMAIL });
    assert.equal(userOf(signedUp.response).role, 'user', 'not admin before the address is verified');
    // The link is used on B: what A wrote, B reads.
    const verified = await call(b, 'POST', '/api/auth/verify-email', { json: { token: await outboxLinkTo(a, ADMIN_EMAIL) } });
    assert.equal(userOf(verified).role, 'admin', JSON.stringify(verified.body));
    const refreshedAdmin = await refreshWith(a, signedUp.refresh);
    const admin = { accessToken: accessTokenOf(refreshedAdmin), refresh: refreshedAdmin.refreshCookie! };
    const target = await signUp(b);
    const targetId = userOf(target.response).id;
    const promoted = await call(a, 'PATCH', `/api/admin/users/${targetId}`, { token: admin.accessToken, json: { role: 'editor' } });
    assert.equal(promoted.status, 200);
    const refreshed = await refreshWith(b, target.refresh);
    assert.equal(refreshed.status, 200);
    assert.equal(decodeJwt(accessTokenOf(refreshed)).role, 'editor', 'B read the role A wrote');

    const otherDevice = await logIn(b, target.user);
    const revoked = await call(a, 'POST', `/api/admin/users/${targetId}/revoke-sessions`, { token: admin.accessToken });
    assert.deepEqual(revoked.body, { success: true, revoked: 2 });
    assertRefused(await refreshWith(b, refreshed.refreshCookie!), 'the revoked first device on B');
    assertRefused(await refreshWith(b, otherDevice.refresh), 'the revoked second device on B');
    assert.equal((await refreshWith(b, admin.refresh)).status, 200, 'the admin\'s own session is untouched');
  });

  test('concurrent refreshes of one session, split over A and B: all succeed with one successor, round after round', async () => {
    const { refresh } = await signUp(a);
    let cookie = refresh;
    for (let round = 0; round < 8; round++) {
      const results = await Promise.all(Array.from({ length: 6 }, (_, i) => refreshWith(i % 2 === 0 ? a : b, cookie)));
      assert.deepEqual(
        results.map((res) => res.status),
        [200, 200, 200, 200, 200, 200],
        `round ${round}: ${JSON.stringify(results.map((res) => codeOf(res)))}`,
      );
      const successors = new Set(results.map((res) => res.refreshCookie));
      assert.equal(successors.size, 1, `round ${round}: one successor on both instances, no fork`);
      const [successor] = successors;
      assert.notEqual(successor, cookie);
      cookie = successor!;
    }
    const sessions = await call(b, 'GET', '/api/auth/sessions', { token: accessTokenOf(await refreshWith(a, cookie)) });
    assert.equal(bodyOf(sessions, sessionsBody).sessions.length, 1, 'still exactly one session');
  });

  test('reuse detection spans instances: rotated on A, the old token on B after the interval ends the session everywhere', async () => {
    const { refresh } = await signUp(a);
    const rotated = await refreshWith(a, refresh);
    assert.equal(rotated.status, 200);
    await pastReuseInterval(rotated.refreshCookie!);
    assertRefused(await refreshWith(b, refresh), 'the rotated-away token on B');
    assertRefused(await refreshWith(a, rotated.refreshCookie!), 'the current token on A, after the reuse');
  });

  test('a token two rotations old is reuse on the other instance even inside the interval', async () => {
    const { refresh } = await signUp(b);
    const one = await refreshWith(a, refresh);
    const two = await refreshWith(b, one.refreshCookie!);
    assert.equal(two.status, 200);
    assertRefused(await refreshWith(a, refresh), 'the original token on A');
    assertRefused(await refreshWith(b, two.refreshCookie!), 'the current token on B, after the reuse');
  });

  test('logout on A racing refreshes on B leaves no live session behind', async () => {
    const who = await signUp(a);
    const device = await logIn(b, who.user);
    const [out, ...refreshes] = await Promise.all([
      call(a, 'POST', '/api/auth/logout', { cookie: device.refresh, headers: { origin: a.url } }),
      ...Array.from({ length: 4 }, () => refreshWith(b, device.refresh)),
    ]);
    assert.equal(out!.status, 200);
    for (const res of refreshes) assert.ok(res.status === 200 || res.status === 401, `refresh during logout: ${res.status} ${JSON.stringify(res.body)}`);
    // A refresh that won the race got a successor; the logout still ended its session.
    const successors = new Set(refreshes.flatMap((res) => (res.status === 200 ? [res.refreshCookie!] : [])));
    assert.ok(successors.size <= 1, 'never more than one successor');
    for (const successor of successors) assertRefused(await refreshWith(a, successor), 'a successor issued during the logout');
    const listed = await call(b, 'GET', '/api/auth/sessions', { token: who.accessToken });
    assert.deepEqual(
      bodyOf(listed, sessionsBody).sessions.map((session) => session.id),
      [sid(who.accessToken)],
    );
  });

  test('the login-failure limit is one count over both instances, not one per instance', async () => {
    const { user } = await signUp(a);
    const wrong = { email: user.email, password: newUser().password };
    for (let attempt = 0; attempt < LOGIN_FAILURES_ALLOWED; attempt++) {
      const res = await call(attempt % 2 === 0 ? a : b, 'POST', '/api/auth/login', { json: wrong });
      assertError(res, 401, 'invalid_credentials', `attempt ${attempt + 1}`);
    }
    for (const instance of [a, b]) {
      const res = await call(instance, 'POST', '/api/auth/login', { json: { email: user.email, password: user.password } });
      assertError(res, 429, 'rate_limited', instance === a ? 'on A' : 'on B');
      assert.match(res.headers.get('retry-after') ?? '', /^\d+$/);
    }
  });

  test('neither instance answered a 500 or logged an unexpected error', () => {
    for (const instance of [a, b]) {
      assert.doesNotMatch(instance.output(), /unexpected|unhandled|uncaught|⨯/i, instance.output().slice(-2000));
      assert.ok(instance.running());
    }
  });
});
