import { useEffect, useState } from 'react';

/**
 * How many of a long list's `total` items to render: a first screenful at once, then all of them
 * once that screen has had its frame. A phone opening a 1,000-idea board sees the top of the
 * list in the time it takes to build 40 cards, not 1,000; the rest follow a frame later (and stay:
 * later changes render the whole list, which React updates in place).
 */
export function useProgressiveCount(total: number, first = 40): number {
  const [all, setAll] = useState(false);
  const waiting = !all && total > first;
  useEffect(() => {
    if (!waiting) return;
    let timer = 0;
    const frame = requestAnimationFrame(() => {
      timer = window.setTimeout(() => setAll(true), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      window.clearTimeout(timer);
    };
  }, [waiting]);
  return waiting ? first : total;
}
