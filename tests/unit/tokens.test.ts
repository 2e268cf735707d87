import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, test } from 'node:test';
import { SignJWT, createLocalJWKSet, decodeProtectedHeader, decodeJwt, jwtVerify } from 'jose';
import { ed25519KeyRing, hmacKeyRing, secretKid } from '../../lib/auth/keys';
import { newEd25519Key } from '../support/signing-keys';
import {
  ISSUER,
  TokenError,
  signAccessToken,
  signRefreshToken,
  verifyAccessToken,
  verifyRefreshToken,
  type RefreshClaims,
} from '../../lib/auth/tokens';

const ACCESS_SECRET = 'access-secret-0123456789abcdef-0123456789abcdef';
const REFRESH_SECRET = 'refresh-secret-0123456789abcdef-0123456789abcdef';
const ACCESS_AUD = 'nextjs-jwt-auth:api';
const REFRESH_AUD = 'nextjs-jwt-auth:refresh';
const ACCESS_KEYS = await hmacKeyRing([ACCESS_SECRET]);
const REFRESH_KEYS = await hmacKeyRing([REFRESH_SECRET]);
const ACCESS_KID = await secretKid(ACCESS_SECRET);
const REFRESH_KID = await secretKid(REFRESH_SECRET);

// The server issues UUIDs for the user, the session and every token id.
const AUTH_TIME = Math.floor(Date.now() / 1000) - 120;
const user = {
  sub: '0a6c1f3e-2b4d-4e8f-9a1b-3c5d7e9f1a2b',
  email: 'alice@example.com',
  role: 'user' as const,
  sid: '5e7f9a1b-3c5d-4e8f-8a2b-4c6d8e0f2a4b',
  auth_time: AUTH_TIME,
  amr: ['pwd', 'otp'] as const,
};
const ACCESS_JTI = '9b1d3f5a-7c9e-4b2d-8f4a-6c8e0a2c4e6a';

const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/** Builds a compact JWS by hand, so the tests can produce tokens a well-behaved library would refuse to. */
function handBuild(header: Record<string, unknown>, payload: Record<string, unknown>, secret?: string): string {
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  const signature = secret === undefined ? '' : createHmac('sha256', secret).update(input).digest('base64url');
  return `${input}.${signature}`;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** A complete, valid access-token claim set; tests override one thing at a time. */
function accessPayload(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const iat = nowSeconds();
  return {
    email: user.email,
    role: user.role,
    sid: user.sid,
    sub: user.sub,
    auth_time: AUTH_TIME,
    amr: ['pwd'],
    iss: ISSUER,
    aud: ACCESS_AUD,
    jti: ACCESS_JTI,
    iat,
    exp: iat + 900,
    ...overrides,
  };
}

/** Signs with jose, HS256 over the given secret (kid: the access key's), with every claim and header under the caller's control. */
async function joseSign(
  payload: Record<string, unknown>,
  options: { alg?: string; typ?: string | null; kid?: string; secret?: string; secretBytes?: Uint8Array } = {},
): Promise<string> {
  const header: { alg: string; typ?: string; kid: string } = { alg: options.alg ?? 'HS256', kid: options.kid ?? ACCESS_KID };
  if (options.typ !== null) header.typ = options.typ ?? 'at+jwt';
  const key = options.secretBytes ?? new TextEncoder().encode(options.secret ?? ACCESS_SECRET);
  return new SignJWT(payload).setProtectedHeader(header).sign(key);
}

async function assertRefused(promise: Promise<unknown>, reason: 'expired' | 'invalid') {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof TokenError, `expected TokenError, got ${String(error)}`);
    assert.equal(error.reason, reason);
    return true;
  });
}

