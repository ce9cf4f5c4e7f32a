import type { BoardRound } from '@convene/shared';
import { t } from '../i18n/i18n.ts';

/**
 * "Round 2 — shortlist of 5": a later round says so, so the room does not take it for a rerun of
 * the first. A first round on every idea needs no label.
 */
export function roundLabel(round: BoardRound): string | null {
  if (round.candidates) return t.roundShortlist(round.number, round.candidates.length);
  return round.number > 1 ? t.round(round.number) : null;
}

export function RoundLabel({ round, className = '' }: { round: BoardRound; className?: string }) {
  const text = roundLabel(round);
  return text ? <p className={`round-label ${className}`}>{text}</p> : null;
}
