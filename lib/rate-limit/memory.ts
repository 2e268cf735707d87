import type { Decision, RateLimiter, Rule } from './types';

/**
 * The embedded limiter for development and tests without Redis: a sliding log of hit times per
 * key, in this process only, with the same semantics as the Upstash limiter's script.
 */
export class MemoryRateLimiter implements RateLimiter {
  readonly kind = 'memory' as const;
  private readonly hits = new Map<string, number[]>();
  private sweptAt = 0;

  private recent(rule: Rule, key: string, now: number): number[] {
    this.sweep(now);
    const windowStart = now - rule.windowSeconds * 1000;
    const id = `${rule.name}:${key}`;
    const times = (this.hits.get(id) ?? []).filter((time) => time > windowStart);
    this.hits.set(id, times);
    return times;
  }

  // Keys with no recent hits are dropped at most once a minute, so memory stays bounded without a
  // timer that would keep the process alive. The longest window is an hour or so.
  private sweep(now: number) {
    if (now - this.sweptAt < 60_000) return;
    this.sweptAt = now;
    for (const [id, times] of this.hits) if (times.length === 0 || times[times.length - 1]! < now - 86_400_000) this.hits.delete(id);
  }

  private decide(rule: Rule, times: number[], now: number): Decision {
    if (times.length < rule.limit) return { allowed: true, retryAfterSeconds: 0 };
    const oldest = times[times.length - rule.limit]!;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + rule.windowSeconds * 1000 - now) / 1000)) };
  }

  async hit(rule: Rule, key: string): Promise<Decision> {
    const now = Date.now();
    const times = this.recent(rule, key, now);
    const decision = this.decide(rule, times, now);
    if (decision.allowed) times.push(now);
    return decision;
  }

  async reset(rule: Rule, key: string): Promise<void> {
    this.hits.delete(`${rule.name}:${key}`);
  }

  // Hits are appended in time order, so the last is the newest.
  async cancel(rule: Rule, key: string): Promise<void> {
    this.hits.get(`${rule.name}:${key}`)?.pop();
  }
}
