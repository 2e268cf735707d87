import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import type { AppServer } from '../support/app-server';
import { assertBodyRulesEnforced, assertError, assertFieldError, assertIdsNotFound, assertNeedsToken } from '../support/api-checks';
import { bodyOf, keysOf, projectBody, projectsBody, taskBody, tasksBody } from '../support/bodies';
import { call } from '../support/client';
import { adminEnv, signUpAs, type Role, type SignedIn } from '../support/roles';
import { describeEachSetup } from '../support/setups';

const NO_TASKS = { todo: 0, in_progress: 0, done: 0 };
const ROLES: Role[] = ['user', 'editor', 'admin'];

// Unique per run: the real-services set-up keeps its users between runs.
const ADMIN_EMAIL = `projects-admin-${randomUUID()}@example.com`;

// Every project and task read below goes through the strict schemas of tests/support/bodies.ts:
// exactly the documented keys, UUID ids, ISO 8601 UTC times, a known status and the three counts.

async function createProject(app: AppServer, owner: SignedIn, json: Record<string, unknown> = { name: `Project ${randomUUID().slice(0, 8)}` }) {
  const res = await call(app, 'POST', '/api/projects', { token: owner.accessToken, json });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return bodyOf(res, projectBody).project;
}

async function createTask(app: AppServer, owner: SignedIn, projectId: string, json: Record<string, unknown> = { title: 'A task' }) {
  const res = await call(app, 'POST', `/api/projects/${projectId}/tasks`, { token: owner.accessToken, json });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return bodyOf(res, taskBody).task;
}

async function listProjects(app: AppServer, owner: SignedIn) {
  const res = await call(app, 'GET', '/api/projects', { token: owner.accessToken });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return bodyOf(res, projectsBody).projects;
}

async function getProject(app: AppServer, owner: SignedIn, id: string) {
  const res = await call(app, 'GET', `/api/projects/${id}`, { token: owner.accessToken });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return bodyOf(res, projectBody).project;
}

async function listTasks(app: AppServer, owner: SignedIn, projectId: string) {
  const res = await call(app, 'GET', `/api/projects/${projectId}/tasks`, { token: owner.accessToken });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return bodyOf(res, tasksBody).tasks;
}

