import { createHash } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import type { Db } from '../../server/src/store/db.ts';

/**
 * Helpers of the fault, hostile-input and security suites: a digest of everything the store
 * holds (so "no state changed" is one comparison), a cheap raw y-websocket client (hundreds of
 * them cost little), and a seeded PRNG.
 */

/** Every table's rows, in a stable order, as one hash (plus the row counts, for messages). */
export function storeDigest(
  db: Db,
  opts: { exclude?: readonly string[] } = {},
): { hash: string; counts: Record<string, number> } {
  const tables = (
    db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .all() as { name: string }[]
  )
    .map((t) => t.name)
    .filter((t) => !opts.exclude?.includes(t));
  const h = createHash('sha256');
  const counts: Record<string, number> = {};
  for (const t of tables) {
    const rows = db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all() as Record<
      string,
      unknown
    >[];
    counts[t] = rows.length;
    h.update(t);
    h.update(
      JSON.stringify(rows, (_k, v) =>
        v && typeof v === 'object' && (v as { type?: string }).type === 'Buffer'
          ? Buffer.from((v as { data: number[] }).data).toString('hex')
          : v,
      ),
    );
  }
  return { hash: h.digest('hex'), counts };
}

/** Tables with a workshop_id column, and how many rows each holds for `workshopId`. */
export function rowsOfWorkshop(db: Db, workshopId: string): Record<string, number> {
  const out: Record<string, number> = {};
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .all() as { name: string }[];
  for (const { name } of tables) {
    const cols = db.prepare(`PRAGMA table_info("${name}")`).all() as { name: string }[];
    const col =
      name === 'workshops'
        ? 'id'
        : cols.some((c) => c.name === 'workshop_id')
          ? 'workshop_id'
          : null;
    if (!col) continue;
    out[name] = (
      db.prepare(`SELECT COUNT(*) AS n FROM "${name}" WHERE ${col} = ?`).get(workshopId) as {
        n: number;
      }
    ).n;
  }
  return out;
}

/** mulberry32: a small seeded PRNG, so a failing run can be replayed from its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;

/** One y-websocket sync message around an update (type 2) or a step-2 reply (type 1). */
export function syncFrame(
  update: Uint8Array,
  sub: number = syncProtocol.messageYjsUpdate,
): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_SYNC);
  encoding.writeVarUint(e, sub);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

export function syncStep1Frame(doc: Y.Doc): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_SYNC);
  syncProtocol.writeSyncStep1(e, doc);
  return encoding.toUint8Array(e);
}

export interface RawDocClient {
  readonly doc: Y.Doc;
  ws: WebSocket;
  /** Messages received, by y-websocket type (0 sync, 1 awareness, …). */
  readonly received: Map<number, number>;
  /** Resolves once the server has answered our step 1 (we hold everything it had then). */
  synced: Promise<void>;
  closed: Promise<{ code: number; reason: string }>;
  send(frame: Uint8Array): void;
  close(): void;
}

/**
 * A y-websocket client in ~50 lines: answers the server's step 1, applies its step 2 and
 * updates, sends its own step 1. No awareness, no reconnect: the caller decides.
 */
export function rawDocClient(
  url: string,
  workshopId: string,
  token: string,
  doc: Y.Doc = new Y.Doc(),
  opts: { origin?: string } = {},
): RawDocClient {
  const ws = new WebSocket(
    `${url.replace(/^http/, 'ws')}/yjs/${workshopId}?token=${encodeURIComponent(token)}`,
    opts.origin ? { origin: opts.origin } : {},
  );
  ws.binaryType = 'nodebuffer';
  const received = new Map<number, number>();
  let resolveSynced: () => void = () => {};
  let rejectSynced: (e: Error) => void = () => {};
  const synced = new Promise<void>((resolve, reject) => {
    resolveSynced = resolve;
    rejectSynced = reject;
  });
  synced.catch(() => {});
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code, reason) => {
      rejectSynced(new Error(`closed ${code} before sync`));
      resolve({ code, reason: reason.toString() });
    });
  });
  ws.on('error', () => {});
  ws.on('open', () => ws.send(syncStep1Frame(doc)));
  ws.on('message', (data: Buffer) => {
    const bytes = new Uint8Array(data);
    const decoder = decoding.createDecoder(bytes);
    const type = decoding.readVarUint(decoder);
    received.set(type, (received.get(type) ?? 0) + 1);
    if (type !== MESSAGE_SYNC) return;
    const sub = decoding.readVarUint(decoder);
    if (sub === syncProtocol.messageYjsSyncStep1) {
      const sv = decoding.readVarUint8Array(decoder);
      ws.send(syncFrame(Y.encodeStateAsUpdate(doc, sv), syncProtocol.messageYjsSyncStep2));
      return;
    }
    const update = decoding.readVarUint8Array(decoder);
    Y.applyUpdate(doc, update, 'server');
    if (sub === syncProtocol.messageYjsSyncStep2) resolveSynced();
  });
  return {
    doc,
    ws,
    received,
    synced,
    closed,
    send: (frame) => ws.send(frame),
    close: () => ws.terminate(),
  };
}

