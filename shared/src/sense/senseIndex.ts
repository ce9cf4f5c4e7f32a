import type { SenseLanguage } from './language.ts';
import { type SenseToken, senseTokens } from './tokens.ts';
import { dot, fromMap, normalize, type SparseVector, weightedSum } from './vectors.ts';

/**
 * The sense engine: clustering help computed locally from the ideas' words, in the facilitator's
 * browser, on the server's render worker or in a participant's browser (for the "similar ideas"
 * hint). Pure functions over an index built once per set of ideas; nothing here moves a card.
 */

export interface SenseIdea {
  id: string;
  text: string;
  actor?: string | null;
  nextStep?: string | null;
}

/** An index of ideas, built by `buildSenseIndex`; opaque to its users. */
export interface SenseIndex {
  /** Ids of the indexed ideas, in the order given. */
  readonly ideaIds: readonly string[];
  /** The workshop's language (the fallback of every idea's language guess). */
  readonly language: SenseLanguage;
}

interface IndexState {
  pos: Map<string, number>;
  vectors: SparseVector[];
  termIds: Map<string, number>;
  idf: Float64Array;
  /** Per idea, its content tokens (all fields) — for names. */
  tokens: SenseToken[][];
}

const STATE = new WeakMap<SenseIndex, IndexState>();

function stateOf(index: SenseIndex): IndexState {
  const s = STATE.get(index);
  if (!s) throw new Error('not a sense index');
  return s;
}

export function buildSenseIndex(
  ideas: readonly SenseIdea[],
  opts?: { language?: SenseLanguage },
): SenseIndex {
  const language = opts?.language ?? 'en';
  const termIds = new Map<string, number>();
  const tokens: SenseToken[][] = [];
  const counts: Map<number, number>[] = [];
  for (const idea of ideas) {
    const m = new Map<number, number>();
    const all: SenseToken[] = [];
    const fields: [string | null | undefined, number][] = [
      [idea.text, 1],
      [idea.actor, 0.5],
      [idea.nextStep, 0.5],
    ];
    for (const [text, weight] of fields) {
      if (!text) continue;
      for (const tok of senseTokens(text, language).tokens) {
        let id = termIds.get(tok.stem);
        if (id === undefined) {
          id = termIds.size;
          termIds.set(tok.stem, id);
        }
        m.set(id, (m.get(id) ?? 0) + weight);
        all.push(tok);
      }
    }
    counts.push(m);
    tokens.push(all);
  }
  const n = Math.max(1, ideas.length);
  const df = new Float64Array(termIds.size);
  for (const m of counts) for (const t of m.keys()) df[t] = (df[t] ?? 0) + 1;
  const idf = df.map((d) => Math.log(1 + n / Math.max(1, d)));
  const vectors = counts.map((m) => {
    const w = new Map<number, number>();
    for (const [t, c] of m) w.set(t, (1 + Math.log(c)) * (idf[t] ?? 0));
    return normalize(fromMap(w));
  });
  const index: SenseIndex = { ideaIds: ideas.map((i) => i.id), language };
  STATE.set(index, {
    pos: new Map(ideas.map((i, k) => [i.id, k])),
    vectors,
    termIds,
    idf,
    tokens,
  });
  return index;
}

function positions(s: IndexState, ids: readonly string[]): number[] {
  const out: number[] = [];
  for (const id of ids) {
    const p = s.pos.get(id);
    if (p !== undefined && !out.includes(p)) out.push(p);
  }
  return out;
}

/** Unclustered candidates ranked by similarity to a cluster's ideas. */
export function mayBelong(
  index: SenseIndex,
  clusterIdeaIds: readonly string[],
  candidateIds: readonly string[],
  limit = 5,
): { ideaId: string; score: number }[] {
  const s = stateOf(index);
  const members = positions(s, clusterIdeaIds);
  if (members.length === 0) return [];
  const centroid = normalize(weightedSum(members.map((p) => s.vectors[p] as SparseVector)));
  const memberSet = new Set(members);
  const out: { ideaId: string; score: number }[] = [];
  for (const p of positions(s, candidateIds)) {
    if (memberSet.has(p)) continue;
    const score = dot(centroid, s.vectors[p] as SparseVector);
    if (score > 0) out.push({ ideaId: index.ideaIds[p] as string, score });
  }
  return out.sort((a, b) => b.score - a.score).slice(0, Math.max(0, limit));
}

/** Ideas at least this close are flagged as saying nearly the same thing. */
export const NEAR_DUPLICATE_SCORE = 0.35;

/** Pairs that say nearly the same thing, best first. */
export function nearDuplicates(
  index: SenseIndex,
  opts?: { limit?: number; minScore?: number },
): { a: string; b: string; score: number }[] {
  const s = stateOf(index);
  const min = opts?.minScore ?? NEAR_DUPLICATE_SCORE;
  const out: { a: string; b: string; score: number }[] = [];
  const n = s.vectors.length;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const score = dot(s.vectors[i] as SparseVector, s.vectors[j] as SparseVector);
      if (score >= min && score > 0) {
        out.push({ a: index.ideaIds[i] as string, b: index.ideaIds[j] as string, score });
      }
    }
  }
  out.sort((x, y) => y.score - x.score);
  return out.slice(0, opts?.limit ?? 20);
}

