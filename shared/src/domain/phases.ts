/** The phases a question moves through; `closed` ends it for good (until reopened). */
export const PHASES = ['lobby', 'submit', 'cluster', 'vote', 'results', 'closed'] as const;
export type Phase = (typeof PHASES)[number];

/** Ideas may be submitted only while the question collects them. */
export function canSubmitIdea(phase: Phase): boolean {
  return phase === 'submit';
}

/** The phase that normally follows, or null at the end. */
export function nextPhase(phase: Phase): Phase | null {
  const i = PHASES.indexOf(phase);
  return PHASES[i + 1] ?? null;
}

/** The phase before, or null at the start. */
export function previousPhase(phase: Phase): Phase | null {
  const i = PHASES.indexOf(phase);
  return i > 0 ? (PHASES[i - 1] ?? null) : null;
}
