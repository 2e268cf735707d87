import type { AuthMethod } from '../../auth/tokens';
import type { KeyedRule } from '../../rate-limit/types';

/**
 * A session record, as the token store keeps it: one per login (device), whose refresh token
 * rotates (lib/sessions/refresh.ts). Only token ids are kept, never tokens. `previousJti`
 * and `rotatedAt` let a just-rotated token be presented again for the reuse interval (concurrent
 * refreshes, a lost response) without forking the session.
 */
export interface SessionRecord {
  id: string;
  userId: string;
  currentJti: string;
  previousJti: string | null;
  /** Milliseconds since the epoch; equal to createdAt until the first rotation. */
  rotatedAt: number;
  createdAt: number;
  lastUsedAt: number;
  /** Absolute end of the session, fixed at login: rotation never extends it. */
  expiresAt: number;
  userAgent: string;
  /**
   * The last proof of identity (ms since the epoch) and how it was made: set at login, renewed by
   * re-authentication, kept by every rotation. Access tokens carry them as `auth_time` and `amr`.
   */
  authTime: number;
  amr: AuthMethod[];
}

/**
 * A login waiting for its second factor. `id` is a digest of the `mfaToken` the client holds, never
 * the token. `attempts` counts the codes tried against it. `passwordChangedAt` (ms) is the user's
 * when the password was checked: a code finishes the login only while that password is theirs.
 */
export interface MfaChallenge {
  id: string;
  userId: string;
  passwordChangedAt: number;
  expiresAt: number;
  attempts: number;
}

/**
 * A WebAuthn challenge waiting for its answer: a passkey being added, or a sign-in with one. `id`
 * is a digest of the challenge the authenticator signs, never the challenge itself. A
 * registration is bound to the session that asked for it; a sign-in, which has no session yet, to
 * the browser that asked (`binding`: a digest of the value of its passkey cookie).
 */
export type PasskeyChallenge =
  | { id: string; purpose: 'register'; userId: string; sessionId: string; expiresAt: number }
  | { id: string; purpose: 'login'; binding: string; expiresAt: number };

export interface RotateRequest {
  userId: string;
  sessionId: string;
  presentedJti: string;
  nextJti: string;
  now: number;
  reuseIntervalMs: number;
  /**
   * A rate limit counted first, in the same atomic step (for Upstash, the same round trip), with
   * the rate limiter's exact algorithm and counter: over it, the session is left as it was. Its
   * key must start with the user's id as a hash tag (`{userId}`), as the session keys do, so that
   * one Redis script can touch both on a cluster.
   */
  limit?: KeyedRule;
}

/**
 * `rotated`: the presented token was current; `nextJti` is now current.
 * `reissued`: the presented token was the previous one, within the reuse interval; the session's
 *   current successor is returned unchanged.
 * `reused`: an older token, or the previous one after the interval: the whole session is deleted.
 * `missing`: no such session (logged out, revoked or expired).
 * `limited`: over the request's `limit`, whatever the session's state: nothing was changed or
 *   counted, and `retryAfterSeconds` is the rate limiter's wait.
 */
export type RotateResult =
  | { status: 'rotated' | 'reissued'; session: SessionRecord }
  | { status: 'reused' | 'missing' }
  | { status: 'limited'; retryAfterSeconds: number };

export interface TokenStore {
  readonly kind: 'memory' | 'upstash';
  createSession(session: SessionRecord): Promise<void>;
  /** Atomic: two concurrent calls can never both rotate one session. */
  rotateSession(request: RotateRequest): Promise<RotateResult>;
  /** Resolves to whether a live session was deleted. */
  deleteSession(userId: string, sessionId: string): Promise<boolean>;
  /** The user's live sessions, in no particular order; expired index entries are pruned. */
  listSessions(userId: string, now: number): Promise<SessionRecord[]>;
  /**
   * Ends every session of the user at once, except `keepSessionId` when given; resolves to how
   * many live sessions ended.
   */
  deleteUserSessions(userId: string, keepSessionId?: string): Promise<number>;
  /**
   * Records a new proof of identity on a live session (re-authentication); resolves to the updated
   * session, or null when it has ended.
   */
  recordSessionProof(userId: string, sessionId: string, proof: { authTime: number; amr: AuthMethod[] }, now: number): Promise<SessionRecord | null>;
  createMfaChallenge(challenge: Omit<MfaChallenge, 'attempts'>): Promise<void>;
  /**
   * Counts one code tried against the challenge, atomically, before the code is checked, so
   * concurrent guesses cannot exceed `maxAttempts` between them. Null when the challenge is gone,
   * expired, or has had its `maxAttempts` already (it is then deleted).
   */
  countMfaAttempt(id: string, now: number, maxAttempts: number): Promise<MfaChallenge | null>;
  /** Resolves to whether a live challenge was deleted: of two concurrent right codes, one wins. */
  deleteMfaChallenge(id: string): Promise<boolean>;
  createPasskeyChallenge(challenge: PasskeyChallenge): Promise<void>;
  /**
   * Takes the challenge out of the store, atomically: of two concurrent answers to one challenge,
   * one gets it and the other null. Null too when it is unknown or expired (it is then deleted).
   */
  takePasskeyChallenge(id: string, now: number): Promise<PasskeyChallenge | null>;
  ping(): Promise<void>;
}
