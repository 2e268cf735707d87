/** A limit: at most `limit` hits per sliding `windowSeconds`, counted per key. */
export interface Rule {
  name: string;
  limit: number;
  windowSeconds: number;
}

/** A rule applied to one key: what a caller hands to whoever counts the hit. */
export interface KeyedRule {
  rule: Rule;
  key: string;
}

export interface Decision {
  allowed: boolean;
  /** Whole seconds until another hit would be allowed; 0 while allowed. */
  retryAfterSeconds: number;
}

/** One interface over the embedded limiter and the Upstash Redis one, with the same exact semantics. */
export interface RateLimiter {
  readonly kind: 'memory' | 'upstash';
  /** Counts one hit and says whether it was within the limit. */
  hit(rule: Rule, key: string): Promise<Decision>;
  /** Forgets every hit of `key`. */
  reset(rule: Rule, key: string): Promise<void>;
  /**
   * Takes back the newest hit of `key`: an attempt counted before its outcome was known that
   * turned out not to be one the limit is about (a right password). The other hits stay, so this
   * forgives nobody else's attempts.
   */
  cancel(rule: Rule, key: string): Promise<void>;
}
