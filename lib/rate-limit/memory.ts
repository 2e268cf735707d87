import 'server-only';
import { boundedKey } from './key';
import type { Decision, RateLimiter, Rule } from './types';

/** The most keys held at once (see makeRoom); with keys of at most MAX_KEY_LENGTH, tens of MB at worst. */
export const MAX_KEYS = 50_000;
// When the map is full this share of it gives way at once, so the sort is paid once per many new keys.
const EVICT_SHARE = 0.1;
const SWEEP_INTERVAL_MS = 60_000;

interface Log {
  /** When the counted hits happened, oldest first; some may have left the window since. */
  times: number[];
  limit: number;
  windowMs: number;
}

/** The time after which a log holds no hit within its window, so forgetting it changes nothing. */
const expiresAt = (log: Log) => log.times[log.times.length - 1]! + log.windowMs;

/**
 * The embedded limiter for development and tests without Redis: a sliding log of hit times per
 * key, in this process only, with the same semantics as the Upstash limiter's script. Its memory
 * is bounded twice: keys longer than MAX_KEY_LENGTH are stored hashed, and at most `maxKeys` keys
 * are held.
 */
export class MemoryRateLimiter implements RateLimiter {
  readonly kind = 'memory' as const;
  private readonly logs = new Map<string, Log>();
  private readonly maxKeys: number;
  private sweptAt = 0;

  constructor(options: { maxKeys?: number } = {}) {
    this.maxKeys = options.maxKeys ?? MAX_KEYS;
  }

  /** How many keys are held. */
  get size(): number {
    return this.logs.size;
  }

  private async id(rule: Rule, key: string): Promise<string> {
    return `${rule.name}:${await boundedKey(key)}`;
  }

  private dropExpired(now: number): void {
    for (const [id, log] of this.logs) if (expiresAt(log) <= now) this.logs.delete(id);
  }

  // A key is dropped once its window has passed since its last counted hit, checked at most once
  // a minute so memory stays bounded without a timer that would keep the process alive.
  private sweep(now: number): void {
    if (now - this.sweptAt < SWEEP_INTERVAL_MS) return;
    this.sweptAt = now;
    this.dropExpired(now);
  }

  /**
   * Makes room for one more key when `maxKeys` are held. Keys whose window has passed go first:
   * they no longer count anything. If that is not enough, the keys that protect least go: those
   * furthest below their limit (hits / limit), and among equals those whose window ends soonest.
   *
   * Eviction must not become a cheap way to reset a count. Plain oldest-first would be one: an
   * attacker blocked on one key stops hitting it and creates fresh keys (new emails, other
   * addresses) until it is the oldest and goes. Here every fresh key has a single hit, so fresh
   * keys only ever push out other nearly empty keys; a blocked key (at its limit) goes only once
   * nearly every key held is blocked too, which costs the attacker `limit` counted hits on each of
   * tens of thousands of keys, every one of them limited per address as well. Forgetting a key
   * with few hits gives its holder at most those few attempts back.
   */
  private makeRoom(now: number): void {
    if (this.logs.size < this.maxKeys) return;
    this.dropExpired(now);
    if (this.logs.size < this.maxKeys) return;
    const ranked = [...this.logs].map(([id, log]) => ({
      id,
      protection: log.times.filter((time) => time > now - log.windowMs).length / log.limit,
      expiresAt: expiresAt(log),
    }));
    ranked.sort((a, b) => a.protection - b.protection || a.expiresAt - b.expiresAt);
    const count = this.logs.size - this.maxKeys + Math.max(1, Math.ceil(this.maxKeys * EVICT_SHARE));
    for (const { id } of ranked.slice(0, count)) this.logs.delete(id);
  }

  async hit(rule: Rule, key: string): Promise<Decision> {
    const id = await this.id(rule, key);
    const now = Date.now();
    this.sweep(now);
    const windowMs = rule.windowSeconds * 1000;
    const log = this.logs.get(id);
    const times = (log?.times ?? []).filter((time) => time > now - windowMs);
    if (times.length >= rule.limit) {
      const oldest = times[times.length - rule.limit]!;
      if (log) log.times = times;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + windowMs - now) / 1000)) };
    }
    times.push(now);
    if (!log) this.makeRoom(now);
    this.logs.set(id, { times, limit: rule.limit, windowMs });
    return { allowed: true, retryAfterSeconds: 0 };
  }

  async reset(rule: Rule, key: string): Promise<void> {
    this.logs.delete(await this.id(rule, key));
  }

  // Hits are appended in time order, so the last is the newest.
  async cancel(rule: Rule, key: string): Promise<void> {
    this.logs.get(await this.id(rule, key))?.times.pop();
  }
}
