import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { generate } from 'otplib';
import { requireRecentAuthentication } from '../../lib/auth/access';
import { newRecoveryCodes, recoveryCodeDigest, RECOVERY_CODE_COUNT } from '../../lib/auth/recovery-codes';
import { boxKey, open, seal, SecretBoxError } from '../../lib/auth/secret-box';
import type { AccessClaims } from '../../lib/auth/tokens';
import { matchTotp, newTotpSecret, totpUri } from '../../lib/auth/totp';
import { canonicalRecoveryCode, reauthSchema, secondFactorCodeSchema, totpCodeSchema } from '../../lib/validation/mfa';

const OLD = boxKey('an-old-refresh-secret-0123456789abcdef0123456789');
const NEW = boxKey('a-new-refresh-secret-0123456789abcdef01234567890');

describe('TOTP (RFC 6238 through otplib)', () => {
  // RFC 6238 appendix B: the SHA-1 seed is the ASCII "12345678901234567890", here in Base32.
  const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
  const vectors: [number, string][] = [
    [59, '287082'],
    [1111111109, '081804'],
    [1111111111, '050471'],
    [1234567890, '005924'],
    [2000000000, '279037'],
  ];

  test("the RFC's SHA-1 test vectors (last 6 digits) match at their own time, with their step", async () => {
    for (const [time, code] of vectors) {
      assert.equal(await matchTotp(RFC_SECRET, code, null, time), Math.floor(time / 30), `T=${time}`);
    }
  });

  test('one step either side is accepted, two are not', async () => {
    const secret = newTotpSecret();
    const now = 1_796_000_000;
    const at = (offsetSteps: number) => generate({ secret, epoch: now + offsetSteps * 30 });
    for (const offset of [-1, 0, 1]) assert.equal(await matchTotp(secret, await at(offset), null, now), Math.floor(now / 30) + offset, `offset ${offset}`);
    for (const offset of [-2, 2, 10]) assert.equal(await matchTotp(secret, await at(offset), null, now), null, `offset ${offset}`);
  });

  test('a code of the last step used, or an earlier one, is refused: no replay', async () => {
    const secret = newTotpSecret();
    const now = 1_796_000_015;
    const code = await generate({ secret, epoch: now });
    const step = await matchTotp(secret, code, null, now);
    assert.equal(step, Math.floor(now / 30));
    assert.equal(await matchTotp(secret, code, step, now), null, 'the same code again');
    assert.equal(await matchTotp(secret, await generate({ secret, epoch: now - 30 }), step, now), null, 'an older code after a newer one');
    assert.equal(await matchTotp(secret, await generate({ secret, epoch: now + 30 }), step, now), step! + 1, 'the next step is fine');
  });

  test('malformed codes and another secret are refused without throwing', async () => {
    const secret = newTotpSecret();
    const code = await generate({ secret });
    for (const bad of ['', '12345', '1234567', 'abcdef', ` ${code}`, `${code}\n`, '１２３４５６']) assert.equal(await matchTotp(secret, bad, null), null, JSON.stringify(bad));
    assert.equal(await matchTotp(newTotpSecret(), code, null), null);
  });

  test('a secret is 160 random bits in Base32, and the URI says issuer, account and secret', () => {
    const secrets = new Set(Array.from({ length: 50 }, newTotpSecret));
    assert.equal(secrets.size, 50);
    for (const secret of secrets) assert.match(secret, /^[A-Z2-7]{32}$/);
    const secret = [...secrets][0]!;
    const uri = new URL(totpUri(secret, 'josé@example.com'));
    assert.equal(uri.protocol, 'otpauth:');
    assert.equal(uri.host, 'totp');
    assert.equal(decodeURIComponent(uri.pathname), '/JWT Auth:josé@example.com');
    assert.equal(uri.searchParams.get('secret'), secret);
    assert.equal(uri.searchParams.get('issuer'), 'JWT Auth');
  });
});

