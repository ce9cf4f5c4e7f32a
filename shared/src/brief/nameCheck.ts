import {
  type FoldedText,
  foldName,
  foldText,
  isCapital,
  isSpacedWordChar,
  isUnspacedChar,
  type NameLexicon,
  PLAIN_LEXICON,
} from './nameFold.ts';
import { oneLine, trimWhere } from './text.ts';

/**
 * The check before export: participants' names typed into texts ("as Amara said earlier…").
 * Under the Chatham House Rule a name in an idea, a note or the draft attributes a view, so
 * every occurrence is listed for the rapporteur, who confirms which are names and replaces
 * them with "a participant".
 *
 * Matching favours recall: full names and their parts (first name, surname, each half of a
 * hyphenated name), on text folded as nameFold.ts describes (case, accents, compatibility
 * forms, look-alike letters, invisible characters, emphasis markers). Precision comes from
 * three rules: function words ("For", "With", "de", "la") are never a name on their own;
 * parts that are also everyday words ("Will", "Grace", "Local") and parts of two letters
 * ("Li", "Ng", "Wu") only match when written with a capital; and the rapporteur confirms.
 */

/** What replaces a name. */
export const REDACTION = 'a participant';

/** Where a text lives, precisely enough to change it. */
export type TextLocation =
  | {
      kind: 'idea';
      questionId: string;
      ideaId: string;
      field: 'text' | 'actor' | 'nextStep' | 'originalText' | 'moderationReason' | 'contestNote';
    }
  | { kind: 'notes'; questionId: string }
  /** The rapporteurs' "Points of debate" note of a question (issue 13). */
  | { kind: 'debate'; questionId: string }
  /** A section of the brief draft; `base`: the record of what generation wrote there. */
  | { kind: 'draft'; section: string; base?: boolean }
  | { kind: 'cluster'; questionId: string; clusterId: string }
  /** A theme's one-line points-of-debate note (issue 13). */
  | { kind: 'clusterNote'; questionId: string; clusterId: string }
  | { kind: 'question'; questionId: string }
  /** `context`: the brief's context paragraph (issue 14). */
  | { kind: 'workshop'; field: 'title' | 'series' | 'host' | 'context' }
  /** The brief as the HTML, DOCX and Markdown exports show it (`part`: which format's view). */
  | { kind: 'rendered'; part: string };

export interface CheckedText {
  location: TextLocation;
  text: string;
}

export interface NameFinding {
  /** Stable while the text is unchanged: location and offsets. */
  id: string;
  location: TextLocation;
  /** Participants this could refer to (shown to the rapporteur only, never stored). */
  names: string[];
  /** The text as found. */
  match: string;
  start: number;
  end: number;
  /** Context around the match, on one line (spaces kept, so the three read as one text). */
  before: string;
  after: string;
}

export function locationKey(l: TextLocation): string {
  switch (l.kind) {
    case 'idea':
      return `idea:${l.ideaId}:${l.field}`;
    case 'notes':
      return `notes:${l.questionId}`;
    case 'debate':
      return `debate:${l.questionId}`;
    case 'draft':
      return `draft:${l.section}${l.base ? ':base' : ''}`;
    case 'cluster':
      return `cluster:${l.clusterId}`;
    case 'clusterNote':
      return `clusterNote:${l.clusterId}`;
    case 'question':
      return `question:${l.questionId}`;
    case 'workshop':
      return `workshop:${l.field}`;
    case 'rendered':
      return `rendered:${l.part}`;
  }
}

/** Particles of names that say nothing on their own. */
const PARTICLES = [
  'van',
  'von',
  'der',
  'den',
  'del',
  'della',
  'des',
  'dos',
  'das',
  'bin',
  'ben',
  'ibn',
  'bint',
  'abu',
  'ter',
  'ten',
  'san',
  'mac',
  'the',
  'and',
];

/**
 * Words that are also names in English, French or Spanish (or join names made of words, like
 * "For With Local"): matched only when capitalised. Common words of the workshops' own subject
 * ("peace", "fund", "local") are here too: a participant who joins under such a word must not
 * turn every mention of it into a name.
 */
const EVERYDAY =
  `will may grace hope faith joy mark bill rose ruby pearl chance young long white brown
  green black king price rich hunt page rush love star sky summer winter autumn spring dawn eve
  sunny hunter ray august june april frank gay earl baker cook smith fisher mason carter miller
  taylor walker wood woods hill hall lane rivers banks field fields north south west east peace
  fund council union new way can art jack sue pat local global national public state people
  policy ward paz luz rosa blanca sol pilar dolores mercedes esperanza victoria gloria franco
  bravo santos reyes flores leal claire blanc petit juste constance prudence patience olive noel
  pierre marin`
    .split(/\s+/)
    .filter(Boolean);

