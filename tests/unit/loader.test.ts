import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ApiRequestError } from '../../lib/client/auth-client';
import { Loader, RETRY_DELAYS_MS, FRESH_FOR_MS, LOAD_TIMEOUT_MS, isTransient, type Loaded } from '../../lib/client/loader';
import { networkMessage } from '../../lib/client/problem-message';

/** A clock the test moves by hand: timers run when it passes them, never by themselves. */
class ManualClock {
  time = 0;
  private timers: { at: number; run: () => void; id: number }[] = [];
  private nextId = 0;

  schedule = (run: () => void, ms: number) => {
    const id = this.nextId++;
    this.timers.push({ at: this.time + ms, run, id });
    return () => {
      this.timers = this.timers.filter((timer) => timer.id !== id);
    };
  };

  now = () => this.time;

  get pending(): number {
    return this.timers.length;
  }

  async advance(ms: number): Promise<void> {
    const until = this.time + ms;
    for (;;) {
      const due = this.timers.filter((timer) => timer.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((timer) => timer !== due);
      this.time = due.at;
      due.run();
      await settle();
    }
    this.time = until;
    await settle();
  }
}

/** Lets the promise callbacks of answered requests run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** A fake API: each request waits until the test answers it. */
class FakeServer<T> {
  readonly requests: { signal: AbortSignal; resolve: (data: T) => void; reject: (error: unknown) => void }[] = [];

  load = (signal: AbortSignal) =>
    new Promise<T>((resolve, reject) => {
      this.requests.push({ signal, resolve, reject });
      signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
    });

  get last() {
    const request = this.requests.at(-1);
    assert.ok(request, 'a request was sent');
    return request;
  }

  async answer(data: T) {
    this.last.resolve(data);
    await settle();
  }

