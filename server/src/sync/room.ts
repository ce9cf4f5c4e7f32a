import {
  type ChangedType,
  ORIGINS,
  sharedTextLengths,
  typeAllParts,
  writerChangeProblem,
  writerUpdateProblem,
} from '@convene/shared';
import * as Y from 'yjs';
import { errorName, type Logger } from '../log.ts';
import type { Store } from '../store/store.ts';
import { projectWorkshop } from './projection.ts';

/** One end of a Yjs connection, as the room sees it (a WebSocket in production, a pair in tests). */
export interface DocPeer {
  /** Sends one encoded y-websocket protocol message. */
  send(message: Uint8Array): void;
}

/**
 * Why a writer's update was refused: malformed, writing a part that is not the writer's, making
 * the doc or a text too large (each closes the connection for good, with its own code), or not
 * storable (the writer retries).
 */
export class UpdateRefused extends Error {
  constructor(
    readonly reason: 'invalid' | 'not_allowed' | 'too_large' | 'storage',
    message: string,
  ) {
    super(message);
  }
}

const STAGING = 'convene:staging';
/** How often a room at its size cap may compact to learn its real size (see hasRoomFor). */
const COMPACT_AT_CAP_EVERY_MS = 5000;
/** The least time between two snapshots for sync replies (see Room.syncReply). */
const SNAPSHOT_EVERY_MS = 1000;

