import 'server-only';
import type { Redis } from '@upstash/redis';
import { createRedisClient, storeCall } from '../../backends/redis-client';
import { AUTH_METHODS, type AuthMethod } from '../../auth/tokens';
import { SLIDING_LOG_LUA, slidingLogArgs, slidingLogDecision, slidingLogKey } from '../../rate-limit/sliding-log';
import type { MfaChallenge, PasskeyChallenge, RotateRequest, RotateResult, SessionRecord, TokenStore } from './types';

// `{userId}` is a hash tag: every key of one user lands in one slot, so the scripts below stay
// valid on clustered Redis.
const sessionKey = (userId: string, sessionId: string) => `auth:{${userId}}:session:${sessionId}`;
// A sorted set of the user's session ids, scored by their expiry, so every session of a user can
// be found without SCAN. It expires with the user's last session.
const indexKey = (userId: string) => `auth:{${userId}}:sessions`;
// One key per login waiting for its second factor, named by the digest of its mfaToken.
const challengeKey = (id: string) => `auth:mfa:{${id}}`;
// One key per WebAuthn challenge waiting for its answer, named by the challenge's digest.
const passkeyChallengeKey = (id: string) => `auth:webauthn:{${id}}`;

const FIELDS = ['id', 'userId', 'currentJti', 'previousJti', 'rotatedAt', 'createdAt', 'lastUsedAt', 'expiresAt', 'userAgent', 'authTime', 'amr'] as const;

// The scripts read a record with one HMGET of every field, in FIELDS order, and address the reply
// by name through this table (`s[f.currentJti]`), generated from FIELDS: reordering or adding a
// field cannot leave a script reading the wrong one.
const FIELD_INDEX = `local f = {${FIELDS.map((field, index) => `${field} = ${index + 1}`).join(', ')}}`;
const HMGET_FIELDS = FIELDS.map((field) => `'${field}'`).join(', ');

// Writes the hash and its absolute expiry in one step, so a session can never exist without one,
// and indexes it, pruning index entries of sessions that have expired.
// KEYS: session, index. ARGV: expiresAt (ms), now (ms), session id, then field/value pairs.
const CREATE_SCRIPT = `
redis.call('HSET', KEYS[1], unpack(ARGV, 4))
redis.call('PEXPIREAT', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[2], ARGV[1], ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[2])
local last = redis.call('ZRANGE', KEYS[2], -1, -1, 'WITHSCORES')
if last[2] then redis.call('PEXPIREAT', KEYS[2], last[2]) end
return 1
`;

// KEYS: session, index. ARGV: session id.
const DELETE_SCRIPT = `
redis.call('ZREM', KEYS[2], ARGV[1])
return redis.call('DEL', KEYS[1])
`;

// Every session key shares the index's hash slot ({userId}), so reading and deleting them from
// a script stays valid on clustered Redis.

// KEYS: index. ARGV: the session key prefix, now (ms).
const LIST_SCRIPT = `
${FIELD_INDEX}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
local ids = redis.call('ZRANGE', KEYS[1], 0, -1)
local out = {}
for _, id in ipairs(ids) do
  local s = redis.call('HMGET', ARGV[1] .. id, ${HMGET_FIELDS})
  if s[f.id] then
    for i = 1, ${FIELDS.length} do out[#out + 1] = s[i] or '' end
  else
    redis.call('ZREM', KEYS[1], id)
  end
end
return out
`;

// KEYS: index. ARGV: the session key prefix, the session id to keep ('' for none).
const DELETE_ALL_SCRIPT = `
local ids = redis.call('ZRANGE', KEYS[1], 0, -1)
local live = 0
for _, id in ipairs(ids) do
  if id ~= ARGV[2] then
    live = live + redis.call('DEL', ARGV[1] .. id)
    redis.call('ZREM', KEYS[1], id)
  end
end
return live
`;

