import { type RefObject, useLayoutEffect } from 'react';

/**
 * Shrinks an element's font size until its content fits its height (binary search between
 * `max` and `min` em), again whenever `key` changes or the element is resized. The projector's
 * wall uses it so that 60 ideas fit one screen with no scrolling and no overlaps; below `min`
 * it stops shrinking and lets the content overflow rather than become unreadable.
 */
export function useAutoFit(
  ref: RefObject<HTMLElement | null>,
  key: unknown,
  { min = 0.5, max = 1.5 }: { min?: number; max?: number } = {},
): void {
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` is the caller's signal that the content changed
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const fits = (size: number) => {
      el.style.setProperty('--fit-font', `${size}em`);
      if (el.scrollHeight > el.clientHeight + 1) return false;
      // Multi-column content overflows sideways into columns that scrollWidth does not report:
      // every child must lie inside the box.
      const box = el.getBoundingClientRect();
      for (const child of el.children) {
        const r = child.getBoundingClientRect();
        if (r.right > box.right + 1 || r.bottom > box.bottom + 1) return false;
      }
      return true;
    };
    const fit = () => {
      // Each try is a full layout of the wall, which costs in proportion to its content: the
      // smallest size first, so that a wall too full to fit at all (hundreds of ideas) costs
      // one layout, not ten; a wall that fits costs one more, and a small one is cheap anyway.
      if (!fits(min)) return;
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
    let fittedTo = '';
    const boxSize = () => `${el.clientWidth}x${el.clientHeight}`;
    fit();
    fittedTo = boxSize();
    // The observer also reports the size it starts with; refit only when the box really changed.
    const observer = new ResizeObserver(() => {
      if (boxSize() === fittedTo) return;
      fit();
      fittedTo = boxSize();
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref, key, min, max]);
}
