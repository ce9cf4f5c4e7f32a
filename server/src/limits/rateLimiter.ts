/** How fast one key may act: a burst, then a steady rate. */
export interface RateRule {
  /** Actions allowed at once (the bucket's size). */
  burst: number;
  /** Actions regained per second once the burst is spent. */
  perSecond: number;
}

export type RateDecision = { ok: true } | { ok: false; retryAfterMs: number };

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Token buckets by key (an address, a participant, a connection). Memory is bounded: a full
 * bucket holds no information, so buckets that have refilled are forgotten, and past `maxKeys`
 * the oldest are dropped (which only ever errs on the side of letting someone through).
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    readonly rule: RateRule,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 50_000,
  ) {}

  /** Takes `cost` tokens from `key` when it has them; otherwise says when to try again. */
  take(key: string, cost = 1): RateDecision {
    const decision = this.peek(key, cost);
    if (decision.ok) this.charge(key, cost);
    return decision;
  }

  /**
   * Whether `key` could spend `cost` now, without spending it. A cost above the burst (a frame
   * bigger than the byte budget) needs a full bucket, and its excess is a debt paid by waiting.
   */
  peek(key: string, cost = 1): RateDecision {
    const tokens = this.tokensOf(key);
    const need = Math.min(cost, this.rule.burst);
    if (tokens >= need) return { ok: true };
    const missing = need - tokens;
    const retryAfterMs =
      this.rule.perSecond > 0 ? Math.ceil((missing / this.rule.perSecond) * 1000) : 60_000;
    return { ok: false, retryAfterMs };
  }

  /** Spends `cost` tokens (going below zero pushes the next success further out). */
  charge(key: string, cost = 1): void {
    const tokens = this.tokensOf(key) - cost;
    this.buckets.delete(key); // re-insert: Map order is then least recently charged first
    this.buckets.set(key, { tokens, at: this.now() });
    if (this.buckets.size > this.maxKeys) this.sweep();
  }

  /** Forgets a key (e.g. a connection that closed). */
  forget(key: string): void {
    this.buckets.delete(key);
  }

  /** Tokens `key` holds now (below zero while it is paying off a debt). */
  tokens(key: string): number {
    return this.tokensOf(key);
  }

  /** How long until `key` holds more than `level` tokens (0 when it already does). */
  msUntilAbove(key: string, level: number): number {
    const missing = level - this.tokensOf(key);
    if (missing < 0) return 0;
    return this.rule.perSecond > 0
      ? Math.ceil(((missing + 1e-9) / this.rule.perSecond) * 1000)
      : 60_000;
  }

  get size(): number {
    return this.buckets.size;
  }

  private tokensOf(key: string): number {
    const b = this.buckets.get(key);
    if (!b) return this.rule.burst;
    const elapsed = Math.max(0, this.now() - b.at) / 1000;
    return Math.min(this.rule.burst, b.tokens + elapsed * this.rule.perSecond);
  }

  private sweep(): void {
    for (const key of [...this.buckets.keys()]) {
      if (this.tokensOf(key) >= this.rule.burst) this.buckets.delete(key);
    }
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= this.maxKeys) break;
      this.buckets.delete(key);
    }
  }
}

/** Seconds for a `Retry-After` header (at least 1). */
export function retryAfterSeconds(retryAfterMs: number): number {
  return Math.max(1, Math.ceil(retryAfterMs / 1000));
}

/** "1 second", "5 seconds": the English server messages (clients localise from Retry-After). */
export function secondsText(seconds: number): string {
  return seconds === 1 ? '1 second' : `${seconds} seconds`;
}
