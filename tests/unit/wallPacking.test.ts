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

  test('the first page depends only on the items before it: packing a prefix that overflows one page gives the same first page', () => {
    // What lets the projector draw its first page after measuring only a page's worth of cards
    // (PagedWall.tsx). Random boards: bare lists and clusters, items of varied heights.
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    let checked = 0;
    for (let run = 0; run < 300; run++) {
      const blocks = Array.from({ length: 1 + Math.floor(rand() * 6) }, () => ({
        head: rand() < 0.3 ? 0 : 10 + Math.floor(rand() * 20),
        items: Array.from({ length: Math.floor(rand() * 40) }, () => 12 + Math.floor(rand() * 60)),
      }));
      const b = {
        height: 150 + Math.floor(rand() * 300),
        columns: 1 + Math.floor(rand() * 4),
        itemGap: 4,
        pieceGap: 12,
      };
      const full = packPages(blocks, b);
      const total = blocks.reduce((n, x) => n + x.items.length, 0);
      for (let limit = 1; limit < total; limit += 7) {
        let left = limit;
        const prefix = [];
        for (const x of blocks) {
          if (left <= 0) break;
          const n = Math.min(x.items.length, left);
          prefix.push({ head: x.head, items: x.items.slice(0, n) });
          left -= n;
        }
        const partial = packPages(prefix, b);
        if (partial.length < 2) continue; // the prefix fits one page: not a case PagedWall uses
        expect(partial[0]).toEqual(full[0]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(500);
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
