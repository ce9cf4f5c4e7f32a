import { createHash } from 'node:crypto';
import {
  applyTextEdits,
  type BriefDraft,
  type BriefSnapshot,
  blocksText,
  type CheckedText,
  coalesceEdits,
  composeBrief,
  findNameReferences,
  foldName,
  locationKey,
  type NameCandidate,
  type NameCheckFinding,
  type NameCheckReply,
  type NameFinding,
  NameMatcher,
  questionOfSection,
  type RedactionUndo,
  readBriefBase,
  readBriefDraft,
  readClusters,
  readDebate,
  readNotes,
  redactionEdits,
  sectionTitle,
  type TextEdit,
  type TextLocation,
  uncoveredReferences,
  undoEdits,
  undoRecordOf,
} from '@convene/shared';
import type * as Y from 'yjs';
import type { IdeaRow, QuestionRow, WorkshopRow } from '../store/store.ts';
import { nameLexicon } from './nameLexicon.ts';
import { briefFromStored, loadOne, type StoredSource, storedDoc } from './storedWorkshop.ts';

/**
 * The CPU-heavy half of the name check, run on the export worker (renderPool.ts): finding the
 * names in every text, composing the brief to check it as the exports show it, and computing
 * the edits of a replacement or of its undo. The main thread only reads the texts before and
 * applies the edits after. Everything here is linear in the size of the texts: notes of 420 KB
 * with 30,000 mentions are found, redacted and recorded in one pass each.
 */

/** Findings listed in a reply; `total` counts all of them. */
const LISTED = 500;

/** Everything a check needs, read on the main thread. */
export interface NameJobInput {
  names: string[];
  texts: CheckedText[];
  /** Question id → its number on the agenda (1-based), for "Question 2 · idea". */
  questionNumbers: Record<string, number>;
  chathamHouse: boolean;
  /** Keys of the findings recorded as "not a participant's name" (issue 14). */
  decided?: string[];
  /** The board as the brief is composed from it: its exports are checked as they show it. */
  rendered?: { snapshot: BriefSnapshot; draft: BriefDraft; now: Date };
}

/** What to replace: finding ids, confirmed names, or (neither) every redactable finding. */
export interface RedactChoice {
  ids?: string[];
  names?: string[];
}

/** The replacement of one text, computed on the worker. */
export interface TextRedaction {
  location: TextLocation;
  /** Findings replaced in this text. */
  count: number;
  /** The whole text after the replacement (store fields, theme names, generation records). */
  value: string;
  /** The same change as a few range edits on the original (shared texts: notes, the draft). */
  edits: TextEdit[];
  /** This text's entry of the undo record, as JSON of `RedactionUndo` (server only). */
  undo: string;
}

/**
 * The check in front of an export (issue 14), from the workshop's stored record: the worker
 * reads the rows and the doc itself, as an export does; the main thread reads only the names
 * and the decisions.
 */
export interface GateJob {
  kind: 'names:gate';
  source: StoredSource;
  names: string[];
  decided: string[];
  now: Date;
}

export type NameJob =
  | GateJob
  | { kind: 'names:check'; input: NameJobInput }
  | { kind: 'names:redact'; input: NameJobInput; choice: RedactChoice }
  | { kind: 'names:undo'; texts: CheckedText[]; data: string };

export interface TextRestore {
  location: TextLocation;
  restored: number;
  skipped: number;
  value: string;
  edits: TextEdit[];
}

/** The worker's check: the reply without what the main thread adds from the store. */
export type CheckResult = Omit<NameCheckReply, 'undoable' | 'decisions'> & {
  /** Findings each recorded decision resolves now, by decision key. */
  resolvedByKey: Record<string, number>;
};

export type NameJobResult =
  | { kind: 'names:gate'; reply: CheckResult }
  | { kind: 'names:check'; reply: CheckResult }
  | { kind: 'names:redact'; texts: TextRedaction[] }
  | { kind: 'names:undo'; texts: TextRestore[] };

export function runNameJob(job: NameJob): NameJobResult {
  switch (job.kind) {
    case 'names:gate':
      return { kind: job.kind, reply: checkReply(gateInput(job)) };
    case 'names:check':
      return { kind: job.kind, reply: checkReply(job.input) };
    case 'names:redact':
      return { kind: job.kind, texts: redactionOf(job.input, job.choice) };
    case 'names:undo':
      return { kind: job.kind, texts: restoresOf(job.texts, job.data) };
  }
}

