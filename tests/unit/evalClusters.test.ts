import { describe, expect, test } from 'vitest';
import { adjustedRand, readingPositions } from '../eval/evalClusters.ts';
import { simulate } from '../eval/facilitatorSim.ts';

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

  test('the simulated facilitator: k + 1 a theme by hand; a right suggestion costs its name and accept, a stray an untick', () => {
    const board = {
      ids: ['a1', 'a2', 'a3', 'b1', 'b2', 'x'],
      human: new Map<string, string | null>([
        ['a1', 'A'],
        ['a2', 'A'],
        ['a3', 'A'],
        ['b1', 'B'],
        ['b2', 'B'],
        ['x', null],
      ]),
    };
    // By hand: A 3 + 1, B 2 + 1.
    expect(simulate(board, []).hand).toBe(7);
    // Suggest (1), A named and accepted (2), B, now the first shown, named and accepted (2).
    expect(
      simulate(board, [
        ['a1', 'a2', 'a3'],
        ['b1', 'b2'],
      ]).help,
    ).toBe(5);
    // A with a stray (1 + 1 untick + 1 accept), a3 added (1), B by hand (3): 1 + 3 + 1 + 3.
    expect(simulate(board, [['a1', 'a2', 'b1']]).help).toBe(8);
    // No suggestion: the click, then every theme by hand.
    expect(simulate(board, []).help).toBe(1 + 7);
  });
});
