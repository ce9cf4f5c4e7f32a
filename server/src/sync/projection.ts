import {
  type BoardRound,
  type DocIdea,
  hasIdea,
  IDLE_TIMER,
  initWorkshop,
  putIdea,
  putRound,
  putTimer,
  readIdeas,
  readQuestions,
  readRounds,
  readWorkshop,
  removeIdea,
  setCurrentQuestion,
  setQuestionFields,
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
  };
}

/** One idea: on the board when visible, off it otherwise. */
export function projectIdea(store: Store, doc: Y.Doc, row: IdeaRow): void {
  if (row.status === 'visible') putIdea(doc, ideaForDoc(row, store.mergedCount(row.id)));
  else if (hasIdea(doc, row.id)) removeIdea(doc, row.id);
}

/** Counts shown for a question: how many ideas wait for reveal, how many people submitted. */
export function projectQuestionStats(store: Store, doc: Y.Doc, questionId: string): void {
  setQuestionFields(doc, questionId, {
    hiddenCount: store.hiddenCount(questionId),
    submitters: store.submitters(questionId),
  });
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
    const inDoc = new Set(
      readIdeas(doc)
        .filter((i) => i.questionId === q.id)
        .map((i) => i.id),
    );
    for (const row of store.ideas(q.workshopId)) {
      if (row.questionId !== q.id) continue;
      if (row.status === 'visible') putIdea(doc, ideaForDoc(row, store.mergedCount(row.id)));
      else if (inDoc.has(row.id)) removeIdea(doc, row.id);
    }
    const known = new Map(readRounds(doc).map((r) => [r.id, r]));
    for (const round of store.rounds(q.id)) {
      const next = roundForDoc(store, round);
      if (JSON.stringify(known.get(round.id)) !== JSON.stringify(next)) putRound(doc, next);
    }
  });
}

export function projectTimer(store: Store, doc: Y.Doc, workshopId: string): void {
  putTimer(doc, store.timer(workshopId) ?? IDLE_TIMER);
}

/** The whole workshop, from an empty doc or a stale one. */
export function projectWorkshop(store: Store, doc: Y.Doc, workshopId: string): void {
  const w = store.workshop(workshopId);
  if (!w) throw new Error('workshop not found');
  const questions = store.questions(workshopId);
  doc.transact(() => {
    if (readQuestions(doc).length === 0) {
      initWorkshop(
        doc,
        {
          title: w.title,
          series: w.series,
          host: w.host,
          date: w.date,
          durationMinutes: w.durationMinutes,
          chathamHouse: w.chathamHouse,
          voteBudget: w.voteBudget,
          maxVotesPerIdea: w.maxVotesPerIdea,
          joinCode: w.joinCode,
          currentQuestionId: w.currentQuestionId,
        },
        questions.map((q) => ({
          id: q.id,
          prompt: q.prompt,
          position: q.position,
          plannedMinutes: q.plannedMinutes,
          phase: q.phase,
          mode: q.mode,
          hiddenCount: 0,
          submitters: 0,
          actualMs: q.actualMs,
          activeSince: q.activeSince,
        })),
      );
    }
    if (w.currentQuestionId && readWorkshop(doc).currentQuestionId !== w.currentQuestionId) {
      setCurrentQuestion(doc, w.currentQuestionId);
    }
    for (const q of questions) projectQuestion(store, doc, q);
    projectTimer(store, doc, workshopId);
  });
}