describeEachSetup('projects and tasks API', adminEnv(ADMIN_EMAIL), (app) => {
  test('POST /api/projects answers 201 {success, project}; GET list and GET one show the same project', async () => {
    const owner = await signUpAs(app(), 'user');
    const created = await call(app(), 'POST', '/api/projects', {
      token: owner.accessToken,
      json: { name: '  Apollo  ', description: 'Line one\n\tindented line two', ignored: 'unknown keys are ignored' },
    });
    assert.equal(created.status, 201);
    assert.deepEqual(keysOf(created), ['project', 'success']);
    const { success, project } = bodyOf(created, projectBody);
    assert.equal(success, true);
    assert.equal(created.headers.get('cache-control'), 'no-store');
    assert.equal(project.name, 'Apollo', 'trimmed');
    assert.equal(project.description, 'Line one\n\tindented line two', 'a description keeps its line breaks and tabs');
    assert.deepEqual(project.taskCounts, NO_TASKS);

    const list = await call(app(), 'GET', '/api/projects', { token: owner.accessToken });
    assert.equal(list.status, 200);
    assert.deepEqual(keysOf(list), ['nextCursor', 'projects', 'success']);
    const listed = bodyOf(list, projectsBody);
    assert.equal(listed.success, true);
    assert.deepEqual(listed.projects, [project]);
    assert.equal(listed.nextCursor, null, 'one page holds them all');

    const one = await call(app(), 'GET', `/api/projects/${project.id}`, { token: owner.accessToken });
    assert.equal(one.status, 200);
    assert.deepEqual(one.body, { success: true, project });
  });

  test('a project without a description gets ""; a blank one is "" too', async () => {
    const owner = await signUpAs(app(), 'user');
    assert.equal((await createProject(app(), owner, { name: 'No description' })).description, '');
    assert.equal((await createProject(app(), owner, { name: 'Blank description', description: '   ' })).description, '');
  });

  test('the list holds only the caller\'s own projects, newest first', async () => {
    const alice = await signUpAs(app(), 'user');
    const bob = await signUpAs(app(), 'user');
    const first = await createProject(app(), alice, { name: 'Alice one' });
    const bobs = await createProject(app(), bob, { name: 'Bob one' });
    const second = await createProject(app(), alice, { name: 'Alice two' });
    assert.deepEqual(
      (await listProjects(app(), alice)).map((project) => project.id),
      [second.id, first.id],
    );
    assert.deepEqual(
      (await listProjects(app(), bob)).map((project) => project.id),
      [bobs.id],
    );
    // Identity comes from the access token alone, never from a header a client could add.
    const spoofed = await call(app(), 'GET', '/api/projects', {
      token: bob.accessToken,
      headers: { 'x-user-id': alice.id, 'x-user-role': 'admin', 'x-auth-user': alice.id },
    });
    assert.equal(spoofed.status, 200);
    assert.deepEqual(
      bodyOf(spoofed, projectsBody).projects.map((project) => project.id),
      [bobs.id],
    );
    const fresh = await signUpAs(app(), 'user');
    assert.deepEqual(await listProjects(app(), fresh), [], 'a new user starts with an empty list');
  });

  test('text is trimmed and NFC-normalised, and markup is stored verbatim', async () => {
    const owner = await signUpAs(app(), 'user');
    const project = await createProject(app(), owner, {
      name: ' Cafe\u0301 <b>bold</b> <script>alert(1)</script> ',
      description: '\n <i>Re\u0301sume\u0301</i> & "quotes" \n',
    });
    assert.equal(project.name, 'Caf\u00e9 <b>bold</b> <script>alert(1)</script>');
    assert.equal(project.description, '<i>R\u00e9sum\u00e9</i> & "quotes"');
    const task = await createTask(app(), owner, project.id, { title: '\t<b>Ship</b> cafe\u0301 ' });
    assert.equal(task.title, '<b>Ship</b> caf\u00e9');
    assert.deepEqual(await getProject(app(), owner, project.id), { ...project, taskCounts: { todo: 1, in_progress: 0, done: 0 } });
    assert.equal((await listTasks(app(), owner, project.id))[0]?.title, '<b>Ship</b> caf\u00e9');
  });

  test('limits count characters (code points): name 100, description 2000, task title 200', async () => {
    const owner = await signUpAs(app(), 'user');
    const emoji = '\u{1F600}'; // one character, two UTF-16 units, four UTF-8 bytes
    const atLimit = await createProject(app(), owner, { name: emoji.repeat(100), description: emoji.repeat(2000) });
    assert.equal(atLimit.name, emoji.repeat(100));
    assert.equal(atLimit.description, emoji.repeat(2000));
    assert.equal((await createProject(app(), owner, { name: 'n'.repeat(100) })).name, 'n'.repeat(100));
    // NFC happens before counting: 100 decomposed é (200 code points) are 100 characters.
    assert.equal((await createProject(app(), owner, { name: 'e\u0301'.repeat(100) })).name, '\u00e9'.repeat(100));

    for (const name of [emoji.repeat(101), 'n'.repeat(101)]) {
      assertFieldError(await call(app(), 'POST', '/api/projects', { token: owner.accessToken, json: { name } }), 'name', `name of 101`);
    }
    const tooLongDescription = await call(app(), 'POST', '/api/projects', { token: owner.accessToken, json: { name: 'x', description: emoji.repeat(2001) } });
    assertFieldError(tooLongDescription, 'description', 'description of 2001');

    assert.equal((await createTask(app(), owner, atLimit.id, { title: emoji.repeat(200) })).title, emoji.repeat(200));
    for (const title of [emoji.repeat(201), 't'.repeat(201)]) {
      const res = await call(app(), 'POST', `/api/projects/${atLimit.id}/tasks`, { token: owner.accessToken, json: { title } });
      assertFieldError(res, 'title', 'title of 201');
    }
    const patched = await call(app(), 'PATCH', `/api/projects/${atLimit.id}`, { token: owner.accessToken, json: { name: 'n'.repeat(101) } });
    assertFieldError(patched, 'name', 'PATCH name of 101');
    assert.equal((await getProject(app(), owner, atLimit.id)).name, emoji.repeat(100), 'a refused PATCH changes nothing');
    assert.equal((await listProjects(app(), owner)).length, 3, 'refused creates leave nothing behind');
  });

  test('missing, empty, non-text, control and format characters are refused with fields', async () => {
    const owner = await signUpAs(app(), 'user');
    const project = await createProject(app(), owner, { name: 'Valid' });
    const badNames: unknown[] = [undefined, '', '   ', 42, null, ['x'], { x: 1 }, 'a\u0000b', 'a\u0007b', 'a\u001bb', 'a\nb', 'a\tb', 'a\u007fb', 'a\u0085b', 'a\u200bb', 'a\u202eb', 'a\ufeffb'];
    for (const name of badNames) {
      const res = await call(app(), 'POST', '/api/projects', { token: owner.accessToken, json: { name, description: 'ok' } });
      assertFieldError(res, 'name', `name ${JSON.stringify(name)}`);
    }
    for (const description of [42, ['x'], 'a\u0000b', 'a\u0007b', 'a\u001bb', 'a\u007fb', 'a\u200bb', 'a\u202eb']) {
      const res = await call(app(), 'POST', '/api/projects', { token: owner.accessToken, json: { name: 'ok', description } });
      assertFieldError(res, 'description', `description ${JSON.stringify(description)}`);
    }
    for (const title of [undefined, '', '  ', 7, 'a\u0000b', 'a\nb', 'a\u200bb']) {
      const res = await call(app(), 'POST', `/api/projects/${project.id}/tasks`, { token: owner.accessToken, json: { title } });
      assertFieldError(res, 'title', `title ${JSON.stringify(title)}`);
    }
    for (const status of ['doing', 'DONE', '', 1, null]) {
      const res = await call(app(), 'POST', `/api/projects/${project.id}/tasks`, { token: owner.accessToken, json: { title: 'ok', status } });
      assertFieldError(res, 'status', `status ${JSON.stringify(status)}`);
    }
    assert.deepEqual(
      (await listProjects(app(), owner)).map((p) => p.id),
      [project.id],
      'nothing was created',
    );
    assert.deepEqual(await listTasks(app(), owner, project.id), []);
  });

  test('tasks: 201 {task} defaulting to todo, listed oldest first, counted in taskCounts', async () => {
    const owner = await signUpAs(app(), 'user');
    const project = await createProject(app(), owner);
    const created = await call(app(), 'POST', `/api/projects/${project.id}/tasks`, { token: owner.accessToken, json: { title: '  Write the spec ' } });
    assert.equal(created.status, 201);
    assert.deepEqual(keysOf(created), ['success', 'task']);
    const { success, task: first } = bodyOf(created, taskBody);
    assert.equal(success, true);
    assert.equal(first.title, 'Write the spec');
    assert.equal(first.status, 'todo');
    assert.equal(first.projectId, project.id);
    const second = await createTask(app(), owner, project.id, { title: 'Build it', status: 'in_progress' });
    const third = await createTask(app(), owner, project.id, { title: 'Test it', status: 'done' });
    const fourth = await createTask(app(), owner, project.id, { title: 'Ship it', status: 'done' });
    assert.equal(second.status, 'in_progress');

    const list = await call(app(), 'GET', `/api/projects/${project.id}/tasks`, { token: owner.accessToken });
    assert.equal(list.status, 200);
    assert.deepEqual(keysOf(list), ['success', 'tasks']);
    assert.deepEqual(bodyOf(list, tasksBody).tasks, [first, second, third, fourth], 'oldest first');

    const counts = { todo: 1, in_progress: 1, done: 2 };
    assert.deepEqual((await getProject(app(), owner, project.id)).taskCounts, counts);
    assert.deepEqual((await listProjects(app(), owner))[0]?.taskCounts, counts, 'the list carries the counts too');
  });

  test('PATCH changes only the fields sent; a PATCH with no fields is 400', async () => {
    const owner = await signUpAs(app(), 'user');
    const project = await createProject(app(), owner, { name: 'Before', description: 'Kept' });
    const renamed = await call(app(), 'PATCH', `/api/projects/${project.id}`, { token: owner.accessToken, json: { name: '  After  ' } });
    assert.equal(renamed.status, 200);
    assert.deepEqual(keysOf(renamed), ['project', 'success']);
    const after = bodyOf(renamed, projectBody).project;
    assert.equal(after.name, 'After');
    assert.equal(after.description, 'Kept');
    assert.equal(after.id, project.id);
    assert.equal(after.createdAt, project.createdAt);
    assert.ok(Date.parse(after.updatedAt) > Date.parse(project.updatedAt), 'updatedAt moves on');
    assert.deepEqual(await getProject(app(), owner, project.id), after, 'the change is stored');

    const described = await call(app(), 'PATCH', `/api/projects/${project.id}`, { token: owner.accessToken, json: { description: 'New\nlines' } });
    assert.equal(described.status, 200);
    const redescribed = bodyOf(described, projectBody).project;
    assert.equal(redescribed.name, 'After');
    assert.equal(redescribed.description, 'New\nlines');
    const cleared = await call(app(), 'PATCH', `/api/projects/${project.id}`, { token: owner.accessToken, json: { description: '' } });
    assert.equal(cleared.status, 200);
    assert.equal(bodyOf(cleared, projectBody).project.description, '');

    for (const json of [{}, { unknown: 'x' }]) {
      assertError(await call(app(), 'PATCH', `/api/projects/${project.id}`, { token: owner.accessToken, json }), 400, 'validation_error', `PATCH project ${JSON.stringify(json)}`);
    }
    assertFieldError(await call(app(), 'PATCH', `/api/projects/${project.id}`, { token: owner.accessToken, json: { name: '  ' } }), 'name', 'PATCH blank name');

    const task = await createTask(app(), owner, project.id, { title: 'Task' });
    const done = await call(app(), 'PATCH', `/api/tasks/${task.id}`, { token: owner.accessToken, json: { status: 'done' } });
    assert.equal(done.status, 200);
    assert.deepEqual(keysOf(done), ['success', 'task']);
    const doneTask = bodyOf(done, taskBody).task;
    assert.equal(doneTask.status, 'done');
    assert.equal(doneTask.title, 'Task');
    assert.equal(doneTask.projectId, project.id);
    assert.ok(Date.parse(doneTask.updatedAt) > Date.parse(task.updatedAt), 'task updatedAt moves on');
    const retitled = await call(app(), 'PATCH', `/api/tasks/${task.id}`, { token: owner.accessToken, json: { title: ' Renamed <b> ' } });
    assert.equal(retitled.status, 200);
    const retitledTask = bodyOf(retitled, taskBody).task;
    assert.equal(retitledTask.title, 'Renamed <b>');
    assert.equal(retitledTask.status, 'done');
    assert.deepEqual(await listTasks(app(), owner, project.id), [retitledTask]);
    assert.deepEqual((await getProject(app(), owner, project.id)).taskCounts, { todo: 0, in_progress: 0, done: 1 });

    for (const json of [{}, { unknown: 'x' }, { projectId: randomUUID() }]) {
      assertError(await call(app(), 'PATCH', `/api/tasks/${task.id}`, { token: owner.accessToken, json }), 400, 'validation_error', `PATCH task ${JSON.stringify(json)}`);
    }
    assertFieldError(await call(app(), 'PATCH', `/api/tasks/${task.id}`, { token: owner.accessToken, json: { status: 'later' } }), 'status', 'PATCH bad status');
    assertFieldError(await call(app(), 'PATCH', `/api/tasks/${task.id}`, { token: owner.accessToken, json: { title: 'a\u0000' } }), 'title', 'PATCH control title');
  });

  test('JSON bodies: wrong content type and invalid JSON are 400, over 64 KiB is 413, on every write', async () => {
    const owner = await signUpAs(app(), 'user');
    const project = await createProject(app(), owner, { name: 'Bodies' });
    const task = await createTask(app(), owner, project.id);
    await assertBodyRulesEnforced(app(), 'POST', '/api/projects', owner.accessToken, { name: 'x' });
    await assertBodyRulesEnforced(app(), 'PATCH', `/api/projects/${project.id}`, owner.accessToken, { name: 'x' });
    await assertBodyRulesEnforced(app(), 'POST', `/api/projects/${project.id}/tasks`, owner.accessToken, { title: 'x' });
    await assertBodyRulesEnforced(app(), 'PATCH', `/api/tasks/${task.id}`, owner.accessToken, { title: 'x' });
    assert.deepEqual(
      (await listProjects(app(), owner)).map((p) => [p.id, p.name]),
      [[project.id, 'Bodies']],
      'no refused body changed anything',
    );
    assert.deepEqual(await listTasks(app(), owner, project.id), [task]);

    // 64 KiB is 65,536 bytes: exactly that much is accepted, one byte more is not.
    const exact = (size: number) => {
      const base = JSON.stringify({ name: 'Sized', padding: '' });
      return JSON.stringify({ name: 'Sized', padding: 'p'.repeat(size - Buffer.byteLength(base)) });
    };
    assert.equal(Buffer.byteLength(exact(65_536)), 65_536);
    const atLimit = await call(app(), 'POST', '/api/projects', { token: owner.accessToken, headers: { 'content-type': 'application/json; charset=utf-8' }, body: exact(65_536) });
    assert.equal(atLimit.status, 201, JSON.stringify(atLimit.body));
    const overLimit = await call(app(), 'POST', '/api/projects', { token: owner.accessToken, headers: { 'content-type': 'application/json' }, body: exact(65_537) });
    assertError(overLimit, 413, 'payload_too_large', '65,537 bytes');

    // Streamed without a Content-Length, past the middleware, which keeps only the first 1 MiB of a
    // body for the handler (next.config.mjs): still the 413, and nothing made.
    const twoMiB = new TextEncoder().encode(exact(2 * 1024 * 1024));
    const streamed = await fetch(`${app().url}/api/projects`, {
      method: 'POST',
      headers: { authorization: `Bearer ${owner.accessToken}`, 'content-type': 'application/json' },
      body: new ReadableStream<Uint8Array>({
        start(controller) {
          for (let offset = 0; offset < twoMiB.length; offset += 64 * 1024) controller.enqueue(twoMiB.subarray(offset, offset + 64 * 1024));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit & { duplex: 'half' });
    assert.equal(streamed.status, 413);
    assert.equal(((await streamed.json()) as { code?: unknown }).code, 'payload_too_large');
    assert.deepEqual(
      (await listProjects(app(), owner)).map((p) => p.name),
      ['Sized', 'Bodies'],
      'only the project at the limit was made',
    );
  });

  test('another user gets 404, the same body as a nonexistent id, on every route of someone else\'s project and task', async () => {
    const alice = await signUpAs(app(), 'user');
    const project = await createProject(app(), alice, { name: 'Private', description: 'Alice only' });
    const task = await createTask(app(), alice, project.id, { title: 'Secret task' });
    const missing = randomUUID();
    for (const role of ROLES) {
      const other = await signUpAs(app(), role);
      const attempts: Array<[string, string, string, unknown?]> = [
        ['GET', `/api/projects/${project.id}`, `/api/projects/${missing}`],
        ['PATCH', `/api/projects/${project.id}`, `/api/projects/${missing}`, { name: 'Hijacked' }],
        ['GET', `/api/projects/${project.id}/tasks`, `/api/projects/${missing}/tasks`],
        ['POST', `/api/projects/${project.id}/tasks`, `/api/projects/${missing}/tasks`, { title: 'Planted' }],
        ['PATCH', `/api/tasks/${task.id}`, `/api/tasks/${missing}`, { title: 'Hijacked', status: 'done' }],
        ['DELETE', `/api/tasks/${task.id}`, `/api/tasks/${missing}`],
        ['DELETE', `/api/projects/${project.id}`, `/api/projects/${missing}`],
      ];
      for (const [method, path, nonexistent, json] of attempts) {
        const res = await call(app(), method, path, { token: other.accessToken, json });
        assertError(res, 404, 'not_found', `${role}: ${method} ${path}`);
        const unknown = await call(app(), method, nonexistent, { token: other.accessToken, json });
        assert.deepEqual(res.body, unknown.body, `${role}: ${method} on another's id answers like a nonexistent id`);
        assert.equal(res.status, unknown.status);
      }
      assert.ok(!(await listProjects(app(), other)).some((p) => p.id === project.id), `${role}: not in their list`);
    }
    assert.deepEqual(await getProject(app(), alice, project.id), { ...project, taskCounts: { todo: 1, in_progress: 0, done: 0 } }, 'nothing changed');
    assert.deepEqual(await listTasks(app(), alice, project.id), [task], 'no task planted, none changed or deleted');
  });

  test('malformed ids are 404 not_found, never 500, on every route with an id', async (t) => {
    const owner = await signUpAs(app(), 'user');
    const token = owner.accessToken;
    const routes: Array<[string, (id: string) => ReturnType<typeof call>]> = [
      ['GET /api/projects/:id', (id) => call(app(), 'GET', `/api/projects/${id}`, { token })],
      ['PATCH /api/projects/:id', (id) => call(app(), 'PATCH', `/api/projects/${id}`, { token, json: { name: 'x' } })],
      ['DELETE /api/projects/:id', (id) => call(app(), 'DELETE', `/api/projects/${id}`, { token })],
      ['GET /api/projects/:id/tasks', (id) => call(app(), 'GET', `/api/projects/${id}/tasks`, { token })],
      ['POST /api/projects/:id/tasks', (id) => call(app(), 'POST', `/api/projects/${id}/tasks`, { token, json: { title: 'x' } })],
      ['PATCH /api/tasks/:id', (id) => call(app(), 'PATCH', `/api/tasks/${id}`, { token, json: { title: 'x' } })],
      ['DELETE /api/tasks/:id', (id) => call(app(), 'DELETE', `/api/tasks/${id}`, { token })],
    ];
    for (const [label, send] of routes) await t.test(label, () => assertIdsNotFound(label, send));
    assert.doesNotMatch(app().output(), /invalid input syntax|syntax error at or near/i, 'no SQL error reached the logs');
  });

  test('DELETE a task: 200 {success}, gone from the list and the counts, then 404', async () => {
    const owner = await signUpAs(app(), 'user');
    const project = await createProject(app(), owner);
    const keep = await createTask(app(), owner, project.id, { title: 'Keep' });
    const drop = await createTask(app(), owner, project.id, { title: 'Drop', status: 'done' });
    const res = await call(app(), 'DELETE', `/api/tasks/${drop.id}`, { token: owner.accessToken });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { success: true });
    assert.deepEqual(await listTasks(app(), owner, project.id), [keep]);
    assert.deepEqual((await getProject(app(), owner, project.id)).taskCounts, { todo: 1, in_progress: 0, done: 0 });
    assertError(await call(app(), 'DELETE', `/api/tasks/${drop.id}`, { token: owner.accessToken }), 404, 'not_found', 'second delete');
    assertError(await call(app(), 'PATCH', `/api/tasks/${drop.id}`, { token: owner.accessToken, json: { status: 'todo' } }), 404, 'not_found', 'patch deleted');
  });

  test('DELETE a project: 200 {success}, and its tasks go with it', async () => {
    const owner = await signUpAs(app(), 'user');
    const other = await createProject(app(), owner, { name: 'Survivor' });
    const survivorTask = await createTask(app(), owner, other.id, { title: 'Stays' });
    const project = await createProject(app(), owner, { name: 'Doomed' });
    const tasks = [await createTask(app(), owner, project.id, { title: 'One' }), await createTask(app(), owner, project.id, { title: 'Two', status: 'done' })];
    const res = await call(app(), 'DELETE', `/api/projects/${project.id}`, { token: owner.accessToken });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { success: true });
    assertError(await call(app(), 'GET', `/api/projects/${project.id}`, { token: owner.accessToken }), 404, 'not_found', 'deleted project');
    assertError(await call(app(), 'GET', `/api/projects/${project.id}/tasks`, { token: owner.accessToken }), 404, 'not_found', 'deleted project tasks');
    assertError(await call(app(), 'POST', `/api/projects/${project.id}/tasks`, { token: owner.accessToken, json: { title: 'x' } }), 404, 'not_found', 'task in deleted project');
    for (const task of tasks) {
      assertError(await call(app(), 'PATCH', `/api/tasks/${task.id}`, { token: owner.accessToken, json: { status: 'todo' } }), 404, 'not_found', 'PATCH task of deleted project');
      assertError(await call(app(), 'DELETE', `/api/tasks/${task.id}`, { token: owner.accessToken }), 404, 'not_found', 'DELETE task of deleted project');
    }
    assertError(await call(app(), 'DELETE', `/api/projects/${project.id}`, { token: owner.accessToken }), 404, 'not_found', 'second delete');
    assert.deepEqual(
      (await listProjects(app(), owner)).map((p) => p.id),
      [other.id],
    );
    assert.deepEqual(await listTasks(app(), owner, other.id), [survivorTask], 'other projects keep their tasks');
  });

  test('every role (user, editor, admin) manages its own projects, and only its own', async () => {
    for (const role of ROLES) {
      const owner = await signUpAs(app(), role);
      const project = await createProject(app(), owner, { name: `${role} project` });
      const task = await createTask(app(), owner, project.id, { title: `${role} task`, status: 'in_progress' });
      assert.deepEqual(
        (await listProjects(app(), owner)).map((p) => p.id),
        [project.id],
        `${role} sees only their own projects`,
      );
      const patched = await call(app(), 'PATCH', `/api/projects/${project.id}`, { token: owner.accessToken, json: { name: `${role} renamed` } });
      assert.equal(patched.status, 200, role);
      const taskPatched = await call(app(), 'PATCH', `/api/tasks/${task.id}`, { token: owner.accessToken, json: { status: 'done' } });
      assert.equal(taskPatched.status, 200, role);
      assert.equal((await call(app(), 'DELETE', `/api/tasks/${task.id}`, { token: owner.accessToken })).status, 200, role);
      assert.equal((await call(app(), 'DELETE', `/api/projects/${project.id}`, { token: owner.accessToken })).status, 200, role);
      assert.deepEqual(await listProjects(app(), owner), [], role);
    }
  });

  test('other methods are 405 with Allow and a JSON body', async () => {
    const owner = await signUpAs(app(), 'user');
    const project = await createProject(app(), owner);
    const task = await createTask(app(), owner, project.id);
    for (const [method, path, allow] of [
      ['PUT', '/api/projects', ['GET', 'POST']],
      ['DELETE', '/api/projects', ['GET', 'POST']],
      ['PUT', `/api/projects/${project.id}`, ['GET', 'PATCH', 'DELETE']],
      ['POST', `/api/projects/${project.id}`, ['GET', 'PATCH', 'DELETE']],
      ['DELETE', `/api/projects/${project.id}/tasks`, ['GET', 'POST']],
      ['GET', `/api/tasks/${task.id}`, ['PATCH', 'DELETE']],
      ['PUT', `/api/tasks/${task.id}`, ['PATCH', 'DELETE']],
    ] as const) {
      const res = await call(app(), method, path, { token: owner.accessToken });
      assertError(res, 405, 'method_not_allowed', `${method} ${path}`);
      const listed = (res.headers.get('allow') ?? '').split(',').map((value) => value.trim());
      for (const expected of allow) assert.ok(listed.includes(expected), `${method} ${path}: Allow ${listed.join(', ')} lists ${expected}`);
    }
    assert.deepEqual(await getProject(app(), owner, project.id), { ...project, taskCounts: { todo: 1, in_progress: 0, done: 0 } });
  });

  test('without a token every route is 401 missing_token; a garbage token is 401 invalid_token', async () => {
    const owner = await signUpAs(app(), 'user');
    const project = await createProject(app(), owner, { name: 'Guarded' });
    const task = await createTask(app(), owner, project.id, { title: 'Guarded' });
    const routes: Array<[string, string, unknown?]> = [
      ['GET', '/api/projects'],
      ['POST', '/api/projects', { name: 'Sneaky' }],
      ['GET', `/api/projects/${project.id}`],
      ['PATCH', `/api/projects/${project.id}`, { name: 'Sneaky' }],
      ['DELETE', `/api/projects/${project.id}`],
      ['GET', `/api/projects/${project.id}/tasks`],
      ['POST', `/api/projects/${project.id}/tasks`, { title: 'Sneaky' }],
      ['PATCH', `/api/tasks/${task.id}`, { title: 'Sneaky' }],
      ['DELETE', `/api/tasks/${task.id}`],
    ];
    for (const [method, path, json] of routes) await assertNeedsToken(app(), method, path, json);
    // A refresh token is not an access token, even from the refresh cookie's own user.
    const withRefresh = await call(app(), 'GET', '/api/projects', { token: owner.refresh });
    assertError(withRefresh, 401, 'invalid_token', 'refresh token as bearer');
    const viaCookie = await call(app(), 'GET', '/api/projects', { headers: { cookie: `access_token=${owner.accessToken}; refresh_token=${owner.refresh}` } });
    assertError(viaCookie, 401, 'missing_token', 'access token in a cookie');
    assert.deepEqual(await getProject(app(), owner, project.id), { ...project, taskCounts: { todo: 1, in_progress: 0, done: 0 } }, 'nothing changed');
    assert.deepEqual(await listTasks(app(), owner, project.id), [task]);
  });
});
