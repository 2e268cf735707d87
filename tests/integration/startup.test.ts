import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runUntilExit, startApp, testSecrets } from '../support/app-server';

describe('production start-up refuses weak configuration', () => {
  let dataDir: string;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'auth-startup-'));
  });
  after(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  const strong = () => randomBytes(48).toString('base64url');
  const cases: Array<[string, () => Record<string, string>, RegExp]> = [
    ['missing JWT_SECRET', () => ({ REFRESH_TOKEN_SECRET: strong() }), /JWT_SECRET is not set/],
    ['missing REFRESH_TOKEN_SECRET', () => ({ JWT_SECRET: strong() }), /REFRESH_TOKEN_SECRET is not set/],
    ['31-byte JWT_SECRET', () => ({ JWT_SECRET: 'a'.repeat(31), REFRESH_TOKEN_SECRET: strong() }), /JWT_SECRET is too short/],
    ['equal secrets', () => ({ JWT_SECRET: 'same-'.repeat(10), REFRESH_TOKEN_SECRET: 'same-'.repeat(10) }), /REFRESH_TOKEN_SECRET must differ from JWT_SECRET/],
    ['malformed ACCESS_TOKEN_TTL', () => ({ ...testSecrets(), ACCESS_TOKEN_TTL: '15 minutes' }), /ACCESS_TOKEN_TTL must look like/],
    ['Vercel without DATABASE_URL', () => ({ ...testSecrets(), VERCEL: '1' }), /DATABASE_URL is not set: on Vercel/],
    [
      'Vercel without a Redis store',
      () => ({ ...testSecrets(), VERCEL: '1', DATABASE_URL: 'postgres://app:app@127.0.0.1:1/app' }),
      /UPSTASH_REDIS_REST_URL is not set .*on Vercel/,
    ],
  ];

  for (const [name, env, expected] of cases) {
    test(`${name}: exits non-zero with one clear line naming the variable`, async () => {
      const values = env();
      const { code, output } = await runUntilExit({ ...values, DATA_DIR: dataDir });
      assert.equal(code, 1, output);
      const errorLines = output.split('\n').filter((line) => line.includes('configuration error'));
      assert.equal(errorLines.length, 1, output);
      assert.match(errorLines[0]!, expected);
      const secrets = Object.entries(values).filter(([name]) => /SECRET|DATABASE_URL/.test(name));
      for (const [name, value] of secrets) assert.ok(!output.includes(value), `${name} itself is never printed`);
    });
  }
});

describe('start-up says what it runs on', () => {
  test('embedded defaults are named in the log', async () => {
    const app = await startApp();
    try {
      assert.match(app.output(), /database: embedded PostgreSQL \(PGlite/);
      assert.match(app.output(), /token store: embedded in-process token store/);
    } finally {
      await app.stop();
    }
  });
});
