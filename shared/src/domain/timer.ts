/**
 * One timer per workshop, with the server as the clock. Stored as an absolute end time while
 * running (so it survives a restart) and as the remaining time while paused.
 */
export type TimerStatus = 'idle' | 'running' | 'paused';

export interface TimerState {
  status: TimerStatus;
  /** Length the timer was started with (plus any time added), for progress bars. */
  durationMs: number;
  /** Server epoch ms at which a running timer reaches zero. */
  endsAt: number | null;
  /** Time left on a paused timer. */
  remainingMs: number | null;
  /** When the timer runs out, move the current question to its next phase. */
  autoAdvance: boolean;
}

export const IDLE_TIMER: TimerState = {
  status: 'idle',
  durationMs: 0,
  endsAt: null,
  remainingMs: null,
  autoAdvance: false,
};

export const MAX_TIMER_MS = 4 * 60 * 60 * 1000;

export function startTimer(now: number, durationMs: number, autoAdvance: boolean): TimerState {
  return {
    status: 'running',
    durationMs,
    endsAt: now + durationMs,
    remainingMs: null,
    autoAdvance,
  };
}

/** Time left at `now` (never negative); 0 for an idle timer. */
export function timeLeft(state: TimerState, now: number): number {
  if (state.status === 'running' && state.endsAt !== null) return Math.max(0, state.endsAt - now);
  if (state.status === 'paused' && state.remainingMs !== null)
    return Math.max(0, state.remainingMs);
  return 0;
}

export function isExpired(state: TimerState, now: number): boolean {
  return state.status === 'running' && timeLeft(state, now) === 0;
}

export function pauseTimer(state: TimerState, now: number): TimerState | null {
  if (state.status !== 'running') return null;
  return { ...state, status: 'paused', endsAt: null, remainingMs: timeLeft(state, now) };
}

export function resumeTimer(state: TimerState, now: number): TimerState | null {
  if (state.status !== 'paused' || state.remainingMs === null) return null;
  return { ...state, status: 'running', endsAt: now + state.remainingMs, remainingMs: null };
}

/** Adds (or, with a negative value, removes) time; never below zero or above the maximum. */
export function addTime(state: TimerState, deltaMs: number, now: number): TimerState | null {
  if (state.status === 'idle') return null;
  const left = Math.min(MAX_TIMER_MS, Math.max(0, timeLeft(state, now) + deltaMs));
  const durationMs = Math.max(left, state.durationMs + deltaMs);
  return state.status === 'running'
    ? { ...state, durationMs, endsAt: now + left }
    : { ...state, durationMs, remainingMs: left };
}

/** Formats milliseconds as m:ss (or h:mm:ss), rounding up so 0:00 shows only at the end. */
export function formatClock(ms: number): string {
  const total = Math.ceil(Math.max(0, ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
