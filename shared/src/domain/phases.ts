/** The phases a question moves through; `closed` ends it (a facilitator may reopen it). */
export const PHASES = ['lobby', 'submit', 'cluster', 'vote', 'results', 'closed'] as const;
export type Phase = (typeof PHASES)[number];

const order = (p: Phase) => PHASES.indexOf(p);

/** Ideas may be submitted only while the question collects them. */
export function canSubmitIdea(phase: Phase): boolean {
  return phase === 'submit';
}

/** A participant may edit or withdraw their own idea until clustering starts. */
export function canEditOwnIdea(phase: Phase): boolean {
  return phase === 'lobby' || phase === 'submit';
}

/** Votes are cast and retracted only while the question is in `vote`. */
export function canVote(phase: Phase): boolean {
  return phase === 'vote';
}

/** Tallies become visible to anyone only in `results` (and stay visible once published). */
export function areResultsVisible(phase: Phase): boolean {
  return phase === 'results' || phase === 'closed';
}

/** The phase that normally follows, or null at the end. */
export function nextPhase(phase: Phase): Phase | null {
  return PHASES[order(phase) + 1] ?? null;
}

/** The phase before, or null at the start. */
export function previousPhase(phase: Phase): Phase | null {
  const i = order(phase);
  return i > 0 ? (PHASES[i - 1] ?? null) : null;
}

/**
 * Allowed moves: one step forward; any step back (reopen submissions, rerun a vote);
 * `closed` from anywhere; and from `closed` back to any earlier phase. Skipping ahead is refused
 * so that no question reaches `vote` without a clustering step or `results` without a vote.
 * Setting the phase a question already has is allowed (it makes the question current).
 */
export function canTransition(from: Phase, to: Phase): boolean {
  if (from === to) return true;
  if (to === 'closed') return true;
  if (from === 'closed') return true;
  return order(to) === order(from) + 1 || order(to) < order(from);
}

/** What a phase change does to the question's data, decided in one place. */
export interface PhaseEffects {
  /** Entering `vote`: a new voting round opens. */
  openRound: boolean;
  /** Entering `results` from `vote`: the open round closes and its tallies are published. */
  closeRound: boolean;
  /** Leaving `vote` backwards: the open round is cancelled and its votes discarded. */
  cancelRound: boolean;
}

/**
 * Step-back rules: ideas, clusters and published results always survive; only an open round
 * that is left without reaching `results` is cancelled (its votes were never published).
 */
export function phaseEffects(from: Phase, to: Phase): PhaseEffects {
  const leavingVote = from === 'vote' && to !== 'vote';
  return {
    openRound: to === 'vote' && from !== 'vote',
    closeRound: leavingVote && (to === 'results' || to === 'closed'),
    cancelRound: leavingVote && to !== 'results' && to !== 'closed',
  };
}
