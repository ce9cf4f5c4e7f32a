import { ORIGINS } from '@convene/shared';
import * as Y from 'yjs';
import { errorName, type Logger } from '../log.ts';
import type { Store } from '../store/store.ts';
import { projectWorkshop } from './projection.ts';

/** One end of a Yjs connection, as the room sees it (a WebSocket in production, a pair in tests). */
export interface DocPeer {
  /** Sends one encoded y-websocket protocol message. */
  send(message: Uint8Array): void;
}

/** Why a writer's update was refused: malformed (close the connection) or not storable (retry). */
export class UpdateRefused extends Error {
  constructor(
    readonly reason: 'invalid' | 'storage',
    message: string,
  ) {
    super(message);
  }
}

const STAGING = 'convene:staging';
/** Distinct sync replies kept per doc version (see Room.syncReply). */
const SYNC_REPLY_CACHE = 16;

/**
 * The canonical Y.Doc of one workshop while anyone uses it. Every change to the doc is appended
 * to SQLite as it happens and sent to every peer; the tail is folded into a snapshot every
 * `compactEvery` updates and when the room unloads, so a load never merges a long log.
 *
 * A writer's update never touches the live doc untested: Yjs can throw half-way through a
 * corrupted update *after* changing the doc, and some corrupted updates apply without any error
 * but leave structs waiting for content that will never come. So each one is first applied to
 * a staging replica that mirrors the live doc; only what Yjs re-encodes from that replica is
 * stored, then applied to the live doc and relayed. A refused update costs a rebuild of the
 * staging replica, never a damaged live doc.
 */
export class Room {
  readonly workshopId: string;
  readonly doc: Y.Doc;
  readonly peers = new Set<DocPeer>();
  holders = 0;
  unloadTimer: NodeJS.Timeout | null = null;
  private staging: Y.Doc;
  private tail: number;
  /** True while a staged (already stored) writer update is applied to the live doc. */
  private applyingStaged = false;
  /** Above 0 while a change that only projects committed rows runs (see `project`). */
  private projecting = 0;
  /** The whole doc as a framed message, until the doc next changes (see fullStateMessage). */
  private fullState: Uint8Array | null = null;
  /** The doc's state vector and recent sync replies by the asker's state vector, per version. */
  private stateVector: Map<number, number> | null = null;
  private readonly syncReplies = new Map<string, Uint8Array>();

  constructor(
    workshopId: string,
    private readonly store: Store,
    private readonly log: Logger,
    private readonly compactEvery: number,
    private readonly encodeUpdate: (update: Uint8Array) => Uint8Array,
  ) {
    this.workshopId = workshopId;
    this.doc = new Y.Doc();
    const { snapshot, updates } = store.docState(workshopId);
    this.tail = updates.length;
    this.doc.transact(() => {
      if (snapshot) Y.applyUpdate(this.doc, snapshot, ORIGINS.load);
      for (const u of updates) Y.applyUpdate(this.doc, u, ORIGINS.load);
    }, ORIGINS.load);
    this.staging = this.mirror();
    this.doc.on('update', (update: Uint8Array, origin: unknown) => this.onUpdate(update, origin));
    this.reconcile();
    if (this.tail >= compactEvery) this.compactQuietly();
  }

  /**
   * SQLite is the record: ideas, phases, rounds and the timer are committed there before the
   * doc hears of them. A crash between the two leaves the doc behind; bring it up to date.
   */
  private reconcile(): void {
    this.project(() => projectWorkshop(this.store, this.doc, this.workshopId));
  }

  /**
   * Runs a change that only projects rows already committed to the store into the doc (a
   * command's apply, the reconcile on load). Its updates are stored without a disk flush of
   * their own (Store.appendProjectedUpdate): the rows were flushed when they were committed,
   * and the doc is rebuilt from them on load. Everything else (writers' updates, brief drafts,
   * imports) keeps a flushed commit.
   */
  project<T>(fn: () => T): T {
    this.projecting++;
    try {
      return fn();
    } finally {
      this.projecting--;
    }
  }

