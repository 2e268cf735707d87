import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, test } from 'node:test';
import { SignJWT, decodeProtectedHeader, decodeJwt } from 'jose';
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

// The server issues UUIDs for the user, the session and every token id.
const user = { sub: '0a6c1f3e-2b4d-4e8f-9a1b-3c5d7e9f1a2b', email: 'alice@example.com', role: 'user' as const, sid: '5e7f9a1b-3c5d-4e8f-8a2b-4c6d8e0f2a4b' };
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
    iss: ISSUER,
    aud: ACCESS_AUD,
    jti: ACCESS_JTI,
    iat,
    exp: iat + 900,
    ...overrides,
  };
}

/** Signs with jose, HS256 over the given secret, with every claim under the caller's control. */
async function joseSign(
  payload: Record<string, unknown>,
  options: { alg?: string; typ?: string | null; secret?: string; secretBytes?: Uint8Array } = {},
): Promise<string> {
  const header: { alg: string; typ?: string } = { alg: options.alg ?? 'HS256' };
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
    const { token, expiresIn, claims } = await signAccessToken(user, { secret: ACCESS_SECRET, ttlSeconds: 900 });
    assert.equal(expiresIn, 900);

    const header = decodeProtectedHeader(token);
    assert.equal(header.alg, 'HS256');
    assert.equal(header.typ, 'at+jwt');

    const payload = decodeJwt(token);
    for (const name of ['sub', 'email', 'role', 'sid', 'jti', 'iat', 'exp', 'iss', 'aud']) {
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

    const verified = await verifyAccessToken(token, ACCESS_SECRET);
    assert.deepEqual(verified, claims);
    assert.deepEqual(verified, {
      sub: user.sub,
      email: user.email,
      role: user.role,
      sid: user.sid,
      jti: payload.jti,
      iat: payload.iat,
      exp: payload.exp,
    });
  });

  test('every access token gets its own jti', async () => {
    const a = await signAccessToken(user, { secret: ACCESS_SECRET, ttlSeconds: 900 });
    const b = await signAccessToken(user, { secret: ACCESS_SECRET, ttlSeconds: 900 });
    assert.notEqual(a.claims.jti, b.claims.jti);
    assert.notEqual(a.token, b.token);
  });

  test('the payload carries nothing secret', async () => {
    const { token } = await signAccessToken(user, { secret: ACCESS_SECRET, ttlSeconds: 900 });
    const payload = decodeJwt(token);
    assert.deepEqual(Object.keys(payload).sort(), ['aud', 'email', 'exp', 'iat', 'iss', 'jti', 'role', 'sid', 'sub']);
    const json = Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8');
    assert.doesNotMatch(json, /password|hash|secret/i);
    assert.ok(!token.includes(ACCESS_SECRET));
    assert.ok(!json.includes(ACCESS_SECRET));
  });

  test('an expired token is refused with reason "expired"', async () => {
    const { token } = await signAccessToken(user, { secret: ACCESS_SECRET, ttlSeconds: 60, now: Date.now() - 3_600_000 });
    await assertRefused(verifyAccessToken(token, ACCESS_SECRET), 'expired');
  });

  test('clock tolerance is at most 1 s: a token expired 5 s ago is refused', async () => {
    const ttl = 60;
    const { token, claims } = await signAccessToken(user, { secret: ACCESS_SECRET, ttlSeconds: ttl, now: Date.now() - (ttl + 5) * 1000 });
    assert.ok(claims.exp <= nowSeconds() - 4, 'the test token really is several seconds past exp');
    await assertRefused(verifyAccessToken(token, ACCESS_SECRET), 'expired');
  });

  test('a token verified once is still refused when it expires, and under another secret', async () => {
    // exp one second ahead: accepted now, past exp plus the 1 s tolerance two seconds later.
    const { token } = await signAccessToken(user, { secret: ACCESS_SECRET, ttlSeconds: 60, now: (nowSeconds() - 59) * 1000 });
    assert.equal((await verifyAccessToken(token, ACCESS_SECRET)).sub, user.sub);
    assert.equal((await verifyAccessToken(token, ACCESS_SECRET)).sub, user.sub, 'the second check of the same token agrees');
    await assertRefused(verifyAccessToken(token, REFRESH_SECRET), 'invalid');
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    await assertRefused(verifyAccessToken(token, ACCESS_SECRET), 'expired');
    await assertRefused(verifyAccessToken(token, ACCESS_SECRET), 'expired');
  });

  test('a refused token stays refused when presented again', async () => {
    const tampered = handBuild({ alg: 'HS256', typ: 'at+jwt' }, accessPayload({ role: 'admin' }), 'not-the-access-secret-0123456789abcdef');
    await assertRefused(verifyAccessToken(tampered, ACCESS_SECRET), 'invalid');
    await assertRefused(verifyAccessToken(tampered, ACCESS_SECRET), 'invalid');
  });

  test('a token still inside its lifetime is accepted (control for the expiry cases)', async () => {
    const { token } = await signAccessToken(user, { secret: ACCESS_SECRET, ttlSeconds: 60, now: Date.now() - 30_000 });
    const claims = await verifyAccessToken(token, ACCESS_SECRET);
    assert.equal(claims.sub, user.sub);
  });

  test('the hand-built and jose-built control tokens are accepted, so the refusals below are for the stated reason', async () => {
    assert.equal((await verifyAccessToken(handBuild({ alg: 'HS256', typ: 'at+jwt' }, accessPayload(), ACCESS_SECRET), ACCESS_SECRET)).sub, user.sub);
    assert.equal((await verifyAccessToken(await joseSign(accessPayload()), ACCESS_SECRET)).sub, user.sub);
  });

  describe('forged or malformed tokens are refused with reason "invalid"', () => {
    test('alg "none" (unsigned)', async () => {
      await assertRefused(verifyAccessToken(handBuild({ alg: 'none', typ: 'at+jwt' }, accessPayload()), ACCESS_SECRET), 'invalid');
      // With a "signature" anyway, and with odd capitalisation.
      await assertRefused(
        verifyAccessToken(handBuild({ alg: 'none', typ: 'at+jwt' }, accessPayload(), ACCESS_SECRET), ACCESS_SECRET),
        'invalid',
      );
      await assertRefused(verifyAccessToken(handBuild({ alg: 'None', typ: 'at+jwt' }, accessPayload()), ACCESS_SECRET), 'invalid');
    });

    test('HS512 signed with the same secret', async () => {
      const token = await joseSign(accessPayload(), { alg: 'HS512' });
      assert.equal(decodeProtectedHeader(token).alg, 'HS512');
      await assertRefused(verifyAccessToken(token, ACCESS_SECRET), 'invalid');
    });

    test('HS384 signed with the same secret', async () => {
      await assertRefused(verifyAccessToken(await joseSign(accessPayload(), { alg: 'HS384' }), ACCESS_SECRET), 'invalid');
    });

    test('signed with a different secret', async () => {
      const { token } = await signAccessToken(user, { secret: 'some-other-secret-that-is-long-enough-000', ttlSeconds: 900 });
      await assertRefused(verifyAccessToken(token, ACCESS_SECRET), 'invalid');
    });

    test('signed with the refresh secret', async () => {
      const { token } = await signAccessToken(user, { secret: REFRESH_SECRET, ttlSeconds: 900 });
      await assertRefused(verifyAccessToken(token, ACCESS_SECRET), 'invalid');
    });

    test('tampered payload (role changed to admin, signature kept)', async () => {
      const { token } = await signAccessToken(user, { secret: ACCESS_SECRET, ttlSeconds: 900 });
      const [header, payload, signature] = token.split('.') as [string, string, string];
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      claims.role = 'admin';
      const forged = `${header}.${b64url(JSON.stringify(claims))}.${signature}`;
      assert.equal(decodeJwt(forged).role, 'admin');
      await assertRefused(verifyAccessToken(forged, ACCESS_SECRET), 'invalid');
    });

    test('tampered signature', async () => {
      const { token } = await signAccessToken(user, { secret: ACCESS_SECRET, ttlSeconds: 900 });
      const [header, payload, signature] = token.split('.') as [string, string, string];
      const bytes = Buffer.from(signature, 'base64url');
      bytes[0] = bytes[0]! ^ 0x01;
      await assertRefused(verifyAccessToken(`${header}.${payload}.${bytes.toString('base64url')}`, ACCESS_SECRET), 'invalid');
      await assertRefused(verifyAccessToken(`${header}.${payload}.`, ACCESS_SECRET), 'invalid');
    });

    test('missing exp (everything else valid)', async () => {
      const payload = accessPayload();
      delete payload.exp;
      const token = await new SignJWT(payload)
        .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
        .sign(new TextEncoder().encode(ACCESS_SECRET));
      assert.equal(decodeJwt(token).exp, undefined);
      await assertRefused(verifyAccessToken(token, ACCESS_SECRET), 'invalid');
    });

    test('missing exp, built with the jose builder API (no setExpirationTime)', async () => {
      const token = await new SignJWT({ email: user.email, role: user.role, sid: user.sid })
        .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
        .setSubject(user.sub)
        .setIssuer(ISSUER)
        .setAudience(ACCESS_AUD)
        .setJti('jti-no-exp')
        .setIssuedAt()
        .sign(new TextEncoder().encode(ACCESS_SECRET));
      await assertRefused(verifyAccessToken(token, ACCESS_SECRET), 'invalid');
    });

    test('exp that is not a number', async () => {
      await assertRefused(verifyAccessToken(await joseSign(accessPayload({ exp: 'never' })), ACCESS_SECRET), 'invalid');
    });

    test('nbf in the future', async () => {
      await assertRefused(verifyAccessToken(await joseSign(accessPayload({ nbf: nowSeconds() + 300 })), ACCESS_SECRET), 'invalid');
    });

    test('wrong iss', async () => {
      await assertRefused(verifyAccessToken(await joseSign(accessPayload({ iss: 'someone-else' })), ACCESS_SECRET), 'invalid');
      const noIss = accessPayload();
      delete noIss.iss;
      await assertRefused(verifyAccessToken(await joseSign(noIss), ACCESS_SECRET), 'invalid');
    });

    test('wrong aud', async () => {
      await assertRefused(verifyAccessToken(await joseSign(accessPayload({ aud: 'another-api' })), ACCESS_SECRET), 'invalid');
      await assertRefused(verifyAccessToken(await joseSign(accessPayload({ aud: REFRESH_AUD })), ACCESS_SECRET), 'invalid');
      const noAud = accessPayload();
      delete noAud.aud;
      await assertRefused(verifyAccessToken(await joseSign(noAud), ACCESS_SECRET), 'invalid');
    });

    test('typ header missing or another type', async () => {
      await assertRefused(verifyAccessToken(await joseSign(accessPayload(), { typ: null }), ACCESS_SECRET), 'invalid');
      await assertRefused(verifyAccessToken(await joseSign(accessPayload(), { typ: 'JWT' }), ACCESS_SECRET), 'invalid');
      await assertRefused(verifyAccessToken(await joseSign(accessPayload(), { typ: 'rt+jwt' }), ACCESS_SECRET), 'invalid');
    });

    test('role that is not user, editor or admin', async () => {
      for (const role of ['superuser', 'Admin', '', 'root', 42, ['admin'], null]) {
        await assertRefused(verifyAccessToken(await joseSign(accessPayload({ role })), ACCESS_SECRET), 'invalid');
      }
      const noRole = accessPayload();
      delete noRole.role;
      await assertRefused(verifyAccessToken(await joseSign(noRole), ACCESS_SECRET), 'invalid');
    });

    test('missing or empty identity claims (sub, sid, email, jti)', async () => {
      for (const name of ['sub', 'sid', 'email', 'jti']) {
        const payload = accessPayload();
        delete payload[name];
        await assertRefused(verifyAccessToken(await joseSign(payload), ACCESS_SECRET), 'invalid');
        await assertRefused(verifyAccessToken(await joseSign(accessPayload({ [name]: '' })), ACCESS_SECRET), 'invalid');
      }
    });

    test('identity claims that are not UUIDs (sub, sid, jti), however validly signed', async () => {
      for (const name of ['sub', 'sid', 'jti']) {
        for (const value of ['user-1', "1' or '1'='1", '0a6c1f3e-2b4d-4e8f-9a1b-3c5d7e9f1a2', 42, ['0a6c1f3e-2b4d-4e8f-9a1b-3c5d7e9f1a2b']]) {
          await assertRefused(verifyAccessToken(await joseSign(accessPayload({ [name]: value })), ACCESS_SECRET), 'invalid');
        }
      }
    });

    test('an iat in the future beyond the 1 s tolerance; within it the token is fine', async () => {
      const now = nowSeconds();
      for (const iat of [now + 5, now + 3600]) {
        await assertRefused(verifyAccessToken(await joseSign(accessPayload({ iat, exp: iat + 900 })), ACCESS_SECRET), 'invalid');
      }
      assert.equal((await verifyAccessToken(await joseSign(accessPayload({ iat: now + 1, exp: now + 901 })), ACCESS_SECRET)).sub, user.sub);
    });

    test('garbage strings', async () => {
      for (const token of ['', 'abc', 'a.b.c', 'Bearer x.y.z', `${'a'.repeat(10)}..`]) {
        await assertRefused(verifyAccessToken(token, ACCESS_SECRET), 'invalid');
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
    const a = await signRefreshToken(c, { secret: REFRESH_SECRET });
    const b = await signRefreshToken({ ...c }, { secret: REFRESH_SECRET });
    assert.equal(a, b);
    assert.deepEqual(await verifyRefreshToken(a, REFRESH_SECRET), c);

    const header = decodeProtectedHeader(a);
    assert.equal(header.alg, 'HS256');
    assert.notEqual(header.typ, 'at+jwt');
    const payload = decodeJwt(a);
    assert.equal(payload.iss, ISSUER);
    assert.notEqual(payload.aud, ACCESS_AUD);
    assert.deepEqual(Object.keys(payload).sort(), ['aud', 'exp', 'iat', 'iss', 'jti', 'sid', 'sub']);
  });

  test('different jti gives a different token', async () => {
    const c = claims();
    assert.notEqual(await signRefreshToken(c, { secret: REFRESH_SECRET }), await signRefreshToken({ ...c, jti: crypto.randomUUID() }, { secret: REFRESH_SECRET }));
  });

  test('an expired refresh token is refused with reason "expired"', async () => {
    const iat = nowSeconds() - 100;
    const token = await signRefreshToken({ ...claims(), iat, exp: iat + 90 }, { secret: REFRESH_SECRET });
    await assertRefused(verifyRefreshToken(token, REFRESH_SECRET), 'expired');
  });

  test('a refresh token signed with the access secret is refused', async () => {
    const token = await signRefreshToken(claims(), { secret: ACCESS_SECRET });
    await assertRefused(verifyRefreshToken(token, REFRESH_SECRET), 'invalid');
  });

  test('a refresh token presented to verifyAccessToken is refused, even with one shared secret', async () => {
    const shared = ACCESS_SECRET;
    const token = await signRefreshToken(claims(), { secret: shared });
    await assertRefused(verifyAccessToken(token, shared), 'invalid');
    // Even if it also carried the access-token-only claims, typ/aud still tell the kinds apart.
    const c = claims();
    const dressedUp = await new SignJWT({ sid: c.sid, email: 'alice@example.com', role: 'admin' })
      .setProtectedHeader({ alg: 'HS256', typ: 'rt+jwt' })
      .setSubject(c.sub)
      .setIssuer(ISSUER)
      .setAudience(REFRESH_AUD)
      .setJti(c.jti)
      .setIssuedAt(c.iat)
      .setExpirationTime(c.exp)
      .sign(new TextEncoder().encode(shared));
    await assertRefused(verifyAccessToken(dressedUp, shared), 'invalid');
  });

  test('an access token presented to verifyRefreshToken is refused, even with one shared secret', async () => {
    const shared = REFRESH_SECRET;
    const { token } = await signAccessToken(user, { secret: shared, ttlSeconds: 900 });
    await assertRefused(verifyRefreshToken(token, shared), 'invalid');
  });

  test('a refresh-shaped token with the access typ or the access aud is refused by verifyRefreshToken', async () => {
    const c = claims();
    const build = (typ: string, aud: string) =>
      new SignJWT({ sid: c.sid })
        .setProtectedHeader({ alg: 'HS256', typ })
        .setSubject(c.sub)
        .setIssuer(ISSUER)
        .setAudience(aud)
        .setJti(c.jti)
        .setIssuedAt(c.iat)
        .setExpirationTime(c.exp)
        .sign(new TextEncoder().encode(REFRESH_SECRET));
    assert.equal((await verifyRefreshToken(await build('rt+jwt', REFRESH_AUD), REFRESH_SECRET)).sid, c.sid);
    await assertRefused(verifyRefreshToken(await build('at+jwt', REFRESH_AUD), REFRESH_SECRET), 'invalid');
    await assertRefused(verifyRefreshToken(await build('rt+jwt', ACCESS_AUD), REFRESH_SECRET), 'invalid');
  });

  test('refresh tokens whose sub, sid or jti is not a UUID are refused', async () => {
    const c = claims();
    for (const name of ['sub', 'sid', 'jti'] as const) {
      for (const value of ['user-1', '../other', '']) {
        const payload = { sid: c.sid, sub: c.sub, iss: ISSUER, aud: REFRESH_AUD, jti: c.jti, iat: c.iat, exp: c.exp, [name]: value };
        await assertRefused(verifyRefreshToken(await joseSign(payload, { typ: 'rt+jwt', secret: REFRESH_SECRET }), REFRESH_SECRET), 'invalid');
      }
    }
  });

  test('a refresh token issued in the future is refused', async () => {
    const iat = nowSeconds() + 60;
    const token = await signRefreshToken({ ...claims(), iat, exp: iat + 604_800 }, { secret: REFRESH_SECRET });
    await assertRefused(verifyRefreshToken(token, REFRESH_SECRET), 'invalid');
  });

  test('refresh tokens with alg none or HS512 are refused', async () => {
    const c = claims();
    const payload = { sid: c.sid, sub: c.sub, iss: ISSUER, aud: REFRESH_AUD, jti: c.jti, iat: c.iat, exp: c.exp };
    await assertRefused(verifyRefreshToken(handBuild({ alg: 'none', typ: 'rt+jwt' }, payload), REFRESH_SECRET), 'invalid');
    await assertRefused(
      verifyRefreshToken(await joseSign(payload, { alg: 'HS512', typ: 'rt+jwt', secret: REFRESH_SECRET }), REFRESH_SECRET),
      'invalid',
    );
    // Control: the same payload, properly signed, is accepted.
    assert.equal((await verifyRefreshToken(handBuild({ alg: 'HS256', typ: 'rt+jwt' }, payload, REFRESH_SECRET), REFRESH_SECRET)).jti, c.jti);
  });
});
