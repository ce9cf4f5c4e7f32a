import type { Ack } from '@convene/shared';
import { io as ioClient, type Socket } from 'socket.io-client';
import { Outbox, type OutboxStatus } from '../../client/src/net/outbox.ts';

/**
 * A participant client on the real outbox (client/src/net/outbox.ts, the module the
 * participant's screen uses): every command carries a commandId and waits in the outbox until
 * acknowledged; on every (re)connection the outbox is sent again, in order, with the same ids.
 * With `refreshFirst` it first asks `idea:mine` and marks what the server already has as saved,
 * as the real client does; without, it resends blindly and relies on the server's commandId
 * deduplication — both must end with every command applied exactly once. What this file adds
 * is only the bare socket and a record of what happened (statuses in order, sends, answers).
 */

export type { OutboxStatus };

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
  /** Every answer that arrived for it, in order. */
  acks: Record<string, unknown>[];
  /** When it was acknowledged (Date.now()), once saved. */
  savedAt?: number;
}

export interface OutboxClientOptions {
  refreshFirst?: boolean;
  /** Acknowledgement timeout (the real client waits 10 s). */
  ackTimeoutMs?: number;
  /** Sent as Origin (none by default). */
  origin?: string;
  /** Delay before a "not now" answer is retried (the real client: 2 s). */
  retryDelayMs?: number;
  /**
   * Cluster mode (issue 17): sent as the socket.io query (the web client sends `workshopId`,
   * which the proxy routes by).
   */
  query?: Record<string, string>;
  /**
   * Cluster mode: connect again after a connection refused `not_owner` or
   * `storage_unavailable`, as client/src/net/workshopConnection.ts does (socket.io does not
   * retry a refusal by itself).
   */
  retryRefusals?: boolean;
}

let counter = 0;

export class OutboxClient {
  readonly socket: Socket;
  readonly entries: OutboxEntry[] = [];
  connects = 0;
  /** Connections refused `not_owner` / `storage_unavailable` and retried (retryRefusals). */
  refusals = 0;
  private closed = false;
  private readonly outbox: Outbox<OutboxEntry>;

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
      ...(opts.query ? { query: opts.query } : {}),
    });
    this.outbox = new Outbox<OutboxEntry>({
      entries: () => this.entries,
      update: (commandId, patch) => {
        const e = this.entries.find((x) => x.commandId === commandId);
        if (!e) return;
        Object.assign(e, patch);
        if (e.history.at(-1) !== e.status) e.history.push(e.status);
      },
      send: (e) => (this.socket.connected ? this.emit(e) : null),
      saved: (_e, reply) => ({ reply, savedAt: Date.now() }),
      failed: (e) => ({ reply: e.acks.at(-1) ?? null }),
      retryDelayMs: opts.retryDelayMs ?? 2000,
    });
    this.socket.on('connect', () => {
      this.connects++;
      void this.onConnect();
    });
    this.socket.on('disconnect', () => this.outbox.interrupted());
    if (opts.retryRefusals) {
      this.socket.on('connect_error', (err: Error & { data?: { error?: { code?: string } } }) => {
        const code = err.data?.error?.code;
        if (code !== 'not_owner' && code !== 'storage_unavailable') return;
        this.refusals++;
        setTimeout(
          () => {
            if (!this.closed && !this.socket.connected) this.socket.connect();
          },
          500 + Math.random() * 1000,
        );
      });
    }
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
    return this.outbox.pending();
  }

  flush(): Promise<void> {
    return this.outbox.flush();
  }

  close(): void {
    this.closed = true;
    this.outbox.dispose();
    this.socket.disconnect();
  }

  /** One emit, answered as the real connection answers (a lost answer is `timeout`). */
  private async emit(e: OutboxEntry): Promise<Ack<object>> {
    e.sends++;
    try {
      const reply = (await this.socket
        .timeout(this.opts.ackTimeoutMs ?? 10_000)
        .emitWithAck(e.name, e.payload)) as Ack<object>;
      e.acks.push(reply as unknown as Record<string, unknown>);
      return reply;
    } catch {
      return { ok: false, error: { code: 'timeout', message: 'No answer from the server yet.' } };
    }
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
      const known = new Map<string, Partial<OutboxEntry>>();
      for (const i of reply.ideas) {
        const e = this.entries.find((x) => x.commandId === i.commandId);
        if (e?.name === 'idea:submit')
          known.set(e.commandId, { reply: { ok: true, ideaId: i.id } });
      }
      this.outbox.markSaved(known);
    } catch {
      // No answer: the flush below resends, and the server deduplicates.
    }
  }
}
