import { fold, trimWhere } from './text.ts';

/**
 * Text similarity computed locally (no service, no model): content words are folded, stemmed
 * lightly and weighted by how rare they are in the corpus at hand (IDF), and two texts are
 * compared by weighted overlap. Good enough to spot "the same idea in other words" among a few
 * hundred short proposals, which is all a brief or a series paper needs.
 */

const STOPWORDS = new Set(
  `a about above after again against all also am an and any are as at be because been before
  being below between both but by can could did do does doing down during each even ever every
  few for from further had has have having he her here hers him his how i if in into is it its
  itself just least less let like made make many may me might more most much must my no nor not
  now of off on once one only or other our ours out over own per rather same she should so some
  such than that the their theirs them then there these they this those through to too two under
  until up upon us very was we were what when where whether which while who whom why will with
  within without would you your yours instead really still already always never often new way
  ways whole each thing things get give given put set take use used using sure them via eg ie
  kind lot lots need needs needed want wants own`
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * Abbreviations common in the policy rooms Convene is made for, so that "the PBF" meets
 * "the Peacebuilding Fund". Expanded before stemming; unknown abbreviations stay as they are.
 */
const ABBREVIATIONS: Readonly<Record<string, string>> = {
  pbf: 'peacebuilding fund',
  pbc: 'peacebuilding commission',
  pbso: 'peacebuilding support office',
  sg: 'secretary general',
  dsg: 'deputy secretary general',
  srsg: 'special representative',
  rc: 'resident coordinator',
  rcs: 'resident coordinators',
  au: 'african union',
  eu: 'european union',
  ngo: 'non governmental organisation',
  ngos: 'non governmental organisations',
  cso: 'civil society organisation',
  csos: 'civil society organisations',
  ifi: 'international financial institution',
  ifis: 'international financial institutions',
  unsc: 'security council',
  unga: 'general assembly',
  ga: 'general assembly',
  mptf: 'multi partner trust fund',
  sdg: 'sustainable development goal',
  sdgs: 'sustainable development goals',
};

/** A light stemmer: plural and common suffixes, so "benchmarks" meets "benchmark". */
export function stem(word: string): string {
  let w = word;
  if (w.length > 5 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 4 && w.endsWith('es') && /(ss|x|ch|sh)es$/.test(w)) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us')) {
    w = w.slice(0, -1);
  }
  for (const suffix of ['ations', 'ation', 'ments', 'ment', 'ship', 'ing', 'ed', 'ly', 'al']) {
    if (w.length > suffix.length + 3 && w.endsWith(suffix)) {
      w = w.slice(0, -suffix.length);
      break;
    }
  }
  return w;
}

/** A word of a text: as written, and as compared (folded, abbreviations expanded, stemmed). */
export interface Token {
  surface: string;
  /** Stems it stands for ("PBF" stands for two: peacebuild, fund); empty for a stopword. */
  stems: string[];
}

