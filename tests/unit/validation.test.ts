import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  emailSchema,
  loginSchema,
  newPasswordSchema,
  registerSchema,
} from '../../lib/validation/auth';
import { MAX_EMAIL_LENGTH, emailProblem, normalizeEmail } from '../../lib/validation/email';
import { fieldErrors } from '../../lib/validation/field-errors';
import { characterCount } from '../../lib/validation/lengths';

const acceptedEmail = (raw: string) => {
  const result = emailSchema.safeParse(raw);
  assert.ok(result.success, `${JSON.stringify(raw)} should be accepted: ${result.success ? '' : result.error.issues[0]?.message}`);
  return result.data;
};

const refusedEmail = (raw: string) => {
  const result = emailSchema.safeParse(raw);
  assert.ok(!result.success, `${JSON.stringify(raw)} should be refused, got ${JSON.stringify(result.data)}`);
  const message = result.error.issues[0]?.message ?? '';
  assert.ok(message.length > 0);
  return message;
};

const validRegister = { email: 'new.user@example.com', password: 'violet tractor hums', firstName: 'Ada', lastName: 'Lovelace' };

describe('email normalisation', () => {
  test('trimmed, NFC and lower-cased; composed and decomposed forms are one address', () => {
    const composed = '  José@Example.COM ';
    const decomposed = '  Jose\u0301@Example.COM ';
    assert.notEqual(composed, decomposed);
    assert.equal(normalizeEmail(composed), 'josé@example.com');
    assert.equal(normalizeEmail(decomposed), 'josé@example.com');
    assert.equal(acceptedEmail(composed), 'josé@example.com');
    assert.equal(acceptedEmail(decomposed), 'josé@example.com');
    assert.equal(acceptedEmail(decomposed), acceptedEmail(composed));
    // Upper-case decomposed É also lands on the composed lower-case é.
    assert.equal(acceptedEmail('E\u0301LODIE@example.com'), 'élodie@example.com');
  });

  test('A@x.io and a@x.io are one account', () => {
    assert.equal(acceptedEmail('A@X.IO'), acceptedEmail('a@x.io'));
    assert.equal(acceptedEmail('\tA@x.io\n'), 'a@x.io');
  });
});

describe('email acceptance', () => {
  test('internationalised addresses are accepted', () => {
    assert.equal(acceptedEmail('josé@example.com'), 'josé@example.com');
    assert.equal(acceptedEmail('用户@例子.广告'), '用户@例子.广告');
    assert.equal(acceptedEmail('user@bücher.de'), 'user@bücher.de');
    assert.equal(acceptedEmail('Δοκιμή@παράδειγμα.δοκιμή'), 'δοκιμή@παράδειγμα.δοκιμή');
    assert.equal(acceptedEmail('first.last+tag@sub.example.co.uk'), 'first.last+tag@sub.example.co.uk');
  });

  test('refused: no @, two @, empty local or domain part, domain without a dot', () => {
    for (const raw of ['userexample.com', 'a@b@example.com', '@example.com', 'user@', 'user@localhost', '@', 'user@.com', 'user@example.', 'user@example..com']) {
      refusedEmail(raw);
    }
  });

  test('refused: empty or blank', () => {
    assert.match(refusedEmail(''), /required/i);
    assert.match(refusedEmail('   '), /required/i);
    assert.ok(!emailSchema.safeParse(undefined).success);
    assert.ok(!emailSchema.safeParse(42).success);
  });

  test('refused: control characters anywhere', () => {
    for (const raw of ['us\u0000er@example.com', 'user@exa\u0007mple.com', 'user\u001b@example.com', 'user@example.com\u007f', 'us\u0085er@example.com', 'user\u200b@example.com']) {
      refusedEmail(raw);
    }
  });

  test('refused: spaces inside', () => {
    for (const raw of ['jo hn@example.com', 'john@exa mple.com', 'john @example.com', 'john@\u00a0example.com', 'john\u3000doe@example.com']) {
      refusedEmail(raw);
    }
  });

  test('at most 254 characters: 254 accepted, 255 refused', () => {
    const local = 'a'.repeat(64);
    const domain254 = `${'b'.repeat(63)}.${'b'.repeat(63)}.${'b'.repeat(61)}`;
    const domain255 = `${'b'.repeat(63)}.${'b'.repeat(63)}.${'b'.repeat(62)}`;
    const ok = `${local}@${domain254}`;
    const tooLong = `${local}@${domain255}`;
    assert.equal(ok.length, MAX_EMAIL_LENGTH);
    assert.equal(tooLong.length, 255);
    assert.equal(acceptedEmail(ok), ok);
    assert.match(refusedEmail(tooLong), /254/);
    assert.ok(emailProblem(tooLong));
    // Much longer input is refused too, and not by accident of the local-part rule.
    const long = `a@${Array.from({ length: 5 }, () => 'c'.repeat(60)).join('.')}.com`;
    assert.ok(long.length > 300);
    assert.match(refusedEmail(long), /254/);
  });

  test('the length limit counts characters, not UTF-16 units', () => {
    // 60 × "𝒶" (astral, two UTF-16 units each) in the local part: 60 characters.
    const local = '𝒶'.repeat(60);
    const email = `${local}@example.com`;
    assert.equal(characterCount(email), 72);
    assert.ok(email.length > 72);
    assert.equal(acceptedEmail(email), email);
  });
});

