import {
  castRefusal,
  dotsRemaining,
  type Phase,
  type RoundRules,
  retractRefusal,
  shortlist,
} from '@convene/shared';
import type { RoundRow } from '../store/store.ts';
import { type CommandContext, CommandError, defineCommand } from './commandBus.ts';
import { requireQuestion } from './ideaCommands.ts';
import { changePhase, projectOpenRound } from './questionFlow.ts';

const rulesOf = (r: RoundRow): RoundRules => ({
  budget: r.budget,
  maxPerIdea: r.maxPerIdea,
  candidates: r.candidates,
});

export const voteConfigure = defineCommand('vote:configure', {
  run({ session, store }, p) {
    const q = requireQuestion(store, session.workshopId, p.questionId);
    if (store.openRound(q.id)) {
      throw new CommandError('wrong_phase', 'Change the voting settings before the round opens');
    }
    const w = store.workshop(session.workshopId);
    const budget = p.budget ?? q.voteBudget ?? w?.voteBudget ?? 3;
    const maxPerIdea = p.maxPerIdea ?? q.maxVotesPerIdea ?? w?.maxVotesPerIdea ?? 1;
    if (maxPerIdea > budget) {
      throw new CommandError('invalid_payload', 'maxPerIdea must not exceed budget');
    }
    const topN = p.topN === undefined ? q.topN : p.topN;
    store.setVoteSettings(session.workshopId, q.id, budget, maxPerIdea, topN);
    return { reply: { budget, maxPerIdea, topN } };
  },
});

/**
 * Another round on a shortlist, straight from Results: one command, so phones never pass through
 * clustering ("the facilitator is grouping ideas") on the way. The last round's results stay on
 * record; the new round's ballot is the shortlist.
 */
export const roundStart = defineCommand('round:start', {
  run({ session, store, doc, now, timerChanged }, p) {
    const q = requireQuestion(store, session.workshopId, p.questionId);
    if (q.phase !== 'results') {
      throw new CommandError('wrong_phase', 'Start another round from the results');
    }
    const last = [...store.rounds(q.id)].reverse().find((r) => r.status === 'closed');
    if (!last?.results) throw new CommandError('wrong_phase', 'No round has results yet');
    const onBoard = new Set(
      store
        .ideas(session.workshopId)
        .filter((i) => i.questionId === q.id && i.status === 'visible')
        .map((i) => i.id),
    );
    const pick = p.topN !== undefined ? { topN: p.topN } : { ideaIds: p.ideaIds ?? [] };
    const list = shortlist(last.results.ideas, pick, onBoard);
    if ('code' in list) throw new CommandError(list.code, list.message);
    const apply = changePhase(store, doc, session.workshopId, q, 'vote', now(), list.ideaIds);
    const opened = store.openRound(q.id);
    if (!opened) throw new Error('round:start opened no round');
    return {
      reply: { roundId: opened.id, number: opened.number, candidates: list.ideaIds },
      apply: (room) => {
        apply(room);
        timerChanged(session.workshopId);
      },
    };
  },
});

function voteContext(
  ctx: CommandContext,
  ideaId: string,
): { round: RoundRow | undefined; phase: Phase; questionId: string } {
  const idea = ctx.store.idea(ctx.session.workshopId, ideaId);
  if (!idea) throw new CommandError('unknown_idea', 'No such idea in this workshop');
  const q = requireQuestion(ctx.store, ctx.session.workshopId, idea.questionId);
  return { round: ctx.store.openRound(q.id), phase: q.phase, questionId: q.id };
}

export const voteCast = defineCommand('vote:cast', {
  run(ctx, p) {
    const pid = ctx.session.participantId as string;
    const idea = ctx.store.idea(ctx.session.workshopId, p.ideaId);
    const { round, phase, questionId } = voteContext(ctx, p.ideaId);
    const rules: RoundRules = round ? rulesOf(round) : { budget: 0, maxPerIdea: 0, candidates: [] };
    const ballot = round ? ctx.store.ballot(round.id, pid) : {};
    const refusal = castRefusal({
      phase,
      roundOpen: round !== undefined,
      rules,
      ballot,
      idea: idea ? { status: idea.status, inQuestion: idea.questionId === questionId } : null,
      ideaId: p.ideaId,
    });
    if (refusal || !round)
      throw new CommandError(refusal?.code ?? 'wrong_phase', refusal?.message ?? '');
    const next = { ...ballot, [p.ideaId]: (ballot[p.ideaId] ?? 0) + 1 };
    ctx.store.setVote(round.id, pid, p.ideaId, next[p.ideaId] ?? 0);
    return {
      reply: { remaining: dotsRemaining(next, rules) },
      apply: (room) => projectOpenRound(ctx.store, room, questionId),
    };
  },
});

export const voteRetract = defineCommand('vote:retract', {
  run(ctx, p) {
    const pid = ctx.session.participantId as string;
    const { round, phase, questionId } = voteContext(ctx, p.ideaId);
    const ballot = round ? ctx.store.ballot(round.id, pid) : {};
    const refusal = retractRefusal({
      phase,
      roundOpen: round !== undefined,
      ballot,
      ideaId: p.ideaId,
    });
    if (refusal || !round)
      throw new CommandError(refusal?.code ?? 'wrong_phase', refusal?.message ?? '');
    const next = { ...ballot, [p.ideaId]: (ballot[p.ideaId] ?? 0) - 1 };
    ctx.store.setVote(round.id, pid, p.ideaId, next[p.ideaId] ?? 0);
    return {
      reply: { remaining: dotsRemaining(next, rulesOf(round)) },
      apply: (room) => projectOpenRound(ctx.store, room, questionId),
    };
  },
});

export const voteMine = defineCommand('vote:mine', {
  run({ session, store }, p) {
    const q = requireQuestion(store, session.workshopId, p.questionId);
    const round = store.openRound(q.id);
    if (!round || !session.participantId) {
      return { reply: { roundId: null, ballot: {}, remaining: 0, budget: 0, maxPerIdea: 0 } };
    }
    const ballot = store.ballot(round.id, session.participantId);
    return {
      reply: {
        roundId: round.id,
        ballot,
        remaining: dotsRemaining(ballot, rulesOf(round)),
        budget: round.budget,
        maxPerIdea: round.maxPerIdea,
      },
    };
  },
});