/** Average-link merging stops below this similarity. */
const GROUP_LINK = 0.12;

/** Proposed groups among the given ideas, each with a suggested name from its key terms. */
export function suggestGroups(
  index: SenseIndex,
  ideaIds: readonly string[],
): { ideaIds: string[]; name: string; terms: string[] }[] {
  const s = stateOf(index);
  const ps = positions(s, ideaIds);
  const sim = (a: number, b: number) =>
    dot(s.vectors[a] as SparseVector, s.vectors[b] as SparseVector);
  let clusters = ps.map((p) => [p]);
  for (;;) {
    let best = -1;
    let bi = -1;
    let bj = -1;
    for (let i = 0; i < clusters.length; i++) {
      for (let j = i + 1; j < clusters.length; j++) {
        const ci = clusters[i] as number[];
        const cj = clusters[j] as number[];
        let total = 0;
        for (const a of ci) for (const b of cj) total += sim(a, b);
        const avg = total / (ci.length * cj.length);
        if (avg > best) {
          best = avg;
          bi = i;
          bj = j;
        }
      }
    }
    if (bi < 0 || best < GROUP_LINK) break;
    const merged = [...(clusters[bi] as number[]), ...(clusters[bj] as number[])];
    clusters = clusters.filter((_, k) => k !== bi && k !== bj);
    clusters.push(merged);
  }
  return clusters
    .filter((c) => c.length >= 2)
    .sort((a, b) => b.length - a.length)
    .map((c) => {
      const ids = c.sort((a, b) => a - b).map((p) => index.ideaIds[p] as string);
      return { ideaIds: ids, ...suggestName(index, ids) };
    });
}

const AND: Record<SenseLanguage, string> = { en: 'and', fr: 'et', es: 'y' };

/** A name for a hand-built cluster. */
export function suggestName(
  index: SenseIndex,
  ideaIds: readonly string[],
): { name: string; terms: string[] } {
  const s = stateOf(index);
  const ps = positions(s, ideaIds);
  // A term names the group when many of its ideas use it and it is rare elsewhere.
  const ideaCount = new Map<string, number>();
  const surfaces = new Map<string, Map<string, number>>();
  for (const p of ps) {
    const seen = new Set<string>();
    for (const tok of s.tokens[p] ?? []) {
      const forms = surfaces.get(tok.stem) ?? new Map<string, number>();
      forms.set(tok.surface, (forms.get(tok.surface) ?? 0) + 1);
      surfaces.set(tok.stem, forms);
      if (seen.has(tok.stem)) continue;
      seen.add(tok.stem);
      ideaCount.set(tok.stem, (ideaCount.get(tok.stem) ?? 0) + 1);
    }
  }
  const ranked = [...ideaCount]
    .map(([stem, c]) => ({ stem, score: c * (s.idf[s.termIds.get(stem) ?? -1] ?? 0) }))
    .sort((a, b) => b.score - a.score || a.stem.localeCompare(b.stem))
    .slice(0, 3);
  const terms = ranked.map((r) => surfaceOf(surfaces.get(r.stem)));
  const [first, second] = terms;
  const name = !first
    ? ''
    : second
      ? `${capitalise(first)} ${AND[index.language]} ${second}`
      : capitalise(first);
  return { name, terms };
}

/** The form a stem is most often written in (lower case unless always written capitalised). */
function surfaceOf(forms: Map<string, number> | undefined): string {
  if (!forms) return '';
  const byLower = new Map<string, { count: number; upper: boolean }>();
  for (const [form, count] of forms) {
    const lower = form.toLowerCase();
    const e = byLower.get(lower) ?? { count: 0, upper: true };
    e.count += count;
    // An acronym or a proper name keeps its capitals only when every use has them.
    e.upper &&= form !== lower;
    byLower.set(lower, e);
  }
  let best = '';
  let bestCount = -1;
  let bestUpper = false;
  for (const [lower, e] of byLower) {
    if (e.count > bestCount || (e.count === bestCount && lower < best)) {
      best = lower;
      bestCount = e.count;
      bestUpper = e.upper;
    }
  }
  if (!bestUpper) return best;
  for (const form of forms.keys()) if (form.toLowerCase() === best) return form;
  return best;
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** Ideas similar to a draft text (participant hint, computed in the browser). */
export function similarTo(
  index: SenseIndex,
  text: string,
  limit = 2,
): { ideaId: string; score: number }[] {
  const s = stateOf(index);
  const m = new Map<number, number>();
  for (const tok of senseTokens(text, index.language).tokens) {
    const t = s.termIds.get(tok.stem);
    if (t !== undefined) m.set(t, (m.get(t) ?? 0) + 1);
  }
  const w = new Map<number, number>();
  for (const [t, c] of m) w.set(t, (1 + Math.log(c)) * (s.idf[t] ?? 0));
  const q = normalize(fromMap(w));
  const out: { ideaId: string; score: number }[] = [];
  s.vectors.forEach((v, p) => {
    const score = dot(q, v);
    if (score >= SIMILAR_HINT_SCORE) out.push({ ideaId: index.ideaIds[p] as string, score });
  });
  return out.sort((a, b) => b.score - a.score).slice(0, Math.max(0, limit));
}

/** Below this a draft is not "similar" enough to interrupt a participant with. */
export const SIMILAR_HINT_SCORE = 0.25;