interface SyncSnapshot {
  /** The whole doc, framed as a sync step 2. */
  full: Uint8Array;
  /** Its delete set alone, framed as a sync step 2. */
  deleteSet: Uint8Array;
  stateVector: Map<number, number>;
  /** The whole doc, unframed (a staging replica is rebuilt from it). */
  update: Uint8Array;
  bytes: number;
  at: number;
}

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
  /** Made on the first writer update after a load or a refusal: rooms nobody writes need none. */
  private staging: Y.Doc | null = null;
  private tail: number;
  /** The doc's stored size: the last snapshot plus every update stored since (an upper bound). */
  private storedBytes: number;
  private lastCompactAt = 0;
  /** True while a staged (already stored) writer update is applied to the live doc. */
  private applyingStaged = false;
  /** Above 0 while a change that only projects committed rows runs (see `project`). */
  private projecting = 0;
  /** The doc as of its last snapshot for sync replies, and the update messages since (see syncReply). */
  private snapshot: SyncSnapshot | null = null;
  private tailMessages: Uint8Array[] = [];
  private tailUpdates: Uint8Array[] = [];
  /**
   * For each update since the snapshot, the clock each of its clients reaches with it: read from
   * the update when a sync reply first needs it, not on the way of every change (issue 16).
   */
  private tailEnds: (Map<number, number> | undefined)[] = [];
  private tailBytes = 0;

  constructor(
    workshopId: string,
    private readonly store: Store,
    private readonly log: Logger,
    private readonly compactEvery: number,
    private readonly encodeUpdate: (update: Uint8Array) => Uint8Array,
    private readonly maxDocBytes: number = Number.POSITIVE_INFINITY,
  ) {
    this.workshopId = workshopId;
    // The open group of commands first (group commit): the doc is built from committed rows.
    store.settle();
    this.doc = new Y.Doc();
    typeAllParts(this.doc);
    const { snapshot, updates } = store.docState(workshopId);
    this.tail = updates.length;
    this.storedBytes = (snapshot?.length ?? 0) + updates.reduce((n, u) => n + u.length, 0);
    this.doc.transact(() => {
      if (snapshot) Y.applyUpdate(this.doc, snapshot, ORIGINS.load);
      for (const u of updates) Y.applyUpdate(this.doc, u, ORIGINS.load);
    }, ORIGINS.load);
    this.doc.on('update', (update: Uint8Array, origin: unknown) => this.onUpdate(update, origin));
    this.reconcile();
    if (this.tail >= compactEvery) this.compactQuietly();
  }

  /** The doc's stored size in bytes (an upper bound; issue 18's board snapshot route reads it). */
  get docBytes(): number {
    return this.storedBytes;
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
    typeAllParts(copy);
    // From the sync snapshot and the updates since when there is one: the doc is not encoded
    // again (on a big board that is half the cost of a new replica).
    const snap = this.snapshot;
    copy.transact(() => {
      if (snap) {
        Y.applyUpdate(copy, snap.update, STAGING);
        for (const u of this.tailUpdates) Y.applyUpdate(copy, u, STAGING);
      } else {
        Y.applyUpdate(copy, Y.encodeStateAsUpdate(this.doc), STAGING);
      }
    }, STAGING);
    return copy;
  }

  private resetStaging(): void {
    this.staging?.destroy();
    this.staging = null;
  }

  private stagingReplica(): Y.Doc {
    this.staging ??= this.mirror();
    return this.staging;
  }

  /**
   * Applies an update sent by a trusted writer: tested on the staging replica, stored, then
   * applied to the live doc and relayed to every other peer. Throws `UpdateRefused` — 'invalid'
   * when the update is malformed or depends on content the server never had (a sender that
   * does this is broken or hostile), 'storage' when the database refused it (the writer keeps
   * the change and sends it again when it reconnects).
   */
  applyPeerUpdate(update: Uint8Array, peer: DocPeer): void {
    // The open group of commands first (group commit): their projections reach the doc before
    // this update does, and this update's flushed commit is its own.
    this.store.settle();
    const staged: Uint8Array[] = [];
    const capture = (u: Uint8Array) => staged.push(u);
    const changed = new Map<ChangedType, Set<string | null>>();
    const collect = (tr: Y.Transaction) => {
      for (const [type, keys] of tr.changed) {
        const into = changed.get(type) ?? new Set<string | null>();
        for (const k of keys) into.add(k);
        changed.set(type, into);
      }
    };
    // What a writer may not do is refused before the update touches the staging replica: that
    // costs nothing to undo, and so a writer sending refused updates costs the room nothing.
    let early: ReturnType<typeof writerUpdateProblem>;
    try {
      early = writerUpdateProblem(this.doc, update);
    } catch (err) {
      throw new UpdateRefused('invalid', errorName(err));
    }
    if (early) throw new UpdateRefused(early.kind, early.message);
    if (!this.hasRoomFor(update.length)) throw this.docFull();
    const staging = this.stagingReplica();
    const lengthsBefore = sharedTextLengths(staging);
    staging.on('update', capture);
    staging.on('afterTransaction', collect);
    try {
      Y.applyUpdate(staging, update, STAGING);
    } catch (err) {
      this.resetStaging();
      throw new UpdateRefused('invalid', errorName(err));
    } finally {
      staging.off('update', capture);
      staging.off('afterTransaction', collect);
    }
    const store = staging.store;
    if (store.pendingStructs || store.pendingDs) {
      this.resetStaging();
      throw new UpdateRefused('invalid', 'the update depends on content the server does not have');
    }
    if (staged.length === 0) return; // nothing new
    // Writers edit their own parts only, and leave them readable: checked on the replica, so a
    // refused update never reaches the live doc (see ownership.ts).
    const problem = writerChangeProblem(staging, changed, lengthsBefore);
    if (problem) {
      // Only shapes the early check cannot see get here (a cluster without its fields).
      this.resetStaging();
      throw new UpdateRefused(problem.kind, problem.message);
    }
    const normalized = staged.length === 1 ? (staged[0] as Uint8Array) : Y.mergeUpdates(staged);
    if (!this.hasRoomFor(normalized.length)) {
      this.resetStaging();
      throw this.docFull();
    }
    try {
      this.store.appendUpdate(this.workshopId, normalized);
    } catch (err) {
      this.resetStaging();
      throw new UpdateRefused('storage', errorName(err));
    }
    this.tail++;
    this.storedBytes += normalized.length;
    this.applyingStaged = true;
    try {
      Y.applyUpdate(this.doc, normalized, peer);
    } finally {
      this.applyingStaged = false;
    }
    if (this.tail >= this.compactEvery) this.compactQuietly();
  }

  private docFull(): UpdateRefused {
    const mb = Math.round(this.maxDocBytes / 1024 / 1024);
    return new UpdateRefused('too_large', `the workshop's document may hold at most ${mb} MB`);
  }

  /**
   * Whether `bytes` more fit under the doc's cap. The running total only grows between
   * snapshots (deleted text still counts until compaction folds it away), so near the cap the
   * doc is compacted to learn its real size — at most once every few seconds, or a writer at the
   * cap could make the server encode the doc on every keystroke.
   */
  private hasRoomFor(bytes: number): boolean {
    if (this.storedBytes + bytes <= this.maxDocBytes) return true;
    const now = performance.now();
    if (now - this.lastCompactAt < COMPACT_AT_CAP_EVERY_MS) return false;
    this.compactQuietly();
    return this.storedBytes + bytes <= this.maxDocBytes;
  }

  private onUpdate(update: Uint8Array, origin: unknown): void {
    if (!this.applyingStaged) {
      // The server's own changes (commands, reconcile, timer): mirror them, then store them.
      if (this.staging) Y.applyUpdate(this.staging, update, STAGING);
      try {
        if (this.projecting > 0) this.store.appendProjectedUpdate(this.workshopId, update);
        else this.store.appendUpdate(this.workshopId, update);
        this.tail++;
        this.storedBytes += update.length;
      } catch (err) {
        // These are projections of rows already committed: the next load rebuilds them from
        // the tables, and the next compaction stores them. Nothing acknowledged is at risk.
        this.log.error('doc_persist_failed', { workshopId: this.workshopId, err: errorName(err) });
      }
    }
    const message = this.encodeUpdate(update);
    if (this.snapshot) {
      this.tailMessages.push(message);
      this.tailUpdates.push(update);
      this.tailEnds.push(undefined);
      this.tailBytes += message.length;
    }
    for (const peer of this.peers) {
      if (peer !== origin) peer.send(message);
    }
    // Folding the tail encodes the whole doc and flushes it to disk (milliseconds on a big
    // board): after the relay, so that the update it follows is not held back by it.
    if (!this.applyingStaged && this.tail >= this.compactEvery) this.compactQuietly();
  }

  /**
   * The answer to a sync step 1, as the messages to send in order. Encoding the doc walks all of
   * it (a 2,000-idea board is ~0.9 MB and tens of milliseconds), so it is not done per request,
   * nor per change: the room keeps a snapshot of the doc — framed in full, and as its delete set
   * alone — plus the update messages relayed since. An asker that holds every struct of the
   * snapshot gets the delete set and the updates it lacks; any other gets the full snapshot and
   * all the updates (always correct: applying what one has is a no-op). The updates go first. The snapshot is renewed once
   * the updates since add up to half of it, at most once a second, so no sequence of requests or
   * writes makes the server encode the doc more often than that.
   */
  syncReply(askerStateVector: Uint8Array, frame: (update: Uint8Array) => Uint8Array): Uint8Array[] {
    const asked = Y.decodeStateVector(askerStateVector);
    const snap = this.currentSnapshot(frame);
    let holdsSnapshot = true;
    for (const [client, clock] of snap.stateVector) {
      if ((asked.get(client) ?? 0) < clock) {
        holdsSnapshot = false;
        break;
      }
    }
    // The step 2 goes last: a client counts itself synced when it arrives, so by then it must
    // hold everything. Yjs keeps updates that arrive before what they build on until it comes.
    if (!holdsSnapshot) return [...this.tailMessages, snap.full];
    // An asker that holds the snapshot is sent the updates since that it lacks. One made of
    // deletions only reaches no clock and cannot be told apart: it is always sent (it is small).
    const lacking = this.tailMessages.filter((_message, i) => {
      let ends = this.tailEnds[i];
      if (!ends) {
        ends = Y.parseUpdateMeta(this.tailUpdates[i] as Uint8Array).to;
        this.tailEnds[i] = ends;
      }
      if (ends.size === 0) return true;
      for (const [client, clock] of ends) if ((asked.get(client) ?? 0) < clock) return true;
      return false;
    });
    return [...lacking, snap.deleteSet];
  }

  private currentSnapshot(frame: (update: Uint8Array) => Uint8Array): SyncSnapshot {
    const snap = this.snapshot;
    const due =
      !snap ||
      this.tailBytes > Math.max(64 * 1024, snap.bytes / 2) ||
      this.tailMessages.length > 500;
    if (snap && (!due || performance.now() - snap.at < SNAPSHOT_EVERY_MS)) return snap;
    const update = Y.encodeStateAsUpdate(this.doc);
    const stateVector = Y.encodeStateVector(this.doc);
    const fresh: SyncSnapshot = {
      full: frame(update),
      // The same update without its structs: the delete set, from the bytes, not the doc.
      deleteSet: frame(Y.diffUpdate(update, stateVector)),
      stateVector: Y.decodeStateVector(stateVector),
      update,
      bytes: update.length,
      at: performance.now(),
    };
    this.snapshot = fresh;
    this.tailMessages = [];
    this.tailUpdates = [];
    this.tailEnds = [];
    this.tailBytes = 0;
    return fresh;
  }

  compact(): void {
    const snapshot = Y.encodeStateAsUpdate(this.doc);
    this.lastCompactAt = performance.now();
    this.store.compact(this.workshopId, snapshot);
    this.tail = 0;
    this.storedBytes = snapshot.length;
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
    this.snapshot = null;
    this.tailMessages = [];
    this.tailUpdates = [];
    this.tailEnds = [];
    this.staging?.destroy();
    this.doc.destroy();
  }
}

export interface RoomRegistryOptions {
  /** How long an unused room stays in memory (a reload should not reload the doc). */
  unloadDelayMs: number;
  /** Fold the update tail into a snapshot after this many updates. */
  compactEvery: number;
  /** Writers' updates that would make the stored doc larger than this are refused. */
  maxDocBytes?: number;
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
        this.options.maxDocBytes,
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
