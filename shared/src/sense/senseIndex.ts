import type { SenseLanguage } from './language.ts';
import { type SenseToken, senseTokens } from './tokens.ts';
import { dot, fromMap, type SparseVector } from './vectors.ts';

/**
 * The sense engine: clustering help computed locally from the ideas' words, in the facilitator's
 * browser, on the server's render worker or in a participant's browser (for the "similar ideas"
 * hint). Pure functions over an index built once per set of ideas; nothing here moves a card.
 *
 * How two ideas are compared (each step measured by `npm run eval:clusters`, none tuned to one
 * workshop; the eval's leave-one-workshop-out check shows the knobs hold on unseen workshops):
 * - words: stems of the text, and of "who should act" and "first step" at a lower weight (ideas
 *   of one theme often name the same actor), two adjacent content words also as a phrase,
 *   weighted BM25-style (a word most ideas of the question use counts little);
 * - character n-grams of the words, so that "finance"/"financial"/"co-financing", a typo
 *   ("goverment") or a form the light stemmer missed still meet;
 * - for suggested groups, a share of second-order likeness: two ideas that resemble the same
 *   other ideas are closer than their shared words alone say (short texts share few words; a
 *   theme shows in whom they resemble) — a cheap stand-in for a topic model over a corpus this
 *   small. Average-link merging stops at a cut relative to the question's own links, so the
 *   number of groups is not fixed in advance;
 * - near-duplicates compare the texts alone, with more weight on word forms and phrases.
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

/** The engine's knobs; the defaults are what the eval was run with. */
export interface SenseTuning {
  /** Weight of "who should act" and "first step" against the idea's text (1). */
  actorWeight: number;
  nextStepWeight: number;
  /** Weight of two adjacent content words as a phrase, beside the words themselves. */
  phraseWeight: number;
  /** BM25 saturation of a repeated word (higher: repeats count more). */
  k1: number;
  /** Share of the character n-gram cosine in the first-order similarity. */
  charShare: number;
  /** Lengths of the character n-grams. */
  gramMin: number;
  gramMax: number;
  /** Share of the second-order similarity in what suggested groups use. */
  secondOrder: number;
  /** Average-link merging stops when the best link falls below mean + this × sd of all links. */
  groupCut: number;
  /**
   * Near-duplicates compare the texts alone (a shared actor makes a theme, not a restatement),
   * with more weight on word forms and phrases, which a restatement keeps.
   */
  duplicateCharShare: number;
  duplicatePhraseWeight: number;
  /** A near-duplicate is flagged at this similarity. */
  duplicate: number;
}

export const DEFAULT_TUNING: Readonly<SenseTuning> = {
  actorWeight: 0.5,
  nextStepWeight: 0.3,
  phraseWeight: 0.2,
  k1: 10,
  charShare: 0.15,
  gramMin: 3,
  gramMax: 5,
  secondOrder: 0.1,
  groupCut: 1,
  duplicateCharShare: 0.3,
  duplicatePhraseWeight: 0.5,
  duplicate: 0.35,
};

/** Terms of one field of an idea, with the field's weight. */
interface Field {
  tokens: SenseToken[];
  weight: number;
}

/**
 * Ideas as vectors in one space: words (and phrases) and character n-grams, each part of unit
 * length and scaled so that a dot product is (1 − share) × word cosine + share × n-gram cosine.
 */
interface Space {
  vectors: SparseVector[];
  wordIds: Map<string, number>;
  gramIds: Map<string, number>;
  wordIdf: Float64Array;
  gramIdf: Float64Array;
  charShare: number;
  phraseWeight: number;
  /** Likeness of every pair (n × n), computed on first use. */
  pairs?: Float64Array;
}

interface IndexState {
  tuning: SenseTuning;
  pos: Map<string, number>;
  /** Per idea: its text, then "who should act" and "first step" when given. */
  fields: Field[][];
  /** Texts and fields, for "may belong here" and groups. */
  main: Space;
  /** Texts alone, for near-duplicates (built on first use). */
  texts?: Space;
  /** First order blended with second order, for groups (computed on first use). */
  blended?: Float64Array;
}

const STATE = new WeakMap<SenseIndex, IndexState>();