  private mirror(): Y.Doc {
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(this.doc), STAGING);
    return copy;
  }

  private resetStaging(): void {
    this.staging.destroy();
    this.staging = this.mirror();
  }

  /**
   * Applies an update sent by a trusted writer: tested on the staging replica, stored, then
   * applied to the live doc and relayed to every other peer. Throws `UpdateRefused` — 'invalid'
   * when the update is malformed or depends on content the server never had (a sender that
   * does this is broken or hostile), 'storage' when the database refused it (the writer keeps
   * the change and sends it again when it reconnects).
   */
  applyPeerUpdate(update: Uint8Array, peer: DocPeer): void {
    const staged: Uint8Array[] = [];
    const capture = (u: Uint8Array) => staged.push(u);
    this.staging.on('update', capture);
    try {
      Y.applyUpdate(this.staging, update, STAGING);
    } catch (err) {
      this.resetStaging();
      throw new UpdateRefused('invalid', errorName(err));
    } finally {
      this.staging.off('update', capture);
    }
    const store = this.staging.store;
    if (store.pendingStructs || store.pendingDs) {
      this.resetStaging();
      throw new UpdateRefused('invalid', 'the update depends on content the server does not have');
    }
    if (staged.length === 0) return; // nothing new
    const normalized = staged.length === 1 ? (staged[0] as Uint8Array) : Y.mergeUpdates(staged);
    try {
      this.store.appendUpdate(this.workshopId, normalized);
    } catch (err) {
      this.resetStaging();
      throw new UpdateRefused('storage', errorName(err));
    }
    this.tail++;
    this.applyingStaged = true;
    try {
      Y.applyUpdate(this.doc, normalized, peer);
    } finally {
      this.applyingStaged = false;
    }
    if (this.tail >= this.compactEvery) this.compactQuietly();
  }

  private onUpdate(update: Uint8Array, origin: unknown): void {
    this.fullState = null;
    this.stateVector = null;
    this.syncReplies.clear();
    if (!this.applyingStaged) {
      // The server's own changes (commands, reconcile, timer): mirror them, then store them.
      Y.applyUpdate(this.staging, update, STAGING);
      try {
        if (this.projecting > 0) this.store.appendProjectedUpdate(this.workshopId, update);
        else this.store.appendUpdate(this.workshopId, update);
        this.tail++;
      } catch (err) {
        // These are projections of rows already committed: the next load rebuilds them from
        // the tables, and the next compaction stores them. Nothing acknowledged is at risk.
        this.log.error('doc_persist_failed', { workshopId: this.workshopId, err: errorName(err) });
      }
      if (this.tail >= this.compactEvery) this.compactQuietly();
    }
    const message = this.encodeUpdate(update);
    for (const peer of this.peers) {
      if (peer !== origin) peer.send(message);
    }
  }

  /**
   * The whole doc, framed by `frame`, built once per version of the doc: every client that
   * joins with an empty doc between two changes is sent the same bytes.
   */
  fullStateMessage(frame: (update: Uint8Array) => Uint8Array): Uint8Array {
    this.fullState ??= frame(Y.encodeStateAsUpdate(this.doc));
    return this.fullState;
  }

  /**
   * The answer to a sync step 1: what the asker lacks, framed by `frame`. Encoding a diff walks
   * the whole doc, so one asker must not be able to make the server do it on demand (a 2,000-idea
   * board is ~0.7 MB and several milliseconds each time). The asker's state vector is first
   * reduced to what the server has (clients the server never saw are dropped, clocks are capped
   * at the server's); when that leaves it knowing nothing, or lacking more than a quarter of the
   * doc, the shared full state answers (always a correct reply: applying known structs again is
   * a no-op). Other diffs are cached per reduced state vector until the doc changes, so the many
   * clients that reconnect with the same state share one encoding.
   */
  syncReply(askerStateVector: Uint8Array, frame: (update: Uint8Array) => Uint8Array): Uint8Array {
    const asked = Y.decodeStateVector(askerStateVector);
    this.stateVector ??= Y.decodeStateVector(Y.encodeStateVector(this.doc));
    const known = new Map<number, number>();
    let total = 0;
    let lacking = 0;
    for (const [client, clock] of this.stateVector) {
      const has = Math.min(Math.max(0, asked.get(client) ?? 0), clock);
      total += clock;
      lacking += clock - has;
      if (has > 0) known.set(client, has);
    }
    if (known.size === 0 || lacking * 4 > total) return this.fullStateMessage(frame);
    const key = [...known]
      .sort((a, b) => a[0] - b[0])
      .map(([c, k]) => `${c}:${k}`)
      .join(',');
    let reply = this.syncReplies.get(key);
    if (!reply) {
      reply = frame(Y.encodeStateAsUpdate(this.doc, Y.encodeStateVector(known)));
      // A handful of distinct states covers honest reconnects; an asker cycling through made-up
      // states only ever evicts its own entries.
      if (this.syncReplies.size >= SYNC_REPLY_CACHE) {
        const oldest = this.syncReplies.keys().next().value;
        if (oldest !== undefined) this.syncReplies.delete(oldest);
      }
      this.syncReplies.set(key, reply);
    }
    return reply;
  }

  compact(): void {
    this.store.compact(this.workshopId, Y.encodeStateAsUpdate(this.doc));
    this.tail = 0;
  }

  private compactQuietly(): void {
    try {
      this.compact();
    } catch (err) {
      // The tail stays as it is (every update in it is stored): compaction is retried later.
      this.log.error('doc_compact_failed', { workshopId: this.workshopId, err: errorName(err) });
    }
  }

  /** Stores the doc as one snapshot and frees it (the room unloads). */
  destroy(): void {
    this.compactQuietly();
    this.discard();
  }

  /** Frees the doc without storing anything (the workshop was deleted). */
  discard(): void {
    if (this.unloadTimer) clearTimeout(this.unloadTimer);
    this.unloadTimer = null;
    this.peers.clear();
    this.fullState = null;
    this.stateVector = null;
    this.syncReplies.clear();
    this.staging.destroy();
    this.doc.destroy();
  }
}

