import type { Ack, ErrorCode } from '@convene/shared';

/**
 * The outbox: commands this device has promised to deliver, sent one at a time in the order
 * they were written, each with the commandId it got when written, so that a resend after a
 * lost acknowledgement is applied once by the server. Framework-free: the participant's store
 * (stores/myIdeasStore.ts) keeps its ideas in it, and the fault suites drive the same code
 * through a bare socket (tests/helpers/outboxClient.ts).
 *
 * The rules, in one place:
 * - a command is `waiting` until it is sent, `sending` until answered, then `saved` or
 *   `failed` (refused: the reason is shown, it is not sent again);
 * - an answer that means "not now" (RETRY_LATER) puts it back to `waiting`, keeps the order
 *   (nothing after it is sent first) and tries again after `retryDelayMs`;
 * - a lost connection puts what was `sending` back to `waiting`; the pass in flight is
 *   abandoned (its late answer, if any, is ignored) and the next connection sends again.
 */

export type OutboxStatus = 'waiting' | 'sending' | 'saved' | 'failed';

/** What the outbox needs of an entry; the owner keeps whatever else it wants beside. */
export interface OutboxEntry {
  commandId: string;
  status: OutboxStatus;
}

/** Refusals that mean "not now": the command is kept and sent again later. */
export const RETRY_LATER: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'timeout',
  'storage_unavailable',
  'rate_limited',
]);

export interface OutboxOptions<E extends OutboxEntry> {
  /** The entries, oldest first, as the owner holds them now. */
  entries(): readonly E[];
  /** Changes one entry (the owner stores, persists and shows it). */
  update(commandId: string, patch: Partial<E>): void;
  /** Sends one entry's command; null when there is no connection to send through. */
  send(entry: E): Promise<Ack<object>> | null;
  /** What an acknowledgement adds to its entry besides `saved` (e.g. the new idea's id). */
  saved?(entry: E, reply: Record<string, unknown>): Partial<E>;
  /** What a refusal adds to its entry besides `failed` (e.g. the message to show). */
  failed?(entry: E, error: { code: ErrorCode; message: string }): Partial<E>;
  /** Called after a pass that sent everything it could (e.g. to ask the server what it has). */
  drained?(): void;
  /** Delay before trying again after a "not now" (the real client: 2 s). */
  retryDelayMs?: number;
}

export class Outbox<E extends OutboxEntry> {
  private generation = 0;
  private running: Promise<void> | null = null;
  private again = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly opts: OutboxOptions<E>) {}

  /** Entries not answered yet. */
  pending(): E[] {
    return this.opts.entries().filter((e) => e.status === 'waiting' || e.status === 'sending');
  }

  /**
   * Sends every entry not answered yet, one at a time and in order. Safe to call any time: a
   * call during a pass schedules one more pass.
   */
  flush(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    const gen = this.generation;
    const run = (async () => {
      do {
        this.again = false;
        if (!(await this.pass(gen))) return;
      } while (this.again && gen === this.generation);
    })().finally(() => {
      if (this.running === run) this.running = null;
    });
    this.running = run;
    return run;
  }

  /**
   * The connection dropped: what was on its way is waiting again, and the pass in flight is
   * abandoned so that the next connection's flush does not wait for its lost answer.
   */
  interrupted(): void {
    this.generation++;
    this.running = null;
    for (const e of this.opts.entries()) {
      if (e.status === 'sending')
        this.opts.update(e.commandId, { status: 'waiting' } as Partial<E>);
    }
  }

  /**
   * Entries the server says it has (by commandId) were saved even if their acknowledgement was
   * lost: marked so, never sent again.
   */
  markSaved(known: ReadonlyMap<string, Partial<E>>): void {
    for (const e of this.opts.entries()) {
      const patch = known.get(e.commandId);
      if (patch && e.status !== 'saved') {
        this.opts.update(e.commandId, { ...patch, status: 'saved' } as Partial<E>);
      }
    }
  }

  /** Stops a scheduled retry (the owner is going away). */
  dispose(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.generation++;
    this.running = null;
  }

  /** One pass over the pending entries; false when it stopped early (keep the order). */
  private async pass(gen: number): Promise<boolean> {
    for (;;) {
      if (gen !== this.generation) return false;
      const entry = this.opts
        .entries()
        .find((e) => e.status === 'waiting' || e.status === 'sending');
      if (!entry) break;
      const sent = this.opts.send(entry);
      if (!sent) return false; // no connection: the next one flushes
      this.opts.update(entry.commandId, { status: 'sending' } as Partial<E>);
      const reply = await sent;
      if (gen !== this.generation) return false; // answered on a connection since lost
      if (reply.ok) {
        const extra = this.opts.saved?.(entry, reply as unknown as Record<string, unknown>) ?? {};
        this.opts.update(entry.commandId, { ...extra, status: 'saved' } as Partial<E>);
      } else if (RETRY_LATER.has(reply.error.code)) {
        this.opts.update(entry.commandId, { status: 'waiting' } as Partial<E>);
        this.retryLater();
        return false;
      } else {
        const extra = this.opts.failed?.(entry, reply.error) ?? {};
        this.opts.update(entry.commandId, { ...extra, status: 'failed' } as Partial<E>);
      }
    }
    this.opts.drained?.();
    return true;
  }

  private retryLater(): void {
    if (this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.flush();
    }, this.opts.retryDelayMs ?? 2000);
  }
}