interface Pattern {
  folded: string;
  names: Set<string>;
  needsCapital: boolean;
  /** Whether the pattern starts / ends with a character of a script without spaces. */
  openStart: boolean;
  openEnd: boolean;
}

interface TrieNode {
  children: Map<number, TrieNode> | null;
  pattern: number;
}

const lettersOf = (folded: string) => folded.replace(/[^\p{L}\p{N}]/gu, '');
const firstChar = (s: string) => String.fromCodePoint(s.codePointAt(0) ?? 32);
const lastChar = (s: string) => {
  const chars = [...s];
  return chars[chars.length - 1] ?? ' ';
};

const lexiconWords = new WeakMap<NameLexicon, { stop: Set<string>; everyday: Set<string> }>();

function wordsOf(lexicon: NameLexicon) {
  let w = lexiconWords.get(lexicon);
  if (!w) {
    const stop = new Set<string>();
    for (const s of [...PARTICLES, ...lexicon.stopWords]) stop.add(foldName(lexicon, s));
    w = { stop, everyday: new Set(EVERYDAY.map((s) => foldName(lexicon, s))) };
    lexiconWords.set(lexicon, w);
  }
  return w;
}

export function patternsOf(names: readonly string[], lexicon: NameLexicon = PLAIN_LEXICON) {
  const { stop, everyday } = wordsOf(lexicon);
  const byFolded = new Map<string, Pattern>();
  const add = (raw: string, name: string) => {
    const folded = foldName(lexicon, raw).replace(/ +/g, ' ').trim();
    const letters = lettersOf(folded);
    const open = isUnspacedChar(firstChar(letters));
    if ([...letters].length < 2) return;
    const oneWord = !folded.includes(' ');
    // A function word is never a name on its own, whoever chose it as one.
    if (oneWord && stop.has(folded)) return;
    const p = byFolded.get(folded) ?? {
      folded,
      names: new Set<string>(),
      needsCapital: oneWord && !open && (everyday.has(folded) || letters.length <= 2),
      openStart: isUnspacedChar(firstChar(folded)),
      openEnd: isUnspacedChar(lastChar(folded)),
    };
    p.names.add(name);
    byFolded.set(folded, p);
  };
  for (const raw of names) {
    const name = oneLine(raw);
    if (!name) continue;
    add(name, name);
    const words = name.split(' ').filter(Boolean);
    // "李 明" is written "李明" in running text.
    if (words.length > 1 && words.every((w) => isUnspacedChar(firstChar(w)))) {
      add(words.join(''), name);
    }
    for (const word of words) {
      const clean = trimWhere(word, (c) => !/[\p{L}\p{N}]/u.test(c));
      add(clean, name);
      if (clean.includes('-')) for (const half of clean.split('-')) add(half, name);
    }
  }
  return [...byFolded.values()];
}

/**
 * Finds every participant's name in texts, in one pass over each text: the folded text is
 * walked once, and at each position a trie of the folded names gives the longest name that
 * starts there (bounded by the longest name), so the work is linear in the text.
 */
export class NameMatcher {
  private readonly patterns: Pattern[];
  private readonly root: Map<number, TrieNode> = new Map();

  constructor(
    names: readonly string[],
    private readonly lexicon: NameLexicon = PLAIN_LEXICON,
  ) {
    this.patterns = patternsOf(names, lexicon);
    this.patterns.forEach((p, index) => {
      let level = this.root;
      let node: TrieNode | undefined;
      for (let k = 0; k < p.folded.length; k++) {
        const c = p.folded.charCodeAt(k);
        node = level.get(c);
        if (!node) {
          node = { children: null, pattern: -1 };
          level.set(c, node);
        }
        if (k < p.folded.length - 1) {
          node.children ??= new Map();
          level = node.children;
        }
      }
      if (node) node.pattern = index;
    });
  }

  get isEmpty(): boolean {
    return this.patterns.length === 0;
  }

  /** Every occurrence in one text, in order of position. */
  find(location: TextLocation, text: string): NameFinding[] {
    if (!text || this.patterns.length === 0) return [];
    const f = foldText(this.lexicon, text);
    const s = f.folded;
    const out: NameFinding[] = [];
    let i = 0;
    while (i < s.length) {
      let node = this.root.get(s.charCodeAt(i));
      let best = -1;
      let bestEnd = -1;
      let j = i + 1;
      while (node) {
        if (node.pattern >= 0 && this.accepts(node.pattern, f, text, i, j)) {
          best = node.pattern;
          bestEnd = j;
        }
        if (j >= s.length || !node.children) break;
        node = node.children.get(s.charCodeAt(j));
        j++;
      }
      if (best < 0) {
        i++;
        continue;
      }
      this.emit(out, location, text, f, i, bestEnd, this.patterns[best] as Pattern);
      i = bestEnd;
    }
    return out;
  }

