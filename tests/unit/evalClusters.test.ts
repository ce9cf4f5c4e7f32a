import { describe, expect, test } from 'vitest';
import { adjustedRand, readingPositions } from '../eval/evalClusters.ts';

describe('the clustering eval’s measures', () => {
  test('cards read: a member at its rank, one the list leaves out at its expected place after it', () => {
    // Five candidates, three ranked: "x" is one of the two left out, read at 3 + (2 + 1) / 2.
    expect(readingPositions(['a', 'b', 'c'], ['b', 'x'], 5)).toEqual([2, 4.5]);
    // Nothing ranked: the unranked board's expectation, (n + 1) / 2.
    expect(readingPositions([], ['a', 'b'], 9)).toEqual([5, 5]);
  });

  test('adjusted Rand: 1 for the same partition under other names, 0 or below for a split of one block', () => {
    expect(adjustedRand(['p', 'p', 'q', 'q'], ['x', 'x', 'y', 'y'])).toBe(1);
    expect(adjustedRand(['p', 'p', 'p', 'p'], ['a', 'b', 'c', 'd'])).toBeLessThanOrEqual(0);
  });
});
