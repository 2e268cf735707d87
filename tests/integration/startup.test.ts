import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { secretKid } from '../../lib/auth/keys';
import { runUntilExit, startApp, testSecrets } from '../support/app-server';
import { newEd25519Key } from '../support/signing-keys';

const [edA, edB] = await Promise.all([newEd25519Key(), newEd25519Key()]);

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
    ['a short key in the JWT_SECRET list', () => ({ JWT_SECRET: `${strong()},${'b'.repeat(31)}`, REFRESH_TOKEN_SECRET: strong() }), /JWT_SECRET is too short: key 2 of 2/],
    [
      'a key in both lists',
      () => {
        const shared = strong();
        return { JWT_SECRET: `${strong()},${shared}`, REFRESH_TOKEN_SECRET: shared };
      },
      /REFRESH_TOKEN_SECRET must differ from JWT_SECRET/,
    ],
    ['JWT_PRIVATE_KEYS that is not JSON', () => ({ ...testSecrets(), JWT_PRIVATE_KEYS: `[${edA.d}` }), /JWT_PRIVATE_KEYS is not valid JSON/],
    ['JWT_PRIVATE_KEYS with a public key only', () => ({ ...testSecrets(), JWT_PRIVATE_KEYS: JSON.stringify([{ ...edA, d: undefined }]) }), /JWT_PRIVATE_KEYS: its key is not an Ed25519 private JWK: it has no private part/],
    [
      'JWT_PRIVATE_KEYS whose second key\'s d belongs to another x',
      () => ({ ...testSecrets(), JWT_PRIVATE_KEYS: JSON.stringify([edA, { ...edB, d: edA.d }]) }),
      /JWT_PRIVATE_KEYS: key 2 of 2 is not a usable Ed25519 private key/,
    ],
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
      for (const [name, value] of secrets) {
        for (const key of [value, ...value.split(',')]) assert.ok(!output.includes(key), `${name} itself is never printed`);
      }
      for (const { d } of [edA, edB]) assert.ok(!output.includes(d), 'no private key is printed');
    });
  }
});

describe('start-up says what it runs on', () => {
  test('embedded defaults are named in the log', async () => {
    const app = await startApp();
    try {
      assert.match(app.output(), /database: embedded PostgreSQL \(PGlite/);
      assert.match(app.output(), /token store: embedded in-process token store/);
      const accessKid = await secretKid(app.env.JWT_SECRET!);
      const refreshKid = await secretKid(app.env.REFRESH_TOKEN_SECRET!);
      assert.match(app.output(), new RegExp(`signing keys: access tokens HS256 \\(JWT_SECRET\\) signed with kid ${accessKid}, verified with ${accessKid}; refresh tokens HS256 \\(REFRESH_TOKEN_SECRET\\) signed with kid ${refreshKid}`));
      for (const secret of [app.env.JWT_SECRET!, app.env.REFRESH_TOKEN_SECRET!]) assert.ok(!app.output().includes(secret), 'the keys themselves are never logged');
    } finally {
      await app.stop();
    }
  });
});