/** JSON with object keys sorted: two replicas may hold a map's keys in different orders. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as object).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

/**
 * The content of a doc, comparable across replicas. Every root of a workshop doc is a Y.Map; a
 * replica that has not asked for a root by type holds it untyped (and untyped roots have no
 * JSON view), so each root is typed first.
 */
export function docContent(doc: Y.Doc): string {
  const out: Record<string, unknown> = {};
  for (const key of [...doc.share.keys()]) {
    let value: unknown;
    try {
      value = doc.getMap(key).toJSON();
    } catch {
      value = doc.share.get(key)?.toJSON();
    }
    // A root that was only ever read is an empty type here and absent elsewhere: not content.
    const empty =
      value === undefined ||
      value === '' ||
      (typeof value === 'object' && value !== null && Object.keys(value).length === 0);
    if (!empty) out[key] = value;
  }
  return canonicalJson(out);
}

/** Whether two docs hold the same content (state vectors and the JSON view). */
export function sameDoc(a: Y.Doc, b: Y.Doc): boolean {
  return (
    canonicalJson(Object.fromEntries(Y.decodeStateVector(Y.encodeStateVector(a)))) ===
      canonicalJson(Object.fromEntries(Y.decodeStateVector(Y.encodeStateVector(b)))) &&
    docContent(a) === docContent(b)
  );
}

/**
 * A corruption of `update` that Yjs parses, then throws on half-way through applying, after it
 * has already changed a doc holding `base` (the failure the staging replica exists for).
 */
export function harmfulCorruption(base: Uint8Array, update: Uint8Array, seed = 1): Uint8Array {
  const rand = prng(seed);
  for (let t = 0; t < 50_000; t++) {
    const bad = Uint8Array.from(update);
    for (let k = 1 + Math.floor(rand() * 3); k > 0; k--) {
      bad[Math.floor(rand() * bad.length)] = Math.floor(rand() * 256);
    }
    const plain = new Y.Doc();
    Y.applyUpdate(plain, base);
    const before = docContent(plain);
    try {
      Y.decodeUpdate(bad);
      Y.applyUpdate(plain, bad);
    } catch {
      if (docContent(plain) !== before) return bad;
    } finally {
      plain.destroy();
    }
  }
  throw new Error('no harmful corruption found');
}

/** An update that depends on an earlier one the server never received (it would stay pending). */
export function updateWithMissingParent(base: Uint8Array, questionId: string): Uint8Array {
  const writer = new Y.Doc();
  Y.applyUpdate(writer, base);
  const notes = writer.getMap('notes').get(questionId);
  if (!(notes instanceof Y.Text)) throw new Error('notes expected');
  notes.insert(0, 'first part, never sent ');
  const afterFirst = Y.encodeStateVector(writer);
  notes.insert(notes.length, 'second part');
  const update = Y.encodeStateAsUpdate(writer, afterFirst);
  writer.destroy();
  return update;
}

/** The files of a zip (a DOCX), by name: enough of the format for what exports write. */
export function zipEntries(zip: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  let i = 0;
  for (;;) {
    i = zip.indexOf('PK\u0003\u0004', i, 'latin1');
    if (i < 0 || i + 30 > zip.length) return out;
    const method = zip.readUInt16LE(i + 8);
    const size = zip.readUInt32LE(i + 18);
    const nameLength = zip.readUInt16LE(i + 26);
    const extraLength = zip.readUInt16LE(i + 28);
    const name = zip.subarray(i + 30, i + 30 + nameLength).toString('utf8');
    const start = i + 30 + nameLength + extraLength;
    const data = zip.subarray(start, start + size);
    out.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    i = start + size;
  }
}
