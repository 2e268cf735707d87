import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { ConfigError, parseConfig } from '../../lib/config/env';
import { parseDurationSeconds } from '../../lib/config/duration';
import { ensureDevSecrets } from '../../lib/config/dev-secrets.mjs';

const JWT_SECRET = 'j'.repeat(32);
const REFRESH_TOKEN_SECRET = 'r'.repeat(32);
const base = (extra: Record<string, string | undefined> = {}) => ({ JWT_SECRET, REFRESH_TOKEN_SECRET, ...extra });

/** parseConfig must throw a ConfigError whose message is one line naming `variable`. */
function assertConfigError(env: Record<string, string | undefined>, variable: string | RegExp) {
  assert.throws(
    () => parseConfig(env),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError, `expected ConfigError, got ${String(error)}`);
      assert.equal(error.name, 'ConfigError');
      if (typeof variable === 'string') assert.ok(error.message.includes(variable), `"${error.message}" should name ${variable}`);
      else assert.match(error.message, variable);
      assert.ok(!/[\r\n]/.test(error.message), `message should be one line: ${JSON.stringify(error.message)}`);
      assert.ok(error.message.length > variable.toString().length + 5, 'message says what is wrong');
      return true;
    },
  );
}

describe('parseDurationSeconds', () => {
  test('accepts s, m, h, d and plain seconds', () => {
    assert.equal(parseDurationSeconds('30s'), 30);
    assert.equal(parseDurationSeconds('15m'), 900);
    assert.equal(parseDurationSeconds('1h'), 3600);
    assert.equal(parseDurationSeconds('7d'), 604_800);
    assert.equal(parseDurationSeconds('45'), 45);
    assert.equal(parseDurationSeconds('1'), 1);
  });

  test('refuses malformed, zero, negative, fractional and empty durations', () => {
    for (const value of ['15x', '-1', '0', '0s', '0m', '1.5m', '', ' ', 'm', '15 minutes', '1e3', '0x10', '15mm', '1h30m', 'Infinity', 'NaN']) {
      assert.equal(parseDurationSeconds(value), null, `${JSON.stringify(value)} should be refused`);
    }
  });
});