  private accepts(index: number, f: FoldedText, text: string, i: number, end: number): boolean {
    const p = this.patterns[index] as Pattern;
    const s = f.folded;
    if (!p.openStart && i > 0 && isSpacedWordChar(charBefore(s, i))) return false;
    if (!p.openEnd && end < s.length && isSpacedWordChar(charAt(s, end))) return false;
    if (p.needsCapital && !isCapital(charAt(text, f.starts[i] as number))) return false;
    return true;
  }

  private emit(
    out: NameFinding[],
    location: TextLocation,
    text: string,
    f: FoldedText,
    i: number,
    end: number,
    p: Pattern,
  ): void {
    let start = Number.POSITIVE_INFINITY;
    let stop = 0;
    let run = -1;
    for (let k = i; k < end; k++) {
      start = Math.min(start, f.starts[k] as number);
      stop = Math.max(stop, f.ends[k] as number);
      if ((f.runOf[k] as number) >= 0) run = f.runOf[k] as number;
    }
    // A name under a right-to-left override is replaced with its override: the replacement
    // must read forwards.
    const r = run >= 0 ? f.runs[run] : undefined;
    if (r) {
      start = Math.min(start, r.start);
      stop = Math.max(stop, r.end);
    }
    // A name split by emphasis markers takes the markers with it (`Am**ara**` → "a participant").
    if (/[*_]/.test(text.slice(start, stop))) {
      while (start > 0 && /[*_]/.test(text.charAt(start - 1))) start--;
      while (stop < text.length && /[*_]/.test(text.charAt(stop))) stop++;
    }
    const last = out[out.length - 1];
    if (last && last.start === start && last.end === stop) {
      last.names = [...new Set([...last.names, ...p.names])].sort();
      return;
    }
    out.push({
      id: `${locationKey(location)}@${start}-${stop}`,
      location,
      names: [...p.names].sort(),
      match: text.slice(start, stop),
      start,
      end: stop,
      before: text.slice(Math.max(0, start - 48), start).replace(/\s+/g, ' '),
      after: text.slice(stop, stop + 48).replace(/\s+/g, ' '),
    });
  }
}

function charAt(s: string, i: number): string {
  return String.fromCodePoint(s.codePointAt(i) ?? 32);
}

function charBefore(s: string, i: number): string {
  const c = s.charCodeAt(i - 1);
  if (c >= 0xdc00 && c <= 0xdfff && i >= 2) return charAt(s, i - 2);
  return s.charAt(i - 1);
}

/** Every occurrence of a participant's name in the given texts. */
export function findNames(
  names: readonly string[],
  texts: readonly CheckedText[],
  lexicon: NameLexicon = PLAIN_LEXICON,
): NameFinding[] {
  const matcher = new NameMatcher(names, lexicon);
  if (matcher.isEmpty) return [];
  const out: NameFinding[] = [];
  for (const { location, text } of texts) {
    for (const f of matcher.find(location, text)) out.push(f);
  }
  return out;
}

// ---- Redaction --------------------------------------------------------------------------

/** A range of a text replaced by `insert`. */
export interface TextEdit {
  start: number;
  end: number;
  insert: string;
}

