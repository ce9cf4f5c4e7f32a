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
 *   number of groups is not fixed in advance, and no group grows past three ideas: a suggestion
 *   is a theme's seed the engine can vouch for, which the facilitator grows with "may belong
 *   here" (larger groups mixed themes, most of all on a large, varied board);
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
  /** Largest suggested group: a merge that would pass it is not made. */
  groupMax: number;
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
  // 4-grams alone score as 3- to 5-grams did in the eval, at a fraction of the pairs to sum.
  gramMin: 4,
  gramMax: 4,
  secondOrder: 0.1,
  groupCut: 1,
  // Measured with eval:clusters' facilitator simulation and purity (docs/performance.md,
  // seventh session): on 90-idea boards every cap from 6 down to 3 made the suggestions purer
  // and the help cheaper; on one question 4 and 3 did a little better, 5 and 6 changed nothing;
  // pairs only lost themes.
  groupMax: 3,
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
  /** Per idea: its text as written and its language (for names). */
  ideaTexts: string[];
  languages: SenseLanguage[];
  /** Texts and fields, for "may belong here" and groups. */
  main: Space;
  /** Texts alone, for near-duplicates (built on first use). */
  texts?: Space;
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

/** Ids of a word's character n-grams (with `<` and `>` marking its edges). */
function gramIdsOf(word: string, t: SenseTuning, ids: Map<string, number>): Int32Array {
  const padded = `<${word}>`;
  const out: number[] = [];
  for (let n = t.gramMin; n <= t.gramMax; n++) {
    for (let i = 0; i + n <= padded.length; i++) out.push(intern(ids, padded.slice(i, i + n)));
  }
  return Int32Array.from(out);
}

/**
 * The space of a set of ideas, in flat arrays rather than a map per idea (the same terms as
 * `countTerms`): a 300-idea question has some 100,000 n-gram occurrences, and maps per idea spent
 * most of the time allocating. A word's n-grams are computed once however often it is used.
 */
