import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { addressKey } from '../../server/src/limits/httpLimits.ts';
import { RateLimiter } from '../../server/src/limits/rateLimiter.ts';

/**
 * The token bucket behind every rate limit, on a fake clock: it never lets through more than
 * its burst plus its rate over the elapsed time, and a refusal's retry time is honest.
 */

const SOAK = process.env.SOAK === '1';

describe('RateLimiter', () => {
  test('property: never more than burst + rate × elapsed; the retry time is enough', () => {
    fc.assert(
      fc.property(
        fc.record({
          burst: fc.integer({ min: 1, max: 50 }),
          perSecond: fc.double({ min: 0.05, max: 20, noNaN: true }),
        }),
        fc.array(
          fc.record({
            advanceMs: fc.integer({ min: 0, max: 3000 }),
            key: fc.constantFrom('a', 'b', 'c'),
            cost: fc.integer({ min: 1, max: 3 }),
          }),
          { maxLength: 200 },
        ),
        (rule, ops) => {
          let now = 1_000_000;
          const limiter = new RateLimiter(rule, () => now);
          const spent = new Map<string, number>();
          const start = now;
          for (const op of ops) {
            now += op.advanceMs;
            const cost = Math.min(op.cost, rule.burst);
            const d = limiter.take(op.key, cost);
            if (d.ok) {
              spent.set(op.key, (spent.get(op.key) ?? 0) + cost);
            } else {
              expect(d.retryAfterMs).toBeGreaterThan(0);
              // Waiting that long is enough for this very request (nothing else in between).
              const probe = new RateLimiter(rule, () => now + d.retryAfterMs);
              Object.assign(probe, {
                buckets: new Map((limiter as unknown as { buckets: Map<string, unknown> }).buckets),
              });
              expect(probe.peek(op.key, cost).ok).toBe(true);
            }
            const allowance = rule.burst + (rule.perSecond * (now - start)) / 1000;
            for (const total of spent.values()) expect(total).toBeLessThanOrEqual(allowance + 1e-9);
          }
        },
      ),
      { seed: 7, numRuns: SOAK ? 5000 : 300 },
    );
  });

  test('a cost above the burst passes on a full bucket, and its excess is paid by waiting', () => {
    let now = 0;
    const limiter = new RateLimiter({ burst: 10, perSecond: 10 }, () => now);
    expect(limiter.take('k', 25).ok).toBe(true); // a full bucket: allowed, 15 in debt
    const refused = limiter.take('k', 1);
    expect(refused).toStrictEqual({ ok: false, retryAfterMs: 1600 }); // 16 tokens to regain
    now += 1600;
    expect(limiter.take('k', 1).ok).toBe(true);
  });

  test('a full bucket is forgotten: memory stays bounded under a flood of keys', () => {
    let now = 0;
    const limiter = new RateLimiter({ burst: 5, perSecond: 1 }, () => now, 1000);
    for (let i = 0; i < 50_000; i++) limiter.take(`10.0.${i >> 8}.${i & 255}`);
    expect(limiter.size).toBeLessThanOrEqual(1000);
    now += 10_000;
    limiter.take('fresh');
    expect(limiter.size).toBeLessThanOrEqual(1001);
  });
});

describe('addressKey', () => {
  test.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::9', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    [undefined, 'unknown'],
  ])('%s → %s', (ip, key) => {
    expect(addressKey(ip)).toBe(key);
  });
});
