/** Small text helpers shared by the brief model, its renderers and the name check. */

import { stripUnsafeText } from '../domain/unicodeText.ts';

/**
 * Removes what no export may carry: C0 control characters (NUL, bell, …; tab and line breaks
 * kept), DEL, noncharacters (U+FFFF, U+FDD0, …) and lone surrogates. Participants' inputs are
 * refused with them; trusted writers' notes and drafts, and rows stored before the schemas
 * refused noncharacters, may still carry them, and no export should (XML forbids several).
 */
export function stripControls(s: string): string {
  return stripUnsafeText(s, { controls: true });
}

/** Whether a UTF-16 code unit is JavaScript whitespace (exactly what `\s` and `trim()` match). */
export function isSpaceCode(c: number): boolean {
  return (
    c === 0x20 ||
    (c >= 0x09 && c <= 0x0d) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** The character (code point) of `s` that ends at index `end`. */
function charBefore(s: string, end: number): string {
  const low = s.charCodeAt(end - 1);
  const high = s.charCodeAt(end - 2);
  return low >= 0xdc00 && low <= 0xdfff && high >= 0xd800 && high <= 0xdbff
    ? s.slice(end - 2, end)
    : s.slice(end - 1, end);
}

/**
 * `s` without the characters `drop` accepts at its start, its end or both, in one pass from
 * each end. Patterns such as `/[.,;:]+$/` do the same in quadratic time: the engine tries every
 * start inside a long run and scans to the run's end each time.
 */
export function trimWhere(
  s: string,
  drop: (ch: string) => boolean,
  ends: 'start' | 'end' | 'both' = 'both',
): string {
  let start = 0;
  let end = s.length;
  if (ends !== 'end') {
    while (start < end) {
      const ch = String.fromCodePoint(s.codePointAt(start) as number);
      if (!drop(ch)) break;
      start += ch.length;
    }
  }
  if (ends !== 'start') {
    while (end > start) {
      const ch = charBefore(s, end);
      if (!drop(ch)) break;
      end -= ch.length;
    }
  }
  return s.slice(start, end);
}

/** Collapses every run of whitespace (line breaks included) to one space, and trims. */
export function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** Letters that do not decompose under NFD but that people type without the accent. */
export const FOLD_LETTERS: Readonly<Record<string, string>> = {
  ø: 'o',
  æ: 'ae',
  œ: 'oe',
  ß: 'ss',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ł: 'l',
  ı: 'i',
  ħ: 'h',
};

/** The letters above, and apostrophes folded to the plain one. */
const FOLD_EXTRA: Readonly<Record<string, string>> = { ...FOLD_LETTERS, '’': "'", ʼ: "'" };

const EXTRA_RE = new RegExp(`[${Object.keys(FOLD_EXTRA).join('')}]`, 'g');

/**
 * A text folded for comparison: lower case, accents removed ('Ø' → 'o', 'é' → 'e'). The name
 * check folds further, with offsets kept (nameFold.ts).
 */
export function fold(s: string): string {
  return s
    .toLowerCase()
    .replace(EXTRA_RE, (c) => FOLD_EXTRA[c] ?? c)
    .normalize('NFD')
    .replace(/\p{M}/gu, '');
}

const SMALL = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

/** Numbers in running text: words up to ten, digits above (house style of most briefs). */
export function numberWord(n: number): string {
  return SMALL[n] ?? String(n);
}

/** "one idea" / "15 ideas". */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${numberWord(n)} ${n === 1 ? singular : plural}`;
}

/** Capitalises the first letter of a sentence. */
export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** `2017-02-23` → `23 February 2017`; null for anything else. */
export function longDate(date: string | null): string | null {
  const m = date ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(date) : null;
  if (!m) return null;
  const month = MONTHS[Number(m[2]) - 1];
  return month ? `${Number(m[3])} ${month} ${m[1]}` : null;
}

/** `2017-02-23` → `February 2017`. */
export function monthYear(date: string): string | null {
  const m = /^(\d{4})-(\d{2})/.exec(date);
  const month = m ? MONTHS[Number(m[2]) - 1] : undefined;
  return m && month ? `${month} ${m[1]}` : null;
}

/** Today's date as `YYYY-MM-DD` in UTC. */
export function isoDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** "A", "A and B", "A, B and C". */
export function joinAnd(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Ends a sentence with a full stop unless it already ends with punctuation. */
export function sentence(s: string): string {
  const t = s.trim();
  if (t === '') return t;
  return /[.!?…:;)"'»”’]$/u.test(t) ? t : `${t}.`;
}

/** Cuts a text to about `max` characters at a word boundary, with an ellipsis. */
export function shorten(s: string, max: number): string {
  const t = oneLine(s);
  if (t.length <= max) return t;
  const cut = t.slice(0, max);
  const space = cut.lastIndexOf(' ');
  const kept = space > max * 0.6 ? cut.slice(0, space) : cut;
  return `${trimWhere(kept, (c) => isSpaceCode(c.charCodeAt(0)) || ',;:.–-'.includes(c), 'end')}…`;
}

/** A small, stable 53-bit string hash (cyrb53), as hex; no crypto needed for identity checks. */
export function hashText(s: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16);
}

/**
 * An idea's text as the brief prints it (issue 14): whitespace collapsed, "&" spelled out in
 * the brief's language, emoji and their joiners and variation selectors dropped. The archive
 * keeps the original; this is only the publishable wording.
 */
export function normaliseIdeaText(s: string, lang: 'en' | 'fr' | 'es' = 'en'): string {
  const and = lang === 'fr' ? 'et' : lang === 'es' ? 'y' : 'and';
  return oneLine(
    s
      .replace(/\p{Extended_Pictographic}(\u{FE0F}|\u{200D}\p{Extended_Pictographic})*/gu, '')
      .replace(/\u{FE0F}|\u{200D}|[\u{1F3FB}-\u{1F3FF}]/gu, '')
      .replace(/\s&\s/g, ` ${and} `),
  ).replace(/\s+([.,])/g, '$1');
}
