import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { io as ioClient, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

/**
 * Load-generator clients. The Yjs client is a raw `ws` connection speaking the y-websocket
 * protocol into a real Y.Doc — what a provider does, without its timers — so that 500 of them
 * fit in one process. Every client records, in its own doc, when each idea appeared.
 */

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const REMOTE = 'bench:remote';

export class RawYjsClient {
  readonly doc = new Y.Doc();
  readonly ws: WebSocket;
  /** Resolves once the server answered our sync step 1 (the doc is complete). */
  readonly synced: Promise<void>;
  /** Frames received and sent, for message rates. */
  framesIn = 0;
  framesOut = 0;
  bytesIn = 0;
  /** Time this client spent handling what it received (decode, apply, observers), in ms. */
  busyMs = 0;
  /** Called with each idea added to this doc, and when it was applied. */
  onIdea: ((text: string, at: number) => void) | null = null;
  /** Called after every applied sync message (for control events). */
  onChange: ((at: number) => void) | null = null;
  /**
   * Diagnostic: updates are counted as seen on arrival and not applied (the doc goes stale), to
   * tell the time a client spends applying an update from the time it takes to reach it.
   */
  receiveOnly = false;
  private awarenessClock = 0;
  private closedReason: string | null = null;

  constructor(url: string, opts: { writer?: boolean } = {}) {
    this.ws = new WebSocket(url, { perMessageDeflate: false });
    const ideas = this.doc.getMap('ideas');
    ideas.observe((event) => {
      if (!this.onIdea) return;
      const at = performance.now();
      for (const [key, change] of event.changes.keys) {
        if (change.action !== 'add') continue;
        const m = ideas.get(key);
        const text = m instanceof Y.Map ? m.get('text') : undefined;
        if (typeof text === 'string') this.onIdea(text, at);
      }
    });
    if (opts.writer) {
      // A trusted writer (baseline B's editor): local edits go to the server as they happen.
      this.doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin === REMOTE) return;
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, MESSAGE_SYNC);
        syncProtocol.writeUpdate(encoder, update);
        this.send(encoding.toUint8Array(encoder));
      });
    }
    this.synced = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Yjs sync timed out: ${url}`)), 120_000);
      this.ws.on('open', () => {
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, MESSAGE_SYNC);
        syncProtocol.writeSyncStep1(encoder, this.doc);
        this.send(encoding.toUint8Array(encoder));
      });
      this.ws.on('message', (data: Buffer) => {
        const t0 = performance.now();
        this.handle(data, resolve, timer);
        this.busyMs += performance.now() - t0;
      });
      this.ws.on('close', (code, reason) => {
        this.closedReason = `${code} ${reason.toString()}`;
        clearTimeout(timer);
        reject(new Error(`Yjs connection closed: ${this.closedReason}`));
      });
      this.ws.on('error', () => {
        // Reported by 'close'.
      });
    });
    // A rejection nobody awaits must not crash the load process; callers await `synced`.
    this.synced.catch(() => undefined);
  }

  private handle(data: Buffer, synced: () => void, timer: NodeJS.Timeout): void {
    this.framesIn++;
    this.bytesIn += data.length;
    const decoder = decoding.createDecoder(
      new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    );
    const type = decoding.readVarUint(decoder);
    if (type !== MESSAGE_SYNC) return; // awareness is counted, not applied
    if (this.receiveOnly && decoding.peekVarUint(decoder) === syncProtocol.messageYjsUpdate) {
      this.onChange?.(performance.now());
      return;
    }
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    const sub = syncProtocol.readSyncMessage(decoder, encoder, this.doc, REMOTE);
    if (encoding.length(encoder) > 1) this.send(encoding.toUint8Array(encoder));
    if (sub === syncProtocol.messageYjsSyncStep2) {
      clearTimeout(timer);
      synced();
    }
    this.onChange?.(performance.now());
  }

  get closed(): string | null {
    return this.closedReason;
  }

  send(message: Uint8Array): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    this.framesOut++;
    this.ws.send(message);
  }

  /** Publishes this client's awareness state, as a y-websocket provider does (null: gone). */
  sendAwareness(state: Record<string, unknown> | null): void {
    const update = encoding.createEncoder();
    encoding.writeVarUint(update, 1);
    encoding.writeVarUint(update, this.doc.clientID);
    encoding.writeVarUint(update, ++this.awarenessClock);
    encoding.writeVarString(update, JSON.stringify(state));
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(encoder, encoding.toUint8Array(update));
    this.send(encoding.toUint8Array(encoder));
  }

  close(): void {
    this.onIdea = null;
    this.onChange = null;
    this.ws.terminate();
    this.doc.destroy();
  }
}

/** Convene's Yjs endpoint url for a workshop and token. */
export const conveneYjsUrl = (base: string, workshopId: string, token: string) =>
  `${base.replace(/^http/, 'ws')}/yjs/${workshopId}?token=${encodeURIComponent(token)}`;

/** Baseline B's room url. */
export const relayUrl = (base: string, room: string) => `${base.replace(/^http/, 'ws')}/${room}`;

/**
 * A socket.io client over WebSocket; resolves once connected. `workshopId` goes in the query as
 * the web client sends it, so that a proxy in front of several nodes routes it (issue 17).
 */
export function connectSocket(
  url: string,
  auth: Record<string, unknown>,
  workshopId?: string,
): Promise<Socket> {
  const socket = ioClient(url, {
    transports: ['websocket'],
    auth,
    ...(workshopId ? { query: { workshopId } } : {}),
    forceNew: true,
    reconnection: false,
    timeout: 60_000,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.disconnect();
      reject(err);
    });
  });
}

export interface AckReply {
  ok: boolean;
  error?: { code: string; message: string };
  [key: string]: unknown;
}

export function emitAck(socket: Socket, name: string, payload: unknown): Promise<AckReply> {
  return socket.timeout(30_000).emitWithAck(name, payload) as Promise<AckReply>;
}

/**
 * Idle connections for a baseline's load process. A Convene client has a socket.io and a Yjs
 * connection; a baseline speaks only one protocol. So that the load process (which runs every
 * client) carries the same connections on both sides, a baseline run also holds the other kind,
 * idle, on the other bare server. Otherwise the comparison would include the load process's
 * own cost of holding 500 more connections (timers, memory, garbage collection).
 */
export async function idleCompanions(
  kind: 'socketio' | 'yjs',
  url: string,
  n: number,
  room: string,
): Promise<{ close(): void }> {
  if (kind === 'socketio') {
    const sockets: Socket[] = [];
    for (let i = 0; i < n; i += 25) {
      const batch = Array.from({ length: Math.min(25, n - i) }, () => connectSocket(url, { room }));
      sockets.push(...(await Promise.all(batch)));
    }
    return {
      close() {
        for (const s of sockets) s.disconnect();
      },
    };
  }
  const clients: RawYjsClient[] = [];
  for (let i = 0; i < n; i += 25) {
    const batch = Array.from(
      { length: Math.min(25, n - i) },
      () => new RawYjsClient(relayUrl(url, room)),
    );
    await Promise.all(batch.map((c) => c.synced));
    clients.push(...batch);
  }
  return {
    close() {
      for (const c of clients) c.close();
    },
  };
}
