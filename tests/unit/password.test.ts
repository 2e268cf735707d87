import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import bcryptjs from 'bcryptjs';
import { BcryptPool } from '../../lib/auth/bcrypt-pool';
import { checkHashingCapacity, dummyPasswordHash, hashPassword, verifyPassword } from '../../lib/auth/password';
import { BUSY_MESSAGE, isApiError } from '../../lib/http/errors';
import { passwordPolicyProblem } from '../../lib/auth/password-policy';

const COST = 10;
const utf8Bytes = (value: string) => Buffer.byteLength(value, 'utf8');

describe('hashPassword / verifyPassword', () => {
  test('hash is $2b$ at the requested cost and verifies only the right password', async () => {
    const hash = await hashPassword('correct horse battery staple', COST);
    assert.match(hash, /^\$2b\$10\$[./A-Za-z0-9]{53}$/);
    assert.equal(await verifyPassword('correct horse battery staple', hash), true);
    assert.equal(await verifyPassword('correct horse battery stapl', hash), false);
    assert.equal(await verifyPassword('Correct horse battery staple', hash), false);
    assert.equal(await verifyPassword('', hash), false);
  });

  test('the cost parameter is honoured (11 embeds 11)', async () => {
    assert.match(await hashPassword('another password', 11), /^\$2b\$11\$/);
  });

  test('hashing is salted: the same password gives two different hashes that both verify', async () => {
    const a = await hashPassword('same password twice', COST);
    const b = await hashPassword('same password twice', COST);
    assert.notEqual(a, b);
    assert.equal(await verifyPassword('same password twice', a), true);
    assert.equal(await verifyPassword('same password twice', b), true);
  });

  test('no silent truncation at 72 bytes: 100-character passwords sharing their first 80 bytes are different passwords', async () => {
    const prefix = 'p'.repeat(80);
    const a = `${prefix}${'A'.repeat(20)}`;
    const b = `${prefix}${'B'.repeat(20)}`;
    assert.equal(a.length, 100);
    assert.equal(utf8Bytes(a), 100);
    // Sanity: raw bcrypt really cannot tell these apart, so this test exercises the truncation case.
    assert.equal(bcryptjs.truncates(a), true);
    const raw = await bcryptjs.hash(a, 4);
    assert.equal(await bcryptjs.compare(b, raw), true, 'precondition: plain bcrypt truncates at 72 bytes');

    const hash = await hashPassword(a, COST);
    assert.equal(await verifyPassword(a, hash), true);
    assert.equal(await verifyPassword(b, hash), false);
    // Also when they differ only in the very last character.
    assert.equal(await verifyPassword(`${a.slice(0, 99)}Z`, hash), false);
  });

  test('no silent truncation with multi-byte characters either', async () => {
    // 40 × "é" (2 bytes each) = 80 bytes shared, then 20 characters that differ: 100 characters, 120 bytes.
    const prefix = 'é'.repeat(40);
    const a = `${prefix}${'x'.repeat(20)}`;
    const b = `${prefix}${'y'.repeat(20)}`;
    assert.equal([...a].length, 60);
    assert.equal(utf8Bytes(prefix), 80);
    const raw = await bcryptjs.hash(a, 4);
    assert.equal(await bcryptjs.compare(b, raw), true, 'precondition: plain bcrypt truncates at 72 bytes');

    const hash = await hashPassword(a, COST);
    assert.equal(await verifyPassword(a, hash), true);
    assert.equal(await verifyPassword(b, hash), false);

    // 100 characters of 3-byte CJK and 4-byte emoji sharing the first 80 characters (240+ bytes).
    const wide = '密'.repeat(30) + '😀'.repeat(50);
    const c = `${wide}${'一'.repeat(20)}`;
    const d = `${wide}${'二'.repeat(20)}`;
    assert.equal([...c].length, 100);
    const hashC = await hashPassword(c, COST);
    assert.equal(await verifyPassword(c, hashC), true);
    assert.equal(await verifyPassword(d, hashC), false);
  });

  test('NFC and NFD forms of one password verify as the same password', async () => {
    const composed = 'café au lait, s\u00e9rieusement';
    const decomposed = composed.normalize('NFD');
    assert.notEqual(composed, decomposed);
    assert.equal(composed.normalize('NFC'), decomposed.normalize('NFC'));

    const fromComposed = await hashPassword(composed, COST);
    assert.equal(await verifyPassword(decomposed, fromComposed), true);
    const fromDecomposed = await hashPassword(decomposed, COST);
    assert.equal(await verifyPassword(composed, fromDecomposed), true);
    // But a different accent is a different password.
    assert.equal(await verifyPassword('cafè au lait, sérieusement', fromComposed), false);
  });

  test('verifyPassword against a malformed hash does not say true', async () => {
    const outcome = await verifyPassword('whatever', 'not-a-bcrypt-hash').catch(() => false);
    assert.equal(outcome, false);
  });

  test('hashes are standard bcrypt, but the raw password is not the bcrypt input (the pre-hash is part of the format)', async () => {
    const password = 'portable password check';
    const hash = await hashPassword(password, COST);
    assert.equal(bcryptjs.getRounds(hash), COST);
    assert.equal(bcryptjs.getSalt(hash).length, 29);
    assert.equal(await bcryptjs.compare(password, hash), false);
  });
});

