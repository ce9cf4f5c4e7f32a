import { type ReactNode, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { t } from '../i18n/i18n.ts';
import { type MeasuredBlock, newestStart, type Page, packPages } from './wallPacking.ts';

/** A list on the wall: a cluster and its ideas, or (heading null) a bare list. */
export interface WallBlock {
  key: string;
  heading: ReactNode | null;
  items: readonly { key: string; node: ReactNode }[];
}

/**
 * The smallest type the room's screen shows, in px: 1/45 of the screen's height (24 px at 1080
 * lines), and never under 18 px (a 720-line projector is read from as far back as a 1080 one).
 */
export function legibleFloorPx(): number {
  return Math.max(18, window.innerHeight / 45);
}

/** Space between the columns and the page indicator, in ems of the wall's type. */
const FOOT_GAP_EM = 0.4;

/** How far type grows on a wall that fits with room to spare. */
const MAX_GROWTH = 1.6;

/** Items a column the first page's measure begins with (see `firstPageLimit`). */
const FIRST_BATCH_PER_COLUMN = 4;

interface Layout {
  fontPx: number;
  columns: number;
  columnGapPx: number;
  pages: Page[];
  /** Newest mode: the oldest `more` items are left out, and counted. */
  more: number;
  footer: boolean;
  /** Only the first page is laid out yet; the rest are measured after it is on screen. */
  partial: boolean;
}

/**
 * Lists laid out in columns on the projector at a legible size, whatever their length: type
 * grows while everything fits on one screen; past that it stays at the floor and the wall pages
 * through everything by itself (`mode` 'page', a calm `pageMs` a page), or shows the newest
 * items that fit and counts the rest (`mode` 'newest', a single bare list only). Heights are
 * measured once per change in a hidden copy at the column's width, then packed in code
 * (wallPacking.ts): what the room sees is laid out exactly as measured, never clipped.
 *
 * A long board is measured in two steps: first only enough items to overflow one page (packing
 * is in order, so its first page is then exact), which is drawn at once; then, after that frame,
 * every item, for the page count and the pages that follow. A 1,000-idea wall is on screen after
 * measuring a few dozen cards rather than all of them.
 */
export function PagedWall({
  blocks,
  layoutKey,
  mode,
  pageMs,
  columnEm,
  gapEm,
  label,
  className = '',
  variant,
}: {
  blocks: readonly WallBlock[];
  /** Changes whenever the content's layout may change. */
  layoutKey: string;
  mode: 'page' | 'newest';
  pageMs: number;
  /** Narrowest column, in ems of the wall's type. */
  columnEm: number;
  /** Space between columns, in ems. */
  gapEm: number;
  label: string;
  className?: string;
  /** The look: idea cards, clusters of cards, or ranked rows. */
  variant: 'ideas' | 'clusters' | 'ranked';
}) {
  const frameRef = useRef<HTMLDivElement>(null);
  const measureRef = useRef<HTMLDivElement>(null);
  const [layout, setLayout] = useState<Layout | null>(null);
  const [box, setBox] = useState('');
  const [page, setPage] = useState(0);
  const newest = mode === 'newest' && blocks.length === 1 && blocks[0]?.heading === null;
  // What the layout depends on (the language too: labels and the footer change length). The
  // hidden copy is in the page only until it has been measured for this.
  const signature = `${layoutKey}|${box}|${newest}|${columnEm}|${gapEm}|${t.pageOf(88, 88)}`;
  const [measuredFor, setMeasuredFor] = useState('');
  // The first page alone has been laid out for `firstPageFor`; measuring everything waits until
  // `allFor` says that page had its frame.
  const [firstPageFor, setFirstPageFor] = useState('');
  const [allFor, setAllFor] = useState('');
  const measuring =
    measuredFor !== signature && (firstPageFor !== signature || allFor === signature);
  const firstPageOnly = measuring && firstPageFor !== signature && !newest;
  // How many items the first page's measure takes (issue 18): a few a column to begin with, four
  // times as many while those do not fill a page, up to `firstPageBound`. Cards of real ideas run
  // to several lines, so the first few usually fill the page; measuring the bound's couple of
  // hundred cards took a 1,000-idea wall most of its first frame.
  const [batch, setBatch] = useState({ for: '', size: 0 });
  const [firstPageBound, firstBatch] = (() => {
    if (!firstPageOnly) return [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY];
    const frame = frameRef.current;
    const width = frame?.clientWidth || window.innerWidth;
    const height = frame?.clientHeight || window.innerHeight;
    const floor = legibleFloorPx();
    const columns = Math.max(1, Math.floor((width + gapEm * floor) / ((columnEm + gapEm) * floor)));
    // Every item's card is at least a line of the wall's type: no page holds more than this.
    // (Before the frame is in the page, the window bounds it.)
    return [columns * Math.ceil(height / floor), columns * FIRST_BATCH_PER_COLUMN];
  })();
  const firstPageLimit = firstPageOnly
    ? Math.min(firstPageBound, batch.for === signature ? batch.size : firstBatch)
    : Number.POSITIVE_INFINITY;
  const total = blocks.reduce((n, b) => n + b.items.length, 0);
  const partialMeasure = firstPageLimit < total;

  useLayoutEffect(() => {
    const frame = frameRef.current;
    if (!frame) return;
    const observer = new ResizeObserver(() => setBox(`${frame.clientWidth}x${frame.clientHeight}`));
    observer.observe(frame);
    return () => observer.disconnect();
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `signature` says when the content or the frame changed; the blocks are read from the hidden copy
  useLayoutEffect(() => {
    const frame = frameRef.current;
    const measure = measureRef.current;
    if (!measuring || !frame || !measure) return;
    const width = frame.clientWidth;
    const full = frame.clientHeight;
    if (width === 0 || full === 0) return;

    const at = (fontPx: number) => {
      const minColumn = columnEm * fontPx;
      const columnGapPx = gapEm * fontPx;
      const columns = Math.max(1, Math.floor((width + columnGapPx) / (minColumn + columnGapPx)));
      measure.style.fontSize = `${fontPx}px`;
      measure.style.width = `${(width - (columns - 1) * columnGapPx) / columns}px`;
      const column = measure.querySelector<HTMLElement>('.paged-wall__col');
      const pieces = [...measure.querySelectorAll<HTMLElement>('[data-piece]')];
      const measured: MeasuredBlock[] = pieces.map((piece) => {
        const list = piece.matches('ul, ol') ? piece : piece.querySelector('ul, ol');
        const items = list ? [...list.children].map((li) => li.getBoundingClientRect().height) : [];
        const listHeight = list ? list.getBoundingClientRect().height : 0;
        return { head: piece.getBoundingClientRect().height - listHeight, items };
      });
      const gapOf = (el: Element | null | undefined) =>
        el ? Number.parseFloat(getComputedStyle(el).rowGap) || 0 : 0;
      const firstList = measure.querySelector('[data-piece] ul, [data-piece] ol, ul[data-piece]');
      const foot = measure.querySelector<HTMLElement>('.paged-wall__foot');
      return {
        fontPx,
        columns,
        columnGapPx,
        measured,
        itemGap: gapOf(firstList),
        pieceGap: gapOf(column),
        // The frame's gap above the footer is FOOT_GAP_EM of the wall's type.
        footer: (foot?.getBoundingClientRect().height ?? 0) + FOOT_GAP_EM * fontPx,
      };
    };
    type Measure = ReturnType<typeof at>;
    const boxOf = (m: Measure, height: number) => ({
      height,
      columns: m.columns,
      itemGap: m.itemGap,
      pieceGap: m.pieceGap,
    });
    const done = (m: Measure, pages: Page[], more: number, footer: boolean, partial = false) => {
      // Both before paint: the room sees the new layout, never the copy or a stale page.
      if (partial) setFirstPageFor(signature);
      else setMeasuredFor(signature);
      setLayout({
        fontPx: m.fontPx,
        columns: m.columns,
        columnGapPx: m.columnGapPx,
        pages,
        more,
        footer,
        partial,
      });
    };

    const floor = legibleFloorPx();
    const m = at(floor);
    if (partialMeasure) {
      const pages = packPages(m.measured, boxOf(m, full - m.footer));
      if (pages.length > 1) {
        done(m, pages.slice(0, 1), 0, true, true);
        return;
      }
      if (firstPageLimit < firstPageBound) {
        // These did not fill a page: measure more of them (before paint, as this effect).
        setBatch({ for: signature, size: firstPageLimit * 4 });
        return;
      }
      // (Cannot happen with the bound above; should it, measure everything now.)
      setFirstPageFor(signature);
      setAllFor(signature);
      return;
    }
    if (newest) {
      const items = m.measured[0]?.items ?? [];
      if (newestStart(items, boxOf(m, full)) > 0) {
        // Leave room for the count of the rest, then find the newest that fit above it.
        const b = boxOf(m, full - m.footer);
        const start = newestStart(items, b);
        done(m, packPages([{ head: 0, items: items.slice(start) }], b), start, true);
        return;
      }
    }
    const pages = packPages(m.measured, boxOf(m, full));
    if (pages.length > 1) {
      done(m, packPages(m.measured, boxOf(m, full - m.footer)), 0, true);
      return;
    }
    // Everything fits at the floor: grow the type as far as it still fits (a few layouts).
    const fits = (size: number) => packPages(at(size).measured, boxOf(at(size), full)).length <= 1;
    let lo = floor;
    let hi = floor * MAX_GROWTH;
    if (fits(hi)) lo = hi;
    else {
      for (let i = 0; i < 6; i++) {
        const mid = (lo + hi) / 2;
        if (fits(mid)) lo = mid;
        else hi = mid;
      }
    }
    const grown = at(lo);
    done(grown, packPages(grown.measured, boxOf(grown, full)), 0, false);
  }, [signature, measuring, partialMeasure, firstPageLimit]);

  // The first page has had its frame: now measure every item for the rest.
  useEffect(() => {
    if (firstPageFor !== signature || measuredFor === signature || allFor === signature) return;
    let timer = 0;
    const frame = requestAnimationFrame(() => {
      timer = window.setTimeout(() => setAllFor(signature), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      window.clearTimeout(timer);
    };
  }, [firstPageFor, measuredFor, allFor, signature]);

  const pageCount = layout?.pages.length ?? 1;
  // A new idea may add a page: the wall goes on from the page it shows (clamped), not back to
  // the first, so a busy room still sees every page in turn.
  useEffect(() => {
    if (pageCount <= 1) return;
    const timer = window.setInterval(() => setPage((p) => (p + 1) % pageCount), pageMs);
    return () => window.clearInterval(timer);
  }, [pageCount, pageMs]);

  const current = Math.min(page, pageCount - 1);
  const shown = layout?.pages[current] ?? [];
  const offset = layout?.more ?? 0;
  const renderPiece = (
    block: WallBlock,
    from: number,
    to: number,
    key: string,
    measuring: boolean,
  ) => {
    // Newest mode packs the newest items only: its pieces count from the first one shown.
    const shift = !measuring && newest ? offset : 0;
    const items = block.items.slice(from + shift, to + shift);
    const list = (
      <ul
        className={`paged-wall__list ${variant === 'ranked' ? 'results__list' : ''}`}
        data-piece={block.heading === null ? '' : undefined}
      >
        {items.map((i) => (
          <li key={i.key} className={variant === 'ranked' ? 'results__item' : 'wall__idea'}>
            {i.node}
          </li>
        ))}
      </ul>
    );
    if (block.heading === null) return <div key={key}>{list}</div>;
    return (
      <section key={key} className="cluster-wall__group" data-piece="">
        <h2 className="cluster-wall__label">{block.heading}</h2>
        {list}
      </section>
    );
  };

  return (
    <div
      ref={frameRef}
      className={`paged-wall paged-wall--${variant} ${className}`}
      style={layout ? { fontSize: `${layout.fontPx}px`, gap: `${FOOT_GAP_EM}em` } : undefined}
    >
      <section
        className="paged-wall__cols"
        aria-label={label}
        style={{ gap: `${layout?.columnGapPx ?? 0}px` }}
      >
        {layout
          ? Array.from({ length: layout.columns }, (_, c) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: columns are positions on the screen
              <div key={c} className="paged-wall__col">
                {(shown[c] ?? []).map((p) => {
                  const block = blocks[p.block];
                  return block
                    ? renderPiece(block, p.from, p.to, `${block.key}:${p.from}`, false)
                    : null;
                })}
              </div>
            ))
          : null}
      </section>
      {layout?.footer ? (
        <p
          className="paged-wall__foot"
          data-page={current + 1}
          data-pages={layout.partial ? undefined : pageCount}
          data-more={offset}
          // Every item the wall holds, across its pages (what a benchmark waits for).
          data-items={blocks.reduce((n, b) => n + b.items.length, 0)}
        >
          {newest && offset > 0
            ? t.moreIdeas(offset)
            : layout.partial
              ? t.pageOfCounting(current + 1)
              : t.pageOf(current + 1, pageCount)}
        </p>
      ) : null}
      {/* The hidden copy the layout is measured from: every item, at one column's width. */}
      {measuring ? (
        <div ref={measureRef} className="paged-wall__measure" aria-hidden="true">
          <div className="paged-wall__col">
            {measuredPieces(blocks, partialMeasure ? firstPageLimit : total).map(([b, to]) =>
              renderPiece(b, 0, to, b.key, true),
            )}
          </div>
          <p className="paged-wall__foot">{newest ? t.moreIdeas(88888) : t.pageOf(88, 88)}</p>
        </div>
      ) : null}
    </div>
  );
}

/** The blocks and how many of their items the hidden copy holds: the first `limit` in order. */
function measuredPieces(blocks: readonly WallBlock[], limit: number): [WallBlock, number][] {
  const out: [WallBlock, number][] = [];
  let left = limit;
  for (const b of blocks) {
    if (left <= 0) break;
    const n = Math.min(b.items.length, left);
    out.push([b, n]);
    left -= n;
  }
  return out;
}