describe('access tokens', () => {
  test('sign/verify round trip carries every contract claim, HS256 with typ at+jwt', async () => {
    const before = nowSeconds();
    const { token, expiresIn, claims } = await signAccessToken(user, { keys: ACCESS_KEYS, ttlSeconds: 900 });
    assert.equal(expiresIn, 900);

    const header = decodeProtectedHeader(token);
    assert.equal(header.alg, 'HS256');
    assert.equal(header.typ, 'at+jwt');
    assert.equal(header.kid, ACCESS_KID, 'the header names the signing key');

    const payload = decodeJwt(token);
    for (const name of ['sub', 'email', 'role', 'sid', 'jti', 'iat', 'exp', 'iss', 'aud', 'auth_time', 'amr']) {
      assert.ok(payload[name] !== undefined, `claim ${name} missing from the token`);
    }
    assert.equal(payload.iss, ISSUER);
    assert.equal(payload.aud, ACCESS_AUD);
    assert.equal(payload.sub, user.sub);
    assert.equal(payload.email, user.email);
    assert.equal(payload.role, user.role);
    assert.equal(payload.sid, user.sid);
    assert.ok((payload.iat as number) >= before && (payload.iat as number) <= nowSeconds());
    assert.equal(payload.exp, (payload.iat as number) + 900);
    assert.equal(typeof payload.jti, 'string');

    const verified = await verifyAccessToken(token, ACCESS_KEYS);
    assert.deepEqual(verified, claims);
    assert.deepEqual(verified, {
      sub: user.sub,
      email: user.email,
      role: user.role,
      sid: user.sid,
      jti: payload.jti,
      iat: payload.iat,
      exp: payload.exp,
      auth_time: AUTH_TIME,
      amr: ['pwd', 'otp'],
    });
  });

  test('every access token gets its own jti', async () => {
    const a = await signAccessToken(user, { keys: ACCESS_KEYS, ttlSeconds: 900 });
    const b = await signAccessToken(user, { keys: ACCESS_KEYS, ttlSeconds: 900 });
    assert.notEqual(a.claims.jti, b.claims.jti);
    assert.notEqual(a.token, b.token);
  });

  test('the payload carries nothing secret', async () => {
    const { token } = await signAccessToken(user, { keys: ACCESS_KEYS, ttlSeconds: 900 });
    const payload = decodeJwt(token);
    assert.deepEqual(Object.keys(payload).sort(), ['amr', 'aud', 'auth_time', 'email', 'exp', 'iat', 'iss', 'jti', 'role', 'sid', 'sub']);
    const json = Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8');
    assert.doesNotMatch(json, /password|hash|secret/i);
    assert.ok(!token.includes(ACCESS_SECRET));
    assert.ok(!json.includes(ACCESS_SECRET));
  });

  test('an expired token is refused with reason "expired"', async () => {
    const { token } = await signAccessToken(user, { keys: ACCESS_KEYS, ttlSeconds: 60, now: Date.now() - 3_600_000 });
    await assertRefused(verifyAccessToken(token, ACCESS_KEYS), 'expired');
  });

  test('clock tolerance is at most 1 s: a token expired 5 s ago is refused', async () => {
    const ttl = 60;
    const { token, claims } = await signAccessToken(user, { keys: ACCESS_KEYS, ttlSeconds: ttl, now: Date.now() - (ttl + 5) * 1000 });
    assert.ok(claims.exp <= nowSeconds() - 4, 'the test token really is several seconds past exp');
    await assertRefused(verifyAccessToken(token, ACCESS_KEYS), 'expired');
  });

  test('a token verified once is still refused when it expires, and under another secret', async () => {
    // exp one second ahead: accepted now, past exp plus the 1 s tolerance two seconds later.
    const { token } = await signAccessToken(user, { keys: ACCESS_KEYS, ttlSeconds: 60, now: (nowSeconds() - 59) * 1000 });
    assert.equal((await verifyAccessToken(token, ACCESS_KEYS)).sub, user.sub);
    assert.equal((await verifyAccessToken(token, ACCESS_KEYS)).sub, user.sub, 'the second check of the same token agrees');
    await assertRefused(verifyAccessToken(token, REFRESH_KEYS), 'invalid');
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    await assertRefused(verifyAccessToken(token, ACCESS_KEYS), 'expired');
    await assertRefused(verifyAccessToken(token, ACCESS_KEYS), 'expired');
  });

  test('a refused token stays refused when presented again', async () => {
    const tampered = handBuild({ alg: 'HS256', typ: 'at+jwt', kid: ACCESS_KID }, accessPayload({ role: 'admin' }), 'not-the-access-secret-0123456789abcdef');
    await assertRefused(verifyAccessToken(tampered, ACCESS_KEYS), 'invalid');
    await assertRefused(verifyAccessToken(tampered, ACCESS_KEYS), 'invalid');
  });

  test('a token still inside its lifetime is accepted (control for the expiry cases)', async () => {
    const { token } = await signAccessToken(user, { keys: ACCESS_KEYS, ttlSeconds: 60, now: Date.now() - 30_000 });
    const claims = await verifyAccessToken(token, ACCESS_KEYS);
    assert.equal(claims.sub, user.sub);
  });

  test('the hand-built and jose-built control tokens are accepted, so the refusals below are for the stated reason', async () => {
    assert.equal((await verifyAccessToken(handBuild({ alg: 'HS256', typ: 'at+jwt', kid: ACCESS_KID }, accessPayload(), ACCESS_SECRET), ACCESS_KEYS)).sub, user.sub);
    assert.equal((await verifyAccessToken(await joseSign(accessPayload()), ACCESS_KEYS)).sub, user.sub);
  });

  describe('forged or malformed tokens are refused with reason "invalid"', () => {
    test('alg "none" (unsigned)', async () => {
      await assertRefused(verifyAccessToken(handBuild({ alg: 'none', typ: 'at+jwt', kid: ACCESS_KID }, accessPayload()), ACCESS_KEYS), 'invalid');
      // With a "signature" anyway, and with odd capitalisation.
      await assertRefused(
        verifyAccessToken(handBuild({ alg: 'none', typ: 'at+jwt', kid: ACCESS_KID }, accessPayload(), ACCESS_SECRET), ACCESS_KEYS),
        'invalid',
      );
      await assertRefused(verifyAccessToken(handBuild({ alg: 'None', typ: 'at+jwt', kid: ACCESS_KID }, accessPayload()), ACCESS_KEYS), 'invalid');
    });

    test('HS512 signed with the same secret', async () => {
      const token = await joseSign(accessPayload(), { alg: 'HS512' });
      assert.equal(decodeProtectedHeader(token).alg, 'HS512');
      await assertRefused(verifyAccessToken(token, ACCESS_KEYS), 'invalid');
    });

    test('HS384 signed with the same secret', async () => {
      await assertRefused(verifyAccessToken(await joseSign(accessPayload(), { alg: 'HS384' }), ACCESS_KEYS), 'invalid');
    });

    test('signed with a different secret', async () => {
      const { token } = await signAccessToken(user, { keys: await hmacKeyRing(['some-other-secret-that-is-long-enough-000']), ttlSeconds: 900 });
      await assertRefused(verifyAccessToken(token, ACCESS_KEYS), 'invalid');
    });

    test('signed with the refresh secret', async () => {
      const { token } = await signAccessToken(user, { keys: REFRESH_KEYS, ttlSeconds: 900 });
      await assertRefused(verifyAccessToken(token, ACCESS_KEYS), 'invalid');
    });

    test('tampered payload (role changed to admin, signature kept)', async () => {
      const { token } = await signAccessToken(user, { keys: ACCESS_KEYS, ttlSeconds: 900 });
      const [header, payload, signature] = token.split('.') as [string, string, string];
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      claims.role = 'admin';
      const forged = `${header}.${b64url(JSON.stringify(claims))}.${signature}`;
      assert.equal(decodeJwt(forged).role, 'admin');
      await assertRefused(verifyAccessToken(forged, ACCESS_KEYS), 'invalid');
    });

    test('tampered signature', async () => {
      const { token } = await signAccessToken(user, { keys: ACCESS_KEYS, ttlSeconds: 900 });
      const [header, payload, signature] = token.split('.') as [string, string, string];
      const bytes = Buffer.from(signature, 'base64url');
      bytes[0] = bytes[0]! ^ 0x01;
      await assertRefused(verifyAccessToken(`${header}.${payload}.${bytes.toString('base64url')}`, ACCESS_KEYS), 'invalid');
      await assertRefused(verifyAccessToken(`${header}.${payload}.`, ACCESS_KEYS), 'invalid');
    });

    test('missing exp (everything else valid)', async () => {
      const payload = accessPayload();
      delete payload.exp;
      const token = await new SignJWT(payload)
        .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: ACCESS_KID })
        .sign(new TextEncoder().encode(ACCESS_SECRET));
      assert.equal(decodeJwt(token).exp, undefined);
      await assertRefused(verifyAccessToken(token, ACCESS_KEYS), 'invalid');
    });

    test('missing exp, built with the jose builder API (no setExpirationTime)', async () => {
      const token = await new SignJWT({ email: user.email, role: user.role, sid: user.sid })
        .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: ACCESS_KID })
        .setSubject(user.sub)
        .setIssuer(ISSUER)
        .setAudience(ACCESS_AUD)
        .setJti('jti-no-exp')
        .setIssuedAt()
        .sign(new TextEncoder().encode(ACCESS_SECRET));
      await assertRefused(verifyAccessToken(token, ACCESS_KEYS), 'invalid');
    });

    test('exp that is not a number', async () => {
      await assertRefused(verifyAccessToken(await joseSign(accessPayload({ exp: 'never' })), ACCESS_KEYS), 'invalid');
    });

    test('nbf in the future', async () => {
      await assertRefused(verifyAccessToken(await joseSign(accessPayload({ nbf: nowSeconds() + 300 })), ACCESS_KEYS), 'invalid');
    });

    test('wrong iss', async () => {
      await assertRefused(verifyAccessToken(await joseSign(accessPayload({ iss: 'someone-else' })), ACCESS_KEYS), 'invalid');
      const noIss = accessPayload();
      delete noIss.iss;
      await assertRefused(verifyAccessToken(await joseSign(noIss), ACCESS_KEYS), 'invalid');
    });

    test('wrong aud', async () => {
      await assertRefused(verifyAccessToken(await joseSign(accessPayload({ aud: 'another-api' })), ACCESS_KEYS), 'invalid');
      await assertRefused(verifyAccessToken(await joseSign(accessPayload({ aud: REFRESH_AUD })), ACCESS_KEYS), 'invalid');
      const noAud = accessPayload();
      delete noAud.aud;
      await assertRefused(verifyAccessToken(await joseSign(noAud), ACCESS_KEYS), 'invalid');
    });

    test('typ header missing or another type', async () => {
      await assertRefused(verifyAccessToken(await joseSign(accessPayload(), { typ: null }), ACCESS_KEYS), 'invalid');
      await assertRefused(verifyAccessToken(await joseSign(accessPayload(), { typ: 'JWT' }), ACCESS_KEYS), 'invalid');
      await assertRefused(verifyAccessToken(await joseSign(accessPayload(), { typ: 'rt+jwt' }), ACCESS_KEYS), 'invalid');
    });

    test('role that is not user, editor or admin', async () => {
      for (const role of ['superuser', 'Admin', '', 'root', 42, ['admin'], null]) {
        await assertRefused(verifyAccessToken(await joseSign(accessPayload({ role })), ACCESS_KEYS), 'invalid');
      }
      const noRole = accessPayload();
      delete noRole.role;
      await assertRefused(verifyAccessToken(await joseSign(noRole), ACCESS_KEYS), 'invalid');
    });

    test('missing or empty identity claims (sub, sid, email, jti)', async () => {
      for (const name of ['sub', 'sid', 'email', 'jti']) {
        const payload = accessPayload();
        delete payload[name];
        await assertRefused(verifyAccessToken(await joseSign(payload), ACCESS_KEYS), 'invalid');
        await assertRefused(verifyAccessToken(await joseSign(accessPayload({ [name]: '' })), ACCESS_KEYS), 'invalid');
      }
    });

    test('identity claims that are not UUIDs (sub, sid, jti), however validly signed', async () => {
      for (const name of ['sub', 'sid', 'jti']) {
        for (const value of ['user-1', "1' or '1'='1", '0a6c1f3e-2b4d-4e8f-9a1b-3c5d7e9f1a2', 42, ['0a6c1f3e-2b4d-4e8f-9a1b-3c5d7e9f1a2b']]) {
          await assertRefused(verifyAccessToken(await joseSign(accessPayload({ [name]: value })), ACCESS_KEYS), 'invalid');
        }
      }
    });

    test('auth_time and amr are required and strict: a whole second no later than iat, known methods, each once', async () => {
      for (const name of ['auth_time', 'amr']) {
        const payload = accessPayload();
        delete payload[name];
        await assertRefused(verifyAccessToken(await joseSign(payload), ACCESS_KEYS), 'invalid');
      }
      const iat = nowSeconds();
      for (const authTime of [iat + 60, 0, -5, 1.5, '1700000000', null, [AUTH_TIME]]) {
        await assertRefused(verifyAccessToken(await joseSign(accessPayload({ iat, exp: iat + 900, auth_time: authTime })), ACCESS_KEYS), 'invalid');
      }
      for (const amr of [[], ['password'], ['pwd', 'pwd'], 'pwd', ['pwd', 'otp', 'webauthn', 'otp'], [1], null]) {
        await assertRefused(verifyAccessToken(await joseSign(accessPayload({ amr })), ACCESS_KEYS), 'invalid');
      }
      for (const amr of [['pwd'], ['pwd', 'otp'], ['otp'], ['webauthn']]) {
        assert.deepEqual((await verifyAccessToken(await joseSign(accessPayload({ amr })), ACCESS_KEYS)).amr, amr);
      }
      const verified = await verifyAccessToken(await joseSign(accessPayload({ iat, exp: iat + 900, auth_time: iat })), ACCESS_KEYS);
      assert.equal(verified.auth_time, iat, 'a proof made in the same second as the token is fine');
    });

    test('an iat in the future beyond the 1 s tolerance; within it the token is fine', async () => {
      const now = nowSeconds();
      for (const iat of [now + 5, now + 3600]) {
        await assertRefused(verifyAccessToken(await joseSign(accessPayload({ iat, exp: iat + 900 })), ACCESS_KEYS), 'invalid');
      }
      assert.equal((await verifyAccessToken(await joseSign(accessPayload({ iat: now + 1, exp: now + 901 })), ACCESS_KEYS)).sub, user.sub);
    });

    test('garbage strings', async () => {
      for (const token of ['', 'abc', 'a.b.c', 'Bearer x.y.z', `${'a'.repeat(10)}..`]) {
        await assertRefused(verifyAccessToken(token, ACCESS_KEYS), 'invalid');
      }
    });
  });
});