describe('parseConfig', () => {
  test('defaults', () => {
    const config = parseConfig(base());
    assert.equal(config.accessTokenTtlSeconds, 900);
    assert.equal(config.refreshTokenTtlSeconds, 604_800);
    assert.equal(config.refreshReuseIntervalSeconds, 10);
    assert.equal(config.bcryptCost, 12);
    assert.equal(config.dataDir, '.data');
    assert.equal(config.upstash, undefined);
    assert.equal(config.databaseUrl, undefined);
    assert.equal(config.trustProxy, 0);
    assert.equal(config.appOrigin, undefined);
    assert.equal(config.adminEmails.size, 0);
    assert.equal(config.production, false);
    assert.deepEqual(config.signingKeys, { access: { alg: 'HS256', secrets: [JWT_SECRET] }, refresh: [REFRESH_TOKEN_SECRET] });
  });

  test('production flag follows NODE_ENV', () => {
    assert.equal(parseConfig(base({ NODE_ENV: 'production' })).production, true);
    assert.equal(parseConfig(base({ NODE_ENV: 'development' })).production, false);
  });

  test('TRUST_PROXY: one proxy where VERCEL=1 and unset, explicit value wins', () => {
    assert.equal(parseConfig(base({ VERCEL: '1' })).trustProxy, 1);
    assert.equal(parseConfig(base({ VERCEL: '1', TRUST_PROXY: '0' })).trustProxy, 0);
    assert.equal(parseConfig(base({ VERCEL: '1', TRUST_PROXY: 'false' })).trustProxy, 0);
    assert.equal(parseConfig(base({ TRUST_PROXY: '1' })).trustProxy, 1);
    assert.equal(parseConfig(base({ TRUST_PROXY: 'true' })).trustProxy, 1);
    assert.equal(parseConfig(base({ TRUST_PROXY: 'TRUE' })).trustProxy, 1);
    assert.equal(parseConfig(base({ TRUST_PROXY: 'yes' })).trustProxy, 1);
    assert.equal(parseConfig(base({ TRUST_PROXY: '0' })).trustProxy, 0);
    assert.equal(parseConfig(base({ TRUST_PROXY: 'off' })).trustProxy, 0);
    assert.equal(parseConfig(base({ TRUST_PROXY: '' })).trustProxy, 0);
    assert.equal(parseConfig(base({ VERCEL: '0' })).trustProxy, 0);
  });

  test('TRUST_PROXY=<n> counts n proxies; anything else stops the server instead of reading as off', () => {
    assert.equal(parseConfig(base({ TRUST_PROXY: '2' })).trustProxy, 2);
    assert.equal(parseConfig(base({ TRUST_PROXY: ' 3 ' })).trustProxy, 3);
    assert.equal(parseConfig(base({ TRUST_PROXY: '10' })).trustProxy, 10);
    for (const value of ['11', '-1', '1.5', '2 proxies', 'maybe', 'ture', '0x2', '1e1']) {
      assertConfigError(base({ TRUST_PROXY: value }), 'TRUST_PROXY');
    }
  });

  test('durations are read from the environment', () => {
    const config = parseConfig(base({ ACCESS_TOKEN_TTL: '30s', REFRESH_TOKEN_TTL: '1h', REFRESH_REUSE_INTERVAL: '45' }));
    assert.equal(config.accessTokenTtlSeconds, 30);
    assert.equal(config.refreshTokenTtlSeconds, 3600);
    assert.equal(config.refreshReuseIntervalSeconds, 45);
    assert.equal(parseConfig(base({ REFRESH_TOKEN_TTL: '7d' })).refreshTokenTtlSeconds, 604_800);
    assert.equal(parseConfig(base({ ACCESS_TOKEN_TTL: '15m' })).accessTokenTtlSeconds, 900);
  });

  test('a malformed duration is refused with a message naming the variable', () => {
    for (const name of ['ACCESS_TOKEN_TTL', 'REFRESH_TOKEN_TTL', 'REFRESH_REUSE_INTERVAL']) {
      for (const value of ['15x', '-1', '0', '1.5m', '']) {
        assertConfigError(base({ [name]: value }), name);
      }
    }
  });

  test('missing JWT_SECRET or REFRESH_TOKEN_SECRET is refused, naming the variable', () => {
    assertConfigError({ REFRESH_TOKEN_SECRET }, 'JWT_SECRET');
    assertConfigError({ JWT_SECRET }, 'REFRESH_TOKEN_SECRET');
    assertConfigError({ NODE_ENV: 'production', REFRESH_TOKEN_SECRET }, 'JWT_SECRET');
  });

  test('a 31-byte secret is refused, naming the variable; 32 bytes is enough', () => {
    assertConfigError(base({ JWT_SECRET: 'x'.repeat(31) }), 'JWT_SECRET');
    assertConfigError(base({ REFRESH_TOKEN_SECRET: 'x'.repeat(31) }), 'REFRESH_TOKEN_SECRET');
    assertConfigError(base({ JWT_SECRET: '' }), 'JWT_SECRET');
    assert.deepEqual(parseConfig(base({ JWT_SECRET: 'x'.repeat(32) })).signingKeys.access, { alg: 'HS256', secrets: ['x'.repeat(32)] });
  });

  test('the too-short message names REFRESH_TOKEN_SECRET, not JWT_SECRET, when only the refresh secret is short', () => {
    assert.throws(
      () => parseConfig(base({ REFRESH_TOKEN_SECRET: 'x'.repeat(31) })),
      (error: unknown) => error instanceof ConfigError && /^REFRESH_TOKEN_SECRET\b/.test(error.message),
    );
  });

  test('equal secrets are refused, naming the variable', () => {
    const same = 's'.repeat(40);
    assertConfigError({ JWT_SECRET: same, REFRESH_TOKEN_SECRET: same }, 'REFRESH_TOKEN_SECRET');
    assertConfigError({ NODE_ENV: 'production', JWT_SECRET: same, REFRESH_TOKEN_SECRET: same }, 'JWT_SECRET');
  });

  test('secret length counts UTF-8 bytes, not characters', () => {
    const sixteenChars32Bytes = 'é'.repeat(16);
    assert.equal(sixteenChars32Bytes.length, 16);
    assert.equal(Buffer.byteLength(sixteenChars32Bytes), 32);
    assert.deepEqual(parseConfig(base({ JWT_SECRET: sixteenChars32Bytes })).signingKeys.access, { alg: 'HS256', secrets: [sixteenChars32Bytes] });

    const thirtyOneBytes = `${'é'.repeat(15)}a`;
    assert.equal(Buffer.byteLength(thirtyOneBytes), 31);
    assertConfigError(base({ JWT_SECRET: thirtyOneBytes }), 'JWT_SECRET');

    // 8 emoji are 16 UTF-16 units but 32 bytes.
    assert.deepEqual(parseConfig(base({ REFRESH_TOKEN_SECRET: '🔑'.repeat(8) })).signingKeys.refresh, ['🔑'.repeat(8)]);
  });

  test('BCRYPT_COST below 10 is refused; 10 and above accepted', () => {
    assertConfigError(base({ BCRYPT_COST: '9' }), 'BCRYPT_COST');
    assertConfigError(base({ BCRYPT_COST: '4' }), 'BCRYPT_COST');
    assertConfigError(base({ BCRYPT_COST: '0' }), 'BCRYPT_COST');
    assertConfigError(base({ BCRYPT_COST: 'twelve' }), 'BCRYPT_COST');
    assertConfigError(base({ BCRYPT_COST: '11.5' }), 'BCRYPT_COST');
    assert.equal(parseConfig(base({ BCRYPT_COST: '10' })).bcryptCost, 10);
    assert.equal(parseConfig(base({ BCRYPT_COST: '13' })).bcryptCost, 13);
  });

  test('Upstash: UPSTASH_REDIS_REST_* and Vercel KV_REST_API_* are both accepted as the pair', () => {
    const upstash = parseConfig(base({ UPSTASH_REDIS_REST_URL: 'https://eu1.upstash.io', UPSTASH_REDIS_REST_TOKEN: 'tok' }));
    assert.deepEqual(upstash.upstash, { url: 'https://eu1.upstash.io', token: 'tok' });
    const kv = parseConfig(base({ KV_REST_API_URL: 'https://kv.vercel-storage.com', KV_REST_API_TOKEN: 'kvtok' }));
    assert.deepEqual(kv.upstash, { url: 'https://kv.vercel-storage.com', token: 'kvtok' });
  });

  test('Upstash: a URL without a token (or the reverse) is refused', () => {
    assertConfigError(base({ UPSTASH_REDIS_REST_URL: 'https://eu1.upstash.io' }), /UPSTASH_REDIS_REST_(URL|TOKEN)/);
    assertConfigError(base({ UPSTASH_REDIS_REST_TOKEN: 'tok' }), /UPSTASH_REDIS_REST_(URL|TOKEN)/);
    assertConfigError(base({ KV_REST_API_URL: 'https://kv.vercel-storage.com' }), /(UPSTASH_REDIS_REST|KV_REST_API)_(URL|TOKEN)/);
    assertConfigError(base({ UPSTASH_REDIS_REST_URL: 'https://eu1.upstash.io', UPSTASH_REDIS_REST_TOKEN: '   ' }), /UPSTASH_REDIS_REST_(URL|TOKEN)/);
  });

  test('ADMIN_EMAILS is normalised to a set of trimmed, lower-cased emails', () => {
    const config = parseConfig(base({ ADMIN_EMAILS: ' Boss@Example.COM , x@y.io' }));
    assert.deepEqual([...config.adminEmails].sort(), ['boss@example.com', 'x@y.io']);
    assert.ok(config.adminEmails.has('boss@example.com'));
    assert.ok(!config.adminEmails.has('Boss@Example.COM'));
    // Empty entries are dropped; NFD input matches the NFC form a login normalises to.
    const nfd = parseConfig(base({ ADMIN_EMAILS: ',, Jose\u0301@Example.com ,' }));
    assert.deepEqual([...nfd.adminEmails], ['josé@example.com']);
  });

  test('APP_URL is reduced to its origin', () => {
    assert.equal(parseConfig(base({ APP_URL: 'https://app.example.com/some/path?x=1#frag' })).appOrigin, 'https://app.example.com');
    assert.equal(parseConfig(base({ APP_URL: 'https://App.Example.com:443/' })).appOrigin, 'https://app.example.com');
    assert.equal(parseConfig(base({ APP_URL: 'http://localhost:3000' })).appOrigin, 'http://localhost:3000');
    assert.equal(parseConfig(base({ APP_URL: '' })).appOrigin, undefined);
  });

  test('on Vercel the deployment URLs are the app\'s own origins, links going to the stable one', () => {
    const vercel = {
      VERCEL: '1',
      VERCEL_URL: 'app-abc123-team.vercel.app',
      VERCEL_BRANCH_URL: 'app-git-feature-team.vercel.app',
      VERCEL_PROJECT_PRODUCTION_URL: 'app.example.com',
    };
    const preview = parseConfig(base({ ...vercel, VERCEL_ENV: 'preview' }));
    assert.equal(preview.appOrigin, 'https://app-git-feature-team.vercel.app');
    assert.deepEqual(preview.publicOrigins, ['https://app-git-feature-team.vercel.app', 'https://app-abc123-team.vercel.app']);
    const production = parseConfig(base({ ...vercel, VERCEL_ENV: 'production' }));
    assert.equal(production.appOrigin, 'https://app.example.com');
    assert.deepEqual(production.publicOrigins, ['https://app.example.com', 'https://app-git-feature-team.vercel.app', 'https://app-abc123-team.vercel.app']);
    const configured = parseConfig(base({ ...vercel, VERCEL_ENV: 'preview', APP_URL: 'https://auth.example.com/' }));
    assert.equal(configured.appOrigin, 'https://auth.example.com', 'APP_URL stays the origin of links');
    assert.deepEqual(configured.publicOrigins, ['https://auth.example.com', 'https://app-git-feature-team.vercel.app', 'https://app-abc123-team.vercel.app']);
  });

  test('Vercel URLs count only on Vercel, and must be host names', () => {
    assert.deepEqual(parseConfig(base({ VERCEL_URL: 'app-abc123-team.vercel.app' })).publicOrigins, []);
    assert.deepEqual(parseConfig(base({ APP_URL: 'http://localhost:3000' })).publicOrigins, ['http://localhost:3000']);
    for (const value of ['https://app.vercel.app', 'app.vercel.app/path', 'user@app.vercel.app', 'app.vercel.app:99999']) {
      assertConfigError(base({ VERCEL: '1', VERCEL_URL: value }), 'VERCEL_URL');
    }
  });

  test('production on Vercel refuses the embedded database and token store', () => {
    const vercelProduction = base({ VERCEL: '1', NODE_ENV: 'production' });
    assertConfigError(vercelProduction, /DATABASE_URL is not set: on Vercel/);
    assertConfigError({ ...vercelProduction, DATABASE_URL: 'postgres://db.example.com/app' }, /UPSTASH_REDIS_REST_URL is not set/);
    const ready = parseConfig({ ...vercelProduction, DATABASE_URL: 'postgres://db.example.com/app', KV_REST_API_URL: 'https://kv.upstash.io', KV_REST_API_TOKEN: 'token' });
    assert.deepEqual(ready.upstash, { url: 'https://kv.upstash.io', token: 'token' });
    assert.equal(ready.trustProxy, 1);
    // `vercel dev` sets VERCEL=1 too, and keeps the embedded defaults.
    assert.equal(parseConfig(base({ VERCEL: '1', NODE_ENV: 'development' })).databaseUrl, undefined);
  });

  test('DEV_OUTBOX is off unless set to a true value', () => {
    assert.equal(parseConfig(base()).devOutbox, false);
    assert.equal(parseConfig(base({ NODE_ENV: 'production' })).devOutbox, false);
    for (const value of ['1', 'true', 'yes', 'on', ' TRUE ']) {
      assert.equal(parseConfig(base({ DEV_OUTBOX: value })).devOutbox, true, JSON.stringify(value));
    }
    for (const value of ['0', 'false', 'no', 'off', '']) {
      assert.equal(parseConfig(base({ DEV_OUTBOX: value })).devOutbox, false, JSON.stringify(value));
    }
  });

  test('EMAIL_VERIFICATION is optional unless set to required; anything else is refused, naming it', () => {
    assert.equal(parseConfig(base()).emailVerification, 'optional');
    assert.equal(parseConfig(base({ NODE_ENV: 'production' })).emailVerification, 'optional');
    assert.equal(parseConfig(base({ EMAIL_VERIFICATION: 'required' })).emailVerification, 'required');
    assert.equal(parseConfig(base({ EMAIL_VERIFICATION: ' Required ' })).emailVerification, 'required');
    assert.equal(parseConfig(base({ EMAIL_VERIFICATION: 'optional' })).emailVerification, 'optional');
    assert.equal(parseConfig(base({ EMAIL_VERIFICATION: ' ' })).emailVerification, 'optional', 'blank counts as unset');
    for (const value of ['yes', 'true', 'require', 'off']) assertConfigError(base({ EMAIL_VERIFICATION: value }), 'EMAIL_VERIFICATION');
  });

  test('BENCH_ROUTES is off unless set to a true value', () => {
    assert.equal(parseConfig(base()).benchRoutes, false);
    assert.equal(parseConfig(base({ NODE_ENV: 'production' })).benchRoutes, false);
    assert.equal(parseConfig(base({ BENCH_ROUTES: '1' })).benchRoutes, true);
    assert.equal(parseConfig(base({ BENCH_ROUTES: 'off' })).benchRoutes, false);
  });

  test('rate limits: the defaults, each one configurable, a malformed one refused naming it', () => {
    const { rateLimits } = parseConfig(base());
    const minutes = (count: number, windowMinutes: number) => ({ limit: count, windowSeconds: windowMinutes * 60 });
    assert.deepEqual(rateLimits, {
      loginFailures: minutes(5, 15),
      loginFailuresPerAccount: minutes(20, 15),
      passwordChecksPerUser: minutes(10, 15),
      codeChecksPerUser: minutes(10, 15),
      authPerIp: minutes(30, 1),
      refreshPerSession: minutes(60, 1),
      forgotPerEmailAndIp: minutes(3, 60),
      forgotPerEmail: minutes(10, 60),
      forgotPerIp: minutes(10, 60),
      // At least 3 an hour, as the contract asks of verification mail per user.
      verifyMailPerUser: minutes(5, 60),
    });
    const set = parseConfig(
      base({
        RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT: '50/1h',
        RATE_LIMIT_PASSWORD_CHECKS_PER_USER: '3/5m',
        RATE_LIMIT_FORGOT_PER_EMAIL_AND_IP: '1/10m',
        RATE_LIMIT_VERIFY_MAIL_PER_USER: '8/2h',
      }),
    ).rateLimits;
    assert.deepEqual(
      [set.loginFailuresPerAccount, set.passwordChecksPerUser, set.forgotPerEmailAndIp, set.verifyMailPerUser],
      [minutes(50, 60), minutes(3, 5), minutes(1, 10), minutes(8, 120)],
    );
    for (const name of ['RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT', 'RATE_LIMIT_PASSWORD_CHECKS_PER_USER', 'RATE_LIMIT_FORGOT_PER_EMAIL_AND_IP', 'RATE_LIMIT_VERIFY_MAIL_PER_USER']) {
      assertConfigError(base({ [name]: '0/15m' }), name);
    }
  });

  test('EVENT_RETENTION: 180 days by default, at least a day (a bare 180 would be seconds), at most 10 years; PRUNE_INTERVAL: an hour, at most a day', () => {
    assert.equal(parseConfig(base()).eventRetentionSeconds, 180 * 86_400);
    assert.equal(parseConfig(base({ EVENT_RETENTION: '30d' })).eventRetentionSeconds, 30 * 86_400);
    assert.equal(parseConfig(base({ EVENT_RETENTION: '24h' })).eventRetentionSeconds, 86_400);
    for (const value of ['180', '23h', '3651d', 'forever', '0d']) assertConfigError(base({ EVENT_RETENTION: value }), 'EVENT_RETENTION');
    assert.equal(parseConfig(base()).pruneIntervalSeconds, 3600);
    assert.equal(parseConfig(base({ PRUNE_INTERVAL: '2s' })).pruneIntervalSeconds, 2);
    assertConfigError(base({ PRUNE_INTERVAL: '2d' }), 'PRUNE_INTERVAL');
  });

  test('CRON_SECRET: unset (the cron route is off) or at least 16 characters without spaces', () => {
    assert.equal(parseConfig(base()).cronSecret, undefined);
    assert.equal(parseConfig(base({ CRON_SECRET: '  ' })).cronSecret, undefined, 'blank counts as unset');
    assert.equal(parseConfig(base({ CRON_SECRET: 'a'.repeat(16) })).cronSecret, 'a'.repeat(16));
    assertConfigError(base({ CRON_SECRET: 'too-short' }), 'CRON_SECRET');
    assertConfigError(base({ CRON_SECRET: 'a secret with spaces in it' }), 'CRON_SECRET');
  });

  test('REAUTH_MAX_AGE: 10 minutes by default, configurable up to a day; MFA_TOKEN_TTL and PASSKEY_CHALLENGE_TTL: 5 minutes, never longer', () => {
    assert.equal(parseConfig(base()).reauthMaxAgeSeconds, 600);
    assert.equal(parseConfig(base({ REAUTH_MAX_AGE: '5m' })).reauthMaxAgeSeconds, 300);
    assertConfigError(base({ REAUTH_MAX_AGE: '2d' }), 'REAUTH_MAX_AGE');
    assertConfigError(base({ REAUTH_MAX_AGE: 'soon' }), 'REAUTH_MAX_AGE');
    assert.equal(parseConfig(base()).mfaTokenTtlSeconds, 300);
    assert.equal(parseConfig(base({ MFA_TOKEN_TTL: '3s' })).mfaTokenTtlSeconds, 3);
    assertConfigError(base({ MFA_TOKEN_TTL: '6m' }), 'MFA_TOKEN_TTL');
    assert.equal(parseConfig(base({})).passkeyChallengeTtlSeconds, 300);
    assert.equal(parseConfig(base({ PASSKEY_CHALLENGE_TTL: '2s' })).passkeyChallengeTtlSeconds, 2);
    assertConfigError(base({ PASSKEY_CHALLENGE_TTL: '301s' }), 'PASSKEY_CHALLENGE_TTL');
  });

  test('an invalid APP_URL is refused, naming the variable', () => {
    assertConfigError(base({ APP_URL: 'not a url' }), 'APP_URL');
    assertConfigError(base({ APP_URL: 'example.com' }), 'APP_URL');
    assertConfigError(base({ APP_URL: '/relative/path' }), 'APP_URL');
  });

  test(
    'an APP_URL without an http(s) origin is refused (it would make the app origin the string "null")',
    () => {
      for (const value of ['localhost:3000', 'mailto:admin@example.com', 'javascript:alert(1)', 'file:///etc/passwd']) {
        let origin: string | undefined;
        try {
          origin = parseConfig(base({ APP_URL: value })).appOrigin;
        } catch (error) {
          assert.ok(error instanceof ConfigError);
          assert.match(error.message, /APP_URL/);
          continue;
        }
        assert.fail(`APP_URL=${value} was accepted with appOrigin ${JSON.stringify(origin)}`);
      }
    },
  );
});