describe('new password length', () => {
  const accepted = (password: string) => {
    const result = newPasswordSchema.safeParse(password);
    assert.ok(result.success, `${characterCount(password)} characters should be accepted: ${result.success ? '' : result.error.issues[0]?.message}`);
    return result.data;
  };
  const refused = (password: string) => {
    const result = newPasswordSchema.safeParse(password);
    assert.ok(!result.success, `${characterCount(password)} characters should be refused`);
    return result.error.issues[0]?.message ?? '';
  };

  test('8 to 128 characters in ASCII', () => {
    assert.match(refused('a'.repeat(7)), /at least 8/);
    accepted('a'.repeat(8));
    accepted('a'.repeat(128));
    assert.match(refused('a'.repeat(129)), /at most 128/);
    assert.match(refused(''), /at least 8/);
  });

  test('counted in code points: 8 emoji are 8 characters', () => {
    const eight = '😀'.repeat(8);
    assert.equal(eight.length, 16);
    assert.equal(accepted(eight), eight);
    assert.match(refused('😀'.repeat(7)), /at least 8/);
    assert.equal(accepted('😀'.repeat(128)), '😀'.repeat(128));
    assert.match(refused('😀'.repeat(129)), /at most 128/);
    // 128 emoji are 256 UTF-16 units and 512 bytes, still accepted: nothing is truncated or miscounted.
    assert.equal(Buffer.byteLength('😀'.repeat(128)), 512);
  });

  test('counted after NFC: four decomposed é (8 code points) are 4 characters', () => {
    const decomposed = 'e\u0301'.repeat(4);
    assert.equal([...decomposed].length, 8);
    refused(decomposed);
    assert.equal(accepted('e\u0301'.repeat(8)), 'é'.repeat(8));
  });

  test('a missing password is refused', () => {
    assert.ok(!newPasswordSchema.safeParse(undefined).success);
    assert.ok(!newPasswordSchema.safeParse(12345678).success);
  });

  test('login bounds the password at 128 characters too, but does not re-apply the 8 minimum', () => {
    assert.ok(loginSchema.safeParse({ email: 'a@x.io', password: 'short' }).success);
    assert.ok(!loginSchema.safeParse({ email: 'a@x.io', password: '' }).success);
    assert.ok(loginSchema.safeParse({ email: 'a@x.io', password: '😀'.repeat(128) }).success);
    assert.ok(!loginSchema.safeParse({ email: 'a@x.io', password: 'a'.repeat(129) }).success);
  });
});

