import {
  type BoardQuestion,
  formatClock,
  isTimerFor,
  type TimerState,
  timeLeft,
} from '@convene/shared';
import { t } from '../i18n/i18n.ts';
import { useServerNow } from '../stores/clock.ts';

/**
 * The workshop timer, the same on every screen (server clock). Hidden when idle, and when it was
 * started for another question or phase: a screen never shows another phase's clock, even for the
 * moment between a phase change reaching it and the stopped timer reaching it.
 */
export function TimerDisplay({
  timer,
  question,
  className = '',
}: {
  timer: TimerState;
  question: Pick<BoardQuestion, 'id' | 'phase'> | null;
  className?: string;
}) {
  const now = useServerNow();
  if (!isTimerFor(timer, question?.id ?? null, question?.phase ?? null)) return null;
  const left = timeLeft(timer, now);
  const state = timer.status === 'paused' ? t.timerPaused : left === 0 ? t.timeUp : t.timeLeft;
  return (
    <div
      className={`timer ${left === 0 ? 'timer--up' : ''} ${className}`}
      role="timer"
      aria-label={`${state}: ${formatClock(left)}`}
    >
      <span className="timer__clock">{formatClock(left)}</span>
      <span className="timer__state">{state}</span>
    </div>
  );
}
