import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, describe, test } from 'node:test';
import { BackendUnavailableError } from '../../lib/backends/unavailable';
import { MemoryRateLimiter } from '../../lib/rate-limit/memory';
import type { KeyedRule, RateLimiter } from '../../lib/rate-limit/types';
import { UpstashRateLimiter } from '../../lib/rate-limit/upstash';
import { MemoryTokenStore } from '../../lib/sessions/store/memory';
import type { PasskeyChallenge, RotateRequest, RotateResult, SessionRecord, TokenStore } from '../../lib/sessions/store/types';
import { UpstashTokenStore } from '../../lib/sessions/store/upstash';
import { Redis } from '@upstash/redis';
import { startUpstashRedis } from '../support/redis';

const upstash = await startUpstashRedis();
after(async () => {
  await upstash?.stop();
});

const HOUR = 3_600_000;
const REUSE_MS = 10_000;

interface Variant {
  name: string;
  skip: string | false;
  make(): TokenStore;
  /** A store and the rate limiter the app would pair it with, sharing their counts. */
  makeWithLimiter(): { store: TokenStore; limiter: RateLimiter };
}

const variants: Variant[] = [
  {
    name: 'MemoryTokenStore',
    skip: false,
    make: () => new MemoryTokenStore(),
    makeWithLimiter() {
      const limiter = new MemoryRateLimiter();
      return { store: new MemoryTokenStore({ limiter }), limiter };
    },
  },
  {
    name: 'UpstashTokenStore (real @upstash/redis client, real redis-server)',
    skip: upstash ? false : 'no redis-server installed and TEST_REDIS_URL unset',
    make: () => new UpstashTokenStore({ url: upstash!.url, token: upstash!.token }),
    makeWithLimiter: () => ({
      store: new UpstashTokenStore({ url: upstash!.url, token: upstash!.token }),
      limiter: new UpstashRateLimiter({ url: upstash!.url, token: upstash!.token }),
    }),
  },
];

/** A per-session limit on `session`, keyed as the app keys it (with the user's hash tag). */
const sessionLimit = (session: SessionRecord, limit: number, windowSeconds = 60): KeyedRule => ({
  rule: { name: `test-${randomUUID()}`, limit, windowSeconds },
  key: `{${session.userId}}:${session.id}`,
});

/** Unique ids per test, so a shared Redis needs no flushing. */
function newSession(overrides: Partial<SessionRecord> = {}): SessionRecord {
  const now = Date.now();
  return {
    id: randomUUID(),
    userId: `user-${randomUUID()}`,
    currentJti: randomUUID(),
    previousJti: null,
    rotatedAt: now,
    createdAt: now,
    lastUsedAt: now,
    expiresAt: now + HOUR,
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0',
    authTime: now,
    amr: ['pwd'],
    ...overrides,
  };
}

function rotate(store: TokenStore, session: SessionRecord, presentedJti: string, options: { now?: number; nextJti?: string; limit?: KeyedRule } = {}) {
  const request: RotateRequest = {
    userId: session.userId,
    sessionId: session.id,
    presentedJti,
    nextJti: options.nextJti ?? randomUUID(),
    now: options.now ?? Date.now(),
    reuseIntervalMs: REUSE_MS,
    limit: options.limit,
  };
  return store.rotateSession(request);
}

function expectSession(result: RotateResult, status: 'rotated' | 'reissued'): SessionRecord {
  assert.equal(result.status, status, `expected ${status}, got ${result.status}`);
  assert.ok('session' in result);
  return result.session;
}

