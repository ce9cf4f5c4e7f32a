/** Latency samples and their summaries. Nearest-rank percentiles: no interpolation, no smoothing. */

export interface Summary {
  n: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

/** The p-th percentile (0–100) of already sorted values, by nearest rank. */
export function percentileSorted(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

export function percentile(values: readonly number[], p: number): number {
  return percentileSorted(
    [...values].sort((a, b) => a - b),
    p,
  );
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    n: sorted.length,
    p50: percentileSorted(sorted, 50),
    p99: percentileSorted(sorted, 99),
    max: sorted.length ? (sorted[sorted.length - 1] as number) : Number.NaN,
    mean: sorted.length ? sum / sorted.length : Number.NaN,
  };
}

/**
 * Least-squares slope of log(y) over log(x): 1 means y grows in proportion to x, 2 with its
 * square. Points with x ≤ 0 or y ≤ 0 cannot sit on a log axis and are left out.
 */
export function logLogSlope(points: readonly { x: number; y: number }[]): number {
  const pts = points.filter((p) => p.x > 0 && p.y > 0).map((p) => [Math.log(p.x), Math.log(p.y)]);
  if (pts.length < 2) return Number.NaN;
  const mx = pts.reduce((a, [x]) => a + (x as number), 0) / pts.length;
  const my = pts.reduce((a, [, y]) => a + (y as number), 0) / pts.length;
  let num = 0;
  let den = 0;
  for (const [x, y] of pts) {
    num += ((x as number) - mx) * ((y as number) - my);
    den += ((x as number) - mx) ** 2;
  }
  return den === 0 ? Number.NaN : num / den;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `fn` over `items` with at most `limit` in flight; results keep the input order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * Calls `fn(k)` for k = 0 … count-1 at `ratePerSecond`, on a schedule fixed at the start (a late
 * tick does not push the following ones back). Resolves after the last call.
 */
export async function paced(
  count: number,
  ratePerSecond: number,
  fn: (k: number) => void,
): Promise<void> {
  const start = performance.now();
  const interval = 1000 / ratePerSecond;
  for (let k = 0; k < count; k++) {
    const due = start + k * interval;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    fn(k);
  }
}

let harnessGc: (() => void) | null | undefined;

/**
 * A full garbage collection in the load process, then a short pause. Called between phases: a
 * phase that closes thousands of clients leaves garbage whose collection would otherwise pause
 * the load process in the middle of the next measurement. (`--expose-gc` is set at run time, so
 * that `npm run bench` needs no extra node flags.)
 */
export async function settleHarness(): Promise<void> {
  if (harnessGc === undefined) {
    try {
      const v8 = await import('node:v8');
      const vm = await import('node:vm');
      v8.setFlagsFromString('--expose-gc');
      harnessGc = vm.runInNewContext('gc') as () => void;
    } catch {
      harnessGc = null;
    }
  }
  harnessGc?.();
  await sleep(200);
}
