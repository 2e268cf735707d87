import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openPGlite } from '../../lib/db/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { LOOK_ALIKE_PREFIX, settleCanonicalEmails } from '../../lib/db/canonical-emails';
import { MIGRATIONS_FOLDER, type Database } from '../../lib/db/client';
import * as schema from '../../lib/db/schema';

// A database as the previous release left it (migrations before 0003), holding accounts that the
// old rule (trim, NFC, lower-case) kept apart, then migrated and settled as the app does on open.
const client = openPGlite();
const db = drizzle(client, { schema });
let oldMigrations: string;

const ACCOUNTS = {
  plain: 'admin@x.io',
  fullwidthOfPlain: 'ａdmin@x.io', // folds onto the plain account: loses
  sharpS: 'straße@x.de', // folds to strasse@x.de, held by the plain ASCII one below: loses
  plainSs: 'strasse@x.de',
  lone: 'josé@example.com', // non-ASCII, alone: keeps its canonical form
  loneFullwidth: 'ｊｏｅ@example.com', // alone too: gets joe@example.com
  lookAlikeA: 'ｂob@example.com', // two look-alikes of bob@example.com, no plain one: neither gets it
  lookAlikeB: 'bｏb@example.com',
};

before(async () => {
  oldMigrations = await mkdtemp(join(tmpdir(), 'auth-old-migrations-'));
  await cp(MIGRATIONS_FOLDER, oldMigrations, { recursive: true });
  const journalPath = join(oldMigrations, 'meta', '_journal.json');
  const journal = JSON.parse(await readFile(journalPath, 'utf8')) as { entries: Array<{ tag: string }> };
  journal.entries = journal.entries.filter((entry) => entry.tag < '0003');
  await writeFile(journalPath, JSON.stringify(journal));
  await migrate(db, { migrationsFolder: oldMigrations });
  for (const email of Object.values(ACCOUNTS)) {
    await client.query(`insert into users (email, password_hash, first_name, last_name) values ($1, 'x', 'A', 'B')`, [email]);
  }
  await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
});

after(async () => {
  await client.close();
  await rm(oldMigrations, { recursive: true, force: true });
});

async function canonicalOf(email: string): Promise<string | null> {
  const { rows } = await client.query<{ email_canonical: string | null }>('select email_canonical from users where email = $1', [email]);
  return rows[0]!.email_canonical;
}

test('the migration gives ASCII addresses their canonical form and leaves the rest to be settled', async () => {
  assert.equal(await canonicalOf(ACCOUNTS.plain), 'admin@x.io');
  assert.equal(await canonicalOf(ACCOUNTS.plainSs), 'strasse@x.de');
  assert.equal(await canonicalOf(ACCOUNTS.lone), null);
});

test('settling: the plain spelling keeps an address, lone accounts get theirs, colliding look-alikes get none', async () => {
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (message: string) => warnings.push(message);
  try {
    await settleCanonicalEmails(db as unknown as Database);
  } finally {
    console.warn = warn;
  }
  assert.equal(await canonicalOf(ACCOUNTS.plain), 'admin@x.io');
  assert.equal(await canonicalOf(ACCOUNTS.plainSs), 'strasse@x.de');
  assert.equal(await canonicalOf(ACCOUNTS.lone), 'josé@example.com');
  assert.equal(await canonicalOf(ACCOUNTS.loneFullwidth), 'joe@example.com');
  for (const loser of [ACCOUNTS.fullwidthOfPlain, ACCOUNTS.sharpS, ACCOUNTS.lookAlikeA, ACCOUNTS.lookAlikeB]) {
    assert.ok((await canonicalOf(loser))!.startsWith(LOOK_ALIKE_PREFIX), loser);
  }
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /^\[db\] 4 account\(s\) share their address with another account/);
  assert.doesNotMatch(warnings[0]!, /@/, 'ids only, no address in the log');

  const { rows } = await client.query<{ count: number }>('select count(*)::int as count from users where email_canonical is null');
  assert.equal(rows[0]!.count, 0);
});

test('settling again finds nothing to do and changes nothing', async () => {
  const before = (await client.query('select id, email_canonical from users order by id')).rows;
  await settleCanonicalEmails(db as unknown as Database);
  assert.deepEqual((await client.query('select id, email_canonical from users order by id')).rows, before);
});