function stateOf(index: SenseIndex): IndexState {
  const s = STATE.get(index);
  if (!s) throw new Error('not a sense index');
  return s;
}

function intern(ids: Map<string, number>, key: string): number {
  let id = ids.get(key);
  if (id === undefined) {
    id = ids.size;
    ids.set(key, id);
  }
  return id;
}

/** A term's id: `intern` while building, a look-up (unknown: undefined) while querying. */
type TermId = (key: string) => number | undefined;

function add(m: Map<number, number>, id: number | undefined, weight: number): void {
  if (id !== undefined) m.set(id, (m.get(id) ?? 0) + weight);
}

/**
 * Counts a field's terms: stems, adjacent pairs of content words as phrases ("national
 * ownership"), and character n-grams of each word as written.
 */
function countTerms(
  field: Field,
  t: SenseTuning,
  charShare: number,
  phraseWeight: number,
  words: { id: TermId; counts: Map<number, number> },
  grams: { id: TermId; counts: Map<number, number> },
): void {
  const { tokens, weight } = field;
  tokens.forEach((tok, k) => {
    add(words.counts, words.id(tok.stem), weight);
    const prev = tokens[k - 1];
    if (phraseWeight > 0 && prev && prev.position === tok.position - 1) {
      add(words.counts, words.id(`${prev.stem} ${tok.stem}`), weight * phraseWeight);
    }
    if (charShare <= 0) return;
    const padded = `<${tok.folded}>`;
    for (let n = t.gramMin; n <= t.gramMax; n++) {
      for (let i = 0; i + n <= padded.length; i++) {
        add(grams.counts, grams.id(padded.slice(i, i + n)), weight);
      }
    }
  });
}

/** BM25-style term weights, to unit length, scaled. */
function weigh(
  counts: Map<number, number>,
  idf: Float64Array,
  k1: number,
  scale: number,
  offset: number,
): Map<number, number> {
  const w = new Map<number, number>();
  let sq = 0;
  for (const [t, c] of counts) {
    const v = ((c * (k1 + 1)) / (c + k1)) * (idf[t] ?? 0);
    if (v === 0) continue;
    w.set(t + offset, v);
    sq += v * v;
  }
  const f = sq > 0 ? scale / Math.sqrt(sq) : 0;
  for (const [t, v] of w) w.set(t, v * f);
  return w;
}

/** BM25's idf: a word most ideas of the question use says little about any of them. */
function idfOf(counts: readonly Map<number, number>[], size: number): Float64Array {
  const df = new Float64Array(size);
  for (const m of counts) for (const t of m.keys()) df[t] = (df[t] ?? 0) + 1;
  const n = counts.length;
  return df.map((d) => Math.log(1 + (n - d + 0.5) / (d + 0.5)));
}

function combine(
  wordCounts: Map<number, number>,
  gramCounts: Map<number, number>,
  space: Omit<Space, 'vectors' | 'pairs'>,
  k1: number,
): SparseVector {
  const c = space.charShare;
  const m = weigh(wordCounts, space.wordIdf, k1, Math.sqrt(1 - c), 0);
  if (c > 0) {
    const offset = space.wordIds.size;
    for (const [t, v] of weigh(gramCounts, space.gramIdf, k1, Math.sqrt(c), offset)) m.set(t, v);
  }
  return fromMap(m);
}

function buildSpace(
  fields: readonly Field[][],
  t: SenseTuning,
  charShare: number,
  phraseWeight: number,
): Space {
  const wordIds = new Map<string, number>();
  const gramIds = new Map<string, number>();
  const wordId: TermId = (k) => intern(wordIds, k);
  const gramId: TermId = (k) => intern(gramIds, k);
  const wordCounts: Map<number, number>[] = [];
  const gramCounts: Map<number, number>[] = [];
  for (const ideaFields of fields) {
    const wm = new Map<number, number>();
    const gm = new Map<number, number>();
    for (const f of ideaFields) {
      countTerms(
        f,
        t,
        charShare,
        phraseWeight,
        { id: wordId, counts: wm },
        { id: gramId, counts: gm },
      );
    }
    wordCounts.push(wm);
    gramCounts.push(gm);
  }
  const space = {
    wordIds,
    gramIds,
    wordIdf: idfOf(wordCounts, wordIds.size),
    gramIdf: idfOf(gramCounts, gramIds.size),
    charShare,
    phraseWeight,
  };
  const vectors = wordCounts.map((wm, i) =>
    combine(wm, gramCounts[i] as Map<number, number>, space, t.k1),
  );
  return { ...space, vectors };
}

