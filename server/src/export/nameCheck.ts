import {
  applyEdits,
  briefText,
  type CheckedText,
  debateText,
  locationKey,
  type NameCheckReply,
  type NameDecisionSummary,
  notesText,
  ORIGINS,
  type RedactionSummary,
  readBriefBase,
  readClusters,
  renameCluster,
  restoreBriefSection,
  setClusterContest,
  type TextEdit,
  type TextLocation,
} from '@convene/shared';
import type * as Y from 'yjs';
import { newId } from '../auth/tokens.ts';
import { CommandError, commitAndProject } from '../commands/commandBus.ts';
import { createLogger, type Logger } from '../log.ts';
import type { IdeaRow, Store } from '../store/store.ts';
import { projectIdea } from '../sync/projection.ts';
import type { RoomRegistry } from '../sync/room.ts';
import { carriedNames } from '../workshops/consolidation.ts';
import { buildBriefSnapshot, readDraft } from './briefSnapshot.ts';
import {
  type CheckResult,
  decisionKey,
  type NameJobInput,
  type RedactChoice,
  textsOf,
} from './nameJobs.ts';
import { nameJobOffThread } from './renderPool.ts';
import { storedSource } from './storedWorkshop.ts';

/**
 * The name check before export, on the server because only the server knows participants'
 * names. It scans every text any export can contain (ideas and their record, theme names,
 * notes, the draft and its generation record, the workshop's settings) and the brief as the
 * exports show it, and answers with the findings; the names travel only in that answer, to a
 * facilitator or rapporteur, and are never written to the doc or to a file.
 *
 * The work is split so that no room waits for it: this module reads the texts and applies the
 * resulting edits on the main thread (synchronous steps of a few milliseconds), the export
 * worker finds the names and computes the edits in between (nameJobs.ts). A text that changed
 * while the worker was busy is not touched: the job runs again on what is there now.
 *
 * Replacing is done here rather than through the facilitator's `idea:edit` correction because
 * that keeps the author's words as `originalText`, which the JSON archive exports: the name
 * would survive there. The replaced words are kept for undo in `name_redactions`, a table no
 * export reads, erased once undone, by purging names and with the workshop.
 */

/** Replacements listed as undoable in a check's reply. */
const UNDOABLE_LISTED = 20;
/** Runs of a replacement whose texts keep changing under it, before it gives up on those. */
const ATTEMPTS = 3;

/** Every text an export of this workshop can contain, with where it lives. */
export function textsOfWorkshop(store: Store, workshopId: string, doc: Y.Doc): CheckedText[] {
  const w = store.workshop(workshopId);
  if (!w) return [];
  return textsOf(w, store.questions(workshopId), store.ideas(workshopId), doc);
}

/** What the worker needs for a check, read in one synchronous step. */
function readInput(
  store: Store,
  workshopId: string,
  doc: Y.Doc,
  rendered: Date | null,
): NameJobInput {
  const w = store.workshop(workshopId);
  const questionNumbers: Record<string, number> = {};
  store.questions(workshopId).forEach((q, i) => {
    questionNumbers[q.id] = i + 1;
  });
  return {
    // Names given at join, and the organiser's list of names expected in the room (issue 14).
    names: namesToCheck(store, workshopId),
    texts: textsOfWorkshop(store, workshopId, doc),
    questionNumbers,
    chathamHouse: w?.chathamHouse ?? true,
    decided: store.nameDecisions(workshopId).map((d) => d.key),
    ...(rendered && w
      ? {
          rendered: {
            snapshot: buildBriefSnapshot(store, workshopId, doc),
            draft: readDraft(doc),
            now: rendered,
          },
        }
      : {}),
  };
}

/**
 * Every name a workshop's texts are checked for: its room's, its organiser's list, and (issue
 * 15) in a consolidation session those of the workshops its ideas were carried from.
 */
function namesToCheck(store: Store, workshopId: string): string[] {
  return [
    ...store.participantNames(workshopId),
    ...store.participantList(workshopId),
    ...carriedNames(store, workshopId),
  ];
}