// The whole rotation decision runs inside Redis, in one round trip: concurrent refreshes are
// serialised by Redis itself and can never both rotate (fork) a session. With a rate limit, its
// log is the third key and it is counted first, by the rate limiter's own function and under the
// rate limiter's key (lib/rate-limit/sliding-log.ts): over the limit, nothing else is touched.
// KEYS: session, index[, limit log]. ARGV: presentedJti, nextJti, now (ms), reuse interval (ms),
// session id[, the limit's window (ms), limit, a unique member]
const ROTATE_SCRIPT = `
${SLIDING_LOG_LUA}
${FIELD_INDEX}
local now = tonumber(ARGV[3])
if KEYS[3] then
  local allowed, wait = sliding_log(KEYS[3], now, tonumber(ARGV[6]), tonumber(ARGV[7]), ARGV[8])
  if not allowed then return {'limited', wait} end
end
local s = redis.call('HMGET', KEYS[1], ${HMGET_FIELDS})
if not s[f.id] then
  redis.call('ZREM', KEYS[2], ARGV[5])
  return {'missing'}
end
if tonumber(s[f.expiresAt]) <= now then
  redis.call('DEL', KEYS[1])
  redis.call('ZREM', KEYS[2], ARGV[5])
  return {'missing'}
end
if s[f.currentJti] == ARGV[1] then
  redis.call('HSET', KEYS[1], 'previousJti', ARGV[1], 'currentJti', ARGV[2], 'rotatedAt', ARGV[3], 'lastUsedAt', ARGV[3])
  s[f.previousJti] = ARGV[1]; s[f.currentJti] = ARGV[2]; s[f.rotatedAt] = ARGV[3]; s[f.lastUsedAt] = ARGV[3]
  return {'rotated', unpack(s, 1, ${FIELDS.length})}
end
local previous = s[f.previousJti]
if previous and previous ~= '' and previous == ARGV[1] and now - tonumber(s[f.rotatedAt]) <= tonumber(ARGV[4]) then
  redis.call('HSET', KEYS[1], 'lastUsedAt', ARGV[3])
  s[f.lastUsedAt] = ARGV[3]
  return {'reissued', unpack(s, 1, ${FIELDS.length})}
end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[5])
return {'reused'}
`;

// KEYS: session. ARGV: authTime (ms), amr (comma-separated), now (ms).
const PROOF_SCRIPT = `
local expiresAt = redis.call('HGET', KEYS[1], 'expiresAt')
if not expiresAt or tonumber(expiresAt) <= tonumber(ARGV[3]) then return {} end
redis.call('HSET', KEYS[1], 'authTime', ARGV[1], 'amr', ARGV[2])
return redis.call('HMGET', KEYS[1], ${HMGET_FIELDS})
`;

// KEYS: challenge. ARGV: expiresAt (ms), userId, passwordChangedAt (ms).
const CREATE_CHALLENGE_SCRIPT = `
redis.call('HSET', KEYS[1], 'userId', ARGV[2], 'passwordChangedAt', ARGV[3], 'expiresAt', ARGV[1], 'attempts', 0)
redis.call('PEXPIREAT', KEYS[1], ARGV[1])
return 1
`;

// Counted before the code is checked, in one step, so concurrent guesses are serialised here.
// KEYS: challenge. ARGV: now (ms), max attempts.
const COUNT_CHALLENGE_SCRIPT = `
local c = redis.call('HMGET', KEYS[1], 'userId', 'expiresAt', 'attempts', 'passwordChangedAt')
if not c[1] then return {} end
-- Without the password's stamp (a challenge older than the field) it cannot be checked: it ends.
if not c[4] or tonumber(c[2]) <= tonumber(ARGV[1]) or tonumber(c[3]) >= tonumber(ARGV[2]) then
  redis.call('DEL', KEYS[1])
  return {}
end
local attempts = redis.call('HINCRBY', KEYS[1], 'attempts', 1)
return {c[1], c[2], tostring(attempts), c[4]}
`;