describe('registerSchema', () => {
  test('a valid body is accepted and normalised', () => {
    const result = registerSchema.safeParse({ ...validRegister, email: ' New.User@Example.com ', firstName: '  Ada ', lastName: '\tLovelace\n' });
    assert.ok(result.success);
    assert.deepEqual(result.data, { email: 'new.user@example.com', password: 'violet tractor hums', firstName: 'Ada', lastName: 'Lovelace' });
  });

  test('unknown keys such as role are dropped from the output', () => {
    const result = registerSchema.safeParse({ ...validRegister, role: 'admin', isAdmin: true, id: 'u-1', __proto__: { role: 'admin' } });
    assert.ok(result.success);
    assert.ok(!('role' in result.data), 'role must not survive validation');
    assert.deepEqual(Object.keys(result.data).sort(), ['email', 'firstName', 'lastName', 'password']);
    assert.equal((result.data as Record<string, unknown>).role, undefined);
  });

  test('names are required, trimmed and at most 100 characters', () => {
    for (const field of ['firstName', 'lastName'] as const) {
      const blank = registerSchema.safeParse({ ...validRegister, [field]: '   ' });
      assert.ok(!blank.success);
      assert.match(fieldErrors(blank.error)[field] ?? '', /required/i);

      const { [field]: _omitted, ...rest } = validRegister;
      const missing = registerSchema.safeParse(rest);
      assert.ok(!missing.success);
      assert.match(fieldErrors(missing.error)[field] ?? '', /required/i);

      const hundred = registerSchema.safeParse({ ...validRegister, [field]: ` ${'n'.repeat(100)} ` });
      assert.ok(hundred.success);
      assert.equal(hundred.data[field], 'n'.repeat(100));

      const tooLong = registerSchema.safeParse({ ...validRegister, [field]: 'n'.repeat(101) });
      assert.ok(!tooLong.success);
      assert.match(fieldErrors(tooLong.error)[field] ?? '', /100/);

      // Counted in characters: 100 emoji are fine.
      assert.ok(registerSchema.safeParse({ ...validRegister, [field]: '😀'.repeat(100) }).success);
    }
  });

  test('names with control characters are refused', () => {
    const result = registerSchema.safeParse({ ...validRegister, firstName: 'Ada\u0000', lastName: 'Love\u202elace' });
    assert.ok(!result.success);
    const fields = fieldErrors(result.error);
    assert.ok(fields.firstName);
    assert.ok(fields.lastName);
  });

  test('fieldErrors gives one message per field', () => {
    const result = registerSchema.safeParse({ email: 'not-an-email', password: 'short', firstName: '', lastName: 'x'.repeat(101), role: 'admin' });
    assert.ok(!result.success);
    const fields = fieldErrors(result.error);
    assert.deepEqual(Object.keys(fields).sort(), ['email', 'firstName', 'lastName', 'password']);
    for (const [field, message] of Object.entries(fields)) {
      assert.equal(typeof message, 'string', field);
      assert.ok(message.length > 0, field);
    }
    assert.match(fields.password!, /at least 8/);
  });

  test('fieldErrors for a non-object body names no fake field and does not throw', () => {
    for (const body of [null, 'string', 42, []]) {
      const result = registerSchema.safeParse(body);
      assert.ok(!result.success);
      const fields = fieldErrors(result.error);
      assert.ok(Object.keys(fields).length >= 1);
      for (const message of Object.values(fields)) assert.equal(typeof message, 'string');
    }
  });
});

test('email normalisation is idempotent: NFC runs again after lower-casing', async () => {
  const { normalizeEmail } = await import('../../lib/validation/email');
  const composedAfterLowering = normalizeEmail('T\u0308ed@example.com');
  assert.equal(composedAfterLowering, normalizeEmail('\u1e97ed@example.com'), 'one account, not two');
  assert.equal(normalizeEmail(composedAfterLowering), composedAfterLowering);
});

test('lone surrogates are refused in email, password and names instead of becoming U+FFFD', async () => {
  const { registerSchema, loginSchema } = await import('../../lib/validation/auth');
  const valid = { email: 'ada@example.com', password: 'plum orbit canvas tide', firstName: 'Ada', lastName: 'Lovelace' };
  for (const [field, value] of [
    ['email', 'ad\ud800a@example.com'],
    ['password', '\ud800 horse battery staple'],
    ['firstName', 'A\udc00da'],
  ] as const) {
    const result = registerSchema.safeParse({ ...valid, [field]: value });
    assert.equal(result.success, false, field);
  }
  assert.equal(loginSchema.safeParse({ email: valid.email, password: '\udc00 horse battery staple' }).success, false);
  assert.equal(registerSchema.safeParse({ ...valid, password: 'emoji 🔑 keys are fine' }).success, true, 'paired surrogates are real characters');
});