for (const variant of variants) {
  describe(variant.name, { skip: variant.skip }, () => {
    test('ping resolves', async () => {
      await variant.make().ping();
    });

    test('rotating with the current jti: rotated; jtis and times move, the rest (and expiresAt) stay', async () => {
      const store = variant.make();
      const t0 = Date.now();
      const session = newSession({ createdAt: t0 - 60_000, rotatedAt: t0 - 60_000, lastUsedAt: t0 - 60_000 });
      await store.createSession(session);

      const next = randomUUID();
      const t1 = t0 + 5_000;
      const rotated = expectSession(await rotate(store, session, session.currentJti, { nextJti: next, now: t1 }), 'rotated');
      assert.deepEqual(rotated, {
        ...session,
        currentJti: next,
        previousJti: session.currentJti,
        rotatedAt: t1,
        lastUsedAt: t1,
      });
      assert.equal(rotated.expiresAt, session.expiresAt, 'rotation never extends the session');
      assert.equal(rotated.createdAt, session.createdAt);

      // A second rotation with the new current jti moves on again; expiresAt still the login's.
      const t2 = t1 + 60_000;
      const again = expectSession(await rotate(store, session, next, { now: t2 }), 'rotated');
      assert.equal(again.previousJti, next);
      assert.equal(again.rotatedAt, t2);
      assert.equal(again.expiresAt, session.expiresAt);
      assert.equal(again.createdAt, session.createdAt);
      assert.equal(again.userId, session.userId);
      assert.equal(again.id, session.id);
    });

    test('with a limit: exactly `limit` rotations pass, whatever their outcome; the next is limited with the wait until the oldest leaves the window', async () => {
      const store = variant.make();
      const session = newSession();
      await store.createSession(session);
      const limit = sessionLimit(session, 3);
      const first = expectSession(await rotate(store, session, session.currentJti, { limit }), 'rotated');
      expectSession(await rotate(store, session, session.currentJti, { limit }), 'reissued');
      expectSession(await rotate(store, session, first.currentJti, { limit }), 'rotated');

      const limited = await rotate(store, session, randomUUID(), { limit });
      assert.equal(limited.status, 'limited');
      assert.ok('retryAfterSeconds' in limited && limited.retryAfterSeconds >= 59 && limited.retryAfterSeconds <= 60, JSON.stringify(limited));

      const ended = newSession();
      const endedLimit = sessionLimit(ended, 1);
      assert.equal((await rotate(store, ended, ended.currentJti, { limit: endedLimit })).status, 'missing', 'counted too');
      assert.equal((await rotate(store, ended, ended.currentJti, { limit: endedLimit })).status, 'limited', 'the limit comes first');
    });

    test('a limited rotation changes nothing: not with the current jti, not with a stolen old one', async () => {
      const store = variant.make();
      const t0 = Date.now() - 1_000;
      const session = newSession({ createdAt: t0, rotatedAt: t0, lastUsedAt: t0 });
      await store.createSession(session);
      const limit = sessionLimit(session, 1);
      const rotated = expectSession(await rotate(store, session, session.currentJti, { limit }), 'rotated');

      assert.equal((await rotate(store, session, rotated.currentJti, { limit })).status, 'limited');
      assert.equal((await rotate(store, session, session.currentJti, { limit, now: Date.now() + 2 * REUSE_MS })).status, 'limited', 'no reuse detection either');
      assert.deepEqual(await store.listSessions(session.userId, Date.now()), [rotated], 'neither rotated, touched nor revoked');
      expectSession(await rotate(store, session, rotated.currentJti), 'rotated');
    });

    test("a rotation's limit shares its count with the rate limiter's own hits on that rule and key", async () => {
      const { store, limiter } = variant.makeWithLimiter();
      const session = newSession();
      await store.createSession(session);
      const limit = sessionLimit(session, 2, 30);
      assert.equal((await limiter.hit(limit.rule, limit.key)).allowed, true);
      expectSession(await rotate(store, session, session.currentJti, { limit }), 'rotated');
      const refused = await limiter.hit(limit.rule, limit.key);
      assert.equal(refused.allowed, false, 'the rotation was counted by the limiter');
      const limited = await rotate(store, session, session.currentJti, { limit });
      assert.equal(limited.status, 'limited');
      // The same wait, give or take the second that may have begun between the two calls.
      assert.ok('retryAfterSeconds' in limited && refused.retryAfterSeconds - limited.retryAfterSeconds <= 1, JSON.stringify({ refused, limited }));
    });

    test('the previous jti within the reuse interval: reissued with the same successor, not a new one', async () => {
      const store = variant.make();
      const session = newSession();
      await store.createSession(session);
      const t1 = Date.now();
      const first = expectSession(await rotate(store, session, session.currentJti, { now: t1 }), 'rotated');

      const reissued = expectSession(await rotate(store, session, session.currentJti, { now: t1 + 5_000, nextJti: 'must-not-be-used' }), 'reissued');
      assert.equal(reissued.currentJti, first.currentJti);
      assert.equal(reissued.previousJti, session.currentJti);
      assert.equal(reissued.rotatedAt, t1, 'a reissue does not restart the reuse window');
      assert.equal(reissued.lastUsedAt, t1 + 5_000);
      assert.equal(reissued.expiresAt, session.expiresAt);

      // The successor handed out by both answers is the one that works next.
      const onward = expectSession(await rotate(store, session, first.currentJti, { now: t1 + 6_000 }), 'rotated');
      assert.equal(onward.previousJti, first.currentJti);
    });

    test('repeated reissues do not slide the window: the old token dies REUSE interval after the rotation', async () => {
      const store = variant.make();
      const session = newSession();
      await store.createSession(session);
      const t1 = Date.now();
      const first = expectSession(await rotate(store, session, session.currentJti, { now: t1 }), 'rotated');
      expectSession(await rotate(store, session, session.currentJti, { now: t1 + 9_000 }), 'reissued');
      assert.deepEqual(await rotate(store, session, session.currentJti, { now: t1 + REUSE_MS + 1 }), { status: 'reused' });
      assert.deepEqual(await rotate(store, session, first.currentJti, { now: t1 + REUSE_MS + 2 }), { status: 'missing' });
    });

    test('the previous jti after the reuse interval: reused, and the whole session is revoked', async () => {
      const store = variant.make();
      const session = newSession();
      await store.createSession(session);
      const t1 = Date.now();
      const first = expectSession(await rotate(store, session, session.currentJti, { now: t1 }), 'rotated');

      assert.deepEqual(await rotate(store, session, session.currentJti, { now: t1 + REUSE_MS + 1_000 }), { status: 'reused' });
      // The legitimate holder of the newest token is logged out too: reuse means theft.
      assert.deepEqual(await rotate(store, session, first.currentJti, { now: t1 + REUSE_MS + 2_000 }), { status: 'missing' });
    });

    test('an unknown or older jti: reused, and the session is deleted', async () => {
      const store = variant.make();
      const session = newSession();
      await store.createSession(session);
      assert.deepEqual(await rotate(store, session, 'never-issued'), { status: 'reused' });
      assert.deepEqual(await rotate(store, session, session.currentJti), { status: 'missing' });

      // Older than previous: j0 -> j1 -> j2, then j0 comes back inside the interval of the last rotation.
      const other = newSession();
      await store.createSession(other);
      const t = Date.now();
      const r1 = expectSession(await rotate(store, other, other.currentJti, { now: t }), 'rotated');
      const r2 = expectSession(await rotate(store, other, r1.currentJti, { now: t + 1 }), 'rotated');
      assert.deepEqual(await rotate(store, other, other.currentJti, { now: t + 2 }), { status: 'reused' });
      assert.deepEqual(await rotate(store, other, r2.currentJti, { now: t + 3 }), { status: 'missing' });
    });

    test('an empty presented jti never matches the empty previousJti of a fresh session', async () => {
      const store = variant.make();
      const session = newSession();
      await store.createSession(session);
      assert.deepEqual(await rotate(store, session, ''), { status: 'reused' });
      assert.deepEqual(await rotate(store, session, session.currentJti), { status: 'missing' });
    });

    test('6 concurrent rotations with one jti: one rotated, five reissued, all with the same successor', async () => {
      const store = variant.make();
      const session = newSession();
      await store.createSession(session);
      const now = Date.now();
      const nextJtis = Array.from({ length: 6 }, (_, index) => `next-${index}-${randomUUID()}`);
      const results = await Promise.all(nextJtis.map((nextJti, index) => rotate(store, session, session.currentJti, { nextJti, now: now + index })));

      const statuses = results.map((result) => result.status);
      assert.equal(statuses.filter((status) => status === 'rotated').length, 1, `statuses: ${statuses.join(', ')}`);
      assert.equal(statuses.filter((status) => status === 'reissued').length, 5, `statuses: ${statuses.join(', ')}`);

      const winner = results.findIndex((result) => result.status === 'rotated');
      const successor = nextJtis[winner]!;
      for (const result of results) {
        assert.ok('session' in result);
        assert.equal(result.session.currentJti, successor);
        assert.equal(result.session.previousJti, session.currentJti);
        assert.equal(result.session.expiresAt, session.expiresAt);
      }
      // Nobody forked the session: the successor rotates, the losers' nextJtis are unknown.
      expectSession(await rotate(store, session, successor, { now: now + 100 }), 'rotated');
    });

    test('deleteSession: the session is then missing; deleting again is harmless', async () => {
      const store = variant.make();
      const session = newSession();
      await store.createSession(session);
      assert.equal(await store.deleteSession(session.userId, session.id), true);
      assert.deepEqual(await rotate(store, session, session.currentJti), { status: 'missing' });
      assert.equal(await store.deleteSession(session.userId, session.id), false);
      assert.equal(await store.deleteSession('nobody', 'nothing'), false);
    });

    test('a session whose expiresAt is in the past is missing', async () => {
      const store = variant.make();
      const session = newSession({ expiresAt: Date.now() - 1_000 });
      await store.createSession(session);
      assert.deepEqual(await rotate(store, session, session.currentJti), { status: 'missing' });
    });

    test('a short session expires on its own (~1.2 s later it is missing)', async () => {
      const store = variant.make();
      const session = newSession({ expiresAt: Date.now() + 1_000 });
      await store.createSession(session);
      await sleep(1_200);
      assert.deepEqual(await rotate(store, session, session.currentJti), { status: 'missing' });
    });

    test('expiry is checked against the request time, even mid-session', async () => {
      const store = variant.make();
      const t0 = Date.now();
      const session = newSession({ expiresAt: t0 + HOUR });
      await store.createSession(session);
      const r1 = expectSession(await rotate(store, session, session.currentJti, { now: t0 }), 'rotated');
      assert.deepEqual(await rotate(store, session, r1.currentJti, { now: session.expiresAt }), { status: 'missing' });
    });

    test('sessions of two users, and two sessions of one user, are independent', async () => {
      const store = variant.make();
      const sharedId = randomUUID();
      const alice1 = newSession({ userId: `alice-${randomUUID()}`, id: sharedId });
      const alice2 = newSession({ userId: alice1.userId });
      const bob = newSession({ userId: `bob-${randomUUID()}`, id: sharedId });
      for (const session of [alice1, alice2, bob]) await store.createSession(session);

      // Another user's id with Alice's session id: not found, and Alice's session is untouched.
      assert.deepEqual(
        await store.rotateSession({ userId: `carol-${randomUUID()}`, sessionId: alice2.id, presentedJti: alice2.currentJti, nextJti: 'x', now: Date.now(), reuseIntervalMs: REUSE_MS }),
        { status: 'missing' },
      );

      // Reuse on Alice's first session revokes it alone.
      assert.deepEqual(await rotate(store, alice1, 'stolen-old-jti'), { status: 'reused' });
      assert.deepEqual(await rotate(store, alice1, alice1.currentJti), { status: 'missing' });

      const a2 = expectSession(await rotate(store, alice2, alice2.currentJti), 'rotated');
      assert.equal(a2.userId, alice2.userId);
      assert.equal(a2.id, alice2.id);
      const b = expectSession(await rotate(store, bob, bob.currentJti), 'rotated');
      assert.equal(b.userId, bob.userId);
      assert.equal(b.id, sharedId);

      // Logging one session out leaves the other.
      await store.deleteSession(bob.userId, bob.id);
      expectSession(await rotate(store, alice2, a2.currentJti), 'rotated');
    });

    test('deleteUserSessions ends every live session of that user, counts them, and leaves other users alone', async () => {
      const store = variant.make();
      const userId = `dana-${randomUUID()}`;
      const sessions = [newSession({ userId }), newSession({ userId }), newSession({ userId })];
      const other = newSession();
      for (const session of [...sessions, other]) await store.createSession(session);
      // One already logged out: it must not be counted.
      await store.deleteSession(userId, sessions[2]!.id);

      assert.equal(await store.deleteUserSessions(userId), 2);
      for (const session of sessions) assert.deepEqual(await rotate(store, session, session.currentJti), { status: 'missing' });
      expectSession(await rotate(store, other, other.currentJti), 'rotated');

      assert.equal(await store.deleteUserSessions(userId), 0);
      assert.equal(await store.deleteUserSessions(`nobody-${randomUUID()}`), 0);
    });

    test('listSessions returns exactly the live sessions of that user, with their fields as stored', async () => {
      const store = variant.make();
      const userId = `gina-${randomUUID()}`;
      const a = newSession({ userId, userAgent: '' });
      const b = newSession({ userId });
      const gone = newSession({ userId });
      const short = newSession({ userId, expiresAt: Date.now() + 300 });
      const stranger = newSession();
      for (const session of [a, b, gone, short, stranger]) await store.createSession(session);
      await store.deleteSession(userId, gone.id);
      const rotated = expectSession(await rotate(store, b, b.currentJti), 'rotated');
      await sleep(400);

      const listed = (await store.listSessions(userId, Date.now())).sort((x, y) => x.id.localeCompare(y.id));
      assert.deepEqual(listed, [a, rotated].sort((x, y) => x.id.localeCompare(y.id)));
      assert.deepEqual(await store.listSessions(`nobody-${randomUUID()}`, Date.now()), []);
    });

    test('deleteUserSessions can keep one session (the current device)', async () => {
      const store = variant.make();
      const userId = `hal-${randomUUID()}`;
      const keep = newSession({ userId });
      const others = [newSession({ userId }), newSession({ userId })];
      for (const session of [keep, ...others]) await store.createSession(session);
      assert.equal(await store.deleteUserSessions(userId, keep.id), 2);
      assert.deepEqual((await store.listSessions(userId, Date.now())).map((session) => session.id), [keep.id]);
      expectSession(await rotate(store, keep, keep.currentJti), 'rotated');
    });

    test('deleteUserSessions does not count a session that expired on its own or was revoked for reuse', async () => {
      const store = variant.make();
      const userId = `erin-${randomUUID()}`;
      const short = newSession({ userId, expiresAt: Date.now() + 300 });
      const stolen = newSession({ userId });
      const live = newSession({ userId });
      for (const session of [short, stolen, live]) await store.createSession(session);
      assert.deepEqual(await rotate(store, stolen, 'an-old-jti'), { status: 'reused' });
      await sleep(500);
      assert.equal(await store.deleteUserSessions(userId), 1);
    });

    test('the proof of identity (authTime, amr) survives every rotation and reissue unchanged', async () => {
      const store = variant.make();
      const authTime = Date.now() - 120_000;
      const session = newSession({ authTime, amr: ['pwd', 'otp'] });
      await store.createSession(session);
      const t1 = Date.now();
      const rotated = expectSession(await rotate(store, session, session.currentJti, { now: t1 }), 'rotated');
      assert.equal(rotated.authTime, authTime);
      assert.deepEqual(rotated.amr, ['pwd', 'otp']);
      const reissued = expectSession(await rotate(store, session, session.currentJti, { now: t1 + 1_000 }), 'reissued');
      assert.deepEqual([reissued.authTime, reissued.amr], [authTime, ['pwd', 'otp']]);
      const [listed] = await store.listSessions(session.userId, Date.now());
      assert.deepEqual([listed!.authTime, listed!.amr], [authTime, ['pwd', 'otp']]);
    });

    test('recordSessionProof renews authTime and amr on a live session, which the next rotation keeps; an ended one gets null', async () => {
      const store = variant.make();
      const session = newSession({ authTime: Date.now() - HOUR / 2, amr: ['pwd', 'otp'] });
      await store.createSession(session);
      const now = Date.now();
      const proved = await store.recordSessionProof(session.userId, session.id, { authTime: now, amr: ['pwd'] }, now);
      assert.ok(proved);
      assert.deepEqual([proved.authTime, proved.amr, proved.currentJti, proved.expiresAt], [now, ['pwd'], session.currentJti, session.expiresAt]);
      const rotated = expectSession(await rotate(store, session, session.currentJti, { now: now + 1 }), 'rotated');
      assert.deepEqual([rotated.authTime, rotated.amr], [now, ['pwd']]);

      assert.equal(await store.recordSessionProof(session.userId, randomUUID(), { authTime: now, amr: ['pwd'] }, now), null, 'unknown session');
      await store.deleteSession(session.userId, session.id);
      assert.equal(await store.recordSessionProof(session.userId, session.id, { authTime: now, amr: ['pwd'] }, now), null, 'ended session');
      assert.equal((await store.listSessions(session.userId, Date.now())).length, 0, 'nothing was recreated');
      const expired = newSession({ expiresAt: now + 500 });
      await store.createSession(expired);
      assert.equal(await store.recordSessionProof(expired.userId, expired.id, { authTime: now, amr: ['pwd'] }, now + 1_000), null, 'expired session');
    });

    test('an MFA challenge counts attempts atomically and dies after the last allowed one', async () => {
      const store = variant.make();
      const id = `challenge-${randomUUID()}`;
      const passwordChangedAt = Date.now() - 86_400_000;
      await store.createMfaChallenge({ id, userId: 'user-1', passwordChangedAt, expiresAt: Date.now() + 60_000 });
      const counts = await Promise.all(Array.from({ length: 8 }, () => store.countMfaAttempt(id, Date.now(), 5)));
      const allowed = counts.filter((challenge) => challenge !== null);
      assert.equal(allowed.length, 5, 'exactly five of eight concurrent attempts count');
      assert.deepEqual(allowed.map((challenge) => challenge!.attempts).sort(), [1, 2, 3, 4, 5]);
      assert.ok(allowed.every((challenge) => challenge!.userId === 'user-1' && challenge!.passwordChangedAt === passwordChangedAt), 'each names the user and the password it followed');
      assert.equal(await store.countMfaAttempt(id, Date.now(), 5), null);
      assert.equal(await store.deleteMfaChallenge(id), false, 'an exhausted challenge is gone');
    });

    test('an MFA challenge is consumed once, and is gone once expired', async () => {
      const store = variant.make();
      const id = `challenge-${randomUUID()}`;
      await store.createMfaChallenge({ id, userId: 'user-2', passwordChangedAt: 0, expiresAt: Date.now() + 60_000 });
      assert.equal((await store.countMfaAttempt(id, Date.now(), 5))?.attempts, 1);
      const consumed = await Promise.all([store.deleteMfaChallenge(id), store.deleteMfaChallenge(id)]);
      assert.deepEqual(consumed.sort(), [false, true], 'of two concurrent consumers, one wins');
      assert.equal(await store.countMfaAttempt(id, Date.now(), 5), null);

      const short = `challenge-${randomUUID()}`;
      const now = Date.now();
      await store.createMfaChallenge({ id: short, userId: 'user-3', passwordChangedAt: 0, expiresAt: now + 60_000 });
      assert.equal(await store.countMfaAttempt(short, now + 60_000, 5), null, 'expired by the request time');
      assert.equal(await store.countMfaAttempt(`challenge-${randomUUID()}`, now, 5), null, 'unknown');
    });

    test('a passkey challenge is taken once, with what it is bound to: of concurrent takers, exactly one gets it', async () => {
      const store = variant.make();
      const expiresAt = Date.now() + 60_000;
      const registration: PasskeyChallenge = { id: `webauthn-${randomUUID()}`, purpose: 'register', userId: randomUUID(), sessionId: randomUUID(), expiresAt };
      const login: PasskeyChallenge = { id: `webauthn-${randomUUID()}`, purpose: 'login', binding: 'zK3x_binding-digest', expiresAt };
      await store.createPasskeyChallenge(registration);
      await store.createPasskeyChallenge(login);

      const taken = await Promise.all(Array.from({ length: 6 }, () => store.takePasskeyChallenge(registration.id, Date.now())));
      assert.deepEqual(
        taken.filter((challenge) => challenge !== null),
        [registration],
        'one of six concurrent takers gets the registration challenge, as it was stored',
      );
      assert.deepEqual(await store.takePasskeyChallenge(login.id, Date.now()), login);
      assert.equal(await store.takePasskeyChallenge(login.id, Date.now()), null, 'a challenge serves one answer');
      assert.equal(await store.takePasskeyChallenge(`webauthn-${randomUUID()}`, Date.now()), null, 'unknown');
    });

    test('a passkey challenge past its expiry is not handed out, and is gone after that', async () => {
      const store = variant.make();
      const now = Date.now();
      const challenge: PasskeyChallenge = { id: `webauthn-${randomUUID()}`, purpose: 'login', binding: 'b', expiresAt: now + 60_000 };
      await store.createPasskeyChallenge(challenge);
      assert.equal(await store.takePasskeyChallenge(challenge.id, now + 60_000), null, 'expired by the request time');
      assert.equal(await store.takePasskeyChallenge(challenge.id, now), null, 'and deleted');
    });

    test('Unicode, empty, numeric-looking and JSON-looking values survive as strings', async () => {
      const store = variant.make();
      const cases: Array<Partial<SessionRecord>> = [
        { userAgent: 'Mozilla/5.0 (日本語; Ünïcødé; 😀 👨‍👩‍👧) Safari/605.1.15 — “quotes” \\ back\\slash' },
        { userAgent: '' },
        { userAgent: '12345', userId: '42', id: '0012' },
        { userAgent: '{"role":"admin"}', userId: 'null', id: 'true' },
        { userAgent: 'T0s=' }, // valid base64 of "OK"
        { userAgent: 'OK' },
      ];
      for (const overrides of cases) {
        const session = newSession(overrides);
        await store.createSession(session);
        const rotated = expectSession(await rotate(store, session, session.currentJti), 'rotated');
        assert.equal(rotated.userAgent, session.userAgent);
        assert.equal(rotated.userId, session.userId);
        assert.equal(rotated.id, session.id);
        assert.equal(typeof rotated.userId, 'string');
        assert.equal(typeof rotated.id, 'string');
        await store.deleteSession(session.userId, session.id);
      }
    });
  });
}

