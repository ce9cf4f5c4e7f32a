import {
  countryFromName,
  createCluster,
  debateText,
  describeZodError,
  type ErrorCode,
  MAX_IMPORT_IDEAS,
  normalizeCountries,
  notesText,
  ORIGINS,
  questionOfSection,
  questionSectionKey,
  type RoundResults,
  restoreBriefSection,
  type SubmissionMode,
  type WorkshopArchive,
  WorkshopArchiveSchema,
  workshopSettingsOf,
} from '@convene/shared';
import * as Y from 'yjs';
import { newId, newJoinCode } from '../auth/tokens.ts';
import { commitAndProject } from '../commands/commandBus.ts';
import { createLogger } from '../log.ts';
import { openDatabase } from '../store/db.ts';
import {
  type IdeaRow,
  type NameDecisionRow,
  openSqliteStore,
  type QuestionRow,
  type RoundRow,
  type Store,
  type WorkshopRow,
} from '../store/store.ts';
import { projectWorkshop } from '../sync/projection.ts';
import type { RoomRegistry } from '../sync/room.ts';
import { type CreatedRecord, insertRoleTokens } from '../workshops/workshops.ts';

/**
 * Recreates a workshop from a JSON archive. Everything gets new ids — importing the same archive
 * twice makes two workshops — and new role tokens; the join code is new too. Participants come
 * back as a count (anonymous rows, without tokens): the archive never had names or authorship
 * to restore.
 *
 * The work is split so that the server's main thread only writes (issue 11, item 9: parsing,
 * checking and projecting a 30,000-idea archive there held every room for 9.4 s):
 *
 * - `planImport`, on the export worker: parse the body, check it (schema, the caps, the
 *   server's participant limit), choose every id, and build the new workshop's doc — the rows
 *   written into an in-memory store and projected by the same `projectWorkshop` a room runs on
 *   load, then the board layout, notes and draft written as the import always wrote them.
 * - `commitImport`, on the main thread inside the write pipeline (commandBus.ts
 *   commitAndProject, with no room): its transaction writes the rows, the role tokens and
 *   that doc (as the workshop's first stored update). No room is loaded: the first screen that
 *   opens the workshop loads it, and the load's reconcile finds the doc already matching the rows.
 */

/** Rows of one question, in the shape `Store.insertQuestion` and its setters take. */
interface PlannedQuestion {
  row: Pick<
    QuestionRow,
    'id' | 'workshopId' | 'position' | 'prompt' | 'plannedMinutes' | 'phase'
  > & {
    mode: SubmissionMode;
  };
  actualMs: number;
  nextRound: { budget: number | null; maxPerIdea: number | null; topN: number | null } | null;
  shortTitle: string | null;
}

interface PlannedRound {
  row: Omit<RoundRow, 'results' | 'closedAt'>;
  status: 'closed' | 'cancelled';
  results: RoundResults | null;
}

/** Everything an import writes, every id chosen: plain data, so it crosses to the worker. */
export interface ImportRows {
  workshop: Omit<WorkshopRow, 'currentQuestionId'>;
  questions: PlannedQuestion[];
  participantIds: string[];
  ideas: IdeaRow[];
  rounds: PlannedRound[];
  ideaSeq: number;
  currentQuestionId: string | null;
  /** The name check's "not a participant's name" decisions (issue 14). */
  nameDecisions: NameDecisionRow[];
  /** What lives only in the doc: clusters (with their visible members), notes, draft. */
  layout: {
    clusters: {
      id: string;
      questionId: string;
      label: string;
      position: number;
      members: string[];
      contested?: boolean;
      contestNote?: string | null;
    }[];
    notes: { questionId: string; text: string }[];
    /** Points-of-debate notes (issue 13); absent in plans made before they existed. */
    debate?: { questionId: string; text: string }[];
    draft: { key: string; text: string; generated: string | null }[];
  };
}

/** Ids the main thread chose before the worker plans (the join code must be free in the store). */
export interface ImportIds {
  workshopId: string;
  joinCode: string;
}

/** The worker's answer: the rows and the doc to write, or why the archive is refused. */
export type ImportOutcome =
  | { ok: true; rows: ImportRows; doc: Uint8Array }
  | { ok: false; status: 400 | 413; code: ErrorCode; message: string };

