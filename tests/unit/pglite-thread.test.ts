import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { connectToPGliteThread } from '../../lib/db/client';
import { startPGliteThread, type PGliteThread } from '../../lib/db/pglite-thread';
import { seedEmbeddedDatabase } from '../support/pglite-template';

// The app's embedded database as the app opens it: PGlite on its own thread, postgres.js through
// the thread's stream, one connection at a time.
let dataDir: string;
let thread: PGliteThread;
const connect = () => connectToPGliteThread(thread);

before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'pglite-thread-'));
  await seedEmbeddedDatabase(dataDir);
  thread = startPGliteThread(join(dataDir, 'pglite'));
});

after(async () => {
  await thread.close();
  await rm(dataDir, { recursive: true, force: true });
});

test("answers as a PostgreSQL server does: the app's tables, typed values, errors with their codes", async () => {
  const sql = await connect();
  try {
    const [row] = await sql`SELECT count(*)::int AS users, now() AS at, ${'x'}::text || 'y' AS joined FROM users`;
    assert.equal(row?.users, 0);
    assert.ok(row?.at instanceof Date);
    assert.equal(row?.joined, 'xy');
    await assert.rejects(sql`SELECT * FROM no_such_table`, { code: '42P01' });
    // The error ended its statement, not the connection.
    assert.deepEqual([...(await sql`SELECT 1 AS one`)], [{ one: 1 }]);
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => sql`SELECT ${i}::int AS n`));
    assert.deepEqual(
      answers.map(([answer]) => answer?.n),
      Array.from({ length: 50 }, (_, i) => i),
    );
  } finally {
    await sql.end();
  }
});

test("a client that leaves inside a transaction has it rolled back; the next client finds the database as it was, and usable", async () => {
  const setup = await connect();
  await setup`CREATE TABLE IF NOT EXISTS thread_test (n int)`;
  await setup.end();

  const leaving = await connect();
  let inserted!: () => void;
  const insertedRow = new Promise<void>((resolve) => (inserted = resolve));
  // A transaction that never ends on its own: its client goes away under it, without COMMIT or ROLLBACK.
  void leaving
    .begin(async (tx) => {
      await tx`INSERT INTO thread_test VALUES (1)`;
      inserted();
      await new Promise(() => {});
    })
    .catch(() => undefined);
  await insertedRow;
  await leaving.end({ timeout: 0 });

  const next = await connect();
  try {
    assert.deepEqual([...(await next`SELECT count(*)::int AS rows FROM thread_test`)], [{ rows: 0 }]);
    await next.begin(async (tx) => {
      await tx`INSERT INTO thread_test VALUES (2)`;
    });
    assert.deepEqual([...(await next`SELECT n FROM thread_test`)], [{ n: 2 }]);
  } finally {
    await next.end();
  }
});