describe('refresh tokens', () => {
  const claims = (): RefreshClaims => {
    const iat = nowSeconds();
    return { sub: user.sub, sid: user.sid, jti: '2c4e6a8c-0e2a-4c6e-9a0c-2e4a6c8e0a2c', iat, exp: iat + 604_800 };
  };

  test('signRefreshToken is deterministic and verifies with verifyRefreshToken', async () => {
    const c = claims();
    const a = await signRefreshToken(c, { keys: REFRESH_KEYS });
    const b = await signRefreshToken({ ...c }, { keys: REFRESH_KEYS });
    assert.equal(a, b);
    assert.deepEqual(await verifyRefreshToken(a, REFRESH_KEYS), c);

    const header = decodeProtectedHeader(a);
    assert.equal(header.alg, 'HS256');
    assert.equal(header.kid, REFRESH_KID, 'the header names the signing key');
    assert.notEqual(header.typ, 'at+jwt');
    const payload = decodeJwt(a);
    assert.equal(payload.iss, ISSUER);
    assert.notEqual(payload.aud, ACCESS_AUD);
    assert.deepEqual(Object.keys(payload).sort(), ['aud', 'exp', 'iat', 'iss', 'jti', 'sid', 'sub']);
  });

  test('different jti gives a different token', async () => {
    const c = claims();
    assert.notEqual(await signRefreshToken(c, { keys: REFRESH_KEYS }), await signRefreshToken({ ...c, jti: crypto.randomUUID() }, { keys: REFRESH_KEYS }));
  });

  test('an expired refresh token is refused with reason "expired"', async () => {
    const iat = nowSeconds() - 100;
    const token = await signRefreshToken({ ...claims(), iat, exp: iat + 90 }, { keys: REFRESH_KEYS });
    await assertRefused(verifyRefreshToken(token, REFRESH_KEYS), 'expired');
  });

  test('a refresh token signed with the access secret is refused', async () => {
    const token = await signRefreshToken(claims(), { keys: ACCESS_KEYS });
    await assertRefused(verifyRefreshToken(token, REFRESH_KEYS), 'invalid');
  });

  test('a refresh token presented to verifyAccessToken is refused, even with one shared secret', async () => {
    const shared = ACCESS_SECRET;
    const token = await signRefreshToken(claims(), { keys: ACCESS_KEYS });
    await assertRefused(verifyAccessToken(token, ACCESS_KEYS), 'invalid');
    // Even if it also carried the access-token-only claims, typ/aud still tell the kinds apart.
    const c = claims();
    const dressedUp = await new SignJWT({ sid: c.sid, email: 'alice@example.com', role: 'admin' })
      .setProtectedHeader({ alg: 'HS256', typ: 'rt+jwt', kid: ACCESS_KID })
      .setSubject(c.sub)
      .setIssuer(ISSUER)
      .setAudience(REFRESH_AUD)
      .setJti(c.jti)
      .setIssuedAt(c.iat)
      .setExpirationTime(c.exp)
      .sign(new TextEncoder().encode(shared));
    await assertRefused(verifyAccessToken(dressedUp, ACCESS_KEYS), 'invalid');
  });

  test('an access token presented to verifyRefreshToken is refused, even with one shared secret', async () => {
    const { token } = await signAccessToken(user, { keys: REFRESH_KEYS, ttlSeconds: 900 });
    await assertRefused(verifyRefreshToken(token, REFRESH_KEYS), 'invalid');
  });

  test('a refresh-shaped token with the access typ or the access aud is refused by verifyRefreshToken', async () => {
    const c = claims();
    const build = (typ: string, aud: string) =>
      new SignJWT({ sid: c.sid })
        .setProtectedHeader({ alg: 'HS256', typ, kid: REFRESH_KID })
        .setSubject(c.sub)
        .setIssuer(ISSUER)
        .setAudience(aud)
        .setJti(c.jti)
        .setIssuedAt(c.iat)
        .setExpirationTime(c.exp)
        .sign(new TextEncoder().encode(REFRESH_SECRET));
    assert.equal((await verifyRefreshToken(await build('rt+jwt', REFRESH_AUD), REFRESH_KEYS)).sid, c.sid);
    await assertRefused(verifyRefreshToken(await build('at+jwt', REFRESH_AUD), REFRESH_KEYS), 'invalid');
    await assertRefused(verifyRefreshToken(await build('rt+jwt', ACCESS_AUD), REFRESH_KEYS), 'invalid');
  });

  test('refresh tokens whose sub, sid or jti is not a UUID are refused', async () => {
    const c = claims();
    const valid = { sid: c.sid, sub: c.sub, iss: ISSUER, aud: REFRESH_AUD, jti: c.jti, iat: c.iat, exp: c.exp };
    const sign = (payload: Record<string, unknown>) => joseSign(payload, { typ: 'rt+jwt', kid: REFRESH_KID, secret: REFRESH_SECRET });
    assert.equal((await verifyRefreshToken(await sign(valid), REFRESH_KEYS)).sid, c.sid, 'the same token with UUIDs is accepted');
    for (const name of ['sub', 'sid', 'jti'] as const) {
      for (const value of ['user-1', '../other', '']) {
        await assertRefused(verifyRefreshToken(await sign({ ...valid, [name]: value }), REFRESH_KEYS), 'invalid');
      }
    }
  });

  test('a refresh token issued in the future is refused', async () => {
    const iat = nowSeconds() + 60;
    const token = await signRefreshToken({ ...claims(), iat, exp: iat + 604_800 }, { keys: REFRESH_KEYS });
    await assertRefused(verifyRefreshToken(token, REFRESH_KEYS), 'invalid');
  });

  test('refresh tokens with alg none or HS512 are refused', async () => {
    const c = claims();
    const payload = { sid: c.sid, sub: c.sub, iss: ISSUER, aud: REFRESH_AUD, jti: c.jti, iat: c.iat, exp: c.exp };
    await assertRefused(verifyRefreshToken(handBuild({ alg: 'none', typ: 'rt+jwt', kid: REFRESH_KID }, payload), REFRESH_KEYS), 'invalid');
    await assertRefused(
      verifyRefreshToken(await joseSign(payload, { alg: 'HS512', typ: 'rt+jwt', kid: REFRESH_KID, secret: REFRESH_SECRET }), REFRESH_KEYS),
      'invalid',
    );
    // Control: the same payload, properly signed, is accepted.
    assert.equal((await verifyRefreshToken(handBuild({ alg: 'HS256', typ: 'rt+jwt', kid: REFRESH_KID }, payload, REFRESH_SECRET), REFRESH_KEYS)).jti, c.jti);
  });
});

