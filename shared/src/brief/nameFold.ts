import { FOLD_LETTERS } from './text.ts';

/**
 * The text as the name check compares it: a participant who wants their name in the record
 * despite the Chatham House Rule (or a careless copy from another document) can write a name
 * so that it looks the same to a reader but differs code point by code point. Both the names
 * and every text go through the same folding, and the folded text keeps, for each of its
 * characters, the range of the original it came from, so that a finding (and its redaction)
 * points at the original text.
 *
 * Per code point, in order:
 *  - dropped: default-ignorable code points (zero-width space, joiners, word joiner, soft
 *    hyphen, variation selectors…), bidi controls, the Arabic tatweel (a stretch, not a letter),
 *    and the emphasis markers `*` and `_` (`Am**ara**` is shown as "Amara" by every renderer);
 *  - NFKC compatibility (decomposed, then combining marks dropped): fullwidth, mathematical
 *    bold, ligatures and accents fold to their base letters;
 *  - the confusable skeleton of Unicode TS #39 (confusables.txt prototypes: Cyrillic "А" is "A")
 *    for every non-ASCII character, then lower case. ASCII letters are only lower-cased: their
 *    TS #39 prototypes ("I" → "l", "m" → "rn") would make case folding disagree with itself
 *    ("Ivo" ≠ "ivo"). A prototype that would turn a letter into punctuation or the reverse
 *    ("|" → "l") is not applied, so that word boundaries stay where a reader sees them;
 *  - whitespace of any kind becomes a space.
 *
 * A run under RIGHT-TO-LEFT OVERRIDE (U+202E, up to its PDF or the end of the line) is shown
 * reversed: it is folded in display order, so that "\u202EaramA\u202C" reads "Amara" here too.
 */

/** The Unicode data the check folds with (the server loads it from packages). */
export interface NameLexicon {
  /** Confusable prototypes of Unicode TS #39 (confusables.txt): code point → prototype. */
  confusables: ReadonlyMap<string, string>;
  /** Function words, per language: never taken as a name on their own ("For", "With", "de"). */
  stopWords: ReadonlySet<string>;
}

/** No Unicode data: NFKC, ignorables and case only (tests of the rest, and a fallback). */
export const PLAIN_LEXICON: NameLexicon = { confusables: new Map(), stopWords: new Set() };

/** A text folded for matching, with the original range of every folded UTF-16 unit. */
export interface FoldedText {
  folded: string;
  /** Original start offset of the code point each folded unit came from. */
  starts: Int32Array;
  /** Original end offset (exclusive) of that code point. */
  ends: Int32Array;
  /** Index into `runs` of the override run a unit came from, or -1. */
  runOf: Int32Array;
  /** Right-to-left override runs, as original ranges including their control characters. */
  runs: { start: number; end: number }[];
}

const IGNORABLE = /^[\p{Default_Ignorable_Code_Point}\p{Bidi_Control}\u0640*_]$/u;
const MARK = /\p{M}/gu;
const WORD = /^[\p{L}\p{N}]/u;
const UPPER = /^[\p{Lu}\p{Lt}]/u;
const ASCII_ONLY = /^[\0-\x7f]*$/;

const RLO = 0x202e;
const PDF = 0x202c;
/** Embeddings and overrides nest inside an override run; each is closed by one PDF. */
const OPENERS = new Set([0x202a, 0x202b, 0x202d, 0x202e]);
const isParagraphEnd = (cp: number) =>
  cp === 0x0a || cp === 0x0d || cp === 0x2029 || cp === 0x85 || cp === 0x1c || cp === 0x1d;

const caches = new WeakMap<NameLexicon, Map<number, string>>();

function stripMarks(s: string): string {
  return s.normalize('NFD').replace(MARK, '');
}

function prototypeOf(lexicon: NameLexicon, ch: string): string | null {
  const p = lexicon.confusables.get(ch);
  if (p === undefined || p === ch) return null;
  // Keep word boundaries where a reader sees them: a letter stays a letter.
  return WORD.test(ch) === WORD.test(p) ? p : null;
}

function lowerExtra(s: string): string {
  let out = '';
  for (const ch of s.toLowerCase()) out += FOLD_LETTERS[ch] ?? ch;
  return out;
}

/** One non-ASCII character (already NFKD, not a mark) folded. */
function foldOther(lexicon: NameLexicon, ch: string): string {
  if (/\s/.test(ch)) return ' ';
  const direct = prototypeOf(lexicon, ch);
  const viaDirect = lowerExtra(stripMarks(direct ?? ch));
  if (ASCII_ONLY.test(viaDirect)) {
    // An upper-case look-alike of "I" (Cyrillic І, Greek Ι) has the prototype "l"; as a capital
    // it stands for "I", which folds to "i".
    return viaDirect === 'l' && UPPER.test(ch) && ch.toLowerCase() !== 'l' ? 'i' : viaDirect;
  }
  // Small capitals (Cyrillic м, н, т look like ᴍ, ʜ, ᴛ): their capital's prototype is Latin.
  const upper = ch.toUpperCase();
  if (upper !== ch && [...upper].length === 1) {
    const viaUpper = prototypeOf(lexicon, upper);
    if (viaUpper !== null) {
      const folded = lowerExtra(stripMarks(viaUpper));
      if (ASCII_ONLY.test(folded)) return folded;
    }
  }
  return viaDirect;
}

