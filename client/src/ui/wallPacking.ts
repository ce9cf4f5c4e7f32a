/**
 * How the projector packs lists into columns and pages, from measured heights alone (pure: the
 * caller measures, this decides). A block is a list with an optional heading (a cluster and its
 * ideas; the plain wall is one block with no heading); a block too long for the rest of a column
 * goes on in the next column, its heading repeated, and never splits an item.
 */

/** One list's measured heights, in px. */
export interface MeasuredBlock {
  /** Height of the block's frame and heading around its items (0 for a bare list). */
  head: number;
  /** Height of each item, in order. */
  items: readonly number[];
}

/** Items `from` to `to` (exclusive) of block `block`, shown together in one column. */
export interface Piece {
  block: number;
  from: number;
  to: number;
}

/** A page: its columns, left to right, each a list of pieces from top to bottom. */
export type Page = Piece[][];

export interface ColumnBox {
  /** Usable height of a column. */
  height: number;
  /** Columns on a page. */
  columns: number;
  /** Space between two items of one piece. */
  itemGap: number;
  /** Space between two pieces in one column. */
  pieceGap: number;
}

/** Packs the blocks, in order, into as many pages as they need (at least one). */
export function packPages(blocks: readonly MeasuredBlock[], box: ColumnBox): Page[] {
  const pages: Page[] = [];
  let page: Page = [];
  let column: Piece[] = [];
  let used = 0;
  const nextColumn = () => {
    page.push(column);
    column = [];
    used = 0;
    if (page.length >= box.columns) {
      pages.push(page);
      page = [];
    }
  };
  blocks.forEach((b, block) => {
    if (b.items.length === 0) {
      // An empty cluster: its heading alone.
      if (used > 0 && used + box.pieceGap + b.head > box.height) nextColumn();
      column.push({ block, from: 0, to: 0 });
      used += (used > 0 ? box.pieceGap : 0) + b.head;
      return;
    }
    let i = 0;
    while (i < b.items.length) {
      const top = used > 0 ? used + box.pieceGap : 0;
      let height = b.head + (b.items[i] as number);
      // Not even one more item fits under what the column holds: start the next column.
      if (used > 0 && top + height > box.height) {
        nextColumn();
        continue;
      }
      // At least one item per piece, even one taller than a column (it would never fit).
      let j = i + 1;
      while (
        j < b.items.length &&
        top + height + box.itemGap + (b.items[j] as number) <= box.height
      ) {
        height += box.itemGap + (b.items[j] as number);
        j++;
      }
      column.push({ block, from: i, to: j });
      used = top + height;
      i = j;
      if (i < b.items.length) nextColumn();
    }
  });
  if (column.length > 0) page.push(column);
  if (page.length > 0 || pages.length === 0) pages.push(page);
  return pages;
}

/**
 * The first item of a bare list from which its newest items fill one page, no more: the wall's
 * "newest that fit". Fewer items never need more columns, so the answer is found by bisection.
 */
export function newestStart(items: readonly number[], box: ColumnBox): number {
  const fitsFrom = (start: number) =>
    packPages([{ head: 0, items: items.slice(start) }], box).length <= 1;
  let lo = 0;
  let hi = Math.max(0, items.length - 1);
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (fitsFrom(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
