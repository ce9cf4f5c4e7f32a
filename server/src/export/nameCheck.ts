import {
  applyEdits,
  type CheckedText,
  findNames,
  fold,
  type NameCheckFinding,
  type NameCheckReply,
  type NameFinding,
  notesText,
  ORIGINS,
  questionOfSection,
  readBriefBase,
  readBriefDraft,
  readClusters,
  readNotes,
  redactionEdits,
  redactText,
  renameCluster,
  restoreBriefSection,
  sectionTitle,
  type TextLocation,
} from '@convene/shared';
import type * as Y from 'yjs';
import type { IdeaRow, Store } from '../store/store.ts';
import { projectIdea } from '../sync/projection.ts';

/**
 * The name check before export, on the server because only the server knows participants'
 * names. It scans every text any export can contain (ideas and their record, theme names,
 * notes, the draft and its generation record, the workshop's settings) and answers with the
 * findings; the names travel only in that answer, to a facilitator or rapporteur, and are never
 * written to the doc or to a file.
 *
 * Redaction happens here too, in one step: idea texts in the store (and so in the doc), notes,
 * theme names and draft sections in the doc. It is not done through the facilitator's
 * `idea:edit` correction because that keeps the author's words as `originalText`, which the
 * JSON archive exports: the name would survive there. Here every field is redacted.
 */

const RECORDED = new Set(['visible', 'merged', 'moderated']);
type IdeaField = Extract<TextLocation, { kind: 'idea' }>['field'];
const IDEA_FIELDS: IdeaField[] = ['text', 'actor', 'nextStep', 'originalText', 'moderationReason'];