/** A text as it is now, or null when its place no longer exists. */
function currentText(store: Store, workshopId: string, doc: Y.Doc, l: TextLocation) {
  switch (l.kind) {
    case 'idea':
      return store.idea(workshopId, l.ideaId)?.[l.field] ?? null;
    case 'notes':
      return notesText(doc, l.questionId)?.toString() ?? null;
    case 'debate':
      return debateText(doc, l.questionId)?.toString() ?? null;
    case 'clusterNote':
      return readClusters(doc).find((c) => c.id === l.clusterId)?.contestNote ?? null;
    case 'cluster':
      return readClusters(doc).find((c) => c.id === l.clusterId)?.label ?? null;
    case 'draft':
      return l.base
        ? (readBriefBase(doc, l.section)?.text ?? null)
        : (briefText(doc, l.section)?.toString() ?? null);
    default:
      return null;
  }
}

/** Replacements of this workshop that can still be undone, latest first. */
export function undoableOf(store: Store, workshopId: string): RedactionSummary[] {
  return store
    .redactions(workshopId)
    .filter((r) => r.undoneAt === null)
    .slice(0, UNDOABLE_LISTED)
    .map((r) => ({ id: r.id, at: r.at, count: r.count }));
}

/** The check as the worker found it, with the decisions and undoable replacements added. */
function fullReply(store: Store, workshopId: string, result: CheckResult): NameCheckReply {
  const { resolvedByKey, ...reply } = result;
  const decisions = store.nameDecisions(workshopId).map(
    (d): NameDecisionSummary => ({
      id: d.id,
      kind: d.kind,
      where: d.where,
      match: d.match,
      at: d.at,
      resolves: resolvedByKey[d.key] ?? 0,
    }),
  );
  return { ...reply, decisions, undoable: undoableOf(store, workshopId) };
}

export async function runNameCheck(
  store: Store,
  rooms: RoomRegistry,
  workshopId: string,
  now: Date,
): Promise<NameCheckReply> {
  const input = rooms.with(workshopId, (room) => readInput(store, workshopId, room.doc, now));
  const { reply } = await nameJobOffThread({ kind: 'names:check', input });
  return fullReply(store, workshopId, reply);
}

/**
 * Records findings of the check run now as "not a participant's name" (issue 14): each is
 * kept with the workshop, listed in every later check and in the JSON archive, and resolves
 * the finding for the export gate while its words and their context stay as they are.
 * Ids that are no open finding any more are ignored. Returns how many were recorded.
 */
export async function recordNotNames(
  store: Store,
  rooms: RoomRegistry,
  workshopId: string,
  ids: readonly string[],
  now: Date,
  log: Logger = createLogger(),
): Promise<number> {
  const check = await runNameCheck(store, rooms, workshopId, now);
  const wanted = new Set(ids);
  const chosen = check.findings.filter((f) => wanted.has(f.id));
  if (!store.workshop(workshopId)) return 0;
  // Kept with the workshop's record, not in its doc: a pipeline run with nothing to project.
  const done = commitAndProject(null, { store, log }, 'names:decide', () => {
    let recorded = 0;
    for (const f of chosen) {
      const location = locationOfId(f.id, f.kind);
      if (!location) continue;
      const ok = store.insertNameDecision({
        id: newId(),
        workshopId,
        key: decisionKey({ location, match: f.match, before: f.before, after: f.after }),
        kind: f.kind,
        where: f.where,
        match: f.match,
        at: now.toISOString(),
      });
      if (ok) recorded++;
    }
    return { reply: { recorded } };
  });
  if (!done.ok) throw new CommandError(done.error.code, done.error.message);
  return done.recorded;
}

/** Withdraws one "not a participant's name" decision; false when there is no such decision. */
export function withdrawNotName(
  store: Store,
  workshopId: string,
  decisionId: string,
  log: Logger = createLogger(),
): boolean {
  const done = commitAndProject(null, { store, log }, 'names:undecide', () => ({
    reply: { deleted: store.deleteNameDecision(workshopId, decisionId) },
  }));
  if (!done.ok) throw new CommandError(done.error.code, done.error.message);
  return done.deleted;
}

/**
 * The place of a finding from its id (`<location key>@<start>-<end>`), as far as its decision
 * key needs it: the kind and, for ideas, drafts and workshop settings, the field.
 */
