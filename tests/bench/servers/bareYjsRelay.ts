import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { type WebSocket, WebSocketServer } from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { announce, serveIpc } from './ipc.ts';

/**
 * Baseline B: a bare y-websocket relay, written the way @y/websocket-server's utils are: one
 * in-memory Y.Doc per room (the URL path), the sync protocol answered from it, every update
 * broadcast to every connection of the room, awareness applied and broadcast to every
 * connection. No auth, no validation, no persistence, no read-only gate.
 */

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;

interface RelayRoom {
  doc: Y.Doc;
  awareness: awarenessProtocol.Awareness;
  /** Each connection and the awareness client ids it controls. */
  conns: Map<WebSocket, Set<number>>;
}

const rooms = new Map<string, RelayRoom>();

// Measurement only (the steady fan-out, one idea at a time): when each update frame arrives and
// when the relay has handed it to the first and the last connection; wall-clock ms, comparable
// with the load process's. Updates come one at a time, so each relay belongs to the last frame.
const wall = () => performance.timeOrigin + performance.now();
const stages: { frame: number; relayStart?: number; relayEnd?: number }[] = [];

const send = (conns: Iterable<WebSocket>, message: Uint8Array) => {
  for (const ws of conns) if (ws.readyState === ws.OPEN) ws.send(message);
};

function roomOf(name: string): RelayRoom {
  let room = rooms.get(name);
  if (room) return room;
  const doc = new Y.Doc();
  const awareness = new awarenessProtocol.Awareness(doc);
  awareness.setLocalState(null);
  const conns = new Map<WebSocket, Set<number>>();
  room = { doc, awareness, conns };
  awareness.on(
    'update',
    (
      { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
      origin: unknown,
    ) => {
      const changed = added.concat(updated, removed);
      const ids = conns.get(origin as WebSocket);
      if (ids) {
        for (const id of added) ids.add(id);
        for (const id of removed) ids.delete(id);
      }
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
      encoding.writeVarUint8Array(
        encoder,
        awarenessProtocol.encodeAwarenessUpdate(awareness, changed),
      );
      send(conns.keys(), encoding.toUint8Array(encoder));
    },
  );
  doc.on('update', (update: Uint8Array) => {
    const s = stages[stages.length - 1];
    if (s && s.relayStart === undefined) s.relayStart = wall();
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeUpdate(encoder, update);
    send(conns.keys(), encoding.toUint8Array(encoder));
    if (s && s.relayEnd === undefined) s.relayEnd = wall();
  });
  rooms.set(name, room);
  return room;
}

const httpServer = http.createServer();
const wss = new WebSocketServer({ server: httpServer, perMessageDeflate: false });
wss.on('connection', (ws, req) => {
  const room = roomOf((req.url ?? '/').slice(1).split('?')[0] ?? '');
  room.conns.set(ws, new Set());
  ws.on('message', (data: Buffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(data));
    const type = decoding.readVarUint(decoder);
    // [sync, update]: a writer's change (the benchmark's idea).
    if (type === MESSAGE_SYNC && data[1] === syncProtocol.messageYjsUpdate) {
      if (stages.length >= 2000) stages.shift();
      stages.push({ frame: wall() });
    }
    if (type === MESSAGE_SYNC) {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      syncProtocol.readSyncMessage(decoder, encoder, room.doc, ws);
      if (encoding.length(encoder) > 1) ws.send(encoding.toUint8Array(encoder));
    } else if (type === MESSAGE_AWARENESS) {
      awarenessProtocol.applyAwarenessUpdate(
        room.awareness,
        decoding.readVarUint8Array(decoder),
        ws,
      );
    }
  });
  ws.on('close', () => {
    const ids = room.conns.get(ws);
    room.conns.delete(ws);
    if (ids && ids.size > 0)
      awarenessProtocol.removeAwarenessStates(room.awareness, [...ids], null);
  });
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeSyncStep1(encoder, room.doc);
  ws.send(encoding.toUint8Array(encoder));
  const states = room.awareness.getStates();
  if (states.size > 0) {
    const a = encoding.createEncoder();
    encoding.writeVarUint(a, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(
      a,
      awarenessProtocol.encodeAwarenessUpdate(room.awareness, [...states.keys()]),
    );
    ws.send(encoding.toUint8Array(a));
  }
});

serveIpc({
  rooms: () => ({ loaded: rooms.size }),
  /** The stages of every update since the last call. */
  stages: () => stages.splice(0),
});
httpServer.listen(0, '127.0.0.1', () => announce((httpServer.address() as AddressInfo).port));
process.on('SIGTERM', () => process.exit(0));