describe('signing keys: every token names its key, and only listed keys verify', () => {
  const OLD = 'old-access-secret-0123456789abcdef-0123456789';
  const NEW = 'new-access-secret-0123456789abcdef-0123456789';

  test('a token without kid, or with a kid that names no listed key, is refused though its signature is right', async () => {
    const payload = accessPayload();
    const noKid = handBuild({ alg: 'HS256', typ: 'at+jwt' }, payload, ACCESS_SECRET);
    await assertRefused(verifyAccessToken(noKid, ACCESS_KEYS), 'invalid');
    for (const kid of ['unknown-kid', '', REFRESH_KID, await secretKid(NEW), 42, null]) {
      await assertRefused(verifyAccessToken(handBuild({ alg: 'HS256', typ: 'at+jwt', kid }, payload, ACCESS_SECRET), ACCESS_KEYS), 'invalid');
    }
    // Expired as well: the unknown key is what is reported, so no refresh is attempted.
    const expired = accessPayload({ iat: nowSeconds() - 600, exp: nowSeconds() - 300 });
    await assertRefused(verifyAccessToken(handBuild({ alg: 'HS256', typ: 'at+jwt' }, expired, ACCESS_SECRET), ACCESS_KEYS), 'invalid');
    await assertRefused(verifyAccessToken(handBuild({ alg: 'HS256', typ: 'at+jwt', kid: ACCESS_KID }, expired, ACCESS_SECRET), ACCESS_KEYS), 'expired');
  });

  test('a refresh token without kid or with an unknown kid is refused', async () => {
    const iat = nowSeconds();
    const [sid, sub, jti] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    const payload = { sid, sub, iss: ISSUER, aud: REFRESH_AUD, jti, iat, exp: iat + 600 };
    assert.equal((await verifyRefreshToken(handBuild({ alg: 'HS256', typ: 'rt+jwt', kid: REFRESH_KID }, payload, REFRESH_SECRET), REFRESH_KEYS)).jti, jti);
    await assertRefused(verifyRefreshToken(handBuild({ alg: 'HS256', typ: 'rt+jwt' }, payload, REFRESH_SECRET), REFRESH_KEYS), 'invalid');
    await assertRefused(verifyRefreshToken(handBuild({ alg: 'HS256', typ: 'rt+jwt', kid: 'unknown' }, payload, REFRESH_SECRET), REFRESH_KEYS), 'invalid');
  });

  test('a kid naming another listed key does not make its signature count', async () => {
    const both = await hmacKeyRing([NEW, OLD]);
    const underOld = handBuild({ alg: 'HS256', typ: 'at+jwt', kid: await secretKid(NEW) }, accessPayload(), OLD);
    await assertRefused(verifyAccessToken(underOld, both), 'invalid');
  });

  test('rotation: [new, old] signs with new and verifies both; dropping old refuses its tokens', async () => {
    const before = await hmacKeyRing([OLD]);
    const during = await hmacKeyRing([NEW, OLD]);
    const after = await hmacKeyRing([NEW]);
    const old = await signAccessToken(user, { keys: before, ttlSeconds: 900 });
    const fresh = await signAccessToken(user, { keys: during, ttlSeconds: 900 });
    assert.equal(decodeProtectedHeader(old.token).kid, await secretKid(OLD));
    assert.equal(decodeProtectedHeader(fresh.token).kid, await secretKid(NEW), 'the first listed key signs');

    assert.deepEqual(await verifyAccessToken(old.token, during), old.claims, 'an old-key token works while its key is listed');
    assert.deepEqual(await verifyAccessToken(fresh.token, during), fresh.claims);
    // The old token sits in the [new, old] ring's cache now; another ring must not trust that.
    await assertRefused(verifyAccessToken(old.token, after), 'invalid');
    assert.deepEqual(await verifyAccessToken(fresh.token, after), fresh.claims);

    const c = { sub: crypto.randomUUID(), sid: crypto.randomUUID(), jti: crypto.randomUUID(), iat: nowSeconds(), exp: nowSeconds() + 600 };
    const oldRefresh = await signRefreshToken(c, { keys: before });
    assert.deepEqual(await verifyRefreshToken(oldRefresh, during), c);
    await assertRefused(verifyRefreshToken(oldRefresh, after), 'invalid');
    assert.notEqual(await signRefreshToken(c, { keys: during }), oldRefresh, 'the successor is signed under the new key');
  });

  describe('EdDSA access tokens (JWT_PRIVATE_KEYS)', async () => {
    const newKey = await newEd25519Key();
    const oldKey = await newEd25519Key();
    const ring = await ed25519KeyRing([newKey, oldKey]);

    test('signed EdDSA by the first key, kid its RFC 7638 thumbprint, verifiable from the published JWKS alone', async () => {
      const { token, claims } = await signAccessToken(user, { keys: ring, ttlSeconds: 900 });
      const header = decodeProtectedHeader(token);
      assert.equal(header.alg, 'EdDSA');
      assert.equal(header.typ, 'at+jwt');
      assert.equal(header.kid, ring.published[0]!.kid);
      assert.deepEqual(await verifyAccessToken(token, ring), claims);

      const jwks = JSON.parse(JSON.stringify({ keys: ring.published }));
      assert.equal(jwks.keys.length, 2, 'every listed key is published, the standby too');
      for (const key of jwks.keys) {
        assert.deepEqual(Object.keys(key).sort(), ['alg', 'crv', 'kid', 'kty', 'use', 'x']);
        assert.equal(key.d, undefined, 'never a private part');
      }
      assert.deepEqual(jwks.keys.map((key: { x: string }) => key.x), [newKey.x, oldKey.x]);
      const { payload } = await jwtVerify(token, createLocalJWKSet(jwks), { issuer: ISSUER, audience: ACCESS_AUD, typ: 'at+jwt', algorithms: ['EdDSA'] });
      assert.equal(payload.sub, user.sub);
    });

    test('a token of the second (older) key verifies; once it is dropped it is refused', async () => {
      const { token } = await signAccessToken(user, { keys: await ed25519KeyRing([oldKey]), ttlSeconds: 900 });
      assert.equal((await verifyAccessToken(token, ring)).sub, user.sub);
      await assertRefused(verifyAccessToken(token, await ed25519KeyRing([newKey])), 'invalid');
    });

    test('no HS256 token passes, whatever key it names or is signed with', async () => {
      const kid = ring.published[0]!.kid;
      // The classic confusion: the public key's bytes used as an HMAC secret.
      await assertRefused(verifyAccessToken(await joseSign(accessPayload(), { kid, secretBytes: Buffer.from(newKey.x, 'base64url') }), ring), 'invalid');
      await assertRefused(verifyAccessToken(await joseSign(accessPayload(), { kid, secretBytes: new TextEncoder().encode(newKey.x) }), ring), 'invalid');
      // A token of the HS256 configuration that came before.
      const { token } = await signAccessToken(user, { keys: ACCESS_KEYS, ttlSeconds: 900 });
      await assertRefused(verifyAccessToken(token, ring), 'invalid');
      // And the reverse: an EdDSA token is no good to an HS256 verifier.
      const eddsa = await signAccessToken(user, { keys: ring, ttlSeconds: 900 });
      await assertRefused(verifyAccessToken(eddsa.token, ACCESS_KEYS), 'invalid');
    });

    test('an EdDSA token naming another key, or none, is refused', async () => {
      const { token } = await signAccessToken(user, { keys: await ed25519KeyRing([oldKey]), ttlSeconds: 900 });
      const [, payload, signature] = token.split('.') as [string, string, string];
      for (const header of [{ alg: 'EdDSA', typ: 'at+jwt' }, { alg: 'EdDSA', typ: 'at+jwt', kid: ring.published[0]!.kid }]) {
        await assertRefused(verifyAccessToken(`${b64url(JSON.stringify(header))}.${payload}.${signature}`, ring), 'invalid');
      }
    });
  });
});
