import { io as ioClient, type Socket } from 'socket.io-client';

/**
 * A participant client that speaks the same protocol as the real one
 * (client/src/stores/myIdeasStore.ts): every command carries a commandId and waits in an outbox
 * until acknowledged; on every (re)connection the outbox is sent again, in order, with the same
 * ids. With `refreshFirst` it first asks `idea:mine` and marks what the server already has as
 * saved, as the real client does; without, it resends blindly and relies on the server's
 * commandId deduplication — both must end with every command applied exactly once.
 */

export type OutboxStatus = 'waiting' | 'sending' | 'saved' | 'failed';

export interface OutboxEntry {
  commandId: string;
  name: string;
  payload: Record<string, unknown>;
  status: OutboxStatus;
  /** Every status it went through, in order. */
  history: OutboxStatus[];
  /** How many times it was emitted. */
  sends: number;
  reply: Record<string, unknown> | null;
  /** Reply from an earlier emit that was acknowledged (its ack arrived). */
  acks: Record<string, unknown>[];
}

export interface OutboxClientOptions {
  refreshFirst?: boolean;
  /** Acknowledgement timeout (the real client waits 10 s). */
  ackTimeoutMs?: number;
  /** Sent as Origin (none by default). */
  origin?: string;
}

let counter = 0;

export class OutboxClient {
  readonly socket: Socket;
  readonly entries: OutboxEntry[] = [];
  connects = 0;
  private flushing = false;
  private generation = 0;

  constructor(
    url: string,
    token: string,
    readonly label: string,
    private readonly opts: OutboxClientOptions = {},
  ) {
    this.socket = ioClient(url, {
      transports: ['websocket'],
      auth: { token },
      forceNew: true,
      reconnection: true,
      reconnectionDelay: 100,
      reconnectionDelayMax: 1000,
      ...(opts.origin ? { extraHeaders: { origin: opts.origin } } : {}),
    });
    this.socket.on('connect', () => {
      this.connects++;
      void this.onConnect();
    });
    this.socket.on('disconnect', () => {
      this.generation++;
      for (const e of this.entries) if (e.status === 'sending') this.set(e, 'waiting');
    });
  }

  /** Queues a command and tries to send it; returns its commandId. */
  enqueue(name: string, payload: Record<string, unknown>): string {
    counter++;
    const commandId = `${this.label}-${process.pid}-${counter}`.replace(/[^A-Za-z0-9_-]/g, '-');
    this.entries.push({
      commandId,
      name,
      payload: { ...payload, commandId },
      status: 'waiting',
      history: ['waiting'],
      sends: 0,
      reply: null,
      acks: [],
    });
    void this.flush();
    return commandId;
  }

  pending(): OutboxEntry[] {
    return this.entries.filter((e) => e.status === 'waiting' || e.status === 'sending');
  }

  close(): void {
    this.socket.disconnect();
  }

  private set(e: OutboxEntry, status: OutboxStatus): void {
    e.status = status;
    if (e.history.at(-1) !== status) e.history.push(status);
  }

  private async onConnect(): Promise<void> {
    if (this.opts.refreshFirst) await this.refresh();
    await this.flush();
  }

  /** `idea:mine`: an outbox idea the server already has was saved, even if its ack was lost. */
  private async refresh(): Promise<void> {
    try {
      const reply = (await this.socket
        .timeout(this.opts.ackTimeoutMs ?? 10_000)
        .emitWithAck('idea:mine', {})) as {
        ok: boolean;
        ideas?: { id: string; commandId: string | null }[];
      };
      if (!reply.ok || !reply.ideas) return;
      const known = new Map(reply.ideas.map((i) => [i.commandId, i.id]));
      for (const e of this.entries) {
        const id = known.get(e.commandId);
        if (e.name === 'idea:submit' && id && e.status !== 'saved') {
          e.reply = { ok: true, ideaId: id };
          this.set(e, 'saved');
        }
      }
    } catch {
      // No answer: the flush below resends, and the server deduplicates.
    }
  }

  /** Sends every waiting entry, one at a time, in order (as the real client does). */
  async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      for (;;) {
        if (!this.socket.connected) return;
        const e = this.entries.find((x) => x.status === 'waiting');
        if (!e) return;
        const gen = this.generation;
        this.set(e, 'sending');
        e.sends++;
        let reply: Record<string, unknown> & { ok?: boolean; error?: { code: string } };
        try {
          reply = await this.socket
            .timeout(this.opts.ackTimeoutMs ?? 10_000)
            .emitWithAck(e.name, e.payload);
        } catch {
          if (e.status === 'sending') this.set(e, 'waiting');
          if (gen !== this.generation || !this.socket.connected) return;
          continue;
        }
        e.acks.push(reply);
        if (reply.ok) {
          e.reply = reply;
          this.set(e, 'saved');
        } else if (
          reply.error?.code === 'storage_unavailable' ||
          reply.error?.code === 'rate_limited'
        ) {
          this.set(e, 'waiting');
          return; // try again on the next flush
        } else {
          e.reply = reply;
          this.set(e, 'failed');
        }
      }
    } finally {
      this.flushing = false;
    }
  }
}