describe('secret box (AES-256-GCM, HKDF keys, key ids)', () => {
  test('seals to text holding no plaintext, under the newest key, and opens back', () => {
    const sealed = seal('JBSWY3DPEHPK3PXP', [NEW, OLD], 'totp:user-1');
    assert.ok(!sealed.includes('JBSWY3DPEHPK3PXP'));
    assert.ok(!sealed.includes(Buffer.from('JBSWY3DPEHPK3PXP').toString('base64url')));
    assert.equal(sealed.split('.')[1], NEW.id);
    assert.deepEqual(open(sealed, [NEW, OLD], 'totp:user-1'), { plaintext: 'JBSWY3DPEHPK3PXP', stale: false });
    assert.notEqual(seal('JBSWY3DPEHPK3PXP', [NEW], 'totp:user-1'), sealed, 'a fresh IV every time');
  });

  test('rotation: a value sealed under an older listed key opens, and says it is stale; once the key is dropped it does not', () => {
    const sealed = seal('secret', [OLD], 'totp:user-1');
    assert.deepEqual(open(sealed, [NEW, OLD], 'totp:user-1'), { plaintext: 'secret', stale: true });
    assert.throws(() => open(sealed, [NEW], 'totp:user-1'), SecretBoxError);
  });

  test('another context (row), a flipped bit, a swapped key id or junk is refused', () => {
    const sealed = seal('secret', [NEW], 'totp:user-1');
    assert.throws(() => open(sealed, [NEW], 'totp:user-2'), SecretBoxError);
    const parts = sealed.split('.');
    const ciphertext = Buffer.from(parts[3]!, 'base64url');
    ciphertext[0] = ciphertext[0]! ^ 1;
    assert.throws(() => open([parts[0], parts[1], parts[2], ciphertext.toString('base64url'), parts[4]].join('.'), [NEW], 'totp:user-1'), SecretBoxError);
    assert.throws(() => open([parts[0], OLD.id, ...parts.slice(2)].join('.'), [NEW, OLD], 'totp:user-1'), SecretBoxError);
    for (const junk of ['', 'secret', 'v2.a.b.c.d', `v1.${NEW.id}.x.y.z`]) assert.throws(() => open(junk, [NEW], 'totp:user-1'), SecretBoxError, junk);
  });

  test('key ids reveal nothing obvious and differ per secret; keys are 32 bytes', () => {
    assert.notEqual(NEW.id, OLD.id);
    assert.match(NEW.id, /^[A-Za-z0-9_-]{12}$/);
    assert.equal(NEW.key.length, 32);
    assert.ok(!NEW.key.equals(Buffer.from('a-new-refresh-secret-0123456789abcdef01234567890').subarray(0, 32)));
  });
});

describe('recovery codes', () => {
  test('ten distinct codes of 80 bits, in four groups of four', () => {
    const codes = newRecoveryCodes();
    assert.equal(codes.length, RECOVERY_CODE_COUNT);
    assert.equal(new Set(codes).size, RECOVERY_CODE_COUNT);
    for (const code of codes) assert.match(code, /^[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){3}$/);
  });

  test('typed any way (case, spaces, dashes, look-alike letters) a code reads the same; anything else is not a code', () => {
    const [code] = newRecoveryCodes(1);
    const canonical = canonicalRecoveryCode(code!);
    assert.equal(canonical, code!.replaceAll('-', ''));
    assert.equal(canonicalRecoveryCode(code!.toUpperCase().replaceAll('-', ' ')), canonical);
    assert.equal(canonicalRecoveryCode('OIL0-1111-2222-3333'), '0110111122223333');
    for (const bad of ['', '123456', 'abcd-efgh-jkmn-pqr', 'abcd-efgh-jkmn-pqrsu', 'abcd-efgh-jkmn-pqr!', 'ｘｘｘｘ-efgh-jkmn-pqrs']) assert.equal(canonicalRecoveryCode(bad), null, bad);
  });

  test('the stored digest is bound to its user and never the code', () => {
    const digest = recoveryCodeDigest('user-1', 'abcdefghjkmnpqrs');
    assert.match(digest, /^[0-9a-f]{64}$/);
    assert.notEqual(digest, recoveryCodeDigest('user-2', 'abcdefghjkmnpqrs'));
    assert.ok(!digest.includes('abcdefghjkmnpqrs'));
  });
});

describe('second-factor inputs', () => {
  test('a set-up takes only six digits (spaces ignored); a login or re-authentication also takes a recovery code', () => {
    assert.equal(totpCodeSchema.parse('123 456'), '123456');
    for (const bad of ['12345', 'abcd-efgh-jkmn-pqrs', '1234567', '']) assert.equal(totpCodeSchema.safeParse(bad).success, false, bad);
    for (const good of ['123456', ' 123 456 ', 'abcd-efgh-jkmn-pqrs']) assert.equal(secondFactorCodeSchema.safeParse(good).success, true, good);
    for (const bad of ['12345', 'hello', 'x'.repeat(65)]) assert.equal(secondFactorCodeSchema.safeParse(bad).success, false, bad);
  });

  test('re-authentication takes the password or a code, exactly one', () => {
    assert.equal(reauthSchema.safeParse({ password: 'hunter2-hunter2' }).success, true);
    assert.equal(reauthSchema.safeParse({ code: '123456' }).success, true);
    assert.deepEqual(reauthSchema.safeParse({}).error?.issues.map((issue) => issue.path[0]), ['password']);
    assert.deepEqual(reauthSchema.safeParse({ password: 'hunter2-hunter2', code: '123456' }).error?.issues.map((issue) => issue.path[0]), ['code']);
  });
});

describe('recent authentication', () => {
  // The check reads REAUTH_MAX_AGE from the one configuration, which needs its secrets.
  process.env.JWT_SECRET ??= 'unit-test-access-secret-0123456789abcdef0123';
  process.env.REFRESH_TOKEN_SECRET ??= 'unit-test-refresh-secret-0123456789abcdef012';
  const claims = (authTime: number) => ({ auth_time: authTime }) as AccessClaims;
  test('within REAUTH_MAX_AGE (10 minutes by default) passes, older is 403 reauth_required', () => {
    const now = 1_796_000_000;
    requireRecentAuthentication(claims(now), now);
    requireRecentAuthentication(claims(now - 600), now);
    assert.throws(() => requireRecentAuthentication(claims(now - 601), now), (error: unknown) => {
      assert.equal((error as { status: number }).status, 403);
      assert.equal((error as { code: string }).code, 'reauth_required');
      return true;
    });
  });
});
