import {
  type BoardQuestion,
  type BoardRound,
  DEFAULT_LENSES,
  type DocIdea,
  docLensTags,
  ensureDebateTexts,
  hasIdea,
  IDLE_TIMER,
  initWorkshop,
  keepOnly,
  ownEntry,
  putIdea,
  putRound,
  putTimer,
  type QuestionFields,
  readQuestions,
  readRounds,
  removeIdea,
  serverPart,
  setExactly,
  setQuestionFields,
  setWorkshopLanguage,
  type WorkshopMeta,
  workshopSettingsOf,
} from '@convene/shared';
import type * as Y from 'yjs';
import type { IdeaRow, QuestionRow, RoundRow, Store } from '../store/store.ts';

/**
 * The doc is a projection of the store: these functions bring the public view of one piece of
 * the store into the doc, writing only what differs. Commands call the narrow ones after they
 * commit; a room calls `projectWorkshop` when it loads, which is also how a crash between a
 * commit and its doc change is repaired. Nothing secret is ever projected: hidden ideas only as
 * a count, rounds only as progress until they close, and never who wrote or voted what.
 */

export function ideaForDoc(row: IdeaRow, mergedCount: number): DocIdea {
  return {
    id: row.id,
    questionId: row.questionId,
    text: row.text,
    actor: row.actor,
    nextStep: row.nextStep,
    createdAt: row.createdAt,
    seq: row.seq,
    mergedCount,
    // Points of debate (issue 13): written only on a contested idea; readers take a missing
    // mark as "not contested" (readIdeas), as for clusters.
    ...(row.contested === true ? { contested: true, contestNote: row.contestNote ?? null } : {}),
    // Lenses (issue 13): only ever for a visible idea, like its text; only the tags it has.
    ...docLensTags(row),
    // Consolidation (issue 15): where a carried idea came from (a workshop, never a person).
    ...(row.origins && row.origins.length > 0
      ? { origins: row.origins.map((o) => ({ ...o })) }
      : {}),
  };
}

/** One idea: on the board when visible, off it otherwise. */
export function projectIdea(store: Store, doc: Y.Doc, row: IdeaRow): void {
  if (row.status === 'visible') putIdea(doc, ideaForDoc(row, store.mergedCount(row.id)));
  else if (hasIdea(doc, row.id)) removeIdea(doc, row.id);
}

/** A new idea: nothing is merged into it yet, so its merged count is not read. */
export function projectNewIdea(doc: Y.Doc, row: IdeaRow): void {
  if (row.status === 'visible') putIdea(doc, ideaForDoc(row, 0));
}

/**
 * Which of a question's counts a command's change can have moved. Each count reads the
 * question's ideas (submitters all of them), so a command recounts only what it moved: an
 * idea that was or becomes hidden moves `hiddenCount`; a participant's first idea for the
 * question, or the withdrawal of their last, moves `submitters` (issue 16, item 3). The room's
 * load recounts both (projectWorkshop), as does projecting a whole question.
 */
export interface StatsMoved {
  hiddenCount: boolean;
  submitters: boolean;
}

const ALL_STATS: StatsMoved = { hiddenCount: true, submitters: true };

/** Counts shown for a question: how many ideas wait for reveal, how many people submitted. */
export function projectQuestionStats(
  store: Store,
  doc: Y.Doc,
  questionId: string,
  moved: StatsMoved = ALL_STATS,
): void {
  const fields: QuestionFields = {};
  if (moved.hiddenCount) fields.hiddenCount = store.hiddenCount(questionId);
  if (moved.submitters) fields.submitters = store.submitters(questionId);
  if (moved.hiddenCount || moved.submitters) setQuestionFields(doc, questionId, fields);
}

export function projectQuestionState(doc: Y.Doc, q: QuestionRow): void {
  setQuestionFields(doc, q.id, {
    phase: q.phase,
    mode: q.mode,
    actualMs: q.actualMs,
    activeSince: q.activeSince,
  });
}

/** A round as everyone may see it: progress while open, tallies only once closed. */
export function roundForDoc(store: Store, round: RoundRow): BoardRound {
  let votersStarted = 0;
  let votersDone = 0;
  if (round.status === 'open') {
    for (const u of store.usage(round.id)) {
      if (u.used > 0) votersStarted++;
      if (u.used >= round.budget) votersDone++;
    }
  }
  return {
    id: round.id,
    questionId: round.questionId,
    number: round.number,
    status: round.status,
    budget: round.budget,
    maxPerIdea: round.maxPerIdea,
    candidates: round.candidates,
    votersStarted: round.status === 'open' ? votersStarted : (round.results?.voters ?? 0),
    votersDone,
    results: round.status === 'closed' ? round.results : null,
  };
}

export function projectRound(store: Store, doc: Y.Doc, round: RoundRow): void {
  putRound(doc, roundForDoc(store, round));
}

