import { type RefObject, useLayoutEffect, useRef, useState } from 'react';

/** How much content a fitted box may show: an amount between `lowest` and `highest`. */
export interface FitAmount {
  /** The least the box shows even when that does not fit (say, the newest idea). */
  lowest: number;
  /** Everything: at this amount nothing is left out. */
  highest: number;
  /** The amount rendered first, before anything is measured (Infinity: everything). */
  first: number;
  /**
   * Given the box rendered at `amount` and overflowing at the smallest size, the largest amount
   * that should fit, or null to search by trying. A good guess saves layouts of a big wall.
   */
  estimate?: (el: HTMLElement, amount: number) => number | null;
}

/**
 * Fits an element's content to its box (which must be positioned: children are measured by
 * their offsets), in two ways. While everything fits at the smallest size
 * (`min` em), it shows everything and grows the type (binary search up to `max` em) — the
 * projector's wall of 60 ideas fills one screen with no scrolling and no overlaps. When not even
 * that fits, it stays at `min`, the smallest legible size, and shows only the largest amount of
 * content that fits (the caller decides what an amount is: the newest n ideas, n per cluster):
 * the room sees a legible wall and a note about the rest, never clipped cards. Returns the
 * amount to render; refits whenever `key` changes or the box is resized.
 */
export function useAutoFit(
  ref: RefObject<HTMLElement | null>,
  key: unknown,
  amount: FitAmount,
  { min = 0.5, max = 1.5 }: { min?: number; max?: number } = {},
): number {
  const { lowest, highest, first, estimate } = amount;
  const [wanted, setWanted] = useState(first);
  const shown = Math.max(lowest, Math.min(highest, wanted));
  // What the measurements so far say: `fitting` fits at `min`, `overflowing` does not, and the
  // next try moves `step` away from the last one. Reset when the content or the box changes.
  const search = useRef({
    key: undefined as unknown,
    box: '',
    fitting: 0,
    overflowing: 0,
    step: 0,
  });

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` is the caller's signal that the content changed; `estimate` is read when called
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const setSize = (size: number) => el.style.setProperty('--fit-font', `${size}em`);
    const fitsNow = () => {
      if (el.scrollHeight > el.clientHeight + 1) return false;
      // Multi-column content overflows sideways into columns that scrollWidth does not report:
      // every child must lie inside the box. Layout boxes, not client rects: cards pop in
      // with a scale animation that would make them look smaller than they are.
      for (const child of el.children) {
        if (!(child instanceof HTMLElement)) continue;
        if (child.offsetLeft + child.offsetWidth > el.clientWidth + 1) return false;
        if (child.offsetTop + child.offsetHeight > el.clientHeight + 1) return false;
      }
      return true;
    };
    const fits = (size: number) => {
      setSize(size);
      return fitsNow();
    };
    const growType = () => {
      // Each try is a full layout of the content: `min` is known to fit, try `max`, then halve.
      if (fits(max)) return;
      let lo = min;
      let hi = max;
      for (let i = 0; i < 8; i++) {
        const mid = (lo + hi) / 2;
        if (fits(mid)) lo = mid;
        else hi = mid;
      }
      fits(lo);
    };
    const boxSize = () => `${el.clientWidth}x${el.clientHeight}`;
    const s = search.current;
    const fit = () => {
      // The smallest size before anything is read: every measurement forces a layout of the
      // content, and the first one is the costly one (a layout at the stylesheet's size would
      // be thrown away).
      setSize(min);
      if (s.key !== key || s.box !== boxSize()) {
        // New content or a new box: what fitted before is the best first guess, nothing more.
        s.step = s.key === undefined ? Math.max(1, Math.min(first, highest)) : 1;
        s.key = key;
        s.box = boxSize();
        s.fitting = lowest - 1;
        s.overflowing = highest + 1;
      }
      const ok = fitsNow();
      if (ok) s.fitting = Math.max(s.fitting, shown);
      else s.overflowing = Math.min(s.overflowing, shown);
      if (ok && shown >= highest) {
        // Everything fits: keep showing everything as content is added, until it does not.
        if (wanted !== Number.POSITIVE_INFINITY) setWanted(Number.POSITIVE_INFINITY);
        return growType();
      }
      let next: number | null = null;
      if (!ok && estimate) {
        // The estimate is trusted for the bound too: one more than it would not fit.
        const guess = estimate(el, shown);
        if (guess !== null && guess < s.overflowing) {
          s.overflowing = Math.max(s.fitting, guess) + 1;
          next = guess;
        }
      }
      if (s.overflowing - s.fitting <= 1) next = s.fitting;
      else if (next === null) {
        if (s.overflowing > highest) next = s.fitting + s.step;
        else if (s.fitting < lowest) next = s.overflowing - s.step;
        else next = Math.floor((s.fitting + s.overflowing) / 2);
        s.step *= 2;
        next = Math.max(s.fitting + 1, Math.min(s.overflowing - 1, next));
      }
      next = Math.max(lowest, Math.min(highest, next));
      // A state update in a layout effect renders again before paint: the room never sees the
      // tries, and the next run measures the new amount.
      if (next !== shown) setWanted(next);
    };
    fit();
    // The observer also reports the size it starts with; refit only when the box really changed.
    const observer = new ResizeObserver(() => {
      if (boxSize() !== s.box) fit();
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref, key, shown, lowest, highest, min, max]);

  return shown;
}
