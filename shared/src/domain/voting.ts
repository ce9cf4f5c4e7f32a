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

/** Who a new round is about: the N best of the last round, or ideas the facilitator picked. */
export type ShortlistPick = { topN: number } | { ideaIds: readonly string[] };

/**
 * The ballot of another round started from the results: the ideas ranked N or better (ideas tied
 * at rank N all come along, so a tie is never cut by chance), or the picked ideas in the last
 * round's order. Ideas no longer on the board are left out; fewer than two is no vote at all.
 */
export function shortlist(
  lastRanking: readonly { ideaId: string; rank: number }[],
  pick: ShortlistPick,
  onBoard: ReadonlySet<string>,
): { ideaIds: string[] } | { code: ErrorCode; message: string } {
  const ranked = lastRanking.filter((r) => onBoard.has(r.ideaId));
  let ideaIds: string[];
  if ('topN' in pick) {
    ideaIds = ranked.filter((r) => r.rank <= pick.topN).map((r) => r.ideaId);
  } else {
    const picked = new Set(pick.ideaIds);
    const unknown = pick.ideaIds.find((id) => !onBoard.has(id));
    if (unknown !== undefined) {
      return { code: 'unknown_idea', message: 'A picked idea is not on this question’s board' };
    }
    const inRanking = ranked.filter((r) => picked.has(r.ideaId)).map((r) => r.ideaId);
    const rest = [...picked].filter((id) => !inRanking.includes(id));
    ideaIds = [...inRanking, ...rest];
  }
  if (ideaIds.length < 2) {
    return { code: 'invalid_payload', message: 'A new round needs at least two ideas' };
  }
  return { ideaIds };
}
