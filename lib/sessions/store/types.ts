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
}

export interface RotateRequest {
  userId: string;
  sessionId: string;
  presentedJti: string;
  nextJti: string;
  now: number;
  reuseIntervalMs: number;
}

/**
 * `rotated`: the presented token was current; `nextJti` is now current.
 * `reissued`: the presented token was the previous one, within the reuse interval; the session's
 *   current successor is returned unchanged.
 * `reused`: an older token, or the previous one after the interval: the whole session is deleted.
 * `missing`: no such session (logged out, revoked or expired).
 */
export type RotateResult =
  | { status: 'rotated' | 'reissued'; session: SessionRecord }
  | { status: 'reused' | 'missing' };

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
  ping(): Promise<void>;
}