export interface RoomRegistryOptions {
  /** How long an unused room stays in memory (a reload should not reload the doc). */
  unloadDelayMs: number;
  /** Fold the update tail into a snapshot after this many updates. */
  compactEvery: number;
}

/** Loads rooms on first use and unloads them once nobody holds them. */
export class RoomRegistry {
  private readonly rooms = new Map<string, Room>();

  constructor(
    private readonly store: Store,
    private readonly log: Logger,
    private readonly encodeUpdate: (update: Uint8Array) => Uint8Array,
    private readonly options: RoomRegistryOptions,
  ) {}

  /** The loaded room, loading it synchronously so no peer ever syncs an empty doc. */
  acquire(workshopId: string): Room {
    let room = this.rooms.get(workshopId);
    if (!room) {
      room = new Room(
        workshopId,
        this.store,
        this.log,
        this.options.compactEvery,
        this.encodeUpdate,
      );
      this.rooms.set(workshopId, room);
    }
    if (room.unloadTimer) {
      clearTimeout(room.unloadTimer);
      room.unloadTimer = null;
    }
    room.holders++;
    return room;
  }

  release(room: Room): void {
    room.holders = Math.max(0, room.holders - 1);
    if (room.holders > 0 || room.unloadTimer) return;
    room.unloadTimer = setTimeout(() => {
      room.unloadTimer = null;
      if (room.holders === 0 && this.rooms.get(room.workshopId) === room) {
        this.rooms.delete(room.workshopId);
        room.destroy();
      }
    }, this.options.unloadDelayMs);
    room.unloadTimer.unref();
  }

  /** Runs `fn` with the room loaded, releasing it afterwards. */
  with<T>(workshopId: string, fn: (room: Room) => T): T {
    const room = this.acquire(workshopId);
    try {
      return fn(room);
    } finally {
      this.release(room);
    }
  }

  /** Drops a room without storing it (its workshop was deleted); holders are cut separately. */
  evict(workshopId: string): void {
    const room = this.rooms.get(workshopId);
    if (!room) return;
    this.rooms.delete(workshopId);
    room.discard();
  }

  isLoaded(workshopId: string): boolean {
    return this.rooms.has(workshopId);
  }

  get loadedCount(): number {
    return this.rooms.size;
  }

  /** Compacts and drops every room (graceful shutdown). */
  closeAll(): void {
    for (const room of this.rooms.values()) {
      if (room.unloadTimer) clearTimeout(room.unloadTimer);
      room.destroy();
    }
    this.rooms.clear();
  }
}