describe('dummyPasswordHash', () => {
  test('returns a valid $2b$ hash at the cost asked for, memoised per cost', async () => {
    const first = dummyPasswordHash(COST);
    const second = dummyPasswordHash(COST);
    assert.equal(first, second, 'the same promise is handed out');
    const hash = await first;
    assert.equal(await second, hash);
    assert.match(hash, /^\$2b\$10\$[./A-Za-z0-9]{53}$/);
    assert.equal(bcryptjs.getRounds(hash), COST);
    // A login attempt against it fails like a wrong password would.
    assert.equal(await verifyPassword('password', hash), false);
    assert.equal(await verifyPassword('', hash), false);
  });

  test('a different cost gives a different dummy at that cost', async () => {
    const eleven = await dummyPasswordHash(11);
    assert.match(eleven, /^\$2b\$11\$/);
    assert.notEqual(eleven, await dummyPasswordHash(COST));
  });
});

describe('passwordPolicyProblem', () => {
  const email = 'jane.doe@example.com';

  test('refuses common passwords, case-insensitively, with a message for the field', () => {
    for (const password of ['password1', 'Password1', 'PASSWORD1', 'Qwertyuiop', 'qwertyuiop', 'iloveyou', 'ILoveYou']) {
      const problem = passwordPolicyProblem(password, email);
      assert.equal(typeof problem, 'string', `${password} should be refused`);
      assert.ok(problem!.length > 0);
      assert.match(problem!, /common/i);
    }
  });

  test('refuses the email itself as the password', () => {
    assert.match(passwordPolicyProblem('jane.doe@example.com', email) ?? '', /email/i);
    assert.match(passwordPolicyProblem('Jane.Doe@Example.com', email) ?? '', /email/i);
  });

  test("refuses the email's local part when it has at least 4 characters", () => {
    assert.match(passwordPolicyProblem('jane.doe', email) ?? '', /email/i);
    assert.match(passwordPolicyProblem('JANE.DOE', email) ?? '', /email/i);
    assert.match(passwordPolicyProblem('zxqvbnmlkjh', 'zxqvbnmlkjh@example.org') ?? '', /email/i);
  });

  test('accepts a strong, unusual passphrase', () => {
    assert.equal(passwordPolicyProblem('violet tractor hums 7 mangoes', email), null);
    assert.equal(passwordPolicyProblem('Glimmer-Otter-Quartz-42!', email), null);
    // Containing the local part is not the same as being it.
    assert.equal(passwordPolicyProblem('jane.doe walks 3 purple llamas', email), null);
  });
});

describe('a full hashing queue', () => {
  test('hashPassword, verifyPassword and checkHashingCapacity all answer the 503 busy at once', async () => {
    const global = globalThis as typeof globalThis & { __authBcryptPool?: BcryptPool };
    const shared = global.__authBcryptPool;
    // One worker and an estimate of 1 s per round: once the worker is busy, nothing else fits.
    global.__authBcryptPool = new BcryptPool(1, { assumedMsPerRound: 1000 });
    try {
      const running = hashPassword('takes the only worker', 4);
      const refusals: Array<[string, () => Promise<unknown>]> = [
        ['hashPassword (register, password change, reset)', () => hashPassword('another', 4)],
        ['verifyPassword (login, password change)', () => verifyPassword('another', '$2b$04$abcdefghijklmnopqrstuuAbCdEfGhIjKlMnOpQrStUvWxYz01234')],
        ['checkHashingCapacity (login, before the look-up)', async () => checkHashingCapacity(12)],
      ];
      for (const [name, attempt] of refusals) {
        const error = await attempt().then(() => undefined, (reason: unknown) => reason);
        assert.ok(isApiError(error), name);
        assert.equal(error.status, 503, name);
        assert.equal(error.code, 'unavailable', name);
        assert.equal(error.message, BUSY_MESSAGE, name);
        assert.match(error.extra.headers?.['Retry-After'] ?? '', /^[1-9]\d*$/, name);
      }
      assert.match(await running, /^\$2b\$04\$/);
    } finally {
      global.__authBcryptPool = shared;
    }
  });
});
