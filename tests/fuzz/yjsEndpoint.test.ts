import { CreateWorkshopSchema, createCluster, placeIdea, renameCluster } from '@convene/shared';
import fc from 'fast-check';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import type { Logger } from '../../server/src/log.ts';
import { openDatabase } from '../../server/src/store/db.ts';
import { openSqliteStore, type Store } from '../../server/src/store/store.ts';
import { type DocPeer, type Room, RoomRegistry } from '../../server/src/sync/room.ts';
import { encodeSyncUpdate, handleMessage } from '../../server/src/sync/yjsEndpoint.ts';
import { createWorkshop } from '../../server/src/workshops/workshops.ts';
import { docContent, prng, syncFrame } from '../helpers/hardening.ts';

/**
 * The Yjs endpoint against corrupted and random frames, in process (no network: thousands of
 * frames a second). Whatever a writer sends, the live doc either takes the whole update or is
 * left exactly as it was, never holds structs waiting for content that does not exist, and what
 * is stored reloads to exactly the live doc. A read-only connection changes nothing, ever.
 */

const SOAK = process.env.SOAK === '1';
const SEED = 20261127;
const silent: Logger = { info: () => {}, warn: () => {}, error: () => {} };
const open: { close(): void }[] = [];
afterEach(() => {
  for (const o of open.splice(0)) o.close();
});

function setup() {
  const db = openDatabase(':memory:');
  const store = openSqliteStore(db);
  const w = createWorkshop(
    store,
    CreateWorkshopSchema.parse({ title: 'Fuzz', questions: [{ prompt: 'Q1' }, { prompt: 'Q2' }] }),
  );
  const rooms = new RoomRegistry(store, silent, encodeSyncUpdate, {
    unloadDelayMs: 0,
    compactEvery: 40,
  });
  const room = rooms.acquire(w.id);
  const q = w.questions[0]?.id ?? '';
  open.push({
    close: () => {
      rooms.closeAll();
      db.close();
    },
  });
  return { store, room, workshopId: w.id, q };
}

const peer: DocPeer = { send: () => {} };

/** A writer replica of the room's doc, edited, and the update the server lacks. */
function writerEdit(room: Room, q: string, ops: number[]): Uint8Array {
  const writer = new Y.Doc();
  Y.applyUpdate(writer, Y.encodeStateAsUpdate(room.doc));
  const sv = Y.encodeStateVector(room.doc);
  for (const [i, op] of ops.entries()) {
    const cid = `c${op % 5}`;
    switch (op % 4) {
      case 0:
        createCluster(writer, { id: cid, questionId: q, label: `Cluster ${i}`, position: i });
        break;
      case 1:
        renameCluster(writer, cid, `Renamed ${op}`);
        break;
      case 2:
        placeIdea(writer, `idea-${op % 7}`, cid);
        break;
      default: {
        const notes = writer.getMap('notes').get(q);
        if (notes instanceof Y.Text) notes.insert(Math.min(op % 9, notes.length), `n${op} `);
      }
    }
  }
  const update = Y.encodeStateAsUpdate(writer, sv);
  writer.destroy();
  return update;
}

function reloadStored(store: Store, workshopId: string): Y.Doc {
  const d = new Y.Doc();
  const { snapshot, updates } = store.docState(workshopId);
  if (snapshot) Y.applyUpdate(d, snapshot);
  for (const u of updates) Y.applyUpdate(d, u);
  return d;
}

/** Applies a frame as a writer would send it; reports whether the endpoint refused it. */
function send(room: Room, frame: Uint8Array, canWrite = true): 'refused' | 'accepted' {
  try {
    handleMessage(frame, room, peer, canWrite);
    return 'accepted';
  } catch {
    return 'refused';
  }
}

function expectHealthy(store: Store, room: Room, workshopId: string, before?: string) {
  expect(room.doc.store.pendingStructs).toBeNull();
  expect(room.doc.store.pendingDs).toBeNull();
  if (before !== undefined) expect(docContent(room.doc)).toBe(before);
  const stored = reloadStored(store, workshopId);
  expect(docContent(stored)).toBe(docContent(room.doc));
  stored.destroy();
}

const mutation = fc.record({
  at: fc.nat(),
  byte: fc.integer({ min: 0, max: 255 }),
  kind: fc.constantFrom('set', 'insert', 'delete'),
});

function mutate(update: Uint8Array, ms: { at: number; byte: number; kind: string }[]) {
  const bytes = [...update];
  for (const m of ms) {
    const i = bytes.length === 0 ? 0 : m.at % bytes.length;
    if (m.kind === 'set') bytes[i] = m.byte;
    else if (m.kind === 'insert') bytes.splice(i, 0, m.byte);
    else bytes.splice(i, 1);
  }
  return Uint8Array.from(bytes);
}

