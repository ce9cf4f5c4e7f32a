import {
  addTime,
  IDLE_TIMER,
  pauseTimer,
  resumeTimer,
  startTimer,
  type TimerState,
  timeLeft,
} from '@convene/shared';
import { projectTimer } from '../sync/projection.ts';
import type { Room } from '../sync/room.ts';
import { type CommandContext, CommandError, defineCommand } from './commandBus.ts';

function saveTimer(ctx: CommandContext, next: TimerState | null, refusal: string) {
  if (!next) throw new CommandError('timer_state', refusal);
  const workshopId = ctx.session.workshopId;
  ctx.store.setTimer(workshopId, next);
  return (room: Room) => {
    projectTimer(ctx.store, room.doc, workshopId);
    ctx.timerChanged(workshopId);
  };
}

const current = (ctx: CommandContext) => ctx.store.timer(ctx.session.workshopId) ?? IDLE_TIMER;

export const timerStart = defineCommand('timer:start', {
  run(ctx, p) {
    // The timer belongs to what the room is doing now: the current question in its phase.
    const w = ctx.store.workshop(ctx.session.workshopId);
    const q = w?.currentQuestionId
      ? ctx.store.question(ctx.session.workshopId, w.currentQuestionId)
      : undefined;
    const owner = q ? { questionId: q.id, phase: q.phase } : { questionId: null, phase: null };
    const next = startTimer(ctx.now(), p.durationSeconds * 1000, p.autoAdvance ?? false, owner);
    return { reply: { endsAt: next.endsAt ?? 0 }, apply: saveTimer(ctx, next, '') };
  },
});

export const timerPause = defineCommand('timer:pause', {
  run(ctx) {
    const next = pauseTimer(current(ctx), ctx.now());
    return {
      reply: { remainingMs: next?.remainingMs ?? 0 },
      apply: saveTimer(ctx, next, 'The timer is not running'),
    };
  },
});

export const timerResume = defineCommand('timer:resume', {
  run(ctx) {
    const next = resumeTimer(current(ctx), ctx.now());
    return {
      reply: { endsAt: next?.endsAt ?? 0 },
      apply: saveTimer(ctx, next, 'The timer is not paused'),
    };
  },
});

export const timerAdd = defineCommand('timer:add', {
  run(ctx, p) {
    const now = ctx.now();
    const next = addTime(current(ctx), p.seconds * 1000, now);
    return {
      reply: { remainingMs: next ? timeLeft(next, now) : 0 },
      apply: saveTimer(ctx, next, 'Start the timer before adding time'),
    };
  },
});

export const timerStop = defineCommand('timer:stop', {
  run(ctx) {
    return { reply: {}, apply: saveTimer(ctx, IDLE_TIMER, '') };
  },
});

/** Any screen asks for the server's clock to correct its own (all timers show the same time). */
export const clockSync = defineCommand('clock:sync', {
  run(ctx) {
    return { reply: { now: ctx.now() } };
  },
});