/** Rows from an archive the schema accepted. Pure apart from the fresh ids. */
export function planFromArchive(archive: WorkshopArchive, ids: ImportIds, now: Date): ImportRows {
  const questions = [...archive.questions].sort((a, b) => a.position - b.position);
  // Ids are unique across the whole archive (the schema checks it), so one map translates all.
  const fresh = new Map<string, string>();
  const map = (old: string) => {
    let id = fresh.get(old);
    if (!id) {
      id = newId();
      fresh.set(old, id);
    }
    return id;
  };
  const w = archive.workshop;
  const workshopId = ids.workshopId;
  const createdAt = now.toISOString();
  const openedAt = now.getTime();

  const ideas: IdeaRow[] = [];
  const rounds: PlannedRound[] = [];
  const clusters: ImportRows['layout']['clusters'] = [];
  const notes: ImportRows['layout']['notes'] = [];
  const debate: NonNullable<ImportRows['layout']['debate']> = [];
  let maxSeq = 0;
  let fallbackSeq = 0;
  const plannedQuestions = questions.map((q, position): PlannedQuestion => {
    const qid = map(q.id);
    for (const idea of q.ideas) {
      fallbackSeq++;
      const seq = idea.seq ?? fallbackSeq;
      maxSeq = Math.max(maxSeq, seq);
      ideas.push({
        id: map(idea.id),
        workshopId,
        questionId: qid,
        participantId: null,
        seq,
        text: idea.text,
        actor: idea.actor,
        nextStep: idea.nextStep,
        status: idea.status,
        createdAt: Date.parse(idea.createdAt),
        commandId: null,
        mergedInto: idea.mergedInto ? map(idea.mergedInto) : null,
        moderationReason: idea.moderationReason ?? null,
        originalText: idea.originalText ?? null,
        updatedAt: null,
        contested: idea.contested === true,
        contestNote: idea.contested === true ? (idea.contestNote ?? null) : null,
        // Lenses (issue 13): names (as in the fixture) or codes, stored as codes.
        countries: normalizeCountries((idea.countries ?? []).map(countryFromName)),
        pbc: idea.pbc ?? false,
        tags: idea.tags ?? {},
        // Consolidation (issue 15): origins name workshops, not people; kept as archived.
        origins: idea.origins ?? [],
      });
    }
    for (const r of [...(q.rounds ?? [])].sort((a, b) => a.number - b.number)) {
      rounds.push({
        row: {
          id: newId(),
          workshopId,
          questionId: qid,
          number: r.number,
          status: 'open',
          budget: r.budget,
          maxPerIdea: r.maxPerIdea,
          candidates: r.candidates ? r.candidates.map(map) : null,
          openedAt,
        },
        status: r.status,
        results:
          r.status === 'closed'
            ? {
                ideas: r.ranking.map((x) => ({ ...x, ideaId: map(x.ideaId) })),
                clusters: r.clusters.map((c) => ({ ...c, clusterId: map(c.clusterId) })),
                voters: r.voters,
              }
            : null,
      });
    }
    const members = new Map<string, string[]>();
    for (const idea of q.ideas) {
      if (idea.clusterId === null || idea.status !== 'visible') continue;
      const list = members.get(idea.clusterId) ?? [];
      list.push(map(idea.id));
      members.set(idea.clusterId, list);
    }
    q.clusters.forEach((c, i) => {
      clusters.push({
        id: map(c.id),
        questionId: qid,
        label: c.label,
        position: c.position ?? i,
        members: members.get(c.id) ?? [],
        ...(c.contested ? { contested: true, contestNote: c.contestNote ?? null } : {}),
      });
    });
    if (q.notes) notes.push({ questionId: qid, text: q.notes });
    if (q.debateNote) debate.push({ questionId: qid, text: q.debateNote });
    return {
      row: {
        id: qid,
        workshopId,
        position,
        prompt: q.prompt,
        plannedMinutes: q.plannedMinutes ?? null,
        phase: q.phase,
        mode: q.mode ?? 'open',
      },
      actualMs: (q.actualMinutes ?? 0) * 60_000,
      nextRound: q.nextRound ?? null,
      shortTitle: q.shortTitle?.trim() || null,
    };
  });

  return {
    workshop: {
      id: workshopId,
      joinCode: ids.joinCode,
      ...workshopSettingsOf(w),
      lenses: w.lenses ?? null,
      createdAt: w.createdAt ? new Date(w.createdAt).toISOString() : createdAt,
      language: w.language ?? 'en',
      organisers: (w.organisers ?? []).map((o) => o.trim()).filter(Boolean),
      seriesNumber: w.seriesNumber ?? null,
      participantTypes: w.participantTypes ?? null,
      context: w.context?.trim() || null,
    },
    questions: plannedQuestions,
    participantIds: Array.from({ length: archive.participantCount ?? 0 }, () => newId()),
    ideas,
    rounds,
    ideaSeq: maxSeq,
    currentQuestionId: plannedQuestions[0]?.row.id ?? null,
    nameDecisions: (archive.nameCheck?.decisions ?? []).map((d) => ({
      id: newId(),
      key: d.key,
      kind: d.kind,
      where: d.where,
      match: d.match,
      at: new Date(d.decidedAt).toISOString(),
    })),
    layout: {
      clusters,
      notes,
      debate,
      draft: (archive.draft?.sections ?? []).map((s) => {
        const q = questionOfSection(s.key);
        return {
          key: q ? questionSectionKey(map(q)) : s.key,
          text: s.text,
          generated: s.generated,
        };
      }),
    },
  };
}

