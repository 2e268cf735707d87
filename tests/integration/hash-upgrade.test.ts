import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { openPGlite } from '../../lib/db/pglite';
import { startApp } from '../support/app-server';
import { call, newUser } from '../support/client';

const dataDir = await mkdtemp(join(tmpdir(), 'auth-hash-upgrade-'));
after(() => rm(dataDir, { recursive: true, force: true }));

async function storedHash(email: string): Promise<string> {
  const db = openPGlite(join(dataDir, 'pglite'));
  try {
    const result = await db.query<{ password_hash: string }>('select password_hash from users where email = $1', [email]);
    return result.rows[0]!.password_hash;
  } finally {
    await db.close();
  }
}

test('when BCRYPT_COST rises, the next successful login rehashes the password at the new cost [embedded]', async () => {
  const user = newUser();
  const first = await startApp({ DATA_DIR: dataDir, BCRYPT_COST: '10' });
  assert.equal((await call(first, 'POST', '/api/auth/register', { json: user })).status, 201);
  await first.stop();
  assert.match(await storedHash(user.email), /^\$2b\$10\$/);

  const second = await startApp({ DATA_DIR: dataDir, BCRYPT_COST: '11' });
  assert.equal((await call(second, 'POST', '/api/auth/login', { json: { email: user.email, password: 'not-the-password' } })).status, 401);
  assert.equal((await call(second, 'POST', '/api/auth/login', { json: { email: user.email, password: user.password } })).status, 200);
  assert.equal((await call(second, 'POST', '/api/auth/login', { json: { email: user.email, password: user.password } })).status, 200, 'the new hash verifies');
  await second.stop();
  assert.match(await storedHash(user.email), /^\$2b\$11\$/);
});