const RECORDED = new Set(['visible', 'merged', 'moderated']);
type IdeaField = Extract<TextLocation, { kind: 'idea' }>['field'];
const IDEA_FIELDS: IdeaField[] = [
  'text',
  'actor',
  'nextStep',
  'originalText',
  'moderationReason',
  // Points of debate (issue 13): "no names" is asked of the note; the check makes sure.
  'contestNote',
];

/**
 * Every text an export of a workshop can contain, with where it lives: from its rows (the
 * store's, or the stored record's on the worker) and its doc.
 */
export function textsOf(
  w: Pick<WorkshopRow, 'title' | 'series' | 'host' | 'context'>,
  questions: readonly Pick<QuestionRow, 'id' | 'prompt'>[],
  ideas: readonly IdeaRow[],
  doc: Y.Doc,
): CheckedText[] {
  const out: CheckedText[] = [{ location: { kind: 'workshop', field: 'title' }, text: w.title }];
  if (w.series) out.push({ location: { kind: 'workshop', field: 'series' }, text: w.series });
  if (w.host) out.push({ location: { kind: 'workshop', field: 'host' }, text: w.host });
  // The brief's context paragraph (issue 14) is printed in the brief too.
  if (w.context) out.push({ location: { kind: 'workshop', field: 'context' }, text: w.context });
  for (const q of questions) {
    out.push({ location: { kind: 'question', questionId: q.id }, text: q.prompt });
    out.push({ location: { kind: 'notes', questionId: q.id }, text: readNotes(doc, q.id) });
    // Points of debate (issue 13): typed freely by rapporteurs, so checked like the notes.
    out.push({ location: { kind: 'debate', questionId: q.id }, text: readDebate(doc, q.id) });
  }
  for (const c of readClusters(doc)) {
    out.push({
      location: { kind: 'cluster', questionId: c.questionId, clusterId: c.id },
      text: c.label,
    });
    if (c.contestNote) {
      out.push({
        location: { kind: 'clusterNote', questionId: c.questionId, clusterId: c.id },
        text: c.contestNote,
      });
    }
  }
  for (const idea of ideas) {
    if (!RECORDED.has(idea.status)) continue;
    for (const field of IDEA_FIELDS) {
      const text = idea[field];
      if (!text) continue;
      out.push({
        location: { kind: 'idea', questionId: idea.questionId, ideaId: idea.id, field },
        text,
      });
    }
  }
  for (const [section, d] of Object.entries(readBriefDraft(doc))) {
    out.push({ location: { kind: 'draft', section }, text: d.text });
    const base = readBriefBase(doc, section);
    if (base) out.push({ location: { kind: 'draft', section, base: true }, text: base.text });
  }
  return out;
}

/** The gate's input, on the worker, from the stored record (as an export reads it). */
function gateInput(job: GateJob): NameJobInput {
  const stored = loadOne(job.source);
  const doc = storedDoc(stored);
  let texts: CheckedText[];
  try {
    texts = textsOf(stored.workshop, stored.questions, stored.ideas, doc);
  } finally {
    doc.destroy();
  }
  const questionNumbers: Record<string, number> = {};
  stored.questions.forEach((q, i) => {
    questionNumbers[q.id] = i + 1;
  });
  const { snapshot, draft } = briefFromStored(stored);
  return {
    names: job.names,
    texts,
    questionNumbers,
    chathamHouse: stored.workshop.chathamHouse,
    decided: job.decided,
    rendered: { snapshot, draft, now: job.now },
  };
}

const FIELD_WORDS: Record<Extract<TextLocation, { kind: 'idea' }>['field'], string> = {
  text: 'idea',
  actor: 'idea (who should act)',
  nextStep: 'idea (first step)',
  originalText: "idea (author's wording before a correction)",
  moderationReason: 'idea (reason it was hidden)',
  contestNote: 'idea (points-of-debate note)',
};

