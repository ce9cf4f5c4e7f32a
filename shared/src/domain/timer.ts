import { nextPhase, type Phase } from './phases.ts';

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
  /** The question the timer was started for (null: started with no current question, or stored
   * before timers were bound to a phase). */
  questionId: string | null;
  /** The phase of that question when the timer was started. */
  phase: Phase | null;
}

/** What a timer is started for: the current question and its phase. */
export interface TimerOwner {
  questionId: string | null;
  phase: Phase | null;
}

const UNBOUND: TimerOwner = { questionId: null, phase: null };

export const IDLE_TIMER: TimerState = {
  status: 'idle',
  durationMs: 0,
  endsAt: null,
  remainingMs: null,
  autoAdvance: false,
  questionId: null,
  phase: null,
};

export const MAX_TIMER_MS = 4 * 60 * 60 * 1000;

export function startTimer(
  now: number,
  durationMs: number,
  autoAdvance: boolean,
  owner: TimerOwner = UNBOUND,
): TimerState {
  return {
    status: 'running',
    durationMs,
    endsAt: now + durationMs,
    remainingMs: null,
    autoAdvance,
    questionId: owner.questionId,
    phase: owner.phase,
  };
}

/**
 * Whether a screen should show this timer while `questionId` is in `phase`: only the clock of
 * the phase it was started in. An unbound timer (stored before timers had an owner, or started
 * with no current question) shows until the next phase change stops it.
 */
export function isTimerFor(timer: TimerState, questionId: string | null, phase: Phase | null) {
  if (timer.status === 'idle') return false;
  if (timer.questionId === null) return true;
  return timer.questionId === questionId && timer.phase === phase;
}

/**
 * The timer once the room has moved to `questionId` in `phase`: a timer belongs to the question
 * and phase it was started in, so any other move stops it (a 15-minute collecting timer must not
 * run on over clustering, voting and results). Re-selecting the same phase keeps it.
 */
export function timerAfterMove(timer: TimerState, questionId: string, phase: Phase): TimerState {
  if (timer.status === 'idle') return timer;
  return timer.questionId === questionId && timer.phase === phase ? timer : IDLE_TIMER;
}

/** Phases a running-out timer may end; lobby, results and closed wait for the facilitator. */
const ADVANCES: ReadonlySet<Phase> = new Set<Phase>(['submit', 'cluster', 'vote']);

/**
 * Where a timer that ran out moves the room: the next phase of the question it belongs to, only
 * if that question is still current and still in the timer's phase; null otherwise.
 */
export function autoAdvanceTarget(
  timer: TimerState,
  current: { questionId: string; phase: Phase } | null,
): Phase | null {
  if (!timer.autoAdvance || !current || !ADVANCES.has(current.phase)) return null;
  if (timer.questionId !== null && !isTimerFor(timer, current.questionId, current.phase)) {
    return null;
  }
  return nextPhase(current.phase);
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