export function buildSenseIndex(
  ideas: readonly SenseIdea[],
  opts?: { language?: SenseLanguage },
): SenseIndex {
  return buildSenseIndexWith(ideas, opts, DEFAULT_TUNING);
}

/** `buildSenseIndex` with other knobs (the eval's leave-one-workshop-out check). */
export function buildSenseIndexWith(
  ideas: readonly SenseIdea[],
  opts: { language?: SenseLanguage } | undefined,
  tuning: Readonly<SenseTuning>,
): SenseIndex {
  const language = opts?.language ?? 'en';
  const t = { ...tuning };
  const fields = ideas.map((idea) => {
    const out: Field[] = [{ tokens: senseTokens(idea.text, language).tokens, weight: 1 }];
    if (idea.actor && t.actorWeight > 0) {
      out.push({ tokens: senseTokens(idea.actor, language).tokens, weight: t.actorWeight });
    }
    if (idea.nextStep && t.nextStepWeight > 0) {
      out.push({ tokens: senseTokens(idea.nextStep, language).tokens, weight: t.nextStepWeight });
    }
    return out;
  });
  const index: SenseIndex = { ideaIds: ideas.map((i) => i.id), language };
  STATE.set(index, {
    tuning: t,
    pos: new Map(ideas.map((i, k) => [i.id, k])),
    fields,
    main: buildSpace(fields, t, t.charShare, t.phraseWeight),
  });
  return index;
}

/**
 * Likeness of every pair, through an inverted index: each term adds its weight products to the
 * pairs of ideas that share it, so the work follows the shared terms, not n² merges of vectors
 * (a 300-idea question in a few milliseconds).
 */
function pairsOf(space: Space): Float64Array {
  if (space.pairs) return space.pairs;
  const vs = space.vectors;
  const n = vs.length;
  let size = 0;
  for (const v of vs)
    for (let k = 0; k < v.terms.length; k++) size = Math.max(size, (v.terms[k] as number) + 1);
  const df = new Int32Array(size + 1);
  for (const v of vs) {
    for (let k = 0; k < v.terms.length; k++) {
      const at = (v.terms[k] as number) + 1;
      df[at] = (df[at] as number) + 1;
    }
  }
  for (let t = 0; t < size; t++) df[t + 1] = (df[t + 1] as number) + (df[t] as number);
  const start = df.slice();
  const who = new Int32Array(start[size] as number);
  const weight = new Float64Array(start[size] as number);
  vs.forEach((v, i) => {
    for (let k = 0; k < v.terms.length; k++) {
      const t = v.terms[k] as number;
      const at = start[t] as number;
      start[t] = at + 1;
      who[at] = i;
      weight[at] = v.weights[k] as number;
    }
  });
  const m = new Float64Array(n * n);
  for (let t = 0; t < size; t++) {
    const from = df[t] as number;
    const to = df[t + 1] as number;
    for (let a = from; a < to; a++) {
      const i = who[a] as number;
      const wi = weight[a] as number;
      const row = i * n;
      for (let b = a + 1; b < to; b++) {
        const at = row + (who[b] as number);
        m[at] = (m[at] as number) + wi * (weight[b] as number);
      }
    }
  }
  // Postings are in idea order, so every sum sits above the diagonal: mirror it.
  for (let i = 0; i < n; i++) {
    m[i * n + i] = 1;
    for (let j = i + 1; j < n; j++) m[j * n + i] = m[i * n + j] as number;
  }
  space.pairs = m;
  return m;
}

/**
 * First order blended with second order: the cosine of two ideas' rows of likeness to the
 * others, each row centred on its mean (a wordy idea does not resemble everyone) with itself
 * left out — and the pair's own entry left out too, so their likeness is not counted twice.
 */
