import assert from 'node:assert/strict';
import { test } from 'node:test';
import { call, newUser, signUp, type ApiResponse } from '../support/client';
import { describeEachSetup } from '../support/setups';

// At cost 12 one bcrypt takes about 400 ms on this project's 2-core machine (decision 003) and
// over 100 ms anywhere, so 80 at once overflow a queue bounded to what at most 4 workers finish in
// 2.5 s. Without the bound the last of them waited for all the others: 16 s for 40 here.
const FLOOD = 80;
// "A few seconds": the 2.5 s of queue the pool allows, plus the request's own work, which an
// 80-request burst on a shared 2-core machine can stretch by seconds.
const SLOWEST_ANSWER_MS = 6_000;
// A refusal waits for no bcrypt, only for its turn through the request's checks and look-up.
const SLOWEST_REFUSAL_MS = 3_000;
const BUSY = { success: false, code: 'unavailable', message: 'The server is busy; try again in a few seconds' };

type Timed = ApiResponse & { ms: number };

async function timed(request: Promise<ApiResponse>): Promise<Timed> {
  const started = performance.now();
  const response = await request;
  return { ...response, ms: performance.now() - started };
}

function assertBoundedFlood(answers: Timed[], expectedSuccess: number) {
  console.log(JSON.stringify(answers.map((a) => [a.status, Math.round(a.ms)])));
  const refused = answers.filter((answer) => answer.status === 503);
  const other = answers.filter((answer) => answer.status !== 503);
  const summary = `${refused.length} refused, statuses ${[...new Set(answers.map((answer) => answer.status))]}, slowest ${Math.round(Math.max(...answers.map((answer) => answer.ms)))} ms`;
  assert.ok(refused.length > 0, `a full queue refuses: ${summary}`);
  for (const answer of refused) {
    assert.deepEqual(answer.body, BUSY);
    assert.match(answer.headers.get('retry-after') ?? '', /^[1-9]\d*$/);
    assert.ok(answer.ms < SLOWEST_REFUSAL_MS, `a refusal came at once, not after ${Math.round(answer.ms)} ms`);
  }
  for (const answer of other) assert.equal(answer.status, expectedSuccess, JSON.stringify(answer.body));
  for (const answer of answers) assert.ok(answer.ms < SLOWEST_ANSWER_MS, `no answer waits more than a few seconds: ${summary}`);
}

describeEachSetup('the password-hashing queue is bounded', { BCRYPT_COST: '12' }, (app) => {
  test('a login flood: some refused at once with 503 and Retry-After, nobody waits long, a real login right after works', async () => {
    const { user } = await signUp(app());
    const unknown = Array.from({ length: FLOOD - 5 }, (_, i) => ({ email: `nobody-${i}-${crypto.randomUUID()}@example.com`, password: 'wrong-password-1' }));
    // Last in line, so some are refused: a known account with a wrong password is refused exactly
    // like an unknown email (both cost one bcrypt), which tells nothing about who has an account.
    const known = Array.from({ length: 5 }, () => ({ email: user.email, password: 'wrong-password-2' }));
    const answers = await Promise.all([...unknown, ...known].map((json) => timed(call(app(), 'POST', '/api/auth/login', { json }))));

    assertBoundedFlood(answers, 401);
    for (const answer of answers.filter((a) => a.status === 401)) assert.equal(answer.body.code, 'invalid_credentials');
    const knownStatuses = new Set(answers.slice(unknown.length).map((answer) => answer.status));
    assert.ok(knownStatuses.has(503), 'logins for an existing account are refused too');

    const real = await timed(call(app(), 'POST', '/api/auth/login', { json: { email: user.email, password: user.password } }));
    assert.equal(real.status, 200, JSON.stringify(real.body));
  });

  test('sign-ups go through the same bound, and a refused one leaves no account behind', async () => {
    const people = Array.from({ length: FLOOD / 2 }, () => newUser());
    const answers = await Promise.all(people.map((json) => timed(call(app(), 'POST', '/api/auth/register', { json }))));
    assertBoundedFlood(answers, 201);
    const refused = people.find((_, i) => answers[i]!.status === 503)!;
    assert.equal((await call(app(), 'POST', '/api/auth/register', { json: refused })).status, 201, 'the refused email is still free');
  });
});
