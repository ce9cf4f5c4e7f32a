import {
  canTransition,
  IDLE_TIMER,
  type IdeaTally,
  type Phase,
  phaseEffects,
  type RoundResults,
  rankClusters,
  rankIdeas,
  readPlacement,
  setCurrentQuestion,
  timerAfterMove,
} from '@convene/shared';
import type * as Y from 'yjs';
import { newId } from '../auth/tokens.ts';
import type { QuestionRow, RoundRow, Store } from '../store/store.ts';
import { projectQuestion, projectRound, projectTimer } from '../sync/projection.ts';
import type { Room } from '../sync/room.ts';
import { CommandError } from './commandBus.ts';

/** Phases in which a current question's clock runs (planned vs actual time). */
const isActive = (p: Phase) => p !== 'lobby' && p !== 'closed';

/** Publishes every hidden idea of a question, unattributed; returns how many. */
export function revealHidden(
  store: Store,
  workshopId: string,
  questionId: string,
  now: number,
): number {
  // The question's hidden rows only (issue 16, item 3: not the workshop's every idea).
  const hidden = store.hiddenIdeasOf(workshopId, questionId);
  for (const idea of hidden) store.updateIdea({ ...idea, status: 'visible', updatedAt: now });
  return hidden.length;
}

/** The tallies of a round, ranked, with cluster scores from the board's current layout. */
export function computeResults(store: Store, doc: Y.Doc, round: RoundRow): RoundResults {
  const seqOf = new Map(store.ideas(round.workshopId).map((i) => [i.id, i]));
  const counted = new Map(store.tallies(round.id).map((t) => [t.ideaId, t]));
  const ballotIdeas =
    round.candidates ??
    [...seqOf.values()]
      .filter((i) => i.questionId === round.questionId && i.status === 'visible')
      .map((i) => i.id);
  const tallies: IdeaTally[] = ballotIdeas.map((ideaId) => ({
    ideaId,
    votes: counted.get(ideaId)?.votes ?? 0,
    voters: counted.get(ideaId)?.voters ?? 0,
    seq: seqOf.get(ideaId)?.seq ?? 0,
  }));
  const placement = readPlacement(doc);
  return {
    ideas: rankIdeas(tallies),
    clusters: rankClusters(tallies, (id) => placement.get(id) ?? null),
    voters: store.usage(round.id).filter((u) => u.used > 0).length,
  };
}

/**
 * Moves a question to a phase, with every consequence in the store: voting rounds open, close
 * (publishing tallies) or are cancelled; hidden ideas are revealed when clustering starts; the
 * question becomes current and the agenda clocks run for the current, started question only; a
 * timer started for another question or phase stops. `candidates`, when given, is the ballot of
 * the round this move opens (a shortlist chosen from the results). Returns the doc change to make
 * once the transaction has committed; the caller re-arms the timer scheduler.
 */
export function changePhase(
  store: Store,
  doc: Y.Doc,
  workshopId: string,
  question: QuestionRow,
  to: Phase,
  now: number,
  candidates?: string[],
): (room: Room) => void {
  const from = question.phase;
  if (!canTransition(from, to)) {
    throw new CommandError(
      'invalid_transition',
      `A question cannot go from ${from} to ${to}; move one phase forward or step back`,
    );
  }
  const effects = phaseEffects(from, to);
  const workshop = store.workshop(workshopId);
  if (!workshop) throw new CommandError('not_found', 'This workshop no longer exists');

  const open = store.openRound(question.id);
  if ((effects.closeRound || effects.cancelRound) && open) {
    if (effects.closeRound) {
      store.finishRound(open.id, 'closed', computeResults(store, doc, open), now);
    } else {
      store.deleteVotes(open.id);
      store.finishRound(open.id, 'cancelled', null, now);
    }
  }
  if (effects.openRound && !open) {
    const rounds = store.rounds(question.id);
    const lastClosed = [...rounds].reverse().find((r) => r.status === 'closed');
    const topN = question.topN;
    const ballot =
      candidates ??
      (topN && lastClosed?.results
        ? lastClosed.results.ideas.filter((i) => i.rank <= topN).map((i) => i.ideaId)
        : null);
    store.insertRound({
      id: newId(),
      workshopId,
      questionId: question.id,
      number: rounds.length + 1,
      status: 'open',
      budget: question.voteBudget ?? workshop.voteBudget,
      maxPerIdea: question.maxVotesPerIdea ?? workshop.maxVotesPerIdea,
      candidates: ballot,
      openedAt: now,
    });
  }
  if (to === 'cluster' || to === 'vote') revealHidden(store, workshopId, question.id, now);

  // Agenda clocks: the previous current question stops, this one runs while started.
  const previous =
    workshop.currentQuestionId && workshop.currentQuestionId !== question.id
      ? store.question(workshopId, workshop.currentQuestionId)
      : undefined;
  if (previous?.activeSince) {
    store.setQuestionTime(
      workshopId,
      previous.id,
      previous.actualMs + (now - previous.activeSince),
      null,
    );
  }
  let { actualMs, activeSince } = question;
  if (isActive(to) && activeSince === null) activeSince = now;
  if (!isActive(to) && activeSince !== null) {
    actualMs += now - activeSince;
    activeSince = null;
  }
  store.setQuestionTime(workshopId, question.id, actualMs, activeSince);
  store.setPhase(workshopId, question.id, to);
  store.setCurrentQuestion(workshopId, question.id);

  const timer = store.timer(workshopId);
  const timerStopped = timer !== null && timerAfterMove(timer, question.id, to) !== timer;
  if (timerStopped) store.setTimer(workshopId, IDLE_TIMER);

  const touched = [question.id, ...(previous ? [previous.id] : [])];
  // An apply: commitAndProject runs it inside the one doc transaction of the command.
  return (room) => {
    for (const id of touched) {
      const q = store.question(workshopId, id);
      if (q) projectQuestion(store, room.doc, q);
    }
    setCurrentQuestion(room.doc, question.id);
    if (timerStopped) projectTimer(store, room.doc, workshopId);
  };
}

/** The open round of a question, if any, projected after a vote. */
export function projectOpenRound(store: Store, room: Room, questionId: string): void {
  const open = store.openRound(questionId);
  if (open) projectRound(store, room.doc, open);
}