function blended(s: IndexState): Float64Array {
  if (s.blended) return s.blended;
  const first = pairsOf(s.main);
  const n = s.main.vectors.length;
  const g = s.tuning.secondOrder;
  if (g <= 0 || n < 3) {
    s.blended = first;
    return first;
  }
  const rows = new Float64Array(n * n);
  const sq = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let mean = 0;
    for (let k = 0; k < n; k++) if (k !== i) mean += first[i * n + k] as number;
    mean /= n - 1;
    let total = 0;
    for (let k = 0; k < n; k++) {
      const v = k === i ? 0 : (first[i * n + k] as number) - mean;
      rows[i * n + k] = v;
      total += v * v;
    }
    sq[i] = total;
  }
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    out[i * n + i] = 1;
    const ri = rows.subarray(i * n, i * n + n);
    for (let j = i + 1; j < n; j++) {
      const rj = rows.subarray(j * n, j * n + n);
      // ri[i] and rj[j] are 0, so the sum leaves out k = i and k = j by itself.
      let num = 0;
      for (let k = 0; k < n; k++) num += (ri[k] as number) * (rj[k] as number);
      const ni = (sq[i] as number) - (ri[j] as number) ** 2;
      const nj = (sq[j] as number) - (rj[i] as number) ** 2;
      const second = ni > 0 && nj > 0 ? num / Math.sqrt(ni * nj) : 0;
      const v = (1 - g) * (first[i * n + j] as number) + g * Math.max(0, second);
      out[i * n + j] = v;
      out[j * n + i] = v;
    }
  }
  s.blended = out;
  return out;
}

function positions(s: IndexState, ids: readonly string[]): number[] {
  const out: number[] = [];
  const seen = new Set<number>();
  for (const id of ids) {
    const p = s.pos.get(id);
    if (p !== undefined && !seen.has(p)) {
      seen.add(p);
      out.push(p);
    }
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
  // First order only, and only the pairs asked about (no n × n matrix): with a single seed,
  // second-order likeness drifts to the seed's neighbours' themes (measured: precision falls).
  const vs = s.main.vectors;
  const memberSet = new Set(members);
  const out: { ideaId: string; score: number }[] = [];
  for (const p of positions(s, candidateIds)) {
    if (memberSet.has(p)) continue;
    let total = 0;
    for (const m of members) total += dot(vs[m] as SparseVector, vs[p] as SparseVector);
    const score = total / members.length;
    if (score > 0) out.push({ ideaId: index.ideaIds[p] as string, score });
  }
  return out.sort((a, b) => b.score - a.score).slice(0, Math.max(0, limit));
}

/** Pairs that say nearly the same thing, best first. */
export function nearDuplicates(
  index: SenseIndex,
  opts?: { limit?: number; minScore?: number },
): { a: string; b: string; score: number }[] {
  const s = stateOf(index);
  const t = s.tuning;
  const min = opts?.minScore ?? t.duplicate;
  s.texts ??= buildSpace(
    s.fields.map((f) => f.slice(0, 1)),
    t,
    t.duplicateCharShare,
    t.duplicatePhraseWeight,
  );
  const sim = pairsOf(s.texts);
  const n = s.texts.vectors.length;
  const out: { a: string; b: string; score: number }[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const score = sim[i * n + j] as number;
      if (score >= min && score > 0) {
        out.push({ a: index.ideaIds[i] as string, b: index.ideaIds[j] as string, score });
      }
    }
  }
  out.sort((x, y) => y.score - x.score);
  return out.slice(0, opts?.limit ?? 20);
}

