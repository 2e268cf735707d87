import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';

// The cursor's key comes from the one configuration, which needs its secrets.
process.env.JWT_SECRET ??= 'unit-test-access-secret-0123456789abcdef0123';
process.env.REFRESH_TOKEN_SECRET ??= 'unit-test-refresh-secret-0123456789abcdef012';
const { decodeCursor, encodeCursor, readPageRequest, toPage, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } = await import('../../lib/http/pagination');
const { isApiError } = await import('../../lib/http/errors');

const position = { createdAt: '2026-12-01T10:11:12.123456Z', id: randomUUID() };
const request = (query: string) => new Request(`http://localhost/api/projects${query}`);

function refusedOn(field: string, run: () => unknown) {
  assert.throws(run, (error: unknown) => {
    assert.ok(isApiError(error));
    assert.equal(error.status, 400);
    assert.equal(error.code, 'validation_error');
    assert.equal(typeof error.extra.fields?.[field], 'string', JSON.stringify(error.extra.fields));
    return true;
  });
}

describe('list cursors', () => {
  test('a cursor names its position, to the microsecond, for its own list only', () => {
    const cursor = encodeCursor('projects', position);
    assert.match(cursor, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/, 'base64url, URL-safe as it is');
    assert.deepEqual(decodeCursor('projects', cursor), position);
    for (const other of ['employees', 'users', 'user-events', 'events'] as const) assert.equal(decodeCursor(other, cursor), null, other);
  });

  test('any change to a cursor, or a made-up one, is refused', () => {
    const cursor = encodeCursor('projects', position);
    for (let index = 0; index < cursor.length; index++) {
      if (cursor[index] === '.') continue;
      const changed = `${cursor.slice(0, index)}${cursor[index] === 'A' ? 'B' : 'A'}${cursor.slice(index + 1)}`;
      assert.equal(decodeCursor('projects', changed), null, `character ${index}`);
    }
    const forge = (createdAt: string, id: string) => `${Buffer.from(`${createdAt}~${id}`).toString('base64url')}.${cursor.split('.')[1]}`;
    assert.equal(decodeCursor('projects', forge('2027-01-01T00:00:00.000000Z', position.id)), null, 'another position under the same tag');
    for (const junk of ['', '.', 'abc', `${cursor}.x`, 'x'.repeat(500), forge('yesterday', position.id), forge(position.createdAt, "' or 1=1 --")]) {
      assert.equal(decodeCursor('projects', junk), null, junk.slice(0, 30));
    }
  });

  test('security events take their numeric ids; every other list, UUIDs', () => {
    const event = { createdAt: position.createdAt, id: '12345' };
    assert.deepEqual(decodeCursor('events', encodeCursor('events', event)), event);
    assert.equal(decodeCursor('projects', encodeCursor('projects', event)), null, 'not a UUID');
    assert.equal(decodeCursor('events', encodeCursor('events', position)), null, 'not a number');
  });
});

describe('page requests', () => {
  test('limit is 1 to 100, 50 when absent', () => {
    assert.deepEqual(readPageRequest(request(''), 'projects'), { limit: DEFAULT_PAGE_SIZE, after: null });
    assert.equal(readPageRequest(request('?limit=1'), 'projects').limit, 1);
    assert.equal(readPageRequest(request(`?limit=${MAX_PAGE_SIZE}`), 'projects').limit, 100);
    for (const limit of ['0', '101', '-1', 'abc', '1.5', '', '1e2', '%205', '0x10', '1000']) refusedOn('limit', () => readPageRequest(request(`?limit=${limit}`), 'projects'));
    refusedOn('limit', () => readPageRequest(request('?limit=1&limit=1'), 'projects'));
  });

  test('cursor is one of this list\'s, given once', () => {
    const cursor = encodeCursor('projects', position);
    assert.deepEqual(readPageRequest(request(`?cursor=${cursor}&limit=2`), 'projects'), { limit: 2, after: position });
    refusedOn('cursor', () => readPageRequest(request(`?cursor=${cursor}`), 'employees'));
    refusedOn('cursor', () => readPageRequest(request('?cursor='), 'projects'));
    refusedOn('cursor', () => readPageRequest(request(`?cursor=${cursor}&cursor=${cursor}`), 'projects'));
  });

  test('a page keeps `limit` rows and has a next cursor only when a further row was read', () => {
    const rows = [1, 2, 3].map((n) => ({ n, createdAt: position.createdAt, id: randomUUID() }));
    const full = toPage('projects', rows, 2, (row) => row, (row) => row.n);
    assert.deepEqual(full.items, [1, 2]);
    assert.deepEqual(decodeCursor('projects', full.nextCursor!), { createdAt: position.createdAt, id: rows[1]!.id }, 'the last row kept');
    assert.deepEqual(toPage('projects', rows.slice(0, 2), 2, (row) => row, (row) => row.n), { items: [1, 2], nextCursor: null });
    assert.deepEqual(toPage('projects', [], 2, (row: (typeof rows)[number]) => row, (row) => row.n), { items: [], nextCursor: null });
  });
});