const LIST_OR_EMPHASIS = /^(([-*+>]|\d+[.)])\s+)?(\*\*|\*|_|#+\s+)?$/;
const isSpaceCode = (c: number) =>
  c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11 || c === 0xa0;

/** Whether the text before `start` ends a sentence (". ", "! **", "?” "). */
function afterSentenceEnd(text: string, start: number): boolean {
  let k = start;
  if (text.startsWith('**', k - 2)) k -= 2;
  else if (text[k - 1] === '*' || text[k - 1] === '_') k -= 1;
  const spaceEnd = k;
  while (k > 0 && isSpaceCode(text.charCodeAt(k - 1))) k--;
  if (k === spaceEnd) return false;
  if (/["'’”)\]]/.test(text.charAt(k - 1))) k--;
  return /[.!?]/.test(text.charAt(k - 1));
}

/**
 * The edits that replace the given ranges of a text with "a participant" ("A participant"
 * where a sentence starts), on the original offsets, in order. Overlapping ranges are merged.
 * One forward pass over the text: linear in its length plus the ranges.
 */
export function redactionEdits(
  text: string,
  ranges: readonly { start: number; end: number }[],
): TextEdit[] {
  const sorted = ranges
    .filter((r) => r.start >= 0 && r.end <= text.length && r.end > r.start)
    .map((r) => ({ start: r.start, end: r.end }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: { start: number; end: number }[] = [];
  for (const r of sorted) {
    const last = merged[merged.length - 1];
    if (last && r.start < last.end) last.end = Math.max(last.end, r.end);
    else merged.push(r);
  }
  const edits: TextEdit[] = [];
  let scanned = 0;
  let contentStart = -1;
  for (const r of merged) {
    // Where the current line's content starts, tracked as the scan moves forwards.
    for (let k = scanned; k < r.start; k++) {
      const c = text.charCodeAt(k);
      if (c === 10) contentStart = -1;
      else if (contentStart < 0 && !isSpaceCode(c)) contentStart = k;
    }
    scanned = r.start;
    const lead = contentStart < 0 ? '' : text.slice(contentStart, r.start);
    const lineStart = lead.length <= 40 && LIST_OR_EMPHASIS.test(lead);
    const sentenceStart = lineStart || afterSentenceEnd(text, r.start);
    edits.push({ ...r, insert: sentenceStart ? 'A participant' : REDACTION });
  }
  return edits;
}

/** A text with sorted, non-overlapping edits applied (one pass). */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const parts: string[] = [];
  let at = 0;
  for (const e of edits) {
    if (e.start < at) continue;
    parts.push(text.slice(at, e.start), e.insert);
    at = e.end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/** A text with the given ranges replaced by "a participant". */
export function redactText(
  text: string,
  ranges: readonly { start: number; end: number }[],
): string {
  return applyTextEdits(text, redactionEdits(text, ranges));
}

/** Every occurrence of these names in a text, redacted (for texts nobody reviews one by one). */
export function redactAllNames(
  names: readonly string[],
  text: string,
  lexicon: NameLexicon = PLAIN_LEXICON,
): string {
  const found = findNames(
    names,
    [{ location: { kind: 'workshop', field: 'title' }, text }],
    lexicon,
  );
  return found.length === 0 ? text : redactText(text, found);
}

/**
 * Fewer, wider edits with the same result: neighbouring edits closer than a gap are joined
 * (the text between them rewritten as it is), the gap growing until at most `maxOps` remain.
 * A shared text (Y.Text) pays per operation, ~30 µs each: 30,000 single-name edits would
 * hold the server's thread for a second, a few hundred joined ones take milliseconds.
 */
export function coalesceEdits(text: string, edits: readonly TextEdit[], maxOps = 200): TextEdit[] {
  let out: TextEdit[] = [...edits];
  let gap = 16;
  while (out.length > maxOps) {
    const joined: TextEdit[] = [];
    let cur: { start: number; end: number; parts: string[] } | null = null;
    for (const e of edits) {
      if (cur && e.start - cur.end < gap) {
        cur.parts.push(text.slice(cur.end, e.start), e.insert);
        cur.end = e.end;
        continue;
      }
      if (cur) joined.push({ start: cur.start, end: cur.end, insert: cur.parts.join('') });
      cur = { start: e.start, end: e.end, parts: [e.insert] };
    }
    if (cur) joined.push({ start: cur.start, end: cur.end, insert: cur.parts.join('') });
    out = joined;
    gap *= 8;
  }
  return out;
}

/**
 * What undoing a redaction needs for one text: the text as redacted, and for each replacement
 * its offset in that text, the length of what was inserted and the original words.
 */
export interface RedactionUndo {
  redacted: string;
  /** [offset in `redacted`, inserted length, original text], in order. */
  edits: [number, number, string][];
}

/** The undo record of edits applied to a text (same order as the edits). */
export function undoRecordOf(text: string, edits: readonly TextEdit[]): RedactionUndo {
  const out: [number, number, string][] = [];
  let shift = 0;
  for (const e of edits) {
    out.push([e.start + shift, e.insert.length, text.slice(e.start, e.end)]);
    shift += e.insert.length - (e.end - e.start);
  }
  return { redacted: applyTextEdits(text, edits), edits: out };
}

/**
 * The edits that put the original words back into `current`. Where the text was changed since
 * the redaction, replacements inside the changed stretch (found as the common prefix and suffix
 * of the redacted and the current text) are left as they are and counted as skipped; the others
 * are placed by their distance from the start or the end. Linear.
 */
export function undoEdits(
  current: string,
  undo: RedactionUndo,
): { edits: TextEdit[]; skipped: number } {
  const r = undo.redacted;
  let p = 0;
  const max = Math.min(current.length, r.length);
  while (p < max && current.charCodeAt(p) === r.charCodeAt(p)) p++;
  let s = 0;
  while (
    s < max - p &&
    current.charCodeAt(current.length - 1 - s) === r.charCodeAt(r.length - 1 - s)
  ) {
    s++;
  }
  const delta = current.length - r.length;
  const edits: TextEdit[] = [];
  let skipped = 0;
  for (const [at, length, original] of undo.edits) {
    if (at + length <= p) {
      edits.push({ start: at, end: at + length, insert: original });
    } else if (at >= r.length - s) {
      edits.push({ start: at + delta, end: at + length + delta, insert: original });
    } else skipped++;
  }
  return { edits, skipped };
}
