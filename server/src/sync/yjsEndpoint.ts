import type { Server as HttpServer, IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { IdSchema, isDocWriter } from '@convene/shared';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WebSocket, WebSocketServer } from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import type { Authenticator } from '../auth/authenticator.ts';
import { errorName, type Logger } from '../log.ts';
import type { DocPeer, RoomRegistry } from './room.ts';

// y-websocket message types.
const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const MESSAGE_QUERY_AWARENESS = 3;

/** Close codes 4400–4499 are final for the y-websocket client: it will not retry. */
export const YJS_CLOSE = {
  invalidMessage: { code: 4400, reason: 'invalid_message' },
  unauthorized: { code: 4401, reason: 'unauthorized' },
  forbidden: { code: 4403, reason: 'forbidden' },
  notFound: { code: 4404, reason: 'not_found' },
  tooSlow: { code: 4408, reason: 'too_slow' },
} as const;

/** The largest Yjs frame accepted; a board of 10,000 ideas syncs in well under this. */
export const YJS_MAX_FRAME = 8 * 1024 * 1024;
/** A peer that has this much unsent data is not reading: drop it rather than buffer forever. */
const MAX_BUFFERED = 16 * 1024 * 1024;
const PING_INTERVAL_MS = 30_000;

/** An awareness message that changes nothing (no client states): a cheap keep-alive reply. */
const EMPTY_AWARENESS = new Uint8Array([MESSAGE_AWARENESS, 1, 0]);

/** Frames one doc update as a y-websocket sync message. */
export function encodeSyncUpdate(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

export interface YjsEndpointDeps {
  auth: Authenticator;
  rooms: RoomRegistry;
  log: Logger;
  isAllowedOrigin: (req: IncomingMessage) => boolean;
}

/**
 * The Yjs endpoint at `/yjs/<workshopId>?token=…`, speaking the y-websocket protocol.
 *
 * Write access is decided once per connection from the token's role: facilitators and
 * rapporteurs may write, participants and projectors hold read-only replicas and anything they
 * send besides a state request is dropped unread — the server never filters updates by content.
 */
export function attachYjsEndpoint(httpServer: HttpServer, deps: YjsEndpointDeps): WebSocketServer {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: YJS_MAX_FRAME,
    perMessageDeflate: false,
  });

  httpServer.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const pathname = (req.url ?? '').split('?')[0] ?? '';
    if (pathname.startsWith('/socket.io/')) return; // socket.io's own listener takes it
    if (!pathname.startsWith('/yjs/')) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    if (!deps.isAllowedOrigin(req)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, req, deps));
  });
  return wss;
}

function onConnection(ws: WebSocket, req: IncomingMessage, deps: YjsEndpointDeps): void {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const workshopId = decodeURIComponent(url.pathname.slice('/yjs/'.length));
  const reject = (c: { code: number; reason: string }): void => ws.close(c.code, c.reason);
  const session = IdSchema.safeParse(workshopId).success
    ? deps.auth.fromToken(url.searchParams.get('token'))
    : null;
  if (!session) {
    reject(YJS_CLOSE.unauthorized);
    return;
  }
  if (session.workshopId !== workshopId) {
    reject(YJS_CLOSE.forbidden);
    return;
  }

  let room: ReturnType<RoomRegistry['acquire']>;
  try {
    room = deps.rooms.acquire(workshopId);
  } catch (err) {
    deps.log.error('yjs_room_load_failed', { workshopId, err: errorName(err) });
    reject(YJS_CLOSE.notFound);
    return;
  }
  const canWrite = isDocWriter(session.role);
  const peer: DocPeer = {
    send(message) {
      if (ws.readyState !== WebSocket.OPEN) return;
      if (ws.bufferedAmount > MAX_BUFFERED) {
        deps.log.warn('yjs_peer_too_slow', { workshopId });
        ws.close(YJS_CLOSE.tooSlow.code, YJS_CLOSE.tooSlow.reason);
        return;
      }
      ws.send(message);
    },
  };
  room.peers.add(peer);

  let alive = true;
  const ping = setInterval(() => {
    if (!alive) {
      ws.terminate();
      return;
    }
    alive = false;
    ws.ping();
  }, PING_INTERVAL_MS);
  ws.on('pong', () => {
    alive = true;
  });

  let closed = false;
  const cleanup = () => {
    if (closed) return;
    closed = true;
    clearInterval(ping);
    room.peers.delete(peer);
    deps.rooms.release(room);
  };
  ws.on('close', cleanup);
  ws.on('error', cleanup);

  ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (!isBinary) {
      reject(YJS_CLOSE.invalidMessage);
      return;
    }
    try {
      const reply = handleMessage(new Uint8Array(data), room.doc, peer, canWrite);
      if (reply) peer.send(reply);
    } catch (err) {
      // A decoded message is still untrusted: one bad frame ends this connection, never the room.
      deps.log.warn('yjs_invalid_message', { workshopId, role: session.role, err: errorName(err) });
      reject(YJS_CLOSE.invalidMessage);
    }
  });

  // Open the sync: our state vector, so the client answers with what we lack (writers only
  // matter) and asks for what it lacks.
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeSyncStep1(encoder, room.doc);
  peer.send(encoding.toUint8Array(encoder));
}

/** Handles one inbound frame; returns the reply to send, if any. Throws on malformed input. */
export function handleMessage(
  message: Uint8Array,
  doc: Y.Doc,
  origin: DocPeer,
  canWrite: boolean,
): Uint8Array | null {
  const decoder = decoding.createDecoder(message);
  const type = decoding.readVarUint(decoder);
  switch (type) {
    case MESSAGE_SYNC: {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      const sub = decoding.readVarUint(decoder);
      if (sub === syncProtocol.messageYjsSyncStep1) {
        syncProtocol.readSyncStep1(decoder, encoder, doc);
        return encoding.toUint8Array(encoder);
      }
      if (sub !== syncProtocol.messageYjsSyncStep2 && sub !== syncProtocol.messageYjsUpdate) {
        throw new Error(`unknown sync message ${sub}`);
      }
      const update = decoding.readVarUint8Array(decoder);
      if (!canWrite) return null; // read-only replica: dropped unread
      // Parse the whole update before it touches the live doc: a truncated or garbled update
      // can throw half-way through applying.
      Y.decodeUpdate(update);
      Y.applyUpdate(doc, update, origin);
      return null;
    }
    case MESSAGE_AWARENESS:
      // Presence travels over socket.io (counted by the server); Yjs awareness is O(N²) in a
      // room and is not relayed. It is answered, though: y-websocket drops a connection that
      // has heard nothing for 30 s and renews its awareness every 15 s, so without a reply
      // every quiet client would disconnect and resync twice a minute.
      return EMPTY_AWARENESS;
    case MESSAGE_QUERY_AWARENESS:
      return null;
    default:
      throw new Error(`unknown message type ${type}`);
  }
}
