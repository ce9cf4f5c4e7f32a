import { formatClock, type TimerState, timeLeft } from '@convene/shared';
import { t } from '../i18n/i18n.ts';
import { useServerNow } from '../stores/clock.ts';

/** The workshop timer, the same on every screen (server clock). Hidden when idle. */
export function TimerDisplay({ timer, className = '' }: { timer: TimerState; className?: string }) {
  const now = useServerNow();
  if (timer.status === 'idle') return null;
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