function locationOfId(id: string, kind: string): TextLocation | null {
  const key = id.slice(0, id.lastIndexOf('@'));
  const parts = key.split(':');
  switch (kind) {
    case 'idea': {
      const field = parts[2] as Extract<TextLocation, { kind: 'idea' }>['field'];
      return { kind: 'idea', questionId: '', ideaId: parts[1] ?? '', field };
    }
    case 'draft':
      return { kind: 'draft', section: '', ...(key.endsWith(':base') ? { base: true } : {}) };
    case 'workshop':
      return { kind: 'workshop', field: parts[1] as 'title' | 'series' | 'host' };
    case 'notes':
      return { kind: 'notes', questionId: parts[1] ?? '' };
    case 'cluster':
      return { kind: 'cluster', questionId: '', clusterId: parts[1] ?? '' };
    case 'question':
      return { kind: 'question', questionId: parts[1] ?? '' };
    case 'rendered':
      return { kind: 'rendered', part: parts.slice(1).join(':') };
    default:
      return null;
  }
}

/**
 * The gate in front of every export (issue 14): under the Chatham House Rule, the check's
 * open findings, or null when the export may go (no open finding, or the Rule is off).
 */
export async function exportBlockedBy(
  store: Store,
  workshopId: string,
  now: Date,
): Promise<NameCheckReply | null> {
  const w = store.workshop(workshopId);
  if (!w?.chathamHouse) return null;
  // From the stored record, on the export worker: an export must not load the room of a board
  // nobody has open onto the main thread (issue 11, item 9), and neither may its gate.
  const { reply } = await nameJobOffThread({
    kind: 'names:gate',
    source: storedSource(store, [workshopId]),
    names: namesToCheck(store, workshopId),
    decided: store.nameDecisions(workshopId).map((d) => d.key),
    now,
  });
  return reply.total === 0 ? null : fullReply(store, workshopId, reply);
}

interface TextChange {
  location: TextLocation;
  /** The whole new text (store fields, theme names, generation records). */
  value: string;
  /** The same change as range edits (shared texts). */
  edits: TextEdit[];
}

/**
 * Applies changes to texts that are still as they were read (`sent`): idea fields in one store
 * transaction together with `record` (the undo record, or marking one undone), projected into
 * the doc afterwards as a command's outcome is; notes, theme names and the draft (which live
 * in the doc) as one doc transaction. When some text changed meanwhile, nothing is applied
 * unless `partial` allows applying the others. Places that no longer exist (a deleted theme)
 * are `gone`, never retried.
 */
function applyChanges<C extends TextChange>(
  store: Store,
  rooms: RoomRegistry,
  workshopId: string,
  sent: ReadonlyMap<string, string>,
  changes: readonly C[],
  opts: { now: number; partial: boolean; record: (applied: readonly C[]) => void; log: Logger },
): { applied: C[]; stale: C[]; gone: C[] } {
  const { log } = opts;
  return rooms.with(workshopId, (room) => {
    const doc = room.doc;
    const applied: C[] = [];
    const stale: C[] = [];
    const gone: C[] = [];
    for (const c of changes) {
      const current = currentText(store, workshopId, doc, c.location);
      if (current === null) gone.push(c);
      else if (current === sent.get(locationKey(c.location))) applied.push(c);
      else stale.push(c);
    }
    if (applied.length === 0 || (stale.length > 0 && !opts.partial)) {
      return { applied: [], stale, gone };
    }

    // One pipeline run: the idea fields and the undo record committed together, the ideas
    // projected (a crash after the commit is repaired on load), then the doc's own texts.
    const done = commitAndProject(room, { store, log }, 'names:replace', () => {
      const rows = new Map<string, IdeaRow>();
      for (const c of applied) {
        const l = c.location;
        if (l.kind !== 'idea') continue;
        const row = rows.get(l.ideaId) ?? store.idea(workshopId, l.ideaId);
        if (!row) continue;
        rows.set(l.ideaId, { ...row, [l.field]: c.value, updatedAt: opts.now });
      }
      for (const row of rows.values()) {
        store.updateIdea(row);
        // The contest note has its own column, written only with the mark (issue 13).
        if (row.contested) {
          store.setContest(workshopId, row.id, true, row.contestNote ?? null);
        }
      }
      opts.record(applied);
      return {
        reply: {},
        apply: () => {
          for (const row of rows.values()) projectIdea(store, doc, row);
        },
        write: () => {
          for (const c of applied) {
            const l = c.location;
            if (l.kind === 'notes') {
              const t = notesText(doc, l.questionId);
              if (t) applyEdits(t, c.edits);
            } else if (l.kind === 'debate') {
              const t = debateText(doc, l.questionId);
              if (t) applyEdits(t, c.edits);
            } else if (l.kind === 'clusterNote') {
              setClusterContest(doc, l.clusterId, true, c.value, ORIGINS.command);
            } else if (l.kind === 'cluster') {
              renameCluster(doc, l.clusterId, c.value, ORIGINS.command);
            } else if (l.kind === 'draft' && !l.base) {
              const t = briefText(doc, l.section);
              if (t) applyEdits(t, c.edits);
            }
          }
          // Generation records after the texts: setting one rewrites its section's text too.
          for (const c of applied) {
            const l = c.location;
            if (l.kind !== 'draft' || !l.base) continue;
            const base = readBriefBase(doc, l.section);
            const text = briefText(doc, l.section)?.toString();
            if (base && text !== undefined) {
              restoreBriefSection(doc, l.section, text, c.value, base.at, ORIGINS.command);
            }
          }
        },
      };
    });
    if (!done.ok) throw new CommandError(done.error.code, done.error.message);
    return { applied, stale, gone };
  });
}

