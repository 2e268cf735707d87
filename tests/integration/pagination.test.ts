import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { z } from 'zod';
import { bodyOf } from '../support/bodies';
import { assertFieldError } from '../support/api-checks';
import type { AppServer } from '../support/app-server';
import { call, signUp } from '../support/client';
import { adminEnv, signUpAs, type SignedIn } from '../support/roles';
import { describeEachSetup } from '../support/setups';

// Unique per run: the real-services set-up keeps its users between runs.
const ADMIN_EMAIL = `pages-admin-${randomUUID()}@example.com`;

type ListKey = 'projects' | 'employees' | 'users' | 'events';

const PageBody = z.object({ success: z.literal(true), nextCursor: z.string().nullable() }).catchall(z.unknown());
const Rows = z.array(z.object({ id: z.union([z.string(), z.number()]) }));

async function page(app: AppServer, path: string, key: ListKey, token: string, query: Record<string, string> = {}): Promise<{ ids: string[]; nextCursor: string | null }> {
  const search = new URLSearchParams(query).toString();
  const res = await call(app, 'GET', search ? `${path}?${search}` : path, { token });
  const body = bodyOf(res, PageBody, `${path}?${search}`);
  return { ids: Rows.parse(body[key]).map((row) => String(row.id)), nextCursor: body.nextCursor };
}

const createProject = async (app: AppServer, token: string, name: string) =>
  bodyOf(await call(app, 'POST', '/api/projects', { token, json: { name } }), z.object({ project: z.object({ id: z.string() }) })).project.id;

/** `cursor` with the character at `index` replaced by another base64url character. */
const altered = (cursor: string, index: number) => `${cursor.slice(0, index)}${cursor[index] === 'A' ? 'B' : 'A'}${cursor.slice(index + 1)}`;

