import { describe, expect, test } from 'vitest';
import { newestStart, packPages } from '../../client/src/ui/wallPacking.ts';

/** The projector's column packing (issue 12, item 1): pure, from measured heights. */
const box = { height: 100, columns: 2, itemGap: 10, pieceGap: 20 };

describe('packPages', () => {
  test('a bare list fills a column top to bottom, then the next, then a new page', () => {
    // 40 + 10 + 40 = 90 fits a column of 100; a third item starts the next column.
    const pages = packPages([{ head: 0, items: [40, 40, 40, 40, 40] }], box);
    expect(pages).toEqual([
      [[{ block: 0, from: 0, to: 2 }], [{ block: 0, from: 2, to: 4 }]],
      [[{ block: 0, from: 4, to: 5 }]],
    ]);
  });

  test('a block too long for the rest of a column goes on in the next, heading repeated', () => {
    const pages = packPages(
      [
        { head: 20, items: [30] },
        { head: 20, items: [30, 30, 30] },
      ],
      box,
    );
    // Column 1: block 0 (50), gap 20, block 1 head 20 + 30 = 50 → 120 > 100: block 1 starts
    // column 2 and its third item goes to a new page with its heading again.
    expect(pages).toEqual([
      [[{ block: 0, from: 0, to: 1 }], [{ block: 1, from: 0, to: 2 }]],
      [[{ block: 1, from: 2, to: 3 }]],
    ]);
  });

  test('an empty cluster takes its heading only; an item taller than a column stands alone', () => {
    expect(packPages([{ head: 30, items: [] }], box)).toEqual([[[{ block: 0, from: 0, to: 0 }]]]);
    expect(packPages([{ head: 0, items: [500, 10] }], box)).toEqual([
      [[{ block: 0, from: 0, to: 1 }], [{ block: 0, from: 1, to: 2 }]],
    ]);
  });

  test('nothing to show is one empty page', () => {
    expect(packPages([], box)).toEqual([[]]);
  });
});

describe('newestStart', () => {
  test('the newest items that fill one page, no more', () => {
    // Two columns of two 40s each hold four items: the newest four of seven.
    expect(newestStart([40, 40, 40, 40, 40, 40, 40], box)).toBe(3);
    expect(newestStart([40, 40], box)).toBe(0);
  });
});