/**
 * A proxy in front of the REST server at `target` that loses the reply to the first request it
 * forwards: the store has run it, then the connection drops before the client hears back.
 */
async function losingFirstReply(target: string): Promise<{ url: string; requests(): number; close(): Promise<void> }> {
  let requests = 0;
  const server = createServer(async (req, res) => {
    const count = ++requests;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = Object.fromEntries(Object.entries(req.headers).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[0] !== 'host' && entry[0] !== 'content-length'));
    const answer = await fetch(new URL(req.url ?? '/', target), { method: req.method, headers, body: Buffer.concat(chunks) });
    const body = Buffer.from(await answer.arrayBuffer());
    if (count === 1) {
      req.socket.destroy();
      return;
    }
    res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('UpstashTokenStore specifics', { skip: upstash ? false : 'no redis-server installed and TEST_REDIS_URL unset' }, () => {
  test("a rotation's reply lost at the last allowed hit: the client's retry is not counted again and gets the successor, not a refusal", async () => {
    const direct = new UpstashTokenStore({ url: upstash!.url, token: upstash!.token });
    const proxy = await losingFirstReply(upstash!.url);
    try {
      const session = newSession();
      await direct.createSession(session);
      const limit = sessionLimit(session, 1);
      const next = randomUUID();
      const result = await rotate(new UpstashTokenStore({ url: proxy.url, token: upstash!.token }), session, session.currentJti, { nextJti: next, limit });
      assert.equal(proxy.requests(), 2, 'the reply was lost and the client sent the request again');
      assert.equal(expectSession(result, 'reissued').currentJti, next, 'the rotation the lost reply carried');
      assert.equal((await rotate(direct, session, next, { limit })).status, 'limited', 'and it was counted once');
    } finally {
      await proxy.close();
    }
  });

  test('Redis itself forgets the session at expiresAt (PEXPIREAT), whatever clock the caller passes', async () => {
    const store = new UpstashTokenStore({ url: upstash!.url, token: upstash!.token });
    const createdAt = Date.now();
    const session = newSession({ createdAt, rotatedAt: createdAt, lastUsedAt: createdAt, expiresAt: createdAt + 1_000 });
    await store.createSession(session);
    await sleep(1_200);
    // `now` is the creation time, so only the key's own expiry can make this missing.
    assert.deepEqual(await rotate(store, session, session.currentJti, { now: createdAt }), { status: 'missing' });
  });

  test("the user's session index drops ended sessions and expires with the user's last session", async () => {
    const store = new UpstashTokenStore({ url: upstash!.url, token: upstash!.token });
    const redis = new Redis({ url: upstash!.url, token: upstash!.token, automaticDeserialization: false });
    const userId = `frank-${randomUUID()}`;
    const index = `auth:{${userId}}:sessions`;
    const short = newSession({ userId, expiresAt: Date.now() + 300 });
    const early = newSession({ userId, expiresAt: Date.now() + HOUR });
    const late = newSession({ userId, expiresAt: Date.now() + 2 * HOUR });
    await store.createSession(short);
    await store.createSession(late);
    await store.createSession(early);
    const ttl = await redis.pttl(index);
    assert.ok(ttl > 2 * HOUR - 60_000 && ttl <= 2 * HOUR, `index should live as long as the last session, has ${ttl} ms`);

    await store.deleteSession(userId, early.id);
    await sleep(400);
    // Creating another session prunes the one that expired meanwhile.
    const next = newSession({ userId });
    await store.createSession(next);
    assert.deepEqual((await redis.zrange(index, 0, -1)).sort(), [late.id, next.id].sort());

    assert.equal(await store.deleteUserSessions(userId), 2);
    assert.equal(await redis.exists(index), 0);
  });

  test('a session written before authTime and amr existed reads as a password login made at its creation', async () => {
    const store = new UpstashTokenStore({ url: upstash!.url, token: upstash!.token });
    const redis = new Redis({ url: upstash!.url, token: upstash!.token, automaticDeserialization: false });
    const session = newSession({ createdAt: Date.now() - 60_000 });
    await store.createSession(session);
    await redis.hdel(`auth:{${session.userId}}:session:${session.id}`, 'authTime', 'amr');
    const rotated = expectSession(await rotate(store, session, session.currentJti), 'rotated');
    assert.deepEqual([rotated.authTime, rotated.amr], [session.createdAt, ['pwd']]);
  });

  test('Redis itself forgets an MFA challenge at its expiry', async () => {
    const store = new UpstashTokenStore({ url: upstash!.url, token: upstash!.token });
    const id = `challenge-${randomUUID()}`;
    const now = Date.now();
    await store.createMfaChallenge({ id, userId: 'user-4', passwordChangedAt: 0, expiresAt: now + 500 });
    await sleep(700);
    // `now` is the creation time, so only the key's own expiry can make this missing.
    assert.equal(await store.countMfaAttempt(id, now, 5), null);
  });

  test('an MFA challenge stored without the password it followed (by an older version) ends at its first code', async () => {
    const store = new UpstashTokenStore({ url: upstash!.url, token: upstash!.token });
    const redis = new Redis({ url: upstash!.url, token: upstash!.token, automaticDeserialization: false });
    const id = `challenge-${randomUUID()}`;
    const now = Date.now();
    await store.createMfaChallenge({ id, userId: 'user-5', passwordChangedAt: now, expiresAt: now + 60_000 });
    await redis.hdel(`auth:mfa:{${id}}`, 'passwordChangedAt');
    assert.equal(await store.countMfaAttempt(id, now, 5), null);
    assert.equal(await redis.exists(`auth:mfa:{${id}}`), 0, 'and is deleted');
  });

  test('Redis itself forgets a passkey challenge at its expiry', async () => {
    const store = new UpstashTokenStore({ url: upstash!.url, token: upstash!.token });
    const now = Date.now();
    const challenge: PasskeyChallenge = { id: `webauthn-${randomUUID()}`, purpose: 'register', userId: '42', sessionId: '0012', expiresAt: now + 500 };
    await store.createPasskeyChallenge(challenge);
    await sleep(700);
    assert.equal(await store.takePasskeyChallenge(challenge.id, now), null);
  });

  test('a passkey challenge keeps numeric-looking ids as strings', async () => {
    const store = new UpstashTokenStore({ url: upstash!.url, token: upstash!.token });
    const challenge: PasskeyChallenge = { id: `webauthn-${randomUUID()}`, purpose: 'register', userId: '42', sessionId: '0012', expiresAt: Date.now() + 60_000 };
    await store.createPasskeyChallenge(challenge);
    assert.deepEqual(await store.takePasskeyChallenge(challenge.id, Date.now()), challenge);
  });

  test('a store pointed at a closed port rejects with BackendUnavailableError', async () => {
    const store = new UpstashTokenStore({ url: 'http://127.0.0.1:1', token: 'unused' });
    const session = newSession();
    const isUnavailable = (error: unknown) => {
      assert.ok(error instanceof BackendUnavailableError, `expected BackendUnavailableError, got ${String(error)}`);
      assert.equal(error.backend, 'token store');
      return true;
    };
    await assert.rejects(store.ping(), isUnavailable);
    await assert.rejects(store.createSession(session), isUnavailable);
    await assert.rejects(rotate(store, session, session.currentJti), isUnavailable);
    await assert.rejects(store.deleteSession(session.userId, session.id), isUnavailable);
  });

  test('a wrong token is refused by the server and surfaces as BackendUnavailableError, not as a session answer', async () => {
    const store = new UpstashTokenStore({ url: upstash!.url, token: 'wrong-token' });
    const session = newSession();
    await assert.rejects(store.ping(), BackendUnavailableError);
    await assert.rejects(rotate(store, session, session.currentJti), BackendUnavailableError);
  });
});
