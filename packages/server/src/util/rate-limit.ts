/** A token bucket: `capacity` actions at once, refilled evenly over `perMs`. */
export interface RateRule {
  capacity: number;
  perMs: number;
}

export type RateDecision = { ok: true } | { ok: false; retryAfterMs: number };

/**
 * Per-key rate limits. The in-memory one serves a single node; a shared store (Redis) can
 * implement the same call for a cluster.
 */
export interface RateLimiter {
  take(key: string, rule: RateRule): Promise<RateDecision>;
}

const SWEEP_EVERY = 1000;

export class MemoryRateLimiter implements RateLimiter {
  private buckets = new Map<string, { tokens: number; at: number; rule: RateRule }>();
  private takes = 0;

  constructor(private readonly now: () => number = Date.now) {}

  async take(key: string, rule: RateRule): Promise<RateDecision> {
    const now = this.now();
    if (++this.takes % SWEEP_EVERY === 0) this.sweep(now);
    const bucket = this.buckets.get(key) ?? { tokens: rule.capacity, at: now, rule };
    const refill = ((now - bucket.at) / rule.perMs) * rule.capacity;
    bucket.tokens = Math.min(rule.capacity, bucket.tokens + refill);
    bucket.at = now;
    bucket.rule = rule;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterMs: Math.ceil(((1 - bucket.tokens) / rule.capacity) * rule.perMs) };
  }

  /** Full buckets carry no information: drop them so idle users cost nothing. */
  private sweep(now: number): void {
    for (const [key, b] of this.buckets) {
      if (b.tokens + ((now - b.at) / b.rule.perMs) * b.rule.capacity >= b.rule.capacity) this.buckets.delete(key);
    }
  }
}
