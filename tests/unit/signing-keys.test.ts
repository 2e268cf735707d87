import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, test } from 'node:test';
import { describeSigningKeys, ed25519Kid, ed25519KeyRing, hmacKeyRing, KeyImportError, secretKid } from '../../lib/auth/keys';
import { ConfigError, parseConfig } from '../../lib/config/env';
import { newEd25519Key } from '../support/signing-keys';

const JWT_SECRET = 'j'.repeat(32);
const REFRESH_TOKEN_SECRET = 'r'.repeat(32);
const base = (extra: Record<string, string | undefined> = {}) => ({ JWT_SECRET, REFRESH_TOKEN_SECRET, ...extra });

// RFC 8037, appendix A.1 and A.3: an Ed25519 private key and its RFC 7638 thumbprint.
const RFC8037_KEY = { kty: 'OKP', crv: 'Ed25519', d: 'nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' } as const;
const RFC8037_THUMBPRINT = 'kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k';

/** The message of the ConfigError parseConfig throws for `env`; fails when it accepts it. */
function configError(env: Record<string, string | undefined>): string {
  try {
    parseConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected ConfigError, got ${String(error)}`);
    assert.ok(!/[\r\n]/.test(error.message), `one line: ${JSON.stringify(error.message)}`);
    return error.message;
  }
  assert.fail(`accepted ${JSON.stringify(Object.keys(env))}`);
}

describe('JWT_SECRET and REFRESH_TOKEN_SECRET as lists, newest first', () => {
  test('comma-separated, spaces around each key ignored, order kept', () => {
    const [a, b, c] = ['a'.repeat(40), 'b'.repeat(40), 'c'.repeat(40)];
    const config = parseConfig({ JWT_SECRET: `${a}, ${b}`, REFRESH_TOKEN_SECRET: ` ${c} ` });
    assert.deepEqual(config.signingKeys, { access: { alg: 'HS256', secrets: [a, b] }, refresh: [c] });
  });

  test('every key of a list meets the length rule, and the message names the variable and the key, not its value', () => {
    const short = 'too-short-key';
    for (const name of ['JWT_SECRET', 'REFRESH_TOKEN_SECRET']) {
      const message = configError(base({ [name]: `${'n'.repeat(40)},${short}` }));
      assert.match(message, new RegExp(`^${name} is too short: key 2 of 2 must be at least 32 bytes`));
      assert.ok(!message.includes(short) && !message.includes('n'.repeat(40)), 'no key is printed');
    }
    assert.match(configError(base({ JWT_SECRET: `${'n'.repeat(40)},,${'o'.repeat(40)}` })), /^JWT_SECRET has an empty key \(key 2 of 3\)/);
    assert.match(configError(base({ JWT_SECRET: `${'n'.repeat(40)},` })), /^JWT_SECRET has an empty key/);
  });

  test('a key listed twice is refused', () => {
    assert.match(configError(base({ JWT_SECRET: `${'n'.repeat(40)},${'n'.repeat(40)}` })), /^JWT_SECRET lists the same key twice/);
  });

  test('no key may be in both lists, whatever its position', () => {
    const shared = 's'.repeat(40);
    for (const [jwt, refresh] of [
      [shared, shared],
      [`${'a'.repeat(40)},${shared}`, shared],
      [shared, `${'b'.repeat(40)},${shared}`],
    ]) {
      const message = configError({ NODE_ENV: 'production', JWT_SECRET: jwt, REFRESH_TOKEN_SECRET: refresh });
      assert.match(message, /^REFRESH_TOKEN_SECRET must differ from JWT_SECRET/);
      assert.ok(!message.includes(shared));
    }
  });

  test('a blank variable counts as unset', () => {
    assert.match(configError({ JWT_SECRET: '  ', REFRESH_TOKEN_SECRET }), /^JWT_SECRET is not set/);
    assert.match(configError({ JWT_SECRET, REFRESH_TOKEN_SECRET: '' }), /^REFRESH_TOKEN_SECRET is not set/);
  });
});

describe('JWT_PRIVATE_KEYS', () => {
  test('a JSON array of Ed25519 private JWKs makes access tokens EdDSA; only kty, crv, x and d are kept', async () => {
    const [a, b] = [await newEd25519Key(), await newEd25519Key()];
    const config = parseConfig(base({ JWT_PRIVATE_KEYS: JSON.stringify([{ ...a, kid: 'mine', alg: 'EdDSA', use: 'sig' }, b]) }));
    assert.deepEqual(config.signingKeys.access, { alg: 'EdDSA', privateKeys: [a, b] });
    assert.deepEqual(config.signingKeys.refresh, [REFRESH_TOKEN_SECRET], 'refresh tokens stay HS256');
  });

  test('JWT_SECRET is not required beside it, and still checked when given', async () => {
    const keys = JSON.stringify([await newEd25519Key()]);
    assert.equal(parseConfig({ NODE_ENV: 'production', REFRESH_TOKEN_SECRET, JWT_PRIVATE_KEYS: keys }).signingKeys.access.alg, 'EdDSA');
    assert.match(configError({ JWT_SECRET: 'short', REFRESH_TOKEN_SECRET, JWT_PRIVATE_KEYS: keys }), /^JWT_SECRET is too short/);
    assert.match(configError({ NODE_ENV: 'production', JWT_PRIVATE_KEYS: keys }), /^REFRESH_TOKEN_SECRET is not set/);
  });

  test('anything else stops the start with one line naming JWT_PRIVATE_KEYS and never printing d', async () => {
    const good = await newEd25519Key();
    const other = await newEd25519Key();
    const cases: Array<[unknown, RegExp]> = [
      ['{not json', /^JWT_PRIVATE_KEYS is not valid JSON/],
      [good, /^JWT_PRIVATE_KEYS must be a JSON array/],
      [[], /^JWT_PRIVATE_KEYS is an empty list/],
      [['a string'], /^JWT_PRIVATE_KEYS: its key is not an Ed25519 private JWK: it is not a JSON object/],
      [[{ ...good, kty: 'EC' }], /kty must be "OKP"/],
      [[{ ...good, crv: 'X25519' }], /crv must be "Ed25519"/],
      [[{ kty: 'OKP', crv: 'Ed25519', x: good.x }], /has no private part "d"/],
      [[{ ...good, d: 'AAAA' }], /d must be the 32-byte private key/],
      [[{ ...good, x: `${good.x}A` }], /x must be the 32-byte public key/],
      [[{ ...good, alg: 'ES256' }], /alg, when given, must be "EdDSA"/],
      [[{ ...good, use: 'enc' }], /use, when given, must be "sig"/],
      [[other, { ...good, kty: 'RSA' }], /^JWT_PRIVATE_KEYS: key 2 of 2 is not an Ed25519 private JWK/],
      [[good, good], /^JWT_PRIVATE_KEYS lists the same key twice/],
    ];
    for (const [value, expected] of cases) {
      const message = configError(base({ JWT_PRIVATE_KEYS: typeof value === 'string' ? value : JSON.stringify(value) }));
      assert.match(message, expected);
      assert.ok(message.startsWith('JWT_PRIVATE_KEYS'), message);
      assert.ok(!message.includes(good.d) && !message.includes(other.d), 'a private key is never printed');
    }
    // A blank value is unset: HS256.
    assert.equal(parseConfig(base({ JWT_PRIVATE_KEYS: ' ' })).signingKeys.access.alg, 'HS256');
  });

  test('a d that does not belong to its x is refused when the keys are imported, naming the variable and the key', async () => {
    const [a, b] = [await newEd25519Key(), await newEd25519Key()];
    await assert.rejects(ed25519KeyRing([a, { ...b, d: a.d }]), (error: unknown) => {
      assert.ok(error instanceof KeyImportError);
      assert.match(error.message, /^JWT_PRIVATE_KEYS: key 2 of 2 is not a usable Ed25519 private key/);
      assert.ok(!error.message.includes(a.d));
      return true;
    });
  });
});

describe('kid derivation', () => {
  test('an HMAC secret\'s kid: HMAC-SHA256 of a fixed label under the secret, first 96 bits, base64url', async () => {
    const secret = 'a-secret-of-at-least-thirty-two-bytes-0123';
    const expected = createHmac('sha256', secret).update('nextjs-jwt-auth key id').digest().subarray(0, 12).toString('base64url');
    assert.equal(await secretKid(secret), expected);
    assert.match(expected, /^[A-Za-z0-9_-]{16}$/);
    assert.notEqual(await secretKid(`${secret}x`), expected, 'another secret, another kid');
    assert.equal(await secretKid(secret), expected, 'the same secret, the same kid (every instance and restart agrees)');
  });

  test('an Ed25519 key\'s kid is its RFC 7638 thumbprint (RFC 8037 test vector)', async () => {
    assert.equal(await ed25519Kid(RFC8037_KEY), RFC8037_THUMBPRINT);
    const ring = await ed25519KeyRing([RFC8037_KEY]);
    assert.equal(ring.signing.kid, RFC8037_THUMBPRINT);
    assert.deepEqual(ring.published, [{ kty: 'OKP', crv: 'Ed25519', x: RFC8037_KEY.x, kid: RFC8037_THUMBPRINT, alg: 'EdDSA', use: 'sig' }]);
  });

  test('a ring signs with its first key and verifies with every one; an HMAC ring publishes nothing', async () => {
    const secrets = ['1'.repeat(32), '2'.repeat(32), '3'.repeat(32)];
    const ring = await hmacKeyRing(secrets);
    const kids = await Promise.all(secrets.map(secretKid));
    assert.equal(ring.alg, 'HS256');
    assert.equal(ring.signing.kid, kids[0]);
    assert.deepEqual([...ring.verifying.keys()], kids);
    assert.deepEqual(ring.published, []);
  });

  test('the start-up line names every kid and no key', async () => {
    const ed = [await newEd25519Key(), RFC8037_KEY];
    const config = parseConfig(base({ JWT_SECRET: `${'n'.repeat(40)},${JWT_SECRET}`, JWT_PRIVATE_KEYS: JSON.stringify(ed) }));
    const line = await describeSigningKeys(config);
    assert.match(line, new RegExp(`access tokens EdDSA .* signed with kid ${await ed25519Kid(ed[0]!)}, verified with ${await ed25519Kid(ed[0]!)}, ${RFC8037_THUMBPRINT}`));
    assert.match(line, new RegExp(`refresh tokens HS256 .* signed with kid ${await secretKid(REFRESH_TOKEN_SECRET)}`));
    for (const secret of [JWT_SECRET, REFRESH_TOKEN_SECRET, 'n'.repeat(40), ed[0]!.d, RFC8037_KEY.d]) assert.ok(!line.includes(secret));

    const hs = await describeSigningKeys(parseConfig(base({ JWT_SECRET: `${'n'.repeat(40)},${JWT_SECRET}` })));
    assert.match(hs, new RegExp(`access tokens HS256 \\(JWT_SECRET\\) signed with kid ${await secretKid('n'.repeat(40))}, verified with ${await secretKid('n'.repeat(40))}, ${await secretKid(JWT_SECRET)}`));
  });
});
