import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { z } from 'zod';
import { bodyOf, signedInBody } from '../support/bodies';
import { assertError } from '../support/api-checks';
import { call, signUp } from '../support/client';
import { describeEachDatabase } from '../support/database';
import { } from '../support/lifecycle';
import { waitFor } from '../support/ports';

const CRON_SECRET = randomBytes(24).toString('base64url');
const BATCH = 1_000;
const BATCHES_PER_RUN = 5;
const OLD = "now() - interval '200 days'";

const PruneBody = z.object({ success: z.literal(true), events: z.number(), resetLinks: z.number(), emailLinks: z.number(), finished: z.boolean() });
const Count = z.array(z.object({ count: z.coerce.number() })).transform((rows) => rows[0]?.count ?? NaN);
const digest = () => randomBytes(32).toString('hex');

describeEachDatabase('retention: the scheduled prune', { CRON_SECRET }, (server) => {
  const app = () => server().app();
  const prune = (authorization?: string) => call(app(), 'GET', '/api/cron/prune', { headers: authorization ? { authorization } : {} });

  test('GET /api/cron/prune answers the scheduler\'s secret only, compared whole; an access token is not it', async () => {
    const missing = await prune();
    assertError(missing, 401, 'missing_token', 'no Authorization');
    assert.equal(missing.headers.get('www-authenticate'), 'Bearer realm="api"');
    assertError(await prune(`Basic ${Buffer.from(`cron:${CRON_SECRET}`).toString('base64')}`), 401, 'missing_token', 'not a Bearer');
    for (const wrong of [`${CRON_SECRET}x`, CRON_SECRET.slice(0, -1), CRON_SECRET.toUpperCase(), 'x'.repeat(2000)]) {
      assertError(await prune(`Bearer ${wrong}`), 401, 'invalid_token', 'a wrong secret');
    }
    const { accessToken } = await signUp(app());
    assertError(await prune(`Bearer ${accessToken}`), 401, 'invalid_token', 'a user\'s access token');
    const post = await call(app(), 'POST', '/api/cron/prune', { headers: { authorization: `Bearer ${CRON_SECRET}` } });
    assertError(post, 405, 'method_not_allowed', 'POST');
    assert.equal(post.headers.get('allow'), 'GET, OPTIONS');
    const ok = await prune(`Bearer ${CRON_SECRET}`);
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    bodyOf(ok, PruneBody);
  });

  test('one run deletes at most 5 batches of 1,000 old events; repeated runs finish; recent events stay; links go a week after their end, used or not', async () => {
    const signedUp = bodyOf((await signUp(app())).response, signedInBody);
    const owner = randomUUID();
    // A link used or expired lately stays, so its page can say so; one whose end is over a week old goes.
    const links = {
      liveReset: digest(),
      usedReset: digest(),
      expiredReset: digest(),
      oldUsedReset: digest(),
      oldReset: digest(),
      liveLink: digest(),
      usedLink: digest(),
      expiredLink: digest(),
      oldUsedLink: digest(),
      oldLink: digest(),
    };
    const [, , , , oldBefore] = await server().sql([
      {
        query: `insert into security_events (type, user_id, created_at) select 'login', $1, ${OLD} - g * interval '1 second' from generate_series(1, $2::int) g`,
        params: [owner, BATCH * BATCHES_PER_RUN + BATCH + 7],
      },
      { query: "insert into security_events (type, user_id, created_at) select 'login', $1, now() - interval '179 days' from generate_series(1, 3)", params: [owner] },
      {
        query: `insert into password_reset_tokens (user_id, token_hash, expires_at, used_at) values
          ($1, $2, now() + interval '20 minutes', null), ($1, $3, now() + interval '20 minutes', now()), ($1, $4, now() - interval '1 minute', null),
          ($1, $5, now() - interval '8 days', now() - interval '8 days 10 minutes'), ($1, $6, now() - interval '8 days', null)`,
        params: [signedUp.user.id, links.liveReset, links.usedReset, links.expiredReset, links.oldUsedReset, links.oldReset],
      },
      {
        query: `insert into email_links (user_id, purpose, email, token_hash, expires_at, used_at) values
          ($1, 'change', $3, $4, now() + interval '1 day', null), ($1, 'verify', $2, $5, now() + interval '1 day', now()), ($1, 'verify', $2, $6, now() - interval '1 minute', null),
          ($1, 'verify', $2, $7, now() - interval '8 days', now() - interval '8 days 1 hour'), ($1, 'verify', $2, $8, now() - interval '8 days', null)`,
        params: [signedUp.user.id, signedUp.user.email, `new-${randomUUID()}@example.com`, links.liveLink, links.usedLink, links.expiredLink, links.oldUsedLink, links.oldLink],
      },
      { query: "select count(*) from security_events where created_at < now() - interval '180 days'" },
    ]);
    const old = Count.parse(oldBefore);
    assert.ok(old > BATCH * BATCHES_PER_RUN, `more old events than one run deletes: ${old}`);

    const first = bodyOf(await prune(`Bearer ${CRON_SECRET}`), PruneBody, 'the first run');
    assert.equal(first.events, BATCH * BATCHES_PER_RUN, 'the first run stops at its bound');
    assert.equal(first.finished, false, 'and says there is more');
    assert.ok(first.resetLinks >= 2 && first.emailLinks >= 2, `links a week past their end go: ${JSON.stringify(first)}`);
    const [leftAfterOne] = await server().sql([{ query: "select count(*) from security_events where created_at < now() - interval '180 days'" }]);
    assert.equal(Count.parse(leftAfterOne), old - BATCH * BATCHES_PER_RUN, 'exactly the bound went');

    const second = bodyOf(await prune(`Bearer ${CRON_SECRET}`), PruneBody, 'the second run');
    assert.deepEqual([second.events, second.finished], [old - BATCH * BATCHES_PER_RUN, true]);
    const third = bodyOf(await prune(`Bearer ${CRON_SECRET}`), PruneBody, 'the third run');
    assert.deepEqual(third, { success: true, events: 0, resetLinks: 0, emailLinks: 0, finished: true });

    const [ownerEvents, resets, emailLinks] = await server().sql([
      { query: "select count(*) filter (where created_at < now() - interval '180 days') as old, count(*) as all from security_events where user_id = $1", params: [owner] },
      { query: "select token_hash from password_reset_tokens where token_hash = any(string_to_array($1, ',')) order by token_hash", params: [Object.values(links).join(',')] },
      { query: "select token_hash from email_links where token_hash = any(string_to_array($1, ',')) order by token_hash", params: [Object.values(links).join(',')] },
    ]);
    assert.deepEqual(z.array(z.object({ old: z.coerce.number(), all: z.coerce.number() })).parse(ownerEvents), [{ old: 0, all: 3 }], 'the events within EVENT_RETENTION stay');
    const kept = (...hashes: string[]) => hashes.toSorted();
    assert.deepEqual(resets.map((row) => row.token_hash), kept(links.liveReset, links.usedReset, links.expiredReset), 'reset links within a week of their end stay, older ones go');
    assert.deepEqual(emailLinks.map((row) => row.token_hash), kept(links.liveLink, links.usedLink, links.expiredLink), 'email links within a week of their end stay, older ones go');
  });
});