function describe(l: TextLocation, questionNumber: (id: string) => number): string {
  switch (l.kind) {
    case 'idea':
      return `Question ${questionNumber(l.questionId)} · ${FIELD_WORDS[l.field]}`;
    case 'notes':
      return `Question ${questionNumber(l.questionId)} · notes`;
    case 'debate':
      return `Question ${questionNumber(l.questionId)} · points of debate`;
    case 'clusterNote':
      return `Question ${questionNumber(l.questionId)} · theme (points-of-debate note)`;
    case 'cluster':
      return `Question ${questionNumber(l.questionId)} · theme name`;
    case 'question':
      return `Question ${questionNumber(l.questionId)} · the question itself`;
    case 'workshop':
      return `Workshop ${l.field}`;
    case 'draft': {
      const q = questionOfSection(l.section);
      const title = sectionTitle(l.section, q ? questionNumber(q) : undefined);
      return `Brief draft · ${title}${l.base ? ' (as last generated)' : ''}`;
    }
    case 'rendered':
      return 'The brief as exported (HTML, Word, Markdown)';
  }
}

/** The kind of place a finding is in, without ids (a decision survives an archive's import). */
function placeKind(l: TextLocation): string {
  switch (l.kind) {
    case 'idea':
      return `idea:${l.field}`;
    case 'draft':
      return l.base ? 'draft:base' : 'draft';
    case 'workshop':
      return `workshop:${l.field}`;
    default:
      return l.kind;
  }
}

/**
 * What a "not a participant's name" decision is attached to: the kind of place, the words and
 * their context (48 characters each side). The same words in the same context are the same
 * judgement; once the text around them changes, the decision no longer applies and the
 * finding is listed again. A hash, so that the stored key holds no text.
 */
export function decisionKey(f: Pick<NameFinding, 'location' | 'match' | 'before' | 'after'>) {
  return createHash('sha256')
    .update(JSON.stringify([placeKind(f.location), f.match, f.before, f.after]))
    .digest('base64url')
    .slice(0, 32);
}

export const isRedactable = (l: TextLocation) =>
  l.kind !== 'workshop' && l.kind !== 'question' && l.kind !== 'rendered';

interface Found {
  findings: NameFinding[];
  /** Generation-record findings shown once, with their twin in the section's text. */
  hidden: Set<string>;
  twins: Map<string, string[]>;
}

function findAll(input: NameJobInput): Found {
  const lexicon = nameLexicon();
  const matcher = new NameMatcher(input.names, lexicon);
  const findings: NameFinding[] = [];
  for (const t of input.texts) {
    const names = matcher.find(t.location, t.text);
    // Issue 14: "X's point", "as X said", @handles… where no participant's name covers them.
    const refs = uncoveredReferences(findNameReferences(t.location, t.text, lexicon), names);
    for (const f of refs.length > 0 ? [...names, ...refs].sort((a, b) => a.start - b.start) : names)
      findings.push(f);
  }
  // A name in a draft section usually sits in its generation record too (the record is what
  // generation wrote). Shown once, redacted together: the k-th "Amara" of the record goes with
  // the k-th of the section's text. A record-only occurrence (the text was edited since) is
  // listed on its own, since the JSON archive carries the record.
  const key = (f: NameFinding) =>
    f.location.kind === 'draft' ? `${f.location.section}\u0000${foldName(lexicon, f.match)}` : '';
  const inText = new Map<string, string[]>();
  for (const f of findings) {
    if (f.location.kind !== 'draft' || f.location.base) continue;
    const list = inText.get(key(f));
    if (list) list.push(f.id);
    else inText.set(key(f), [f.id]);
  }
  const taken = new Map<string, number>();
  const hidden = new Set<string>();
  const twins = new Map<string, string[]>();
  for (const f of findings) {
    if (f.location.kind !== 'draft' || !f.location.base) continue;
    const k = key(f);
    const n = taken.get(k) ?? 0;
    const twin = inText.get(k)?.[n];
    if (twin === undefined) continue;
    taken.set(k, n + 1);
    twins.set(twin, [f.id]);
    hidden.add(f.id);
  }
  return { findings, hidden, twins };
}

/**
 * The brief as its HTML, DOCX and Markdown exports show it (emphasis applied, escapes
 * resolved): a name the source texts hide from the check but a reader sees is caught here.
 * Only names with no finding in the sources are reported from it — otherwise each mention
 * would be listed twice — so it is the check that remains once the sources are clean.
 */