/** One code point folded (empty when it is dropped). Cached per lexicon. */
export function foldCodePoint(lexicon: NameLexicon, cp: number): string {
  if (cp < 0x80) {
    if (cp >= 0x41 && cp <= 0x5a) return String.fromCharCode(cp + 32);
    if (cp === 0x2a || cp === 0x5f) return '';
    if (cp === 0x30) return 'o'; // TS #39: 0 → O (a digit for a letter, as in "J0nas")
    if (cp === 0x31) return 'l'; // TS #39: 1 → l
    if (cp === 0x09 || cp === 0x0a || cp === 0x0b || cp === 0x0c || cp === 0x0d) return ' ';
    return String.fromCharCode(cp);
  }
  let cache = caches.get(lexicon);
  if (!cache) {
    cache = new Map();
    caches.set(lexicon, cache);
  }
  const hit = cache.get(cp);
  if (hit !== undefined) return hit;
  const ch = String.fromCodePoint(cp);
  let out = '';
  if (!IGNORABLE.test(ch)) {
    for (const part of ch.normalize('NFKD')) {
      if (/^\p{M}$/u.test(part)) continue;
      const c = part.codePointAt(0) as number;
      out += c < 0x80 ? foldCodePoint(lexicon, c) : foldOther(lexicon, part);
    }
  }
  cache.set(cp, out);
  return out;
}

/** A name or a word folded (no offsets needed). */
export function foldName(lexicon: NameLexicon, s: string): string {
  let out = '';
  for (const ch of s) out += foldCodePoint(lexicon, ch.codePointAt(0) as number);
  return out;
}

class Builder {
  private parts: string[] = [];
  private length = 0;
  starts: Int32Array;
  ends: Int32Array;
  runOf: Int32Array;
  constructor(capacity: number) {
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
    this.runOf = new Int32Array(capacity);
  }
  push(f: string, start: number, end: number, run: number): void {
    if (f === '') return;
    const need = this.length + f.length;
    if (need > this.starts.length) this.grow(need);
    for (let k = 0; k < f.length; k++) {
      this.starts[this.length + k] = start;
      this.ends[this.length + k] = end;
      this.runOf[this.length + k] = run;
    }
    this.length = need;
    this.parts.push(f);
  }
  private grow(need: number): void {
    const size = Math.max(need, this.starts.length * 2);
    const grow = (a: Int32Array) => {
      const b = new Int32Array(size);
      b.set(a);
      return b;
    };
    this.starts = grow(this.starts);
    this.ends = grow(this.ends);
    this.runOf = grow(this.runOf);
  }
  done(runs: { start: number; end: number }[]): FoldedText {
    return {
      folded: this.parts.join(''),
      starts: this.starts.subarray(0, this.length),
      ends: this.ends.subarray(0, this.length),
      runOf: this.runOf.subarray(0, this.length),
      runs,
    };
  }
}

/** Folds a text for matching, keeping the original range of every folded unit. Linear. */
export function foldText(lexicon: NameLexicon, s: string): FoldedText {
  const out = new Builder(s.length + 16);
  const runs: { start: number; end: number }[] = [];
  let i = 0;
  while (i < s.length) {
    const cp = s.codePointAt(i) as number;
    const width = cp > 0xffff ? 2 : 1;
    if (cp !== RLO) {
      out.push(foldCodePoint(lexicon, cp), i, i + width, -1);
      i += width;
      continue;
    }
    // A right-to-left override: collect its code points up to the closing PDF (nesting
    // counted) or the end of the line, and fold them in the order a reader sees them.
    const points: { cp: number; at: number; width: number }[] = [];
    let depth = 1;
    let j = i + 1;
    while (j < s.length) {
      const c = s.codePointAt(j) as number;
      const w = c > 0xffff ? 2 : 1;
      if (isParagraphEnd(c)) break;
      if (OPENERS.has(c)) depth++;
      if (c === PDF && --depth === 0) {
        j += w;
        break;
      }
      points.push({ cp: c, at: j, width: w });
      j += w;
    }
    const run = runs.length;
    runs.push({ start: i, end: j });
    for (let k = points.length - 1; k >= 0; k--) {
      const p = points[k] as { cp: number; at: number; width: number };
      out.push(foldCodePoint(lexicon, p.cp), p.at, p.at + p.width, run);
    }
    i = j;
  }
  return out.done(runs);
}

/**
 * Scripts written without spaces between words (Han, kana, Thai, Lao, Khmer, Myanmar, Tibetan):
 * a name in them has no word boundary to look for.
 */
const UNSPACED =
  /^[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}\p{sc=Tibetan}\u30fc]/u;

export function isUnspacedChar(ch: string): boolean {
  return UNSPACED.test(ch);
}

/** A letter or digit of a script written with spaces: what a word boundary looks for. */
export function isSpacedWordChar(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (c < 0x80)
    return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a);
  return WORD.test(ch) && !UNSPACED.test(ch);
}

/** Whether an original character starts with a capital (for names that are everyday words). */
export function isCapital(ch: string): boolean {
  return UPPER.test(ch);
}