describeEachDatabase('retention during traffic', { PRUNE_INTERVAL: '2s' }, (server) => {
  const app = () => server().app();

  test('a running server prunes after its responses, once PRUNE_INTERVAL has passed; without CRON_SECRET the cron route does not exist', async () => {
    assertError(await call(app(), 'GET', '/api/cron/prune', { headers: { authorization: 'Bearer anything-at-all-here' } }), 404, 'not_found', 'no CRON_SECRET');
    const signedUp = bodyOf((await signUp(app())).response, signedInBody);
    await server().sql([
      { query: `insert into security_events (type, user_id, created_at) select 'login', $1, ${OLD} - g * interval '1 minute' from generate_series(1, 5) g`, params: [signedUp.user.id] },
    ]);
    const Events = z.object({ events: z.array(z.object({ createdAt: z.string() })) });
    const cutoff = Date.now() - 180 * 86_400_000;
    const oldOnes = async () => bodyOf(await call(app(), 'GET', '/api/auth/events?limit=100', { token: signedUp.accessToken }), Events).events.filter((event) => Date.parse(event.createdAt) < cutoff).length;
    assert.equal(await oldOnes(), 5, 'the old events are there at first');
    // Each look is traffic too: one of them, PRUNE_INTERVAL after the first, starts the prune.
    await waitFor(async () => (await oldOnes()) === 0, 'the old events to be pruned during traffic', 20_000);
  });
});