function buildSpace(
  fields: readonly Field[][],
  t: SenseTuning,
  charShare: number,
  phraseWeight: number,
): Space {
  const wordIds = new Map<string, number>();
  const gramIds = new Map<string, number>();
  // Term occurrences, idea by idea: words (and phrases), then n-grams.
  const wIdea: number[] = [];
  const wTerm: number[] = [];
  const wWeight: number[] = [];
  // N-grams by word: each occurrence points at its word's list (one push, not one per n-gram).
  const gramLists: Int32Array[] = [];
  const listOfWord = new Map<string, number>();
  const gIdea: number[] = [];
  const gList: number[] = [];
  const gWeight: number[] = [];
  fields.forEach((ideaFields, i) => {
    for (const { tokens, weight } of ideaFields) {
      tokens.forEach((tok, k) => {
        wIdea.push(i);
        wTerm.push(intern(wordIds, tok.stem));
        wWeight.push(weight);
        const prev = tokens[k - 1];
        if (phraseWeight > 0 && prev && prev.position === tok.position - 1) {
          wIdea.push(i);
          wTerm.push(intern(wordIds, `${prev.stem} ${tok.stem}`));
          wWeight.push(weight * phraseWeight);
        }
        if (charShare <= 0) return;
        let list = listOfWord.get(tok.folded);
        if (list === undefined) {
          list = gramLists.length;
          gramLists.push(gramIdsOf(tok.folded, t, gramIds));
          listOfWord.set(tok.folded, list);
        }
        gIdea.push(i);
        gList.push(list);
        gWeight.push(weight);
      });
    }
  });
  const n = fields.length;
  const words = wordIds.size;
  const size = words + gramIds.size;
  // Document frequencies (n-gram ids after the words'), then BM25's idf: a word most ideas of
  // the question use says little about any of them.
  const df = new Float64Array(size);
  const lastIdea = new Int32Array(size).fill(-1);
  const count = (idea: number, term: number) => {
    if (lastIdea[term] !== idea) {
      lastIdea[term] = idea;
      df[term] = (df[term] as number) + 1;
    }
  };
  for (let e = 0; e < wTerm.length; e++) count(wIdea[e] as number, wTerm[e] as number);
  for (let e = 0; e < gList.length; e++) {
    const grams = gramLists[gList[e] as number] as Int32Array;
    for (let g = 0; g < grams.length; g++) count(gIdea[e] as number, words + (grams[g] as number));
  }
  const idf = df.map((d) => Math.log(1 + (n - d + 0.5) / (d + 0.5)));
  // Each idea's vector: counts into one accumulator, BM25 weights, each part to its length.
  const acc = new Float64Array(size);
  const vectors: SparseVector[] = [];
  let we = 0;
  let ge = 0;
  const wordScale = Math.sqrt(1 - charShare);
  const gramScale = Math.sqrt(charShare);
  for (let i = 0; i < n; i++) {
    const touched: number[] = [];
    for (; we < wTerm.length && wIdea[we] === i; we++) {
      const term = wTerm[we] as number;
      if (acc[term] === 0) touched.push(term);
      acc[term] = (acc[term] as number) + (wWeight[we] as number);
    }
    for (; ge < gList.length && gIdea[ge] === i; ge++) {
      const grams = gramLists[gList[ge] as number] as Int32Array;
      const w = gWeight[ge] as number;
      for (let g = 0; g < grams.length; g++) {
        const term = words + (grams[g] as number);
        if (acc[term] === 0) touched.push(term);
        acc[term] = (acc[term] as number) + w;
      }
    }
    const terms = Int32Array.from(touched).sort();
    const weights = new Float64Array(terms.length);
    let sqWords = 0;
    let sqGrams = 0;
    for (let k = 0; k < terms.length; k++) {
      const term = terms[k] as number;
      const c = acc[term] as number;
      acc[term] = 0;
      const v = ((c * (t.k1 + 1)) / (c + t.k1)) * (idf[term] as number);
      weights[k] = v;
      if (term < words) sqWords += v * v;
      else sqGrams += v * v;
    }
    const fw = sqWords > 0 ? wordScale / Math.sqrt(sqWords) : 0;
    const fg = sqGrams > 0 ? gramScale / Math.sqrt(sqGrams) : 0;
    for (let k = 0; k < terms.length; k++) {
      weights[k] = (weights[k] as number) * ((terms[k] as number) < words ? fw : fg);
    }
    vectors.push({ terms, weights });
  }
  return {
    wordIds,
    gramIds,
    wordIdf: idf.subarray(0, words),
    gramIdf: idf.subarray(words),
    charShare,
    phraseWeight,
    vectors,
  };
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
  const languages: SenseLanguage[] = [];
  const fields = ideas.map((idea) => {
    const text = senseTokens(idea.text, language);
    languages.push(text.language);
    const out: Field[] = [{ tokens: text.tokens, weight: 1 }];
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
    ideaTexts: ideas.map((i) => i.text),
    languages,
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
 * Links among some ideas (positions `ps`): first order blended with second order — the cosine
 * of two ideas' rows of likeness to every idea of the index, each row centred on its mean (a
 * wordy idea does not resemble everyone), with itself and the pair's own entry left out (so
 * their likeness is not counted twice). Returns a k × k matrix for the k ideas of `ps`.
 */
const SECOND_ORDER_MAX = 500;

function groupLinks(s: IndexState, ps: readonly number[]): Float64Array {
  const first = pairsOf(s.main);
  const n = s.main.vectors.length;
  const k = ps.length;
  const g = s.tuning.secondOrder;
  const out = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++)
      out[a * k + b] = first[(ps[a] as number) * n + (ps[b] as number)] as number;
  }
  // Second order costs k² × n: past a few hundred ideas (a question of 2,000 would take
  // seconds) groups come from the first order alone.
  if (g <= 0 || n < 3 || k > SECOND_ORDER_MAX) return out;
  const rows = new Float64Array(k * n);
  const sq = new Float64Array(k);
  for (let a = 0; a < k; a++) {
    const i = ps[a] as number;
    let mean = 0;
    for (let c = 0; c < n; c++) if (c !== i) mean += first[i * n + c] as number;
    mean /= n - 1;
    let total = 0;
    for (let c = 0; c < n; c++) {
      const v = c === i ? 0 : (first[i * n + c] as number) - mean;
      rows[a * n + c] = v;
      total += v * v;
    }
    sq[a] = total;
  }
  for (let a = 0; a < k; a++) {
    const i = ps[a] as number;
    const ri = rows.subarray(a * n, a * n + n);
    for (let b = a + 1; b < k; b++) {
      const j = ps[b] as number;
      const rj = rows.subarray(b * n, b * n + n);
      // ri[i] and rj[j] are 0, so the sum leaves out c = i and c = j by itself.
      let num = 0;
      for (let c = 0; c < n; c++) num += (ri[c] as number) * (rj[c] as number);
      const ni = (sq[a] as number) - (ri[j] as number) ** 2;
      const nj = (sq[b] as number) - (rj[i] as number) ** 2;
      const second = ni > 0 && nj > 0 ? num / Math.sqrt(ni * nj) : 0;
      const v = (1 - g) * (out[a * k + b] as number) + g * Math.max(0, second);
      out[a * k + b] = v;
      out[b * k + a] = v;
    }
  }
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