// KEYS: challenge. ARGV: expiresAt (ms), then field/value pairs.
const CREATE_PASSKEY_CHALLENGE_SCRIPT = `
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
redis.call('PEXPIREAT', KEYS[1], ARGV[1])
return 1
`;

// Read and deleted in one step, so one challenge serves one answer even when two race.
// KEYS: challenge. ARGV: now (ms).
const TAKE_PASSKEY_CHALLENGE_SCRIPT = `
local c = redis.call('HMGET', KEYS[1], 'purpose', 'userId', 'sessionId', 'binding', 'expiresAt')
if not c[1] then return {} end
redis.call('DEL', KEYS[1])
if tonumber(c[5]) <= tonumber(ARGV[1]) then return {} end
return {c[1], c[2] or '', c[3] or '', c[4] or '', c[5]}
`;

function passkeyChallengeFields(challenge: PasskeyChallenge): string[] {
  const common = ['purpose', challenge.purpose, 'expiresAt', String(challenge.expiresAt)];
  return challenge.purpose === 'register'
    ? [...common, 'userId', challenge.userId, 'sessionId', challenge.sessionId]
    : [...common, 'binding', challenge.binding];
}

// Sessions written before `amr` existed were all password logins made at their creation.
function toAmr(value: string): AuthMethod[] {
  const methods = value.split(',').filter((method): method is AuthMethod => AUTH_METHODS.includes(method as AuthMethod));
  return methods.length > 0 ? methods : ['pwd'];
}

/** A record from script values in FIELDS order, read by name like the scripts read them. */
function toRecord(values: unknown[]): SessionRecord {
  const text = (value: unknown) => (value === null || value === undefined ? '' : String(value));
  const field = Object.fromEntries(FIELDS.map((name, index) => [name, text(values[index])])) as Record<(typeof FIELDS)[number], string>;
  return {
    id: field.id,
    userId: field.userId,
    currentJti: field.currentJti,
    previousJti: field.previousJti || null,
    rotatedAt: Number(field.rotatedAt),
    createdAt: Number(field.createdAt),
    lastUsedAt: Number(field.lastUsedAt),
    expiresAt: Number(field.expiresAt),
    userAgent: field.userAgent,
    authTime: field.authTime ? Number(field.authTime) : Number(field.createdAt),
    amr: toAmr(field.amr),
  };
}

const fieldValue = (session: SessionRecord, field: (typeof FIELDS)[number]) => (field === 'amr' ? session.amr.join(',') : String(session[field] ?? ''));

export class UpstashTokenStore implements TokenStore {
  readonly kind = 'upstash' as const;
  private readonly redis: Redis;

  constructor(options: { url: string; token: string }) {
    this.redis = createRedisClient(options);
  }

  async createSession(session: SessionRecord): Promise<void> {
    const pairs = FIELDS.flatMap((field) => [field, fieldValue(session, field)]);
    await storeCall(() =>
      this.redis.eval(
        CREATE_SCRIPT,
        [sessionKey(session.userId, session.id), indexKey(session.userId)],
        [String(session.expiresAt), String(Date.now()), session.id, ...pairs],
      ),
    );
  }

  async rotateSession(request: RotateRequest): Promise<RotateResult> {
    const keys = [sessionKey(request.userId, request.sessionId), indexKey(request.userId)];
    const args = [request.presentedJti, request.nextJti, String(request.now), String(request.reuseIntervalMs), request.sessionId];
    if (request.limit) {
      keys.push(await slidingLogKey(request.limit.rule, request.limit.key));
      args.push(...slidingLogArgs(request.limit.rule));
    }
    const reply = await storeCall(() => this.redis.eval<string[], unknown[]>(ROTATE_SCRIPT, keys, args));
    const [status, ...values] = reply;
    if (status === 'limited') {
      const { retryAfterSeconds } = slidingLogDecision(false, Number(values[0]));
      return { status, retryAfterSeconds };
    }
    if (status === 'rotated' || status === 'reissued') return { status, session: toRecord(values) };
    if (status === 'reused') return { status: 'reused' };
    return { status: 'missing' };
  }

