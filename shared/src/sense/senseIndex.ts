import { foldText, type SenseLanguage } from './language.ts';
import { type SenseToken, senseTokens } from './tokens.ts';
import { dot, EMPTY_VECTOR, fromMap, normalize, type SparseVector } from './vectors.ts';

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

interface IndexState {
  tuning: SenseTuning;
  pos: Map<string, number>;
  words: SparseVector[];
  grams: SparseVector[];
  wordIds: Map<string, number>;
  gramIds: Map<string, number>;
  wordIdf: Float64Array;
  gramIdf: Float64Array;
  /** Per idea, its content tokens (all fields) — for names. */
  tokens: SenseToken[][];
  /** Similarity matrices, computed on first use (the participant's hint never needs them). */
  first?: Float64Array;
  /** The texts alone, indexed for near-duplicates on first use. */
  ideas: readonly SenseIdea[];
  texts?: IndexState;
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

function interner(ids: Map<string, number>): TermId {
  return (key) => intern(ids, key);
}

function add(m: Map<number, number>, id: number | undefined, weight: number): void {
  if (id !== undefined) m.set(id, (m.get(id) ?? 0) + weight);
}

/**
 * Counts a field's terms: stems, adjacent pairs of content words as phrases ("national
 * ownership"), and character n-grams of each word as written.
 */
function countTerms(
  toks: readonly SenseToken[],
  weight: number,
  t: SenseTuning,
  words: { id: TermId; counts: Map<number, number> },
  grams: { id: TermId; counts: Map<number, number> },
): void {
  toks.forEach((tok, k) => {
    add(words.counts, words.id(tok.stem), weight);
    const prev = toks[k - 1];
    if (t.phraseWeight > 0 && prev && prev.position === tok.position - 1) {
      add(words.counts, words.id(`${prev.stem} ${tok.stem}`), weight * t.phraseWeight);
    }
    if (t.charShare <= 0) return;
    const padded = `<${foldText(tok.surface)}>`;
    for (let n = t.gramMin; n <= t.gramMax; n++) {
      for (let i = 0; i + n <= padded.length; i++) {
        add(grams.counts, grams.id(padded.slice(i, i + n)), weight);
      }
    }
  });
}

/** BM25-style weights, then unit length. */
function weigh(counts: Map<number, number>, idf: Float64Array, k1: number): SparseVector {
  const w = new Map<number, number>();
  for (const [t, c] of counts) w.set(t, ((c * (k1 + 1)) / (c + k1)) * (idf[t] ?? 0));
  return normalize(fromMap(w));
}

/** BM25's idf: a word most ideas of the question use says little about any of them. */
function idfOf(counts: readonly Map<number, number>[], size: number): Float64Array {
  const df = new Float64Array(size);
  for (const m of counts) for (const t of m.keys()) df[t] = (df[t] ?? 0) + 1;
  const n = counts.length;
  return df.map((d) => Math.log(1 + (n - d + 0.5) / (d + 0.5)));
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
  const wordIds = new Map<string, number>();
  const gramIds = new Map<string, number>();
  const wordId = interner(wordIds);
  const gramId = interner(gramIds);
  const tokens: SenseToken[][] = [];
  const wordCounts: Map<number, number>[] = [];
  const gramCounts: Map<number, number>[] = [];
  for (const idea of ideas) {
    const wm = new Map<number, number>();
    const gm = new Map<number, number>();
    const all: SenseToken[] = [];
    const fields: [string | null | undefined, number][] = [
      [idea.text, 1],
      [idea.actor, t.actorWeight],
      [idea.nextStep, t.nextStepWeight],
    ];
    for (const [text, weight] of fields) {
      if (!text || weight <= 0) continue;
      const toks = senseTokens(text, language).tokens;
      countTerms(toks, weight, t, { id: wordId, counts: wm }, { id: gramId, counts: gm });
      if (text === idea.text) all.push(...toks);
    }
    wordCounts.push(wm);
    gramCounts.push(gm);
    tokens.push(all);
  }
  const wordIdf = idfOf(wordCounts, wordIds.size);
  const gramIdf = idfOf(gramCounts, gramIds.size);
  const index: SenseIndex = { ideaIds: ideas.map((i) => i.id), language };
  STATE.set(index, {
    tuning: t,
    pos: new Map(ideas.map((i, k) => [i.id, k])),
    words: wordCounts.map((m) => weigh(m, wordIdf, t.k1)),
    grams: gramCounts.map((m) => weigh(m, gramIdf, t.k1)),
    wordIds,
    gramIds,
    wordIdf,
    gramIdf,
    tokens,
    ideas,
  });
  return index;
}

/** First-order similarity of every pair: words and character n-grams, blended. */
function firstOrder(s: IndexState): Float64Array {
  if (s.first) return s.first;
  const n = s.words.length;
  const m = new Float64Array(n * n);
  const c = s.tuning.charShare;
  for (let i = 0; i < n; i++) {
    m[i * n + i] = 1;
    for (let j = i + 1; j < n; j++) {
      const w = dot(s.words[i] as SparseVector, s.words[j] as SparseVector);
      const g = c > 0 ? dot(s.grams[i] as SparseVector, s.grams[j] as SparseVector) : 0;
      const v = (1 - c) * w + c * g;
      m[i * n + j] = v;
      m[j * n + i] = v;
    }
  }
  s.first = m;
  return m;
}

/**
 * First order blended with second order: the cosine of two ideas' rows of similarities to the
 * others (self and each other left out, so that the pair's own likeness is not counted twice).
 */
function blended(s: IndexState): Float64Array {
  if (s.blended) return s.blended;
  const first = firstOrder(s);
  const n = s.words.length;
  const g = s.tuning.secondOrder;
  if (g <= 0 || n < 3) {
    s.blended = first;
    return first;
  }
  // Rows centred on their mean, so that a generally wordy idea does not resemble everyone.
  const rows = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    let mean = 0;
    for (let k = 0; k < n; k++) if (k !== i) mean += first[i * n + k] as number;
    mean /= n - 1;
    for (let k = 0; k < n; k++) rows[i * n + k] = k === i ? 0 : (first[i * n + k] as number) - mean;
  }
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    out[i * n + i] = 1;
    for (let j = i + 1; j < n; j++) {
      let num = 0;
      let ni = 0;
      let nj = 0;
      for (let k = 0; k < n; k++) {
        if (k === i || k === j) continue;
        const a = rows[i * n + k] as number;
        const b = rows[j * n + k] as number;
        num += a * b;
        ni += a * a;
        nj += b * b;
      }
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
  // First order only: with a single seed, second-order likeness drifts to the seed's
  // neighbours' themes (measured: precision at 3 falls).
  const sim = firstOrder(s);
  const n = s.words.length;
  const memberSet = new Set(members);
  const out: { ideaId: string; score: number }[] = [];
  for (const p of positions(s, candidateIds)) {
    if (memberSet.has(p)) continue;
    let total = 0;
    for (const m of members) total += sim[m * n + p] as number;
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
  if (!s.texts) {
    const textIndex = buildSenseIndexWith(
      s.ideas.map((i) => ({ id: i.id, text: i.text })),
      { language: index.language },
      { ...t, charShare: t.duplicateCharShare, phraseWeight: t.duplicatePhraseWeight },
    );
    s.texts = stateOf(textIndex);
  }
  const sim = firstOrder(s.texts);
  const n = s.words.length;
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
  const n = s.words.length;
  // The cut is relative to this question's links: scores shift with the length and style of
  // the ideas, the shape of their distribution much less.
  let sum = 0;
  let sq = 0;
  let count = 0;
  for (let a = 0; a < ps.length; a++) {
    for (let b = a + 1; b < ps.length; b++) {
      const v = sim[(ps[a] as number) * n + (ps[b] as number)] as number;
      sum += v;
      sq += v * v;
      count++;
    }
  }
  const mean = sum / count;
  const sd = Math.sqrt(Math.max(0, sq / count - mean * mean));
  const cut = mean + s.tuning.groupCut * sd;
  // Average link over a matrix of cluster-to-cluster link sums (Lance–Williams update).
  const k = ps.length;
  const link = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++)
      link[a * k + b] = sim[(ps[a] as number) * n + (ps[b] as number)] as number;
  }
  const members: (number[] | null)[] = ps.map((_, a) => [a]);
  for (;;) {
    let best = -Infinity;
    let bi = -1;
    let bj = -1;
    for (let a = 0; a < k; a++) {
      const ma = members[a];
      if (!ma) continue;
      for (let b = a + 1; b < k; b++) {
        const mb = members[b];
        if (!mb) continue;
        const avg = (link[a * k + b] as number) / (ma.length * mb.length);
        if (avg > best) {
          best = avg;
          bi = a;
          bj = b;
        }
      }
    }
    if (bi < 0 || best < cut) break;
    const mi = members[bi] as number[];
    const mj = members[bj] as number[];
    for (let c = 0; c < k; c++) {
      if (c === bi || !members[c]) continue;
      const v = (link[bi * k + c] as number) + (link[bj * k + c] as number);
      link[bi * k + c] = v;
      link[c * k + bi] = v;
    }
    members[bi] = [...mi, ...mj];
    members[bj] = null;
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
    .map(([stem, c]) => ({ stem, score: c * (s.wordIdf[s.wordIds.get(stem) ?? -1] ?? 0) }))
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
  const t = s.tuning;
  const wm = new Map<number, number>();
  const gm = new Map<number, number>();
  countTerms(
    senseTokens(text, index.language).tokens,
    1,
    t,
    { id: (k) => s.wordIds.get(k), counts: wm },
    { id: (k) => s.gramIds.get(k), counts: gm },
  );
  const qw = wm.size > 0 ? weigh(wm, s.wordIdf, t.k1) : EMPTY_VECTOR;
  const qg = gm.size > 0 ? weigh(gm, s.gramIdf, t.k1) : EMPTY_VECTOR;
  const out: { ideaId: string; score: number }[] = [];
  for (let p = 0; p < s.words.length; p++) {
    const score =
      (1 - t.charShare) * dot(qw, s.words[p] as SparseVector) +
      t.charShare * dot(qg, s.grams[p] as SparseVector);
    if (score >= SIMILAR_HINT_SCORE) out.push({ ideaId: index.ideaIds[p] as string, score });
  }
  return out.sort((a, b) => b.score - a.score).slice(0, Math.max(0, limit));
}

/** Below this a draft is not "similar" enough to interrupt a participant with. */
export const SIMILAR_HINT_SCORE = 0.25;