describe('writer updates', () => {
  test('positive control: some corrupted updates throw after changing a plain doc', () => {
    // The known fact the staging replica exists for. If Yjs ever stops doing this, the
    // control fails and says so; the endpoint's guarantees below hold either way.
    const { room, q } = setup();
    const update = writerEdit(room, q, [0, 1, 2, 3, 4, 5, 6, 7, 8]);
    const base = Y.encodeStateAsUpdate(room.doc);
    const rand = prng(SEED);
    let found: Uint8Array | null = null;
    for (let t = 0; t < 20_000 && !found; t++) {
      const bad = Uint8Array.from(update);
      for (let k = 1 + Math.floor(rand() * 3); k > 0; k--) {
        bad[Math.floor(rand() * bad.length)] = Math.floor(rand() * 256);
      }
      const plain = new Y.Doc();
      Y.applyUpdate(plain, base);
      const before = docContent(plain);
      try {
        Y.decodeUpdate(bad); // the old guard: parses, so it would have been applied
        Y.applyUpdate(plain, bad);
      } catch {
        if (docContent(plain) !== before) found = bad;
      }
      plain.destroy();
    }
    expect(found, 'no corrupted update both threw and changed a doc').not.toBeNull();
  });

  test('a corrupted update that throws half-way leaves the live doc and the store untouched', () => {
    const { store, room, workshopId, q } = setup();
    const update = writerEdit(room, q, [0, 1, 2, 3, 4, 5, 6, 7, 8]);
    const base = Y.encodeStateAsUpdate(room.doc);
    const rand = prng(SEED);
    let checked = 0;
    for (let t = 0; t < 20_000 && checked < 5; t++) {
      const bad = Uint8Array.from(update);
      for (let k = 1 + Math.floor(rand() * 3); k > 0; k--) {
        bad[Math.floor(rand() * bad.length)] = Math.floor(rand() * 256);
      }
      const plain = new Y.Doc();
      Y.applyUpdate(plain, base);
      const plainBefore = docContent(plain);
      let harmful = false;
      try {
        Y.applyUpdate(plain, bad);
      } catch {
        harmful = docContent(plain) !== plainBefore;
      }
      plain.destroy();
      if (!harmful) continue;
      checked++;
      const before = docContent(room.doc);
      expect(send(room, syncFrame(bad))).toBe('refused');
      expectHealthy(store, room, workshopId, before);
    }
    expect(checked).toBe(5);
    // The room still takes a good update afterwards (its staging replica was rebuilt).
    const good = writerEdit(room, q, [0, 4]);
    expect(send(room, syncFrame(good))).toBe('accepted');
    expect(room.doc.getMap('clusters').size).toBeGreaterThan(0);
    expectHealthy(store, room, workshopId);
  });

  test(
    'property: any mutation of a writer update is taken whole or not at all',
    () => {
      const { store, room, workshopId, q } = setup();
      fc.assert(
        fc.property(
          fc.array(fc.nat({ max: 1000 }), { minLength: 1, maxLength: 12 }),
          fc.array(mutation, { minLength: 0, maxLength: 4 }),
          fc.boolean(),
          (ops, ms, asStep2) => {
            const update = mutate(writerEdit(room, q, ops), ms);
            const before = docContent(room.doc);
            const outcome = send(room, syncFrame(update, asStep2 ? 1 : 2));
            if (outcome === 'refused') expectHealthy(store, room, workshopId, before);
            else expectHealthy(store, room, workshopId);
          },
        ),
        { seed: SEED, numRuns: SOAK ? 3000 : 250 },
      );
      // Each run reloads the whole stored log to compare: the soak's 3,000 runs take minutes.
    },
    SOAK ? 900_000 : undefined,
  );

  test('property: random frames never damage the doc (and unknown ones are refused)', () => {
    const { store, room, workshopId } = setup();
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 200 }),
          fc.uint8Array({ maxLength: 60 }).map((u) => Uint8Array.from([0, 2, ...u])),
          fc.uint8Array({ maxLength: 60 }).map((u) => syncFrame(u)),
        ),
        (frame) => {
          const before = docContent(room.doc);
          const outcome = send(room, frame);
          expectHealthy(store, room, workshopId, outcome === 'refused' ? before : undefined);
        },
      ),
      { seed: SEED, numRuns: SOAK ? 20_000 : 1500 },
    );
  });
});