/** Proposed groups among the given ideas, each with a suggested name from its key terms. */
export function suggestGroups(
  index: SenseIndex,
  ideaIds: readonly string[],
): { ideaIds: string[]; name: string; terms: string[] }[] {
  const s = stateOf(index);
  const ps = positions(s, ideaIds);
  if (ps.length < 2) return [];
  const sim = blended(s);
  const n = s.main.vectors.length;
  const k = ps.length;
  // Average link over cluster-to-cluster link sums (Lance–Williams), each cluster remembering
  // its best partner so that a merge costs O(k), not a scan of every pair.
  const link = new Float64Array(k * k);
  let sum = 0;
  let sumSq = 0;
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      const v = sim[(ps[a] as number) * n + (ps[b] as number)] as number;
      link[a * k + b] = v;
      if (b > a) {
        sum += v;
        sumSq += v * v;
      }
    }
  }
  // The cut is relative to this question's links: scores shift with the length and style of
  // the ideas, the shape of their distribution much less.
  const count = (k * (k - 1)) / 2;
  const mean = sum / count;
  const cut = mean + s.tuning.groupCut * Math.sqrt(Math.max(0, sumSq / count - mean * mean));
  const members: (number[] | null)[] = ps.map((_, a) => [a]);
  const avg = (a: number, b: number) =>
    (link[a * k + b] as number) /
    ((members[a] as number[]).length * (members[b] as number[]).length);
  const bestOf = new Int32Array(k).fill(-1);
  const bestVal = new Float64Array(k).fill(-Infinity);
  const refresh = (a: number) => {
    bestOf[a] = -1;
    bestVal[a] = -Infinity;
    for (let b = 0; b < k; b++) {
      if (b === a || !members[b]) continue;
      const v = avg(a, b);
      if (v > (bestVal[a] as number)) {
        bestVal[a] = v;
        bestOf[a] = b;
      }
    }
  };
  for (let a = 0; a < k; a++) refresh(a);
  for (;;) {
    let bi = -1;
    for (let a = 0; a < k; a++) {
      if (
        members[a] &&
        bestOf[a] !== -1 &&
        (bi < 0 || (bestVal[a] as number) > (bestVal[bi] as number))
      )
        bi = a;
    }
    if (bi < 0 || (bestVal[bi] as number) < cut) break;
    const bj = bestOf[bi] as number;
    for (let c = 0; c < k; c++) {
      if (c === bi || c === bj || !members[c]) continue;
      const v = (link[bi * k + c] as number) + (link[bj * k + c] as number);
      link[bi * k + c] = v;
      link[c * k + bi] = v;
    }
    members[bi] = [...(members[bi] as number[]), ...(members[bj] as number[])];
    members[bj] = null;
    for (let c = 0; c < k; c++) {
      if (!members[c]) continue;
      if (c === bi || bestOf[c] === bi || bestOf[c] === bj) refresh(c);
      else {
        const v = avg(c, bi);
        if (v > (bestVal[c] as number)) {
          bestVal[c] = v;
          bestOf[c] = bi;
        }
      }
    }
  }
  return members
    .filter((m): m is number[] => m !== null && m.length >= 2)
    .map((m) => m.map((a) => ps[a] as number).sort((x, y) => x - y))
    .sort((x, y) => y.length - x.length || (x[0] as number) - (y[0] as number))
    .map((c) => {
      const ids = c.map((p) => index.ideaIds[p] as string);
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
    for (const tok of s.fields[p]?.[0]?.tokens ?? []) {
      const forms = surfaces.get(tok.stem) ?? new Map<string, number>();
      forms.set(tok.surface, (forms.get(tok.surface) ?? 0) + 1);
      surfaces.set(tok.stem, forms);
      if (seen.has(tok.stem)) continue;
      seen.add(tok.stem);
      ideaCount.set(tok.stem, (ideaCount.get(tok.stem) ?? 0) + 1);
    }
  }
  const ranked = [...ideaCount]
    .map(([stem, c]) => ({
      stem,
      score: c * (s.main.wordIdf[s.main.wordIds.get(stem) ?? -1] ?? 0),
    }))
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
  const space = s.main;
  const wm = new Map<number, number>();
  const gm = new Map<number, number>();
  countTerms(
    { tokens: senseTokens(text, index.language).tokens, weight: 1 },
    s.tuning,
    space.charShare,
    space.phraseWeight,
    { id: (k) => space.wordIds.get(k), counts: wm },
    { id: (k) => space.gramIds.get(k), counts: gm },
  );
  const q = combine(wm, gm, space, s.tuning.k1);
  const out: { ideaId: string; score: number }[] = [];
  space.vectors.forEach((v, p) => {
    const score = dot(q, v);
    if (score >= SIMILAR_HINT_SCORE) out.push({ ideaId: index.ideaIds[p] as string, score });
  });
  return out.sort((a, b) => b.score - a.score).slice(0, Math.max(0, limit));
}

/** Below this a draft is not "similar" enough to interrupt a participant with. */
export const SIMILAR_HINT_SCORE = 0.25;