export function tokens(text: string): Token[] {
  const out: Token[] = [];
  for (const surface of text.split(/[^\p{L}\p{N}'’-]+/u)) {
    const clean = trimWhere(surface, (c) => c === "'" || c === '’' || c === '-').replace(
      /['’]s$/,
      '',
    );
    if (!clean) continue;
    const folded = fold(clean);
    const words = (ABBREVIATIONS[folded] ?? folded).split(/[\s-]+/);
    const stems = words
      .filter((w) => w.length >= 2 && !STOPWORDS.has(w) && !/^\d+$/.test(w))
      .map(stem);
    out.push({ surface: clean, stems });
  }
  return out;
}

/** One key phrase of a text. */
export interface KeyPhrase {
  /** Its stems, space-separated: what occurrences are compared by. */
  key: string;
  /** As written. */
  surface: string;
  /** Words in it. */
  length: number;
  /** It opens a sentence (so a capital letter says nothing about it). */
  initial: boolean;
}

/**
 * Key phrases of a text: runs of one to three content words (stopwords and punctuation break a
 * run), keyed by their stems, with the words as written for display.
 */
export function keyPhrases(text: string): KeyPhrase[] {
  const out: KeyPhrase[] = [];
  for (const part of text.split(/[.;:!?()"“”]+\s*|,\s+|\s[–—-]\s/)) {
    const toks = tokens(part);
    let run: { tok: Token; index: number }[] = [];
    const flushRun = () => {
      for (let i = 0; i < run.length; i++) {
        for (let n = 1; n <= 3 && i + n <= run.length; n++) {
          const words = run.slice(i, i + n);
          out.push({
            key: words.flatMap((w) => w.tok.stems).join(' '),
            surface: words.map((w) => w.tok.surface).join(' '),
            length: n,
            initial: words[0]?.index === 0,
          });
        }
      }
      run = [];
    };
    toks.forEach((tok, index) => {
      if (tok.stems.length === 0) flushRun();
      else run.push({ tok, index });
    });
    flushRun();
  }
  return out;
}

/** Content words of a text, folded and stemmed, without duplicates. */
export function contentWords(text: string): string[] {
  const out = new Set<string>();
  const tokens = fold(text)
    .split(/[^\p{L}\p{N}]+/u)
    .flatMap((t) => (ABBREVIATIONS[t] ?? t).split(' '));
  for (const raw of tokens) {
    if (raw.length < 2 || STOPWORDS.has(raw) || /^\d+$/.test(raw)) continue;
    out.add(stem(raw));
  }
  return [...out];
}

/** A corpus of short texts, ready for pairwise comparison. */
export interface SimilarityIndex {
  /** Weighted overlap of two texts of the corpus, 0..1. */
  similarity(a: number, b: number): number;
  /** The texts' words (for labels and debugging). */
  words: string[][];
}

export function buildSimilarityIndex(texts: readonly string[]): SimilarityIndex {
  const words = texts.map(contentWords);
  const df = new Map<string, number>();
  for (const ws of words) for (const w of ws) df.set(w, (df.get(w) ?? 0) + 1);
  const n = Math.max(1, texts.length);
  const idf = (w: string) => Math.log(1 + n / (df.get(w) ?? 1));
  const weights = words.map((ws) => new Map(ws.map((w) => [w, idf(w)])));
  const norms = weights.map((m) => {
    let s = 0;
    for (const v of m.values()) s += v;
    return s;
  });
  return {
    words,
    similarity(a, b) {
      const wa = weights[a];
      const wb = weights[b];
      if (!wa || !wb) return 0;
      const [small, large] = wa.size <= wb.size ? [wa, wb] : [wb, wa];
      let shared = 0;
      for (const [w, v] of small) if (large.has(w)) shared += v;
      // Overlap relative to the shorter text: a terse duplicate of a long idea still matches.
      const denom = Math.min(norms[a] ?? 0, norms[b] ?? 0);
      const overlap = denom > 0 ? shared / denom : 0;
      const union = (norms[a] ?? 0) + (norms[b] ?? 0) - shared;
      const jaccard = union > 0 ? shared / union : 0;
      return 0.5 * overlap + 0.5 * jaccard;
    },
  };
}

/** Ideas this close say the same thing in other words. */
export const NEAR_DUPLICATE = 0.42;

/**
 * Groups items whose texts are near-duplicates (single-link, so A~B and B~C put A, B, C
 * together). Items are given best first; each group keeps that order, the first item leads.
 */
export function groupNearDuplicates<T>(
  items: readonly T[],
  textOf: (item: T) => string,
  threshold = NEAR_DUPLICATE,
): T[][] {
  const index = buildSimilarityIndex(items.map(textOf));
  const parent = items.map((_, i) => i);
  const find = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r] as number;
    return r;
  };
  for (let a = 0; a < items.length; a++) {
    for (let b = a + 1; b < items.length; b++) {
      if (index.similarity(a, b) >= threshold) {
        const ra = find(a);
        const rb = find(b);
        if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
      }
    }
  }
  const groups = new Map<number, T[]>();
  items.forEach((item, i) => {
    const r = find(i);
    const g = groups.get(r) ?? [];
    g.push(item);
    groups.set(r, g);
  });
  return [...groups.values()];
}
