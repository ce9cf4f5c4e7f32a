import { type RateDecision, RateLimiter, type RateRule } from './rateLimiter.ts';

/** How wrong join codes are counted (see limits.ts and docs/security.md, issue 12 item 8). */
export interface JoinGuardRules {
  /** Wrong codes per address answered 404; past them, a wrong code answers 429. */
  perAddress: RateRule;
  /**
   * Wrong codes an address may still have checked after its budget is spent (each answered
   * 429). Past them its codes are not looked up at all until the debt is paid: a person who
   * mistypes does not go on thirty times in a minute; a guesser does.
   */
  grace: number;
  /** Wrong codes from all addresses together: a guessing campaign from many addresses. */
  global: RateRule;
}

const ALL = 'all';

/**
 * Join codes are short, so what keeps them from being guessed is how many wrong codes the
 * server will look up. A correct code is not a guess: it is checked first and neither counts
 * nor waits for the wrong codes typed before it at the same address (a venue shares one), so
 * ten mistyped codes never lock a room out. Only an address that kept guessing far past being
 * told to wait is refused before its code is looked up.
 */
export class JoinGuard {
  private readonly perAddress: RateLimiter;
  private readonly global: RateLimiter;

  constructor(
    private readonly rules: JoinGuardRules,
    now: () => number = Date.now,
  ) {
    this.perAddress = new RateLimiter(rules.perAddress, now);
    this.global = new RateLimiter(rules.global, now, 1);
  }

  /** Before the code is looked up: whether this address may have a code checked at all. */
  mayCheck(address: string): RateDecision {
    const own = this.perAddress.tokens(address);
    const floor = -this.rules.grace;
    if (own <= floor) {
      return { ok: false, retryAfterMs: this.perAddress.msUntilAbove(address, floor) };
    }
    // While the server-wide budget is spent, an address already past its own budget gets no
    // further checks; one within its budget always does, so a venue that made a few typos
    // keeps joining during someone else's campaign.
    if (own < 0 && this.global.tokens(ALL) <= 0) {
      return { ok: false, retryAfterMs: this.global.msUntilAbove(ALL, 0) };
    }
    return { ok: true };
  }

  /**
   * After a wrong code: counts it, and says whether the address (or the server) was already
   * past its budget, which turns the 404 into a 429 telling the person to wait.
   */
  failed(address: string): RateDecision {
    const own = this.perAddress.peek(address);
    const all = this.global.peek(ALL);
    this.perAddress.charge(address);
    // The global debt is capped at one burst so a campaign's end is followed by recovery
    // within burst ÷ rate seconds, not by hours of refusals for unlucky venues.
    if (this.global.tokens(ALL) > -this.rules.global.burst) this.global.charge(ALL);
    if (!own.ok) return own;
    return all;
  }
}
