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

/**
 * The canonical Y.Doc of one workshop while anyone uses it. Every change to the doc is appended
 * to SQLite as it happens and sent to every peer; the tail is folded into a snapshot every
 * `compactEvery` updates and when the room unloads, so a load never merges a long log.
 */
export class Room {
  readonly workshopId: string;
  readonly doc: Y.Doc;
  readonly peers = new Set<DocPeer>();
  holders = 0;
  unloadTimer: NodeJS.Timeout | null = null;
  private tail: number;

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
    this.doc.on('update', (update: Uint8Array, origin: unknown) => this.onUpdate(update, origin));
    this.reconcile();
    if (this.tail >= compactEvery) this.compact();
  }

  /**
   * SQLite is the record: ideas, phases, rounds and the timer are committed there before the
   * doc hears of them. A crash between the two leaves the doc behind; bring it up to date.
   */
  private reconcile(): void {
    projectWorkshop(this.store, this.doc, this.workshopId);
  }

  private onUpdate(update: Uint8Array, origin: unknown): void {
    try {
      this.store.appendUpdate(this.workshopId, update);
      this.tail++;
      if (this.tail >= this.compactEvery) this.compact();
    } catch (err) {
      // Ideas and phases are recovered from their own tables on the next load; board layout
      // written by facilitators is what is at risk here, so say so loudly.
      this.log.error('doc_persist_failed', { workshopId: this.workshopId, err: errorName(err) });
    }
    const message = this.encodeUpdate(update);
    for (const peer of this.peers) {
      if (peer !== origin) peer.send(message);
    }
  }

  compact(): void {
    this.store.compact(this.workshopId, Y.encodeStateAsUpdate(this.doc));
    this.tail = 0;
  }

  destroy(): void {
    try {
      this.compact();
    } catch (err) {
      this.log.error('doc_compact_failed', { workshopId: this.workshopId, err: errorName(err) });
    }
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
