import { describe, expect, test } from 'vitest';
import { JoinGuard } from '../../server/src/limits/joinGuard.ts';
import { secondsText } from '../../server/src/limits/rateLimiter.ts';

// Issue 12 item 8: wrong join codes are counted after the lookup; a right code never is.
function guard() {
  let t = 0;
  const g = new JoinGuard(
    {
      perAddress: { burst: 10, perSecond: 0.2 },
      grace: 50,
      global: { burst: 600, perSecond: 1 },
    },
    () => t,
  );
  return { g, advance: (ms: number) => (t += ms) };
}

/** Sends `n` wrong codes from `address` the way the join route does: check, then count. */
function guess(g: JoinGuard, address: string, n: number): ('checked' | 'refused')[] {
  const out: ('checked' | 'refused')[] = [];
  for (let i = 0; i < n; i++) {
    if (!g.mayCheck(address).ok) out.push('refused');
    else {
      g.failed(address);
      out.push('checked');
    }
  }
  return out;
}

describe('JoinGuard', () => {
  test('ten mistypes leave the address able to have its next code checked', () => {
    const { g } = guard();
    const answers = Array.from({ length: 10 }, () => g.failed('venue').ok);
    expect(answers.every(Boolean)).toBe(true);
    expect(g.mayCheck('venue').ok).toBe(true);
    // …and the eleventh wrong one is told to wait.
    expect(g.failed('venue')).toEqual({ ok: false, retryAfterMs: expect.any(Number) });
  });

  test('one address gets 10 + 50 looked up, then one per 5 s', () => {
    const { g, advance } = guard();
    const first = guess(g, 'mallory', 100);
    expect(first.filter((a) => a === 'checked')).toHaveLength(60);
    const retry = g.mayCheck('mallory');
    expect(retry.ok).toBe(false);
    if (!retry.ok) expect(retry.retryAfterMs).toBeLessThanOrEqual(5000);
    advance(5000);
    expect(guess(g, 'mallory', 3).filter((a) => a === 'checked')).toHaveLength(1);
  });

  test('many addresses: the global budget stops those past their own budget', () => {
    const { g } = guard();
    // 60 addresses spend 10 each: the server-wide 600 is gone.
    for (let i = 0; i < 60; i++) guess(g, `10.0.0.${i}`, 10);
    // Positive control: an address within its budget is still checked (a venue with typos)…
    expect(g.mayCheck('venue').ok).toBe(true);
    g.failed('venue');
    expect(g.mayCheck('venue').ok).toBe(true);
    // …but one past its own budget is not, though it is far from its per-address grace.
    expect(guess(g, '10.0.0.1', 1)).toEqual(['checked']); // the one answered 429
    expect(g.mayCheck('10.0.0.1').ok).toBe(false);
    // The global debt is capped, so recovery follows within burst ÷ rate.
    for (let i = 0; i < 1000; i++) guess(g, `10.1.${i >> 8}.${i & 255}`, 10);
    const wait = g.mayCheck('10.0.0.1');
    expect(wait.ok).toBe(false);
    if (!wait.ok) expect(wait.retryAfterMs).toBeLessThanOrEqual(601_000);
  });
});

describe('secondsText', () => {
  test.each([
    [1, '1 second'],
    [2, '2 seconds'],
    [5, '5 seconds'],
  ])('%i → %s', (n, text) => {
    expect(secondsText(n)).toBe(text);
  });
});