/**
 * Replaces the chosen findings with "a participant" (every redactable finding when `choice`
 * names none), keeping the replaced words for undo. When a text is edited while the
 * replacement is computed, it is computed again on what is there now (up to three runs); the
 * last run leaves such texts for the next check.
 */
export async function redactNames(
  store: Store,
  rooms: RoomRegistry,
  workshopId: string,
  choice: RedactChoice,
  now: Date,
  log: Logger = createLogger(),
): Promise<{ redacted: number; skipped: number; redactionId: string | null }> {
  const id = newId();
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const input = rooms.with(workshopId, (room) => readInput(store, workshopId, room.doc, null));
    const sent = new Map(input.texts.map((t) => [locationKey(t.location), t.text]));
    const { texts } = await nameJobOffThread({ kind: 'names:redact', input, choice });
    if (!store.workshop(workshopId)) break;
    const count = (list: readonly { count: number }[]) => list.reduce((n, c) => n + c.count, 0);
    const { applied, stale, gone } = applyChanges(store, rooms, workshopId, sent, texts, {
      now: now.getTime(),
      log,
      partial: attempt === ATTEMPTS,
      record: (a) =>
        store.insertRedaction({
          id,
          workshopId,
          at: now.toISOString(),
          count: count(a),
          locations: JSON.stringify(a.map((c) => c.location)),
          data: `[${a.map((c) => c.undo).join(',')}]`,
        }),
    });
    if (stale.length === 0 || attempt === ATTEMPTS) {
      const redacted = count(applied);
      const skipped = count(stale) + count(gone);
      return { redacted, skipped, redactionId: redacted > 0 ? id : null };
    }
  }
  return { redacted: 0, skipped: 0, redactionId: null };
}

/**
 * Puts back the words a replacement took out, where the text around them is still as the
 * replacement left it; the record is then forgotten. Null when there is nothing to undo.
 */
export async function undoRedaction(
  store: Store,
  rooms: RoomRegistry,
  workshopId: string,
  id: string | undefined,
  now: Date,
  log: Logger = createLogger(),
): Promise<{ restored: number; skipped: number } | null> {
  const target = id ?? undoableOf(store, workshopId)[0]?.id;
  if (!target) return null;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const row = store.redactionData(workshopId, target);
    if (!row) return null;
    const locations = JSON.parse(row.locations) as TextLocation[];
    const texts = rooms.with(workshopId, (room) =>
      locations.map(
        (location): CheckedText => ({
          location,
          text: currentText(store, workshopId, room.doc, location) ?? '',
        }),
      ),
    );
    const sent = new Map(texts.map((t) => [locationKey(t.location), t.text]));
    const result = await nameJobOffThread({ kind: 'names:undo', texts, data: row.data });
    const last = attempt === ATTEMPTS;
    const { applied, stale, gone } = applyChanges(store, rooms, workshopId, sent, result.texts, {
      now: now.getTime(),
      log,
      partial: last,
      record: () => store.markRedactionUndone(workshopId, target, now.toISOString()),
    });
    if (stale.length === 0 || last) {
      const sum = (
        list: readonly { restored: number; skipped: number }[],
        k: 'restored' | 'skipped',
      ) => list.reduce((n, c) => n + c[k], 0);
      return {
        restored: sum(applied, 'restored'),
        skipped:
          sum(applied, 'skipped') +
          sum([...stale, ...gone], 'restored') +
          sum([...stale, ...gone], 'skipped'),
      };
    }
  }
  return null;
}