/** Writes the rows of an import (inside the caller's transaction), through the store's functions. */
export function writeImportRows(store: Store, rows: ImportRows, now: Date): void {
  const workshopId = rows.workshop.id;
  const createdAt = now.toISOString();
  store.insertWorkshop(rows.workshop);
  for (const q of rows.questions) {
    store.insertQuestion(q.row);
    store.setQuestionTime(workshopId, q.row.id, q.actualMs, null);
    if (q.nextRound) {
      const r = q.nextRound;
      store.setVoteSettings(workshopId, q.row.id, r.budget, r.maxPerIdea, r.topN);
    }
    if (q.shortTitle) store.setShortTitle(workshopId, q.row.id, q.shortTitle);
  }
  for (const d of rows.nameDecisions) store.insertNameDecision({ ...d, workshopId });
  for (const id of rows.participantIds) store.insertParticipant(id, workshopId, null, createdAt);
  for (const idea of rows.ideas) store.insertIdea(idea);
  // Merge targets may come later in the list, so merges (and what insertIdea leaves out) are
  // written once every idea exists.
  for (const idea of rows.ideas) {
    if (idea.mergedInto || idea.moderationReason !== null || idea.originalText !== null) {
      store.updateIdea(idea);
    }
    if (idea.contested) store.setContest(workshopId, idea.id, true, idea.contestNote ?? null);
  }
  for (const r of rows.rounds) {
    store.insertRound(r.row);
    store.finishRound(r.row.id, r.status, r.results, r.row.openedAt);
  }
  store.setIdeaSeq(workshopId, rows.ideaSeq);
  if (rows.currentQuestionId) store.setCurrentQuestion(workshopId, rows.currentQuestionId);
}

/**
 * The new workshop's doc, built as a room would build it: the rows projected by
 * `projectWorkshop` (from an in-memory store holding exactly these rows), then the board
 * layout, notes and draft that live only in the doc.
 */
export function buildImportDoc(rows: ImportRows, now: Date): Uint8Array {
  const db = openDatabase(':memory:');
  const doc = new Y.Doc();
  try {
    const mem = openSqliteStore(db);
    mem.transaction(() => writeImportRows(mem, rows, now));
    projectWorkshop(mem, doc, rows.workshop.id);
    doc.transact(() => {
      for (const c of rows.layout.clusters) {
        createCluster(
          doc,
          {
            id: c.id,
            questionId: c.questionId,
            label: c.label,
            position: c.position,
            ...(c.contested ? { contested: true, contestNote: c.contestNote ?? null } : {}),
          },
          c.members,
          ORIGINS.command,
        );
      }
      for (const n of rows.layout.notes) notesText(doc, n.questionId)?.insert(0, n.text);
      for (const n of rows.layout.debate ?? []) debateText(doc, n.questionId)?.insert(0, n.text);
      for (const s of rows.layout.draft) {
        restoreBriefSection(doc, s.key, s.text, s.generated, now.getTime(), ORIGINS.command);
      }
    }, ORIGINS.command);
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
    db.close();
  }
}