  async deleteSession(userId: string, sessionId: string): Promise<boolean> {
    const deleted = await storeCall(() => this.redis.eval<string[], number>(DELETE_SCRIPT, [sessionKey(userId, sessionId), indexKey(userId)], [sessionId]));
    return Number(deleted) > 0;
  }

  async listSessions(userId: string, now: number): Promise<SessionRecord[]> {
    const values = await storeCall(() => this.redis.eval<string[], unknown[]>(LIST_SCRIPT, [indexKey(userId)], [sessionKey(userId, ''), String(now)]));
    const sessions: SessionRecord[] = [];
    for (let i = 0; i < values.length; i += FIELDS.length) sessions.push(toRecord(values.slice(i, i + FIELDS.length)));
    return sessions;
  }

  async deleteUserSessions(userId: string, keepSessionId?: string): Promise<number> {
    const live = await storeCall(() =>
      this.redis.eval<string[], number>(DELETE_ALL_SCRIPT, [indexKey(userId)], [sessionKey(userId, ''), keepSessionId ?? '']),
    );
    return Number(live);
  }

  async recordSessionProof(userId: string, sessionId: string, proof: { authTime: number; amr: AuthMethod[] }, now: number): Promise<SessionRecord | null> {
    const values = await storeCall(() =>
      this.redis.eval<string[], unknown[]>(PROOF_SCRIPT, [sessionKey(userId, sessionId)], [String(proof.authTime), proof.amr.join(','), String(now)]),
    );
    return values.length > 0 && values[0] ? toRecord(values) : null;
  }

  async createMfaChallenge(challenge: Omit<MfaChallenge, 'attempts'>): Promise<void> {
    await storeCall(() =>
      this.redis.eval(CREATE_CHALLENGE_SCRIPT, [challengeKey(challenge.id)], [String(challenge.expiresAt), challenge.userId, String(challenge.passwordChangedAt)]),
    );
  }

  async countMfaAttempt(id: string, now: number, maxAttempts: number): Promise<MfaChallenge | null> {
    const reply = await storeCall(() => this.redis.eval<string[], unknown[]>(COUNT_CHALLENGE_SCRIPT, [challengeKey(id)], [String(now), String(maxAttempts)]));
    if (reply.length < 4) return null;
    const [userId, expiresAt, attempts, passwordChangedAt] = reply.map(String);
    return { id, userId: userId!, passwordChangedAt: Number(passwordChangedAt), expiresAt: Number(expiresAt), attempts: Number(attempts) };
  }

  async deleteMfaChallenge(id: string): Promise<boolean> {
    return Number(await storeCall(() => this.redis.del(challengeKey(id)))) > 0;
  }

  async createPasskeyChallenge(challenge: PasskeyChallenge): Promise<void> {
    await storeCall(() =>
      this.redis.eval(CREATE_PASSKEY_CHALLENGE_SCRIPT, [passkeyChallengeKey(challenge.id)], [String(challenge.expiresAt), ...passkeyChallengeFields(challenge)]),
    );
  }

  async takePasskeyChallenge(id: string, now: number): Promise<PasskeyChallenge | null> {
    const reply = await storeCall(() => this.redis.eval<string[], unknown[]>(TAKE_PASSKEY_CHALLENGE_SCRIPT, [passkeyChallengeKey(id)], [String(now)]));
    if (reply.length < 5) return null;
    const [purpose, userId, sessionId, binding, expiresAt] = reply.map(String);
    if (purpose === 'register') return { id, purpose, userId: userId!, sessionId: sessionId!, expiresAt: Number(expiresAt) };
    if (purpose === 'login') return { id, purpose, binding: binding!, expiresAt: Number(expiresAt) };
    return null;
  }

  async ping(): Promise<void> {
    await storeCall(() => this.redis.ping());
  }
}
