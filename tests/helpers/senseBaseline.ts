import { contentWords } from '@convene/shared';

/**
 * The baseline the sense engine is measured against (eval and bench, in the same run): plain
 * TF-IDF cosine over the idea's text with the brief's light stemming, centroid ranking for
 * "may belong here", and average-link clusters cut at a given number of groups.
 */
export interface BaselineIndex {
  ids: string[];
  vectors: Map<string, number>[];
  idf: Map<string, number>;
}

function cosine(a: Map<string, number>, b: Map<string, number>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let s = 0;
  for (const [t, w] of small) {
    const v = large.get(t);
    if (v !== undefined) s += w * v;
  }
  return s;
}

function unit(m: Map<string, number>): Map<string, number> {
  let n = 0;
  for (const w of m.values()) n += w * w;
  n = Math.sqrt(n);
  if (n > 0) for (const [t, w] of m) m.set(t, w / n);
  return m;
}

function termCounts(text: string): Map<string, number> {
  const m = new Map<string, number>();
  // contentWords deduplicates within a text; short ideas rarely repeat a word anyway.
  for (const w of contentWords(text)) m.set(w, (m.get(w) ?? 0) + 1);
  return m;
}

export function buildBaseline(ideas: readonly { id: string; text: string }[]): BaselineIndex {
  const counts = ideas.map((i) => termCounts(i.text));
  const df = new Map<string, number>();
  for (const m of counts) for (const t of m.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const n = Math.max(1, ideas.length);
  const idf = new Map([...df].map(([t, d]) => [t, Math.log(n / d) + 1]));
  const vectors = counts.map((m) =>
    unit(new Map([...m].map(([t, c]) => [t, c * (idf.get(t) ?? 0)]))),
  );
  return { ids: ideas.map((i) => i.id), vectors, idf };
}

function vectorOf(b: BaselineIndex, id: string): Map<string, number> {
  return b.vectors[b.ids.indexOf(id)] ?? new Map();
}

export function baselinePairs(
  b: BaselineIndex,
  limit = 20,
): { a: string; b: string; score: number }[] {
  const out: { a: string; b: string; score: number }[] = [];
  for (let i = 0; i < b.ids.length; i++) {
    for (let j = i + 1; j < b.ids.length; j++) {
      const score = cosine(
        b.vectors[i] as Map<string, number>,
        b.vectors[j] as Map<string, number>,
      );
      out.push({ a: b.ids[i] as string, b: b.ids[j] as string, score });
    }
  }
  return out.sort((x, y) => y.score - x.score).slice(0, limit);
}

export function baselineBelong(
  b: BaselineIndex,
  clusterIds: readonly string[],
  candidateIds: readonly string[],
  limit = 5,
  /** The cluster's name: half of the query, as in the engine (terms of the question only). */
  name?: string,
): { ideaId: string; score: number }[] {
  const centroid = new Map<string, number>();
  for (const id of clusterIds) {
    for (const [t, w] of vectorOf(b, id)) centroid.set(t, (centroid.get(t) ?? 0) + w);
  }
  unit(centroid);
  const named = name
    ? unit(
        new Map(
          [...termCounts(name)]
            .filter(([t]) => b.idf.has(t))
            .map(([t, c]) => [t, c * (b.idf.get(t) ?? 0)]),
        ),
      )
    : null;
  if (named && named.size > 0) {
    for (const [t, w] of centroid) centroid.set(t, w * 0.5);
    for (const [t, w] of named) centroid.set(t, (centroid.get(t) ?? 0) + w * 0.5);
  }
  return candidateIds
    .filter((id) => !clusterIds.includes(id))
    .map((id) => ({ ideaId: id, score: cosine(centroid, vectorOf(b, id)) }))
    .sort((x, y) => y.score - x.score)
    .slice(0, limit);
}

/** Average-link agglomeration of the given ideas down to `k` groups (pair likeness computed once). */
export function baselineGroups(b: BaselineIndex, ids: readonly string[], k: number): string[][] {
  const n = ids.length;
  const vs = ids.map((id) => vectorOf(b, id));
  const sim = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const v = cosine(vs[i] as Map<string, number>, vs[j] as Map<string, number>);
      sim[i * n + j] = v;
      sim[j * n + i] = v;
    }
  }
  return averageLink(sim, n, k).map((c) => c.map((i) => ids[i] as string));
}

/** Average-link merging of n items (an n × n similarity) down to k groups of positions. */
export function averageLink(sim: Float64Array, n: number, k: number): number[][] {
  let clusters = Array.from({ length: n }, (_, i) => [i]);
  while (clusters.length > Math.max(1, k)) {
    let best = -Infinity;
    let bi = 0;
    let bj = 1;
    for (let i = 0; i < clusters.length; i++) {
      for (let j = i + 1; j < clusters.length; j++) {
        const ci = clusters[i] as number[];
        const cj = clusters[j] as number[];
        let total = 0;
        for (const x of ci) for (const y of cj) total += sim[x * n + y] as number;
        const avg = total / (ci.length * cj.length);
        if (avg > best) {
          best = avg;
          bi = i;
          bj = j;
        }
      }
    }
    const merged = [...(clusters[bi] as number[]), ...(clusters[bj] as number[])];
    clusters = clusters.filter((_, x) => x !== bi && x !== bj);
    clusters.push(merged);
  }
  return clusters;
}

/** Ideas similar to a draft, by the baseline (for the bench). */
export function baselineSimilarTo(b: BaselineIndex, text: string, limit = 2) {
  const q = unit(new Map([...termCounts(text)].map(([t, c]) => [t, c * (b.idf.get(t) ?? 0)])));
  return b.ids
    .map((id, i) => ({ ideaId: id, score: cosine(q, b.vectors[i] as Map<string, number>) }))
    .sort((x, y) => y.score - x.score)
    .slice(0, limit);
}