/** Everything about one question: its state, counts, ideas and rounds. */
export function projectQuestion(store: Store, doc: Y.Doc, q: QuestionRow): void {
  doc.transact(() => {
    projectQuestionState(doc, q);
    projectQuestionStats(store, doc, q.id);
    // The question's rows and their merged counts, in two queries: a phase change, a reveal or
    // a merge on a big board reads what it projects, not the workshop's every idea, nor one
    // query per idea (issue 16, item 3).
    const merged = store.mergedCountsOf(q.id);
    for (const row of store.ideasOfQuestion(q.workshopId, q.id)) {
      if (row.status === 'visible') putIdea(doc, ideaForDoc(row, merged.get(row.id) ?? 0));
      else if (hasIdea(doc, row.id)) removeIdea(doc, row.id);
    }
    const known = new Map(readRounds(doc).map((r) => [r.id, r]));
    for (const round of store.rounds(q.id)) {
      const next = roundForDoc(store, round);
      if (JSON.stringify(known.get(round.id)) !== JSON.stringify(next)) putRound(doc, next);
    }
  });
}

/** The brief's details screens show: the language, and each question's short title (issue 14). */
export function projectWorkshopDetails(store: Store, doc: Y.Doc, workshopId: string): void {
  const w = store.workshop(workshopId);
  if (!w) return;
  doc.transact(() => {
    setWorkshopLanguage(doc, w.language);
    for (const q of store.questions(workshopId)) {
      setQuestionFields(doc, q.id, { shortTitle: q.shortTitle });
    }
  });
}

export function projectTimer(store: Store, doc: Y.Doc, workshopId: string): void {
  putTimer(doc, store.timer(workshopId) ?? IDLE_TIMER);
}

/**
 * The whole workshop, from an empty doc or a stale one. Every server-owned part is set to
 * exactly what the store says — fields rewritten where they differ, entries and keys the store
 * does not know removed — so nothing a past writer or a bug planted there (an idea, a title,
 * `chathamHouse: false`, a results object no screen can read) survives a load.
 */
export function projectWorkshop(store: Store, doc: Y.Doc, workshopId: string): void {
  const w = store.workshop(workshopId);
  if (!w) throw new Error('workshop not found');
  const questions = store.questions(workshopId);
  const meta: WorkshopMeta = {
    ...workshopSettingsOf(w),
    joinCode: w.joinCode,
    currentQuestionId: w.currentQuestionId,
    language: w.language,
    lenses: w.lenses ?? DEFAULT_LENSES,
  };
  const boardQuestions = questions.map(
    (q): BoardQuestion => ({
      id: q.id,
      prompt: q.prompt,
      position: q.position,
      plannedMinutes: q.plannedMinutes,
      phase: q.phase,
      mode: q.mode,
      hiddenCount: store.hiddenCount(q.id),
      submitters: store.submitters(q.id),
      actualMs: q.actualMs,
      activeSince: q.activeSince,
      shortTitle: q.shortTitle,
    }),
  );
  doc.transact(() => {
    // A new doc gets its notes texts here, once (see initWorkshop).
    if (readQuestions(doc).length === 0) initWorkshop(doc, meta, boardQuestions);
    // Points of debate (issue 13): a workshop made before the part existed gets its texts now.
    ensureDebateTexts(
      doc,
      questions.map((q) => q.id),
    );
    setExactly(serverPart(doc, 'workshop'), { ...meta });

    const questionMaps = serverPart(doc, 'questions');
    keepOnly(questionMaps, new Set(questions.map((q) => q.id)));
    for (const q of boardQuestions) setExactly(ownEntry(questionMaps, q.id), { ...q });

    const ideaMaps = serverPart(doc, 'ideas');
    const rows = store.ideas(workshopId);
    const merged = new Map<string, number>();
    for (const row of rows) {
      if (row.status === 'merged' && row.mergedInto) {
        merged.set(row.mergedInto, (merged.get(row.mergedInto) ?? 0) + 1);
      }
    }
    const visible = rows.filter((row) => row.status === 'visible');
    keepOnly(ideaMaps, new Set(visible.map((row) => row.id)));
    for (const row of visible) {
      setExactly(ownEntry(ideaMaps, row.id), { ...ideaForDoc(row, merged.get(row.id) ?? 0) });
    }

    const roundMaps = serverPart(doc, 'rounds');
    const rounds = questions.flatMap((q) => store.rounds(q.id));
    keepOnly(roundMaps, new Set(rounds.map((r) => r.id)));
    for (const round of rounds)
      setExactly(ownEntry(roundMaps, round.id), { ...roundForDoc(store, round) });

    setExactly(serverPart(doc, 'timer'), { ...(store.timer(workshopId) ?? IDLE_TIMER) });
  });
}