function renderedFindings(input: NameJobInput, explained: Set<string>): NameFinding[] {
  if (!input.rendered) return [];
  const { snapshot, draft, now } = input.rendered;
  const doc = composeBrief(snapshot, draft, { now });
  const matcher = new NameMatcher(input.names, nameLexicon());
  const out: NameFinding[] = [];
  for (const section of doc.sections) {
    const text = blocksText(section.blocks).join('\n');
    for (const f of matcher.find({ kind: 'rendered', part: section.key }, text)) {
      if (f.names.some((n) => explained.has(n))) continue;
      out.push(f);
    }
  }
  return out;
}

function checkReply(input: NameJobInput): CheckResult {
  const { findings, hidden, twins } = findAll(input);
  const visible = findings.filter((f) => !hidden.has(f.id));
  const explained = new Set(findings.flatMap((f) => f.names));
  // A finding marked "not a participant's name" is resolved: counted for its decision only.
  const decided = new Set(input.decided ?? []);
  const resolvedByKey: Record<string, number> = {};
  const all = [...visible, ...renderedFindings(input, explained)].filter((f) => {
    if (decided.size === 0) return true;
    const key = decisionKey(f);
    if (!decided.has(key)) return true;
    resolvedByKey[key] = (resolvedByKey[key] ?? 0) + 1;
    return false;
  });
  const number = (id: string) => input.questionNumbers[id] ?? 0;
  const candidates = new Map<string, NameCandidate>();
  for (const f of all) {
    for (const name of f.names) {
      const c = candidates.get(name) ?? { name, count: 0, redactable: 0 };
      c.count++;
      if (isRedactable(f.location)) c.redactable++;
      candidates.set(name, c);
    }
  }
  return {
    chathamHouse: input.chathamHouse,
    namesChecked: new Set(input.names.map((n) => n.trim())).size,
    total: all.length,
    resolvedByKey,
    candidates: [...candidates.values()].sort(
      (a, b) => b.count - a.count || a.name.localeCompare(b.name),
    ),
    findings: all.slice(0, LISTED).map(
      (f): NameCheckFinding => ({
        id: f.id,
        kind: f.location.kind,
        where: describe(f.location, number),
        names: f.names,
        match: f.match,
        before: f.before,
        after: f.after,
        redactable: isRedactable(f.location),
        ...(twins.has(f.id) ? { alsoIds: twins.get(f.id) } : {}),
      }),
    ),
  };
}

/** The findings a choice selects (the twins of a chosen draft finding come along). */
function chosenFindings(found: Found, choice: RedactChoice, decided: Set<string>): NameFinding[] {
  const everything = !choice.ids && !choice.names;
  const ids = new Set(choice.ids ?? []);
  for (const id of choice.ids ?? []) for (const twin of found.twins.get(id) ?? []) ids.add(twin);
  const names = new Set(choice.names ?? []);
  return found.findings.filter(
    (f) =>
      isRedactable(f.location) &&
      (everything || ids.has(f.id) || f.names.some((n) => names.has(n))) &&
      // What the rapporteur said is not a name stays, even when its words match one.
      (decided.size === 0 || !decided.has(decisionKey(f))),
  );
}

function redactionOf(input: NameJobInput, choice: RedactChoice): TextRedaction[] {
  const found = findAll(input);
  const byText = new Map<string, NameFinding[]>();
  for (const f of chosenFindings(found, choice, new Set(input.decided ?? []))) {
    const k = locationKey(f.location);
    const list = byText.get(k);
    if (list) list.push(f);
    else byText.set(k, [f]);
  }
  const out: TextRedaction[] = [];
  for (const t of input.texts) {
    const list = byText.get(locationKey(t.location));
    if (!list) continue;
    const edits = redactionEdits(t.text, list);
    const undo: RedactionUndo = undoRecordOf(t.text, edits);
    out.push({
      location: t.location,
      count: list.length,
      value: undo.redacted,
      edits: coalesceEdits(t.text, edits),
      undo: JSON.stringify(undo),
    });
  }
  return out;
}

/** The undo of a replacement: `data` is its record, one entry per text, in `texts`' order. */
function restoresOf(texts: readonly CheckedText[], data: string): TextRestore[] {
  const undos = JSON.parse(data) as RedactionUndo[];
  return texts.map((t, k) => {
    const undo = undos[k] ?? { redacted: t.text, edits: [] };
    const { edits, skipped } = undoEdits(t.text, undo);
    return {
      location: t.location,
      restored: edits.length,
      skipped,
      value: applyTextEdits(t.text, edits),
      edits: coalesceEdits(t.text, edits),
    };
  });
}