/** Share of the cluster's name, when given, in "may belong here" (the rest: its ideas). */
const NAME_WEIGHT = 0.5;

/**
 * Unclustered candidates ranked by similarity to a cluster's ideas and, when given, to its
 * name.
 */
export function mayBelong(
  index: SenseIndex,
  clusterIdeaIds: readonly string[],
  candidateIds: readonly string[],
  limit = 5,
  opts?: { name?: string },
): { ideaId: string; score: number }[] {
  const s = stateOf(index);
  const members = positions(s, clusterIdeaIds);
  if (members.length === 0) return [];
  // A name the facilitator gave says what the cluster is about better than one seed does
  // (measured: P@3 0.48 → 0.58 with the human label); a name with no word of the question's
  // ideas changes nothing.
  const vector = opts?.name?.trim() ? textVector(s, opts.name, index.language) : null;
  const named = vector && vector.terms.length > 0 ? vector : null;
  // First order only, and only the pairs asked about (no n × n matrix): with a single seed,
  // second-order likeness drifts to the seed's neighbours' themes (measured: precision falls).
  const vs = s.main.vectors;
  const memberSet = new Set(members);
  const out: { ideaId: string; score: number }[] = [];
  for (const p of positions(s, candidateIds)) {
    if (memberSet.has(p)) continue;
    let total = 0;
    for (const m of members) total += dot(vs[m] as SparseVector, vs[p] as SparseVector);
    let score = total / members.length;
    if (named) score = (1 - NAME_WEIGHT) * score + NAME_WEIGHT * dot(named, vs[p] as SparseVector);
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
  const k = ps.length;
  // Average link over cluster-to-cluster link sums (Lance–Williams), each cluster remembering
  // its best partner so that a merge costs O(k), not a scan of every pair.
  const link = groupLinks(s, ps);
  let sum = 0;
  let sumSq = 0;
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      const v = link[a * k + b] as number;
      sum += v;
      sumSq += v * v;
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
  const max = s.tuning.groupMax;
  const fits = (a: number, b: number) =>
    (members[a] as number[]).length + (members[b] as number[]).length <= max;
  const bestOf = new Int32Array(k).fill(-1);
  const bestVal = new Float64Array(k).fill(-Infinity);
  const refresh = (a: number) => {
    bestOf[a] = -1;
    bestVal[a] = -Infinity;
    for (let b = 0; b < k; b++) {
      if (b === a || !members[b] || !fits(a, b)) continue;
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
      else if (fits(c, bi)) {
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
const SENSE_ORDER: readonly SenseLanguage[] = ['en', 'fr', 'es'];

/** How each way of writing a term was used: count, and whether capitalised mid-sentence. */
type Forms = Map<string, { count: number; cased: number; plain: number }>;

function addForm(forms: Forms, surface: string, initial: boolean): void {
  const e = forms.get(surface) ?? { count: 0, cased: 0, plain: 0 };
  e.count++;
  // A capital opening a sentence says nothing; elsewhere it marks a name or an acronym.
  const lower = surface.toLowerCase();
  if (surface !== lower && (!initial || surface.slice(1) !== lower.slice(1))) e.cased++;
  else if (surface === lower || !initial) e.plain++;
  forms.set(surface, e);
}

/**
 * The form a term is most often written in, in lower case unless it is a name or an acronym
 * (capitalised wherever it is not opening a sentence): "benchmarks", "Peacebuilding Fund", "UN".
 */
function surfaceOf(forms: Forms | undefined): string {
  if (!forms) return '';
  const byLower = new Map<string, { count: number; cased: number; plain: number; best: string }>();
  for (const [form, e] of forms) {
    const lower = form.toLowerCase();
    const agg = byLower.get(lower) ?? { count: 0, cased: 0, plain: 0, best: form };
    agg.count += e.count;
    agg.cased += e.cased;
    agg.plain += e.plain;
    if (e.cased > 0 && (forms.get(agg.best)?.cased ?? 0) < e.cased) agg.best = form;
    byLower.set(lower, agg);
  }
  let pick: { lower: string; count: number; cased: number; plain: number; best: string } | null =
    null;
  for (const [lower, agg] of byLower) {
    if (!pick || agg.count > pick.count || (agg.count === pick.count && lower < pick.lower)) {
      pick = { lower, ...agg };
    }
  }
  if (!pick) return '';
  return pick.cased > 0 && pick.plain === 0 ? pick.best : pick.lower;
}

/** A name for a hand-built cluster. */
export function suggestName(
  index: SenseIndex,
  ideaIds: readonly string[],
): { name: string; terms: string[] } {
  const s = stateOf(index);
  const ps = positions(s, ideaIds);
  // Terms: content words, and two written side by side ("human rights", "multi-partner") as
  // one — a phrase that several ideas of the group use names it better than its two words.
  const ideaCount = new Map<string, number>();
  const surfaces = new Map<string, Forms>();
  const parts = new Map<string, string[]>();
  const midSentence = new Set<string>();
  const votes: Record<SenseLanguage, number> = { en: 0, fr: 0, es: 0 };
  for (const p of ps) {
    const lang = s.languages[p] ?? index.language;
    votes[lang]++;
    const text = s.ideaTexts[p] ?? '';
    const tokens = s.fields[p]?.[0]?.tokens ?? [];
    const seen = new Set<string>();
    const note = (key: string, surface: string, initial: boolean) => {
      const forms: Forms = surfaces.get(key) ?? new Map();
      addForm(forms, surface, initial);
      if (!initial) midSentence.add(key);
      surfaces.set(key, forms);
      if (seen.has(key)) return;
      seen.add(key);
      ideaCount.set(key, (ideaCount.get(key) ?? 0) + 1);
    };
    tokens.forEach((tok, k) => {
      // Two-letter words only as acronyms ("UN", "AU"), never "co" of "co-finance".
      if (tok.folded.length >= 3 || /^\p{Lu}{2}$/u.test(tok.surface)) {
        note(tok.stem, tok.surface, tok.initial);
      }
      const prev = tokens[k - 1];
      if (prev && prev.position === tok.position - 1) {
        const key = `${prev.stem} ${tok.stem}`;
        parts.set(key, [prev.stem, tok.stem]);
        note(key, text.slice(prev.start, tok.end), prev.initial);
      }
    });
  }
  // A term names the group when many of its ideas use it and it is rare elsewhere; a phrase
  // must be used by two ideas at least (once, it is just words that happened to meet).
  const weightOf = (key: string) => s.main.wordIdf[s.main.wordIds.get(key) ?? -1] ?? 0;
  const ranked = [...ideaCount]
    .filter(([key, c]) => !parts.has(key) || (c >= 2 && ps.length >= 2))
    // A word only ever opening an idea is mostly its verb ("Ask…", "Renforcer…"): it says what
    // to do, less what the group is about.
    .map(([key, c]) => ({
      key,
      score: c * weightOf(key) * (parts.has(key) ? 1.5 : 1) * (midSentence.has(key) ? 1 : 0.5),
    }))
    .filter((r) => r.score > 0)
    .sort((a, b) => b.score - a.score || a.key.localeCompare(b.key));
  const chosen: string[] = [];
  const used = new Set<string>();
  for (const r of ranked) {
    if (chosen.length === 3) break;
    const words = parts.get(r.key) ?? [r.key];
    if (words.some((w) => used.has(w))) continue;
    for (const w of words) used.add(w);
    chosen.push(r.key);
  }
  const terms = chosen.map((key) => surfaceOf(surfaces.get(key)));
  const language = SENSE_ORDER.reduce(
    (best, l) => (votes[l] > votes[best] ? l : best),
    index.language,
  );
  const [first, second] = terms;
  const name = !first
    ? ''
    : second
      ? `${capitalise(first)} ${AND[language]} ${second}`
      : capitalise(first);
  return { name, terms };
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
  const q = textVector(s, text, index.language);
  const out: { ideaId: string; score: number }[] = [];
  s.main.vectors.forEach((v, p) => {
    const score = dot(q, v);
    if (score >= SIMILAR_HINT_SCORE) out.push({ ideaId: index.ideaIds[p] as string, score });
  });
  return out.sort((a, b) => b.score - a.score).slice(0, Math.max(0, limit));
}

/** A text outside the index as a vector of its space (terms the index lacks are dropped). */
function textVector(s: IndexState, text: string, fallback: SenseLanguage): SparseVector {
  const space = s.main;
  const wm = new Map<number, number>();
  const gm = new Map<number, number>();
  countTerms(
    { tokens: senseTokens(text, fallback).tokens, weight: 1 },
    s.tuning,
    space.charShare,
    space.phraseWeight,
    { id: (k) => space.wordIds.get(k), counts: wm },
    { id: (k) => space.gramIds.get(k), counts: gm },
  );
  return combine(wm, gm, space, s.tuning.k1);
}

/** Below this a draft is not "similar" enough to interrupt a participant with. */
export const SIMILAR_HINT_SCORE = 0.25;