describe('ensureDevSecrets', () => {
  const dirs: string[] = [];
  const tempDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'auth-dev-secrets-'));
    dirs.push(dir);
    return dir;
  };
  after(async () => {
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  test('never generates in production', async () => {
    const dir = await tempDir();
    const env: NodeJS.ProcessEnv = { NODE_ENV: 'production', DATA_DIR: join(dir, 'data') };
    ensureDevSecrets(env);
    assert.equal(env.JWT_SECRET, undefined);
    assert.equal(env.REFRESH_TOKEN_SECRET, undefined);
    await assert.rejects(stat(join(dir, 'data', 'secrets.json')), { code: 'ENOENT' });
    // And parseConfig then stops the server naming the variable.
    assertConfigError({ ...env }, 'JWT_SECRET');
  });

  test('in development: writes secrets.json (0600) with two different secrets of at least 32 bytes, reused on the next start', async () => {
    const dir = await tempDir();
    const dataDir = join(dir, 'nested', 'data');
    const env: NodeJS.ProcessEnv = { NODE_ENV: 'development', DATA_DIR: dataDir };
    ensureDevSecrets(env);

    const jwt = env.JWT_SECRET;
    const refresh = env.REFRESH_TOKEN_SECRET;
    assert.equal(typeof jwt, 'string');
    assert.equal(typeof refresh, 'string');
    assert.ok(Buffer.byteLength(jwt!) >= 32);
    assert.ok(Buffer.byteLength(refresh!) >= 32);
    assert.notEqual(jwt, refresh);

    const file = join(dataDir, 'secrets.json');
    const info = await stat(file);
    assert.equal(info.mode & 0o777, 0o600);
    const stored = JSON.parse(await readFile(file, 'utf8'));
    assert.equal(stored.JWT_SECRET, jwt);
    assert.equal(stored.REFRESH_TOKEN_SECRET, refresh);

    // The generated pair passes the production validation rules.
    const config = parseConfig({ ...env });
    assert.deepEqual(config.signingKeys.access, { alg: 'HS256', secrets: [jwt] });

    const again: NodeJS.ProcessEnv = { NODE_ENV: 'development', DATA_DIR: dataDir };
    ensureDevSecrets(again);
    assert.equal(again.JWT_SECRET, jwt);
    assert.equal(again.REFRESH_TOKEN_SECRET, refresh);
  });

  test('with NODE_ENV unset (tests, scripts) it also fills the secrets', async () => {
    const dir = await tempDir();
    const env = { DATA_DIR: dir } as unknown as NodeJS.ProcessEnv; // NODE_ENV deliberately absent
    ensureDevSecrets(env);
    assert.ok(Buffer.byteLength(env.JWT_SECRET ?? '') >= 32);
    assert.ok(Buffer.byteLength(env.REFRESH_TOKEN_SECRET ?? '') >= 32);
  });

  test('a variable already set is kept', async () => {
    const dir = await tempDir();
    const mine = 'my-own-jwt-secret-that-is-long-enough-000';
    const env: NodeJS.ProcessEnv = { NODE_ENV: 'development', DATA_DIR: dir, JWT_SECRET: mine };
    ensureDevSecrets(env);
    assert.equal(env.JWT_SECRET, mine);
    assert.ok(Buffer.byteLength(env.REFRESH_TOKEN_SECRET ?? '') >= 32);
    assert.notEqual(env.REFRESH_TOKEN_SECRET, mine);

    const both: NodeJS.ProcessEnv = { NODE_ENV: 'development', DATA_DIR: dir, JWT_SECRET: mine, REFRESH_TOKEN_SECRET: `${mine}-refresh` };
    ensureDevSecrets(both);
    assert.equal(both.JWT_SECRET, mine);
    assert.equal(both.REFRESH_TOKEN_SECRET, `${mine}-refresh`);
  });

  test('secrets already in secrets.json are reused, missing ones are added', async () => {
    const dir = await tempDir();
    const existing = 'previously-stored-jwt-secret-0123456789abcdef';
    await writeFile(join(dir, 'secrets.json'), JSON.stringify({ JWT_SECRET: existing }), { mode: 0o600 });
    const env: NodeJS.ProcessEnv = { NODE_ENV: 'development', DATA_DIR: dir };
    ensureDevSecrets(env);
    assert.equal(env.JWT_SECRET, existing);
    assert.ok(Buffer.byteLength(env.REFRESH_TOKEN_SECRET ?? '') >= 32);
    const stored = JSON.parse(await readFile(join(dir, 'secrets.json'), 'utf8'));
    assert.equal(stored.JWT_SECRET, existing);
    assert.equal(stored.REFRESH_TOKEN_SECRET, env.REFRESH_TOKEN_SECRET);
  });
});

test('durations have upper bounds, and the access token must be shorter-lived than the session', () => {
  const base = (extra: Record<string, string>) => ({
    JWT_SECRET: 'j'.repeat(40),
    REFRESH_TOKEN_SECRET: 'r'.repeat(40),
    ...extra,
  });
  for (const [extra, variable] of [
    [{ REFRESH_REUSE_INTERVAL: '61s' }, 'REFRESH_REUSE_INTERVAL'],
    [{ REFRESH_REUSE_INTERVAL: '7d' }, 'REFRESH_REUSE_INTERVAL'],
    [{ ACCESS_TOKEN_TTL: '2d' }, 'ACCESS_TOKEN_TTL'],
    [{ ACCESS_TOKEN_TTL: '1h', REFRESH_TOKEN_TTL: '1h' }, 'ACCESS_TOKEN_TTL'],
  ] as const) {
    assert.throws(() => parseConfig(base(extra)), (error: unknown) => error instanceof ConfigError && error.message.includes(variable), JSON.stringify(extra));
  }
  assert.equal(parseConfig(base({ REFRESH_REUSE_INTERVAL: '60s' })).refreshReuseIntervalSeconds, 60);
});