/** Every text an export of this workshop can contain, with where it lives. */
export function textsOfWorkshop(store: Store, workshopId: string, doc: Y.Doc): CheckedText[] {
  const w = store.workshop(workshopId);
  if (!w) return [];
  const out: CheckedText[] = [{ location: { kind: 'workshop', field: 'title' }, text: w.title }];
  if (w.series) out.push({ location: { kind: 'workshop', field: 'series' }, text: w.series });
  if (w.host) out.push({ location: { kind: 'workshop', field: 'host' }, text: w.host });
  const questions = store.questions(workshopId);
  for (const q of questions) {
    out.push({ location: { kind: 'question', questionId: q.id }, text: q.prompt });
    out.push({ location: { kind: 'notes', questionId: q.id }, text: readNotes(doc, q.id) });
  }
  for (const c of readClusters(doc)) {
    out.push({
      location: { kind: 'cluster', questionId: c.questionId, clusterId: c.id },
      text: c.label,
    });
  }
  for (const idea of store.ideas(workshopId)) {
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

const FIELD_WORDS: Record<IdeaField, string> = {
  text: 'idea',
  actor: 'idea (who should act)',
  nextStep: 'idea (first step)',
  originalText: "idea (author's wording before a correction)",
  moderationReason: 'idea (reason it was hidden)',
};

function describe(l: TextLocation, questionNumber: (id: string) => number): string {
  switch (l.kind) {
    case 'idea':
      return `Question ${questionNumber(l.questionId)} · ${FIELD_WORDS[l.field]}`;
    case 'notes':
      return `Question ${questionNumber(l.questionId)} · notes`;
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
  }
}

const isRedactable = (l: TextLocation) => l.kind !== 'workshop' && l.kind !== 'question';

export function runNameCheck(
  store: Store,
  workshopId: string,
  doc: Y.Doc,
): {
  reply: NameCheckReply;
  findings: NameFinding[];
} {
  const names = store.participantNames(workshopId);
  const findings = findNames(names, textsOfWorkshop(store, workshopId, doc));
  const positions = new Map(store.questions(workshopId).map((q, i) => [q.id, i + 1]));
  const number = (id: string) => positions.get(id) ?? 0;
  const w = store.workshop(workshopId);
  // A name in a draft section usually sits in its generation record too (the record is what
  // generation wrote). Shown once, redacted together; a record-only occurrence (the text was
  // edited since) is listed on its own, since the JSON archive carries the record.
  const sectionOf = (f: NameFinding) => (f.location.kind === 'draft' ? f.location.section : null);
  const twins = new Map<string, string[]>();
  const hidden = new Set<string>();
  for (const base of findings) {
    if (base.location.kind !== 'draft' || !base.location.base) continue;
    const twin = findings.find(
      (f) =>
        f.location.kind === 'draft' &&
        !f.location.base &&
        sectionOf(f) === sectionOf(base) &&
        fold(f.match) === fold(base.match),
    );
    if (!twin) continue;
    twins.set(twin.id, [...(twins.get(twin.id) ?? []), base.id]);
    hidden.add(base.id);
  }
  return {
    findings,
    reply: {
      chathamHouse: w?.chathamHouse ?? true,
      namesChecked: new Set(names.map((n) => n.trim())).size,
      findings: findings
        .filter((f) => !hidden.has(f.id))
        .map(
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
    },
  };
}

/**
 * Replaces the chosen findings (all redactable ones when `ids` is undefined) with
 * "a participant". Returns how many occurrences were replaced. Idea fields are changed in one
 * store transaction, then the doc follows; notes, theme names and the draft are doc edits.
 */
export function redactFindings(
  store: Store,
  workshopId: string,
  doc: Y.Doc,
  findings: readonly NameFinding[],
  ids: readonly string[] | undefined,
  now: number,
): number {
  const wanted = ids ? new Set(ids) : null;
  const chosen = findings.filter(
    (f) => isRedactable(f.location) && (wanted === null || wanted.has(f.id)),
  );
  if (chosen.length === 0) return 0;
  const byIdea = new Map<string, NameFinding[]>();
  const byDocText = new Map<string, NameFinding[]>();
  for (const f of chosen) {
    const key = f.location.kind === 'idea' ? f.location.ideaId : JSON.stringify(f.location);
    const into = f.location.kind === 'idea' ? byIdea : byDocText;
    into.set(key, [...(into.get(key) ?? []), f]);
  }

  const changed: IdeaRow[] = [];
  store.transaction(() => {
    for (const [ideaId, list] of byIdea) {
      const row = store.idea(workshopId, ideaId);
      if (!row) continue;
      const next: IdeaRow = { ...row, updatedAt: now };
      for (const field of IDEA_FIELDS) {
        const ranges = list.filter((f) => f.location.kind === 'idea' && f.location.field === field);
        const value = row[field];
        if (ranges.length > 0 && value) next[field] = redactText(value, ranges);
      }
      store.updateIdea(next);
      changed.push(next);
    }
  });

  doc.transact(() => {
    for (const row of changed) projectIdea(store, doc, row);
    for (const list of byDocText.values()) {
      const l = list[0]?.location;
      if (!l) continue;
      if (l.kind === 'notes') {
        const t = notesText(doc, l.questionId);
        if (t) applyEdits(t, redactionEdits(t.toString(), list));
      } else if (l.kind === 'cluster') {
        const label = readClusters(doc).find((c) => c.id === l.clusterId)?.label;
        if (label !== undefined) {
          renameCluster(doc, l.clusterId, redactText(label, list), ORIGINS.command);
        }
      } else if (l.kind === 'draft') {
        const current = readBriefDraft(doc)[l.section];
        const base = readBriefBase(doc, l.section);
        if (!current) continue;
        // Text and generation record are redacted together, so a section nobody edited stays
        // "as generated" and the record keeps no name either.
        const text = l.base ? current.text : redactText(current.text, list);
        const record = base ? (l.base ? redactText(base.text, list) : base.text) : null;
        restoreBriefSection(doc, l.section, text, record, base?.at ?? now, ORIGINS.command);
      }
    }
  }, ORIGINS.command);
  return chosen.length;
}