describe('read-only connections', () => {
  test('property: nothing a participant or projector sends changes the doc or the store', () => {
    const { store, room, workshopId, q } = setup();
    const stored = () => {
      const { snapshot, updates } = store.docState(workshopId);
      return [snapshot?.length ?? 0, updates.length];
    };
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 1000 }), { minLength: 1, maxLength: 8 }),
        fc.array(mutation, { maxLength: 2 }),
        (ops, ms) => {
          const before = docContent(room.doc);
          const storedBefore = stored();
          send(room, syncFrame(mutate(writerEdit(room, q, ops), ms)), false);
          expect(docContent(room.doc)).toBe(before);
          expect(stored()).toStrictEqual(storedBefore);
        },
      ),
      { seed: SEED, numRuns: SOAK ? 2000 : 200 },
    );
  });
});

describe('sync requests', () => {
  /** The update inside a sync step 2 reply. */
  function replyUpdate(frame: Uint8Array): Uint8Array {
    expect([frame[0], frame[1]]).toStrictEqual([0, 1]);
    const d = decoding.createDecoder(frame.subarray(2));
    return decoding.readVarUint8Array(d);
  }

  /** Applies a sync reply (step 2, then updates) to a replica. */
  function applyReply(replica: Y.Doc, reply: unknown) {
    expect(Array.isArray(reply)).toBe(true);
    const messages = reply as Uint8Array[];
    const step2 = messages[messages.length - 1] as Uint8Array;
    for (const m of messages.slice(0, -1)) {
      expect([m[0], m[1]]).toStrictEqual([0, 2]);
      Y.applyUpdate(replica, decoding.readVarUint8Array(decoding.createDecoder(m.subarray(2))));
    }
    Y.applyUpdate(replica, replyUpdate(step2));
  }

  test('property: whatever state a replica claims, the reply brings it to the server doc', () => {
    // The server answers from a snapshot plus the updates since (see Room.syncReply), with
    // the snapshot's delete set alone for askers that hold all of it; either way the asker
    // must end up holding exactly the server's doc, deletions included.
    const { room, q } = setup();
    const history: Uint8Array[] = [Y.encodeStateAsUpdate(room.doc)];
    for (let step = 0; step < 12; step++) {
      send(room, syncFrame(writerEdit(room, q, [step, step * 3 + 1, step * 7 + 2])));
      // Ask now and then, so snapshots are taken at different points of the history.
      if (step % 4 === 1) handleMessage(Uint8Array.from([0, 0, 1, 0]), room, peer, false);
      history.push(Y.encodeStateAsUpdate(room.doc));
    }
    fc.assert(
      fc.property(
        fc.integer({ min: -1, max: history.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.nat({ max: 50 })), { maxLength: 4 }),
        (at, invented) => {
          const replica = new Y.Doc();
          if (at >= 0) Y.applyUpdate(replica, history[at] as Uint8Array);
          const sv = Y.decodeStateVector(Y.encodeStateVector(replica));
          // Clients the server never saw are claims the server must not trust.
          for (const [client, clock] of invented) if (!sv.has(client)) sv.set(client, clock);
          const request = Uint8Array.from([0, 0, ...encodeVarBytes(Y.encodeStateVector(sv))]);
          applyReply(replica, handleMessage(request, room, peer, false));
          expect(docContent(replica)).toBe(docContent(room.doc));
          replica.destroy();
        },
      ),
      { seed: SEED, numRuns: SOAK ? 2000 : 200 },
    );
  });

  test('a request that knows nothing the server has is answered from the shared snapshot', () => {
    const { room, q } = setup();
    send(room, syncFrame(writerEdit(room, q, [0, 2, 3])));
    const unknownOnly = new Map([[987654321, 0]]);
    const a = handleMessage(
      Uint8Array.from([0, 0, ...encodeVarBytes(Y.encodeStateVector(unknownOnly))]),
      room,
      peer,
      false,
    ) as Uint8Array[];
    const empty = handleMessage(Uint8Array.from([0, 0, 1, 0]), room, peer, false) as Uint8Array[];
    // The same bytes, not an equal copy: encoded once for both.
    expect(a[a.length - 1]).toBe(empty[empty.length - 1]);
  });

  test('an oversized state vector is refused', () => {
    const { room } = setup();
    const sv = new Map<number, number>();
    for (let i = 0; i < 60_000; i++) sv.set(1_000_000 + i * 1000, 1);
    const frame = Uint8Array.from([0, 0, ...encodeVarBytes(Y.encodeStateVector(sv))]);
    expect(send(room, frame)).toBe('refused');
  });
});

function encodeVarBytes(bytes: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint8Array(e, bytes);
  return encoding.toUint8Array(e);
}
