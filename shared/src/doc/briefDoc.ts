import * as Y from 'yjs';
import { SECTION_KEY_PATTERN } from '../brief/sections.ts';
import type { BriefDraft } from '../brief/snapshot.ts';
import { type DocOrigin, ORIGINS } from './boardDoc.ts';
import { count, record, safely } from './coerce.ts';

/**
 * The brief draft's part of the workshop's Y.Doc (the rest of the layout is in boardDoc.ts):
 *
 *   brief      Y.Map   sectionKey → Y.Text                 (rapporteurs' draft of each section)
 *   briefBase  Y.Map   sectionKey → { text, at }           (what generation last wrote there)
 *
 * Section keys are those of `briefSectionKeys` (header, opening, takeaways, question:<id>,
 * recommendations, annex). Only the server creates a section's Y.Text, when the draft is first
 * generated: two rapporteurs creating it at once would each make their own and one would lose
 * what they typed. `briefBase` is what lets regeneration tell an edited section from one that
 * can simply be brought up to date. Names never enter either map.
 */

/** The generation record of one section. */
export interface BriefBase {
  /** The text generation last wrote. */
  text: string;
  /** Server epoch ms of that generation. */
  at: number;
}

function briefMap(doc: Y.Doc): Y.Map<Y.Text> {
  return doc.getMap('brief');
}
function baseMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('briefBase');
}

function readBase(v: unknown): BriefBase | null {
  return safely(() => {
    const b = record(v);
    return b && typeof b.text === 'string' ? { text: b.text, at: count(b.at) } : null;
  }, null);
}

/**
 * The sections of the draft a reader shows: a Y.Text under a key a section can have. Anything
 * else a writer left in the map (a plain string, another shared type, a key such as
 * `__proto__` that would change the draft object's prototype) is skipped.
 */
function* sections(doc: Y.Doc): Generator<[string, Y.Text]> {
  for (const [key, t] of briefMap(doc)) {
    if (t instanceof Y.Text && SECTION_KEY_PATTERN.test(key)) yield [key, t];
  }
}

/** The shared text of a section, for editors; null until the draft is first generated. */
export function briefText(doc: Y.Doc, key: string): Y.Text | null {
  const t = briefMap(doc).get(key);
  return t instanceof Y.Text ? t : null;
}

/** The generation record of a section, or null when it was never generated. */
export function readBriefBase(doc: Y.Doc, key: string): BriefBase | null {
  return readBase(baseMap(doc).get(key));
}

/** The draft as plain data: every section that exists, with its generation record. */
export function readBriefDraft(doc: Y.Doc): BriefDraft {
  const out: BriefDraft = {};
  const bases = baseMap(doc);
  for (const [key, t] of sections(doc)) {
    out[key] = { text: t.toString(), base: readBase(bases.get(key))?.text ?? null };
  }
  return out;
}

/** Whether any section of the draft exists yet. */
export function hasBriefDraft(doc: Y.Doc): boolean {
  return !sections(doc).next().done;
}

/**
 * Changes a Y.Text into `next` with one delete and one insert around the common prefix and
 * suffix, so that what other rapporteurs are typing elsewhere in it is kept and their carets
 * stay put. Call inside a transaction.
 */
export function replaceText(text: Y.Text, next: string): void {
  const prev = text.toString();
  if (prev === next) return;
  let start = 0;
  while (start < prev.length && start < next.length && prev[start] === next[start]) start++;
  let endPrev = prev.length;
  let endNext = next.length;
  while (endPrev > start && endNext > start && prev[endPrev - 1] === next[endNext - 1]) {
    endPrev--;
    endNext--;
  }
  if (endPrev > start) text.delete(start, endPrev - start);
  if (endNext > start) text.insert(start, next.slice(start, endNext));
}

/**
 * Writes a generated section: creates its Y.Text if needed (server only), sets its text and
 * records it as the generation base. One transaction per call.
 */
export function writeBriefSection(
  doc: Y.Doc,
  key: string,
  text: string,
  at: number,
  origin: DocOrigin = ORIGINS.command,
): void {
  doc.transact(() => {
    const sections = briefMap(doc);
    let t = sections.get(key);
    if (!(t instanceof Y.Text)) {
      t = new Y.Text();
      sections.set(key, t);
    }
    replaceText(t, text);
    baseMap(doc).set(key, { text, at } satisfies BriefBase);
  }, origin);
}

/** Replaces ranges of a section's text (name redaction); offsets are those of its current text. */
export function editBriefRanges(
  doc: Y.Doc,
  key: string,
  edits: readonly { start: number; end: number; insert: string }[],
  origin: DocOrigin = ORIGINS.command,
): void {
  const t = briefText(doc, key);
  if (!t) return;
  doc.transact(() => applyEdits(t, edits), origin);
}

/** Applies non-overlapping range edits to a Y.Text, last first so offsets stay valid. */
export function applyEdits(
  t: Y.Text,
  edits: readonly { start: number; end: number; insert: string }[],
): void {
  const sorted = [...edits].sort((a, b) => b.start - a.start);
  let floor = Number.POSITIVE_INFINITY;
  for (const e of sorted) {
    if (e.end > floor || e.start < 0 || e.end > t.length || e.end < e.start) continue;
    t.delete(e.start, e.end - e.start);
    t.insert(e.start, e.insert);
    floor = e.start;
  }
}

/** The shared types an editor's undo manager should track for one section. */
export function briefUndoScope(doc: Y.Doc, key: string): Y.AbstractType<unknown>[] {
  const t = briefText(doc, key);
  return t ? [t as Y.AbstractType<unknown>] : [];
}

/** Restores a section from an archive: its text, and its generation record when it had one. */
export function restoreBriefSection(
  doc: Y.Doc,
  key: string,
  text: string,
  base: string | null,
  at: number,
  origin: DocOrigin = ORIGINS.command,
): void {
  doc.transact(() => {
    const sections = briefMap(doc);
    let t = sections.get(key);
    if (!(t instanceof Y.Text)) {
      t = new Y.Text();
      sections.set(key, t);
    }
    replaceText(t, text);
    if (base === null) baseMap(doc).delete(key);
    else baseMap(doc).set(key, { text: base, at } satisfies BriefBase);
  }, origin);
}

/** Calls `fn` after every change to the draft (any section's text or generation record). */
export function observeBrief(doc: Y.Doc, fn: () => void): () => void {
  const sections = briefMap(doc);
  const bases = baseMap(doc);
  const handler = () => fn();
  sections.observeDeep(handler);
  bases.observe(handler);
  return () => {
    sections.unobserveDeep(handler);
    bases.unobserve(handler);
  };
}
