import { foldWithMap, oneLine, trimWhere } from './text.ts';

/**
 * The check before export: participants' names typed into texts ("as Amara said earlier…").
 * Under the Chatham House Rule a name in an idea, a note or the draft attributes a view, so
 * every occurrence is listed for the rapporteur, who can replace it with "a participant".
 *
 * Matching favours recall: full names and their parts (first name, surname, each half of a
 * hyphenated name), ignoring case and accents ("Soren" finds "Søren"). Parts that are also
 * everyday words ("Will", "Grace") only match when written with a capital.
 */

/** What replaces a name. */
export const REDACTION = 'a participant';

/** Where a text lives, precisely enough to change it. */
export type TextLocation =
  | {
      kind: 'idea';
      questionId: string;
      ideaId: string;
      field: 'text' | 'actor' | 'nextStep' | 'originalText' | 'moderationReason';
    }
  | { kind: 'notes'; questionId: string }
  /** A section of the brief draft; `base`: the record of what generation wrote there. */
  | { kind: 'draft'; section: string; base?: boolean }
  | { kind: 'cluster'; questionId: string; clusterId: string }
  | { kind: 'question'; questionId: string }
  | { kind: 'workshop'; field: 'title' | 'series' | 'host' };

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
    case 'draft':
      return `draft:${l.section}${l.base ? ':base' : ''}`;
    case 'cluster':
      return `cluster:${l.clusterId}`;
    case 'question':
      return `question:${l.questionId}`;
    case 'workshop':
      return `workshop:${l.field}`;
  }
}

/** Particles of names that say nothing on their own. */
const PARTICLES = new Set([
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
]);

/** Names that are also everyday words: only matched when capitalised in the text. */
const EVERYDAY = new Set(
  `will may grace hope faith joy mark bill rose ruby pearl chance young long white brown green
  black king price rich hunt page rush love star sky summer winter autumn spring dawn eve sunny
  hunter ray august june april frank gay earl baker cook smith fisher mason carter miller
  taylor walker wood woods hill hall lane rivers banks field fields north south west east
  peace fund council union new way can art jack sue pat`
    .split(/\s+/)
    .filter(Boolean),
);

interface Pattern {
  folded: string;
  names: Set<string>;
  needsCapital: boolean;
}

function patternsOf(names: readonly string[]): Pattern[] {
  const byFolded = new Map<string, Pattern>();
  const add = (raw: string, name: string, minLength: number) => {
    const folded = foldWithMap(raw).folded;
    if (folded.replace(/[^\p{L}\p{N}]/gu, '').length < minLength) return;
    const p = byFolded.get(folded) ?? {
      folded,
      names: new Set<string>(),
      needsCapital: EVERYDAY.has(folded),
    };
    p.names.add(name);
    byFolded.set(folded, p);
  };
  for (const raw of names) {
    const name = oneLine(raw);
    if (!name) continue;
    add(name, name, 2);
    const words = name.split(' ').filter(Boolean);
    for (const word of words) {
      const clean = trimWhere(word, (c) => !/[\p{L}\p{N}]/u.test(c));
      if (PARTICLES.has(foldWithMap(clean).folded)) continue;
      add(clean, name, 3);
      if (clean.includes('-')) for (const half of clean.split('-')) add(half, name, 3);
    }
  }
  // Longest first, so "Amara Oyelaran-Tessema" wins over "Amara" at the same place.
  return [...byFolded.values()].sort((a, b) => b.folded.length - a.folded.length);
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every occurrence of a participant's name in the given texts. */
export function findNames(names: readonly string[], texts: readonly CheckedText[]): NameFinding[] {
  const patterns = patternsOf(names);
  if (patterns.length === 0) return [];
  const findings: NameFinding[] = [];
  // One alternation per text keeps this linear in the text length.
  const re = new RegExp(
    `(?<![\\p{L}\\p{N}])(?:${patterns.map((p) => escapeRe(p.folded)).join('|')})(?![\\p{L}\\p{N}])`,
    'gu',
  );
  const byFolded = new Map(patterns.map((p) => [p.folded, p]));
  for (const { location, text } of texts) {
    if (!text) continue;
    const { folded, map } = foldWithMap(text);
    re.lastIndex = 0;
    for (let m = re.exec(folded); m !== null; m = re.exec(folded)) {
      const p = byFolded.get(m[0]);
      const start = map[m.index] ?? 0;
      const end = map[m.index + m[0].length] ?? text.length;
      if (!p) continue;
      if (p.needsCapital && !/^\p{Lu}/u.test(text.slice(start))) continue;
      findings.push({
        id: `${locationKey(location)}@${start}-${end}`,
        location,
        names: [...p.names].sort(),
        match: text.slice(start, end),
        start,
        end,
        before: text.slice(Math.max(0, start - 48), start).replace(/\s+/g, ' '),
        after: text.slice(end, end + 48).replace(/\s+/g, ' '),
      });
    }
  }
  return findings;
}

/**
 * The edits that replace the given ranges of a text with "a participant" ("A participant"
 * where a sentence starts), as range replacements on the original offsets (for a Y.Text).
 * Overlapping ranges are merged.
 */
export function redactionEdits(
  text: string,
  ranges: readonly { start: number; end: number }[],
): { start: number; end: number; insert: string }[] {
  const sorted = [...ranges]
    .filter((r) => r.start >= 0 && r.end <= text.length && r.end > r.start)
    .sort((a, b) => a.start - b.start);
  const merged: { start: number; end: number }[] = [];
  for (const r of sorted) {
    const last = merged[merged.length - 1];
    if (last && r.start < last.end) last.end = Math.max(last.end, r.end);
    else merged.push({ ...r });
  }
  return merged.map((r) => {
    const before = text.slice(0, r.start);
    const line = before.slice(before.lastIndexOf('\n') + 1);
    const sentenceStart =
      /^\s*(([-*+>]|\d+[.)])\s+)?(\*\*|\*|_|#+\s+)?$/.test(line) ||
      /[.!?]["'’”)\]]?\s+(\*\*|\*|_)?$/.test(before);
    return { ...r, insert: sentenceStart ? 'A participant' : REDACTION };
  });
}

/** A text with the given ranges replaced by "a participant". */
export function redactText(
  text: string,
  ranges: readonly { start: number; end: number }[],
): string {
  let out = text;
  for (const e of redactionEdits(text, ranges).reverse()) {
    out = out.slice(0, e.start) + e.insert + out.slice(e.end);
  }
  return out;
}

/** Every occurrence of these names in a text, redacted (for texts nobody reviews one by one). */
export function redactAllNames(names: readonly string[], text: string): string {
  const found = findNames(names, [{ location: { kind: 'workshop', field: 'title' }, text }]);
  return found.length === 0 ? text : redactText(text, found);
}