/** Ideas an archive claims, counted before the schema runs (refusing 30,000 ideas is cheap). */
function claimedIdeas(body: unknown): number {
  const questions = (body as { questions?: unknown } | null)?.questions;
  if (!Array.isArray(questions)) return 0;
  let n = 0;
  for (const q of questions) {
    const ideas = (q as { ideas?: unknown } | null)?.ideas;
    if (Array.isArray(ideas)) n += ideas.length;
  }
  return n;
}

/**
 * The worker's part: the request body as sent (UTF-8 JSON), checked and turned into rows and a
 * doc, or the reason it is refused. Never throws for anything the sender controls.
 */
export function planImport(
  body: Uint8Array,
  opts: ImportIds & { maxParticipants: number; now: Date },
): ImportOutcome {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(body));
  } catch {
    return {
      ok: false,
      status: 400,
      code: 'invalid_json',
      message: 'The archive is not valid JSON',
    };
  }
  const claimed = claimedIdeas(parsed);
  if (claimed > MAX_IMPORT_IDEAS) {
    return {
      ok: false,
      status: 413,
      code: 'archive_too_large',
      message: `The archive holds ${claimed} ideas; an import accepts at most ${MAX_IMPORT_IDEAS}`,
    };
  }
  const archive = WorkshopArchiveSchema.safeParse(parsed);
  if (!archive.success) {
    return {
      ok: false,
      status: 400,
      code: 'invalid_payload',
      message: describeZodError(archive.error),
    };
  }
  const participants = archive.data.participantCount ?? 0;
  if (participants > opts.maxParticipants) {
    return {
      ok: false,
      status: 400,
      code: 'invalid_payload',
      message: `participantCount: this server accepts at most ${opts.maxParticipants} participants per workshop`,
    };
  }
  const rows = planFromArchive(archive.data, opts, opts.now);
  return { ok: true, rows, doc: buildImportDoc(rows, opts.now) };
}

/** A join code no workshop uses now. */
export function freeJoinCode(store: Store): string {
  let code = newJoinCode();
  while (store.isJoinCodeTaken(code)) code = newJoinCode();
  return code;
}

/**
 * The main thread's part: rows, role tokens and the doc, in one transaction; call it as the
 * work of a write-pipeline run (commandBus.ts commitAndProject) with no room: none exists yet,
 * nobody holds the doc, and the first load projects the doc from these rows. Null, with
 * nothing written, when the join code was taken since it was chosen (the caller plans again).
 */
export function commitImport(
  store: Store,
  rows: ImportRows,
  doc: Uint8Array,
  now: Date,
): CreatedRecord | null {
  return store.transaction(() => {
    if (store.isJoinCodeTaken(rows.workshop.joinCode)) return null;
    writeImportRows(store, rows, now);
    const tokens = insertRoleTokens(store, rows.workshop.id, now.toISOString());
    // The doc's first update, stored with the rows: a crash leaves both or neither.
    store.appendUpdate(rows.workshop.id, doc);
    return {
      id: rows.workshop.id,
      joinCode: rows.workshop.joinCode,
      tokens,
      questions: rows.questions.map((q) => ({ id: q.row.id, prompt: q.row.prompt })),
    };
  });
}

/**
 * An archive already checked by `WorkshopArchiveSchema`, imported in this thread (benchmarks
 * and tools; the HTTP route plans on the worker). The rooms are not needed any more: the doc is
 * written with the rows, and a room loads it when a screen first opens the workshop.
 */
export function importWorkshop(
  store: Store,
  _rooms: RoomRegistry,
  archive: WorkshopArchive,
  now = new Date(),
): CreatedRecord {
  const rows = planFromArchive(
    archive,
    { workshopId: newId(), joinCode: freeJoinCode(store) },
    now,
  );
  const doc = buildImportDoc(rows, now);
  // A tool's import has no log: a refusal is thrown with its message instead.
  const done = commitAndProject(
    null,
    { store, log: createLogger(false) },
    'workshop:import',
    () => ({
      reply: { created: commitImport(store, rows, doc, now) },
    }),
  );
  if (!done.ok) throw new Error(`import refused: ${done.error.message}`);
  if (!done.created) throw new Error('the join code was taken during the import');
  return done.created;
}
