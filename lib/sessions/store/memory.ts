import 'server-only';
import type { AuthMethod } from '../../auth/tokens';
import { MemoryRateLimiter } from '../../rate-limit/memory';
import type { RateLimiter } from '../../rate-limit/types';
import type { MfaChallenge, PasskeyChallenge, RotateRequest, RotateResult, SessionRecord, TokenStore } from './types';

/**
 * The embedded store for development and tests without Redis. Every method body runs without an
 * await between its read and its write, which on Node's single thread makes rotation atomic.
 * State lives in this process: sessions end when it restarts. A rotation's rate limit is counted
 * by `limiter` (the app's embedded limiter), so it shares its counts with every other user of it.
 */
export class MemoryTokenStore implements TokenStore {
  readonly kind = 'memory' as const;
  private readonly sessions = new Map<string, SessionRecord>();
  private readonly challenges = new Map<string, MfaChallenge>();
  private readonly passkeyChallenges = new Map<string, PasskeyChallenge>();
  private readonly limiter: RateLimiter;
  private sweptAt = 0;

  constructor(options: { limiter?: RateLimiter } = {}) {
    this.limiter = options.limiter ?? new MemoryRateLimiter();
  }

  private key(userId: string, sessionId: string) {
    return `${userId}:${sessionId}`;
  }

  private live(userId: string, sessionId: string, now: number): SessionRecord | undefined {
    this.sweep(now);
    const session = this.sessions.get(this.key(userId, sessionId));
    if (session && session.expiresAt <= now) {
      this.sessions.delete(this.key(userId, sessionId));
      return undefined;
    }
    return session;
  }

  // Expired sessions are dropped at most once a minute, so memory stays bounded without a timer
  // that would keep the process alive.
  private sweep(now: number) {
    if (now - this.sweptAt < 60_000) return;
    this.sweptAt = now;
    for (const [key, session] of this.sessions) if (session.expiresAt <= now) this.sessions.delete(key);
    for (const [id, challenge] of this.challenges) if (challenge.expiresAt <= now) this.challenges.delete(id);
    for (const [id, challenge] of this.passkeyChallenges) if (challenge.expiresAt <= now) this.passkeyChallenges.delete(id);
  }

  private copy(session: SessionRecord): SessionRecord {
    return { ...session, amr: [...session.amr] };
  }

  async createSession(session: SessionRecord): Promise<void> {
    this.sessions.set(this.key(session.userId, session.id), this.copy(session));
  }

  // The limit is counted before the session is read: the await is not between its read and write.
  async rotateSession(request: RotateRequest): Promise<RotateResult> {
    if (request.limit) {
      const decision = await this.limiter.hit(request.limit.rule, request.limit.key);
      if (!decision.allowed) return { status: 'limited', retryAfterSeconds: decision.retryAfterSeconds };
    }
    const session = this.live(request.userId, request.sessionId, request.now);
    if (!session) return { status: 'missing' };
    if (session.currentJti === request.presentedJti) {
      session.previousJti = session.currentJti;
      session.currentJti = request.nextJti;
      session.rotatedAt = request.now;
      session.lastUsedAt = request.now;
      return { status: 'rotated', session: this.copy(session) };
    }
    if (session.previousJti === request.presentedJti && request.now - session.rotatedAt <= request.reuseIntervalMs) {
      session.lastUsedAt = request.now;
      return { status: 'reissued', session: this.copy(session) };
    }
    this.sessions.delete(this.key(request.userId, request.sessionId));
    return { status: 'reused' };
  }

  async deleteSession(userId: string, sessionId: string): Promise<boolean> {
    const live = this.live(userId, sessionId, Date.now()) !== undefined;
    this.sessions.delete(this.key(userId, sessionId));
    return live;
  }

  // Scans every session: fine for the single-process development store, whose size is the number
  // of people signed in on one machine.
  async listSessions(userId: string, now: number): Promise<SessionRecord[]> {
    this.sweep(now);
    return [...this.sessions.values()].filter((session) => session.userId === userId && session.expiresAt > now).map((session) => this.copy(session));
  }

  async deleteUserSessions(userId: string, keepSessionId?: string): Promise<number> {
    const now = Date.now();
    let live = 0;
    for (const [key, session] of this.sessions) {
      if (session.userId !== userId || session.id === keepSessionId) continue;
      if (session.expiresAt > now) live++;
      this.sessions.delete(key);
    }
    return live;
  }

  async recordSessionProof(userId: string, sessionId: string, proof: { authTime: number; amr: AuthMethod[] }, now: number): Promise<SessionRecord | null> {
    const session = this.live(userId, sessionId, now);
    if (!session) return null;
    session.authTime = proof.authTime;
    session.amr = [...proof.amr];
    return this.copy(session);
  }

  async createMfaChallenge(challenge: Omit<MfaChallenge, 'attempts'>): Promise<void> {
    this.sweep(Date.now());
    this.challenges.set(challenge.id, { ...challenge, attempts: 0 });
  }

  async countMfaAttempt(id: string, now: number, maxAttempts: number): Promise<MfaChallenge | null> {
    const challenge = this.challenges.get(id);
    if (!challenge) return null;
    if (challenge.expiresAt <= now || challenge.attempts >= maxAttempts) {
      this.challenges.delete(id);
      return null;
    }
    challenge.attempts++;
    return { ...challenge };
  }

  async deleteMfaChallenge(id: string): Promise<boolean> {
    const challenge = this.challenges.get(id);
    this.challenges.delete(id);
    return challenge !== undefined && challenge.expiresAt > Date.now();
  }

  async createPasskeyChallenge(challenge: PasskeyChallenge): Promise<void> {
    this.sweep(Date.now());
    this.passkeyChallenges.set(challenge.id, { ...challenge });
  }

  async takePasskeyChallenge(id: string, now: number): Promise<PasskeyChallenge | null> {
    const challenge = this.passkeyChallenges.get(id);
    this.passkeyChallenges.delete(id);
    return challenge && challenge.expiresAt > now ? challenge : null;
  }

  async ping(): Promise<void> {}
}
