import type { ErrorCode } from '../protocol/errors.ts';
import { canVote, type Phase } from './phases.ts';

/** A participant's dots in one round: idea id → dots on it. */
export type Ballot = Readonly<Record<string, number>>;

export interface RoundRules {
  budget: number;
  maxPerIdea: number;
  /** Ideas this round is about; null means every visible idea of the question. */
  candidates: readonly string[] | null;
}

export function dotsUsed(ballot: Ballot): number {
  let n = 0;
  for (const v of Object.values(ballot)) n += v;
  return n;
}

export function dotsRemaining(ballot: Ballot, rules: RoundRules): number {
  return Math.max(0, rules.budget - dotsUsed(ballot));
}

export interface VoteContext {
  phase: Phase;
  roundOpen: boolean;
  rules: RoundRules;
  ballot: Ballot;
  /** The idea as the server knows it, or null when unknown. */
  idea: {
    status: 'visible' | 'hidden' | 'withdrawn' | 'moderated' | 'merged';
    inQuestion: boolean;
  } | null;
  ideaId: string;
}

/** Why a dot cannot be cast, or null when it can. */
export function castRefusal(c: VoteContext): { code: ErrorCode; message: string } | null {
  if (!canVote(c.phase) || !c.roundOpen) {
    return { code: 'wrong_phase', message: 'Voting is not open for this question' };
  }
  if (!c.idea?.inQuestion) {
    return { code: 'unknown_idea', message: 'No such idea in this question' };
  }
  if (c.idea.status !== 'visible') {
    return { code: 'idea_not_votable', message: `This idea cannot get votes (${c.idea.status})` };
  }
  if (c.rules.candidates && !c.rules.candidates.includes(c.ideaId)) {
    return { code: 'idea_not_votable', message: 'This idea is not on the ballot of this round' };
  }
  if (dotsRemaining(c.ballot, c.rules) <= 0) {
    return { code: 'over_budget', message: `You have used all ${c.rules.budget} of your dots` };
  }
  if ((c.ballot[c.ideaId] ?? 0) >= c.rules.maxPerIdea) {
    return {
      code: 'over_idea_limit',
      message: `At most ${c.rules.maxPerIdea} dot(s) per idea`,
    };
  }
  return null;
}

/** Why a dot cannot be taken back, or null when it can. */
export function retractRefusal(
  c: Pick<VoteContext, 'phase' | 'roundOpen' | 'ballot' | 'ideaId'>,
): { code: ErrorCode; message: string } | null {
  if (!canVote(c.phase) || !c.roundOpen) {
    return { code: 'wrong_phase', message: 'Voting is not open for this question' };
  }
  if ((c.ballot[c.ideaId] ?? 0) <= 0) {
    return { code: 'no_vote', message: 'You have no dot on this idea' };
  }
  return null;
}
