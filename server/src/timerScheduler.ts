import { autoAdvanceTarget, IDLE_TIMER, timeLeft } from '@convene/shared';
import { changePhase } from './commands/questionFlow.ts';
import { errorName, type Logger } from './log.ts';
import type { Store } from './store/store.ts';
import { projectTimer } from './sync/projection.ts';
import type { RoomRegistry } from './sync/room.ts';

/**
 * Arms one server-side timeout per workshop whose timer runs with auto-advance. The end time is
 * stored absolutely, so after a restart `armAll` re-arms what is still running (and fires at
 * once what ran out while the server was down).
 */
export class TimerScheduler {
  private readonly pending = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly store: Store,
    private readonly rooms: RoomRegistry,
    private readonly log: Logger,
    private readonly now: () => number,
  ) {}

  armAll(): void {
    for (const { workshopId } of this.store.runningTimers()) this.arm(workshopId);
  }

  /** (Re)arms the workshop's timeout from its stored timer. */
  arm(workshopId: string): void {
    const existing = this.pending.get(workshopId);
    if (existing) clearTimeout(existing);
    this.pending.delete(workshopId);
    const timer = this.store.timer(workshopId);
    if (timer?.status !== 'running' || !timer.autoAdvance) return;
    // setTimeout caps at ~24.8 days; timers are capped at hours, so this is safe.
    const delay = timeLeft(timer, this.now());
    const handle = setTimeout(() => this.fire(workshopId), delay);
    handle.unref();
    this.pending.set(workshopId, handle);
  }

  private fire(workshopId: string): void {
    this.pending.delete(workshopId);
    try {
      this.rooms.with(workshopId, (room) => {
        const apply = this.store.transaction(() => {
          const timer = this.store.timer(workshopId);
          if (timer?.status !== 'running' || !timer.autoAdvance) return null;
          if (timeLeft(timer, this.now()) > 0) return 'rearm' as const;
          this.store.setTimer(workshopId, IDLE_TIMER);
          const w = this.store.workshop(workshopId);
          const q = w?.currentQuestionId
            ? this.store.question(workshopId, w.currentQuestionId)
            : undefined;
          // Only the phase the timer was started in moves on (a phase change stops its timer;
          // this also holds for a timer stored before timers had an owner).
          const to = autoAdvanceTarget(timer, q ? { questionId: q.id, phase: q.phase } : null);
          if (!q || !to) return () => undefined;
          return changePhase(this.store, room.doc, workshopId, q, to, this.now());
        });
        if (apply === 'rearm') return this.arm(workshopId);
        if (!apply) return;
        apply(room);
        projectTimer(this.store, room.doc, workshopId);
      });
    } catch (err) {
      this.log.error('timer_fire_failed', { workshopId, err: errorName(err) });
    }
  }

  stop(): void {
    for (const h of this.pending.values()) clearTimeout(h);
    this.pending.clear();
  }
}