describeEachSetup('cursor pagination', adminEnv(ADMIN_EMAIL), (app) => {
  test('projects come newest first, a page at a time; projects added between pages neither repeat nor push others off; the last page says nextCursor null', async () => {
    const { accessToken: token } = await signUp(app());
    const made: string[] = [];
    for (let i = 1; i <= 5; i++) made.push(await createProject(app(), token, `Project ${i}`));
    const [p1, p2, p3, p4, p5] = made;

    const first = await page(app(), '/api/projects', 'projects', token, { limit: '2' });
    assert.deepEqual(first.ids, [p5, p4]);
    assert.ok(first.nextCursor);
    const p6 = await createProject(app(), token, 'Added after the first page');
    const second = await page(app(), '/api/projects', 'projects', token, { limit: '2', cursor: first.nextCursor });
    assert.deepEqual(second.ids, [p3, p2], 'the new project does not push p3 onto a later page, nor repeat p4');
    const p7 = await createProject(app(), token, 'Added after the second page');
    const last = await page(app(), '/api/projects', 'projects', token, { limit: '2', cursor: second.nextCursor! });
    assert.deepEqual(last.ids, [p1]);
    assert.equal(last.nextCursor, null, 'the last page');

    const all = await page(app(), '/api/projects', 'projects', token);
    assert.deepEqual(all.ids, [p7, p6, p5, p4, p3, p2, p1], 'the default page holds them all, newest first');
    assert.equal(all.nextCursor, null);
    const exact = await page(app(), '/api/projects', 'projects', token, { limit: '7' });
    assert.equal(exact.nextCursor, null, 'a page that ends exactly at the last row says so');
  });

  test('the default page is 50 and 100 is the most; another user\'s cursor shows only the caller\'s own rows', async () => {
    const { accessToken: token } = await signUp(app());
    const made: string[] = [];
    for (let i = 0; i < 51; i++) made.push(await createProject(app(), token, `Bulk ${i}`));
    const first = await page(app(), '/api/projects', 'projects', token);
    assert.equal(first.ids.length, 50);
    assert.ok(first.nextCursor);
    const rest = await page(app(), '/api/projects', 'projects', token, { cursor: first.nextCursor });
    assert.deepEqual(rest, { ids: [made[0]], nextCursor: null });
    assert.equal((await page(app(), '/api/projects', 'projects', token, { limit: '100' })).ids.length, 51);

    const { accessToken: other } = await signUp(app());
    const theirs = await createProject(app(), other, 'Older, and someone else\'s');
    const borrowed = await page(app(), '/api/projects', 'projects', other, { cursor: first.nextCursor });
    assert.ok(!borrowed.ids.includes(theirs), 'their own project is newer than the position');
    assert.deepEqual(borrowed.ids, [], 'a position in someone else\'s list reads nothing of theirs');
  });

  test('limit and cursor are checked on every list: out of range, malformed, repeated, tampered or another list\'s cursor is 400 on that field', async () => {
    const admin = await signUpAs(app(), 'admin');
    const lists: [string, ListKey][] = [
      ['/api/projects', 'projects'],
      ['/api/employees', 'employees'],
      ['/api/admin/users', 'users'],
      ['/api/auth/events', 'events'],
      ['/api/admin/events', 'events'],
    ];
    for (const name of ['One', 'Two']) {
      await createProject(app(), admin.accessToken, name);
      await call(app(), 'POST', '/api/employees', { token: admin.accessToken, json: { firstName: name, lastName: randomUUID().slice(0, 8) } });
    }
    const projectsCursor = (await page(app(), '/api/projects', 'projects', admin.accessToken, { limit: '1' })).nextCursor!;
    for (const [path, key] of lists) {
      for (const limit of ['0', '101', '-1', 'abc', '1.5', '', '1e2', ' 5', '1000', '99999999999999999999']) {
        assertFieldError(await call(app(), 'GET', `${path}?limit=${encodeURIComponent(limit)}`, { token: admin.accessToken }), 'limit', `${path} limit=${JSON.stringify(limit)}`);
      }
      assertFieldError(await call(app(), 'GET', `${path}?limit=1&limit=2`, { token: admin.accessToken }), 'limit', `${path} two limits`);
      const own = (await page(app(), path, key, admin.accessToken, { limit: '1' })).nextCursor;
      assert.ok(own, `${path} has a second page`);
      const garbage = ['garbage', 'a.b', '', '.', 'x'.repeat(300), altered(own, 3), altered(own, own.length - 2), `${own}x`, `${own}.${own}`];
      if (path !== '/api/projects') garbage.push(projectsCursor);
      for (const cursor of garbage) {
        assertFieldError(await call(app(), 'GET', `${path}?cursor=${encodeURIComponent(cursor)}`, { token: admin.accessToken }), 'cursor', `${path} cursor=${cursor.slice(0, 40)}`);
      }
      assertFieldError(await call(app(), 'GET', `${path}?cursor=${own}&cursor=${own}`, { token: admin.accessToken }), 'cursor', `${path} two cursors`);
      assert.equal((await call(app(), 'GET', `${path}?limit=100&cursor=${encodeURIComponent(own)}`, { token: admin.accessToken })).status, 200, `${path}: its own cursor`);
    }
  });

  test('every list is stable while rows are added: pages of two, one insert between each, read exactly the rows the list held at the start', async () => {
    const admin = await signUpAs(app(), 'admin');
    const editor = await signUpAs(app(), 'editor');
    const member: SignedIn = await signUpAs(app(), 'user');
    const failedLogin = (email: string) => call(app(), 'POST', '/api/auth/login', { json: { email, password: 'a wrong password for the log' } });
    let counter = 0;
    const lists: { path: string; key: ListKey; token: string; insert: () => Promise<unknown> }[] = [
      { path: '/api/projects', key: 'projects', token: member.accessToken, insert: () => createProject(app(), member.accessToken, `Row ${counter++}`) },
      {
        path: '/api/employees',
        key: 'employees',
        token: member.accessToken,
        insert: () => call(app(), 'POST', '/api/employees', { token: editor.accessToken, json: { firstName: 'Row', lastName: `${counter++} ${randomUUID().slice(0, 8)}` } }),
      },
      { path: '/api/admin/users', key: 'users', token: admin.accessToken, insert: () => signUp(app()) },
      { path: '/api/auth/events', key: 'events', token: member.accessToken, insert: () => failedLogin(member.email) },
      { path: '/api/admin/events', key: 'events', token: admin.accessToken, insert: () => failedLogin(member.email) },
    ];
    const settled = async (path: string, token: string) => {
      for (let previous = ''; ; ) {
        const now = JSON.stringify(await page(app(), path, 'events', token, { limit: '5' }));
        if (now === previous) return;
        previous = now;
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    };
    const PAGES = 4;
    const LIMIT = 2;
    for (const list of lists) {
      // One more than the pages read: the last page read is not the list's last.
      for (let i = 0; i <= PAGES * LIMIT; i++) await list.insert();
      // Sign-ups record their verification mail's event after the response: wait until the log is still.
      if (list.key === 'events') await settled(list.path, list.token);
      const start = await page(app(), list.path, list.key, list.token, { limit: '100' });
      assert.ok(start.ids.length >= PAGES * LIMIT, `${list.path}: enough rows`);
      const walked: string[] = [];
      let cursor: string | null = null;
      for (let n = 0; n < PAGES; n++) {
        const next: { ids: string[]; nextCursor: string | null } = await page(app(), list.path, list.key, list.token, cursor ? { limit: String(LIMIT), cursor } : { limit: String(LIMIT) });
        walked.push(...next.ids);
        cursor = next.nextCursor;
        assert.ok(cursor, `${list.path}: page ${n + 1} is not the last`);
        await list.insert();
      }
      assert.deepEqual(walked, start.ids.slice(0, PAGES * LIMIT), `${list.path}: nothing repeated, skipped or added`);
      assert.equal(new Set(walked).size, walked.length);
    }
  });
});
