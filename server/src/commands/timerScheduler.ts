import { autoAdvanceTarget, IDLE_TIMER, timeLeft } from '@convene/shared';
import { errorName, type Logger } from '../log.ts';
import type { Store } from '../store/store.ts';
import { projectTimer } from '../sync/projection.ts';
import type { RoomRegistry } from '../sync/room.ts';
import { type CommandOutcome, commitAndProject } from './commandBus.ts';
import { changePhase } from './questionFlow.ts';

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

  /** Whether the workshop's auto-advance is armed here (cluster mode keeps such a workshop). */
  isArmed(workshopId: string): boolean {
    return this.pending.has(workshopId);
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

  /**
   * A server-initiated change: no session to authorise, the stored timer to validate against.
   * It goes through the write pipeline as a command does (commit, then project, then done).
   */
  private fire(workshopId: string): void {
    this.pending.delete(workshopId);
    try {
      this.rooms.with(workshopId, (room) => {
        const done = commitAndProject(
          room,
          { store: this.store, log: this.log },
          'timer:autoAdvance',
          (): CommandOutcome<{ rearm: boolean }> => {
            const timer = this.store.timer(workshopId);
            if (timer?.status !== 'running' || !timer.autoAdvance)
              return { reply: { rearm: false } };
            if (timeLeft(timer, this.now()) > 0) return { reply: { rearm: true } };
            this.store.setTimer(workshopId, IDLE_TIMER);
            const w = this.store.workshop(workshopId);
            const q = w?.currentQuestionId
              ? this.store.question(workshopId, w.currentQuestionId)
              : undefined;
            // Only the phase the timer was started in moves on (a phase change stops its timer;
            // this also holds for a timer stored before timers had an owner).
            const to = autoAdvanceTarget(timer, q ? { questionId: q.id, phase: q.phase } : null);
            const phase =
              q && to ? changePhase(this.store, room.doc, workshopId, q, to, this.now()) : null;
            return {
              reply: { rearm: false },
              apply: (r) => {
                phase?.(r);
                projectTimer(this.store, r.doc, workshopId);
              },
            };
          },
        );
        if (!done.ok) {
          this.log.error('timer_fire_failed', { workshopId, err: done.error.code });
        } else if (done.rearm) {
          this.arm(workshopId);
        }
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