  async fail(error: unknown = new TypeError('Failed to fetch')) {
    this.last.reject(error);
    await settle();
  }
}

const refused = (status: number, message = 'Refused') => new ApiRequestError({ status, code: 'not_found', message });

function setUp<T>(options: { freshForMs?: number; loadTimeoutMs?: number } = {}) {
  const clock = new ManualClock();
  const server = new FakeServer<T>();
  const loader = new Loader<T>({ load: server.load, schedule: clock.schedule, now: clock.now, ...options });
  const states: Loaded<T>[] = [];
  loader.subscribe(() => states.push(loader.state));
  return { clock, server, loader, states };
}

/** Fails the load under way and every retry after it, until the loader gives up. */
async function failEveryAttempt<T>(clock: ManualClock, server: FakeServer<T>): Promise<void> {
  for (const delay of RETRY_DELAYS_MS) {
    await server.fail();
    await clock.advance(delay);
  }
  await server.fail();
}

const FULL_BACKOFF = RETRY_DELAYS_MS.reduce((sum, delay) => sum + delay, 0);

describe('Loader', () => {
  test('a failed first load is retried after 1, 2 and 4 seconds, showing loading meanwhile, then shows the failure and stops', async () => {
    assert.deepEqual(RETRY_DELAYS_MS, [1_000, 2_000, 4_000]);
    const { clock, server, loader } = setUp<string[]>();
    loader.start();
    const sentAt: number[] = [];
    for (let attempt = 0; attempt <= RETRY_DELAYS_MS.length; attempt++) {
      sentAt.push(clock.time);
      assert.equal(server.requests.length, attempt + 1);
      await server.fail();
      if (attempt < RETRY_DELAYS_MS.length) {
        assert.deepEqual(loader.state, { state: 'loading' }, 'still loading while it retries');
        await clock.advance(RETRY_DELAYS_MS[attempt]!);
      }
    }
    assert.deepEqual(sentAt, [0, 1_000, 3_000, 7_000]);
    assert.deepEqual(loader.state, { state: 'failed', message: networkMessage(), notFound: false });
    await clock.advance(10 * 60_000);
    assert.equal(server.requests.length, 4, 'no request after the last retry');
    assert.equal(clock.pending, 0);
  });

  test('a server that never answers is given up on after the timeout and retried, then shown as unreachable', async () => {
    assert.equal(LOAD_TIMEOUT_MS, 15_000);
    const { clock, server, loader } = setUp<string[]>({ loadTimeoutMs: 20 });
    loader.start();
    for (let attempt = 0; attempt <= RETRY_DELAYS_MS.length; attempt++) {
      assert.equal(server.requests.length, attempt + 1);
      const request = server.last;
      await new Promise((resolve) => setTimeout(resolve, 40));
      await settle();
      assert.equal(request.signal.aborted, true, `attempt ${attempt + 1} was abandoned after its timeout`);
      await clock.advance(RETRY_DELAYS_MS[attempt] ?? 0);
    }
    assert.deepEqual(loader.state, { state: 'failed', message: networkMessage(), notFound: false });
    assert.equal(server.requests.length, RETRY_DELAYS_MS.length + 1);
  });

  test('a retry that gets through shows the data', async () => {
    const { clock, server, loader } = setUp<string[]>();
    loader.start();
    await server.fail(refused(503, 'The service is unavailable'));
    await clock.advance(1_000);
    await server.answer(['a project']);
    assert.deepEqual(loader.state, { state: 'ready', data: ['a project'] });
    assert.equal(clock.pending, 0);
  });

  test('a refusal that would be the same next time (404, 403) is shown at once, without retries', async () => {
    for (const [status, notFound] of [
      [404, true],
      [403, false],
    ] as const) {
      const { clock, server, loader } = setUp<string[]>();
      loader.start();
      await server.fail(refused(status));
      assert.deepEqual(loader.state, { state: 'failed', message: 'Refused', notFound });
      await clock.advance(FULL_BACKOFF);
      assert.equal(server.requests.length, 1);
    }
    assert.equal(isTransient(refused(429)), true);
    assert.equal(isTransient(refused(500)), true);
    assert.equal(isTransient(refused(401)), false);
  });

  test('Try again loads at once with a fresh set of retries, showing loading', async () => {
    const { clock, server, loader } = setUp<string[]>();
    loader.start();
    await failEveryAttempt(clock, server);
    assert.equal(loader.state.state, 'failed');
    loader.reload();
    assert.deepEqual(loader.state, { state: 'loading' });
    assert.equal(server.requests.length, 5);
    await server.fail();
    await clock.advance(1_000);
    assert.equal(server.requests.length, 6, 'retried again');
    await server.answer(['back']);
    assert.deepEqual(loader.state, { state: 'ready', data: ['back'] });
  });

  test('the page coming back after the retries gave up loads again and recovers, keeping the failure on screen meanwhile', async () => {
    const { clock, server, loader } = setUp<string[]>();
    loader.start();
    await failEveryAttempt(clock, server);
    loader.refresh();
    assert.equal(server.requests.length, 5);
    assert.equal(loader.state.state, 'failed');
    loader.refresh();
    loader.refresh();
    assert.equal(server.requests.length, 5, 'one request at a time, however many events arrive');
    await server.answer(['recovered']);
    assert.deepEqual(loader.state, { state: 'ready', data: ['recovered'] });
  });

  test('coming back during the wait for a retry loads at once instead of waiting', async () => {
    const { clock, server, loader } = setUp<string[]>();
    loader.start();
    await server.fail();
    await clock.advance(1_000);
    await server.fail();
    assert.equal(clock.pending, 1);
    loader.refresh();
    assert.equal(server.requests.length, 3);
    assert.equal(clock.pending, 0, 'the waiting retry is cancelled');
    await server.answer(['now']);
    assert.deepEqual(loader.state, { state: 'ready', data: ['now'] });
  });

  test('data on screen is refreshed when the page comes back, unless fresh or extended; a failed refresh keeps it', async () => {
    const { clock, server, loader } = setUp<string[]>();
    loader.start();
    await server.answer(['one']);
    loader.refresh();
    assert.equal(server.requests.length, 1, `fresh for ${FRESH_FOR_MS} ms`);

    await clock.advance(FRESH_FOR_MS);
    loader.refresh();
    assert.equal(server.requests.length, 2);
    await server.answer(['one', 'two']);
    assert.deepEqual(loader.state, { state: 'ready', data: ['one', 'two'] });

    await clock.advance(FRESH_FOR_MS);
    loader.refresh();
    await failEveryAttempt(clock, server);
    assert.deepEqual(loader.state, { state: 'ready', data: ['one', 'two'] }, 'the server being away does not hide the list');

    await clock.advance(FRESH_FOR_MS);
    loader.extend((data) => [...data, 'page two']);
    const sent = server.requests.length;
    loader.refresh();
    assert.equal(server.requests.length, sent, 'pages the person asked for are not thrown away');
    loader.reload();
    assert.equal(server.requests.length, sent + 1, 'Try again still loads');
  });

  test('pages asked for while a refresh is under way stay: the refresh is abandoned, but not a reload', async () => {
    const { clock, server, loader } = setUp<string[]>();
    loader.start();
    await server.answer(['one']);
    await clock.advance(FRESH_FOR_MS);
    loader.refresh();
    const refresh = server.last;
    loader.extend((data) => [...data, 'page two']);
    assert.equal(refresh.signal.aborted, true, 'the refresh sent before the page was asked for');
    refresh.resolve(['one']);
    await settle();
    assert.deepEqual(loader.state, { state: 'ready', data: ['one', 'page two'] }, 'its late answer does not take the page away');

    await clock.advance(FRESH_FOR_MS);
    loader.reload();
    const reload = server.last;
    loader.extend((data) => [...data, 'page three']);
    assert.equal(reload.signal.aborted, false, 'Try again, or a write, still starts the list again');
    await server.answer(['one']);
    assert.deepEqual(loader.state, { state: 'ready', data: ['one'] });
  });

  test('a refresh waiting to retry is called off by a page asked for', async () => {
    const { clock, server, loader } = setUp<string[]>();
    loader.start();
    await server.answer(['one']);
    await clock.advance(FRESH_FOR_MS);
    loader.refresh();
    await server.fail();
    assert.equal(clock.pending, 1, 'a retry waits');
    loader.extend((data) => [...data, 'page two']);
    assert.equal(clock.pending, 0);
    await clock.advance(FULL_BACKOFF);
    assert.equal(server.requests.length, 2, 'nothing more is sent');
    assert.deepEqual(loader.state, { state: 'ready', data: ['one', 'page two'] });
  });

  test('a write over an error or a load under way shows the refreshed list', async () => {
    const { clock, server, loader } = setUp<string[]>();
    loader.start();
    await failEveryAttempt(clock, server);
    assert.equal(loader.state.state, 'failed');

    loader.update((data) => ['created', ...data]);
    assert.deepEqual(loader.state, { state: 'loading' });
    assert.equal(server.requests.length, 5);
    await server.answer(['created', 'older']);
    assert.deepEqual(loader.state, { state: 'ready', data: ['created', 'older'] });

    await clock.advance(FRESH_FOR_MS);
    loader.refresh();
    const before = server.last;
    loader.update((data) => ['second', ...data]);
    assert.deepEqual(loader.state, { state: 'ready', data: ['second', 'created', 'older'] }, 'in place at once');
    assert.equal(before.signal.aborted, true, 'the load sent before the write is abandoned');
    before.resolve(['created', 'older']);
    await settle();
    assert.deepEqual(loader.state, { state: 'ready', data: ['second', 'created', 'older'] }, 'its late answer undoes nothing');
    await server.answer(['second', 'created', 'older']);
    assert.equal(server.requests.length, 7);
  });

  test('a write while the first load is still retrying loads at once', async () => {
    const { server, loader, clock } = setUp<string[]>();
    loader.start();
    await server.fail();
    loader.update((data) => ['created', ...data]);
    assert.equal(server.requests.length, 2);
    assert.equal(clock.pending, 0);
    await server.answer(['created']);
    assert.deepEqual(loader.state, { state: 'ready', data: ['created'] });
  });

  test('stop aborts the request under way and cancels the waiting retry; nothing is sent after it', async () => {
    const { clock, server, loader, states } = setUp<string[]>();
    loader.start();
    const first = server.last;
    loader.stop();
    assert.equal(first.signal.aborted, true);
    await settle();

    loader.start();
    await server.fail();
    assert.equal(clock.pending, 1);
    loader.stop();
    assert.equal(clock.pending, 0);
    loader.refresh();
    loader.reload();
    loader.update((data) => data);
    await clock.advance(FULL_BACKOFF);
    assert.equal(server.requests.length, 2);
    assert.deepEqual(states, [], 'an aborted request changes nothing on screen');
  });
});
