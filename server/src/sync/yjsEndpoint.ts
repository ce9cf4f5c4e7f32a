import type { Server as HttpServer, IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { IdSchema, isDocWriter } from '@convene/shared';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WebSocket, WebSocketServer } from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import type { Authenticator } from '../auth/authenticator.ts';
import type { ConnectionRegistry } from '../auth/connections.ts';
import { DEFAULT_LIMITS, type ServerLimits } from '../limits/limits.ts';
import { RateLimiter } from '../limits/rateLimiter.ts';
import { errorName, type Logger } from '../log.ts';
import { type DocPeer, type Room, type RoomRegistry, UpdateRefused } from './room.ts';

// y-websocket message types.
const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const MESSAGE_QUERY_AWARENESS = 3;

/**
 * Close codes. 4400–4499 are final for the y-websocket client (it will not retry): a bad link
 * or a broken sender. 4500–4599 mean "try again later": it reconnects and resends its state.
 */
export const YJS_CLOSE = {
  invalidMessage: { code: 4400, reason: 'invalid_message' },
  unauthorized: { code: 4401, reason: 'unauthorized' },
  forbidden: { code: 4403, reason: 'forbidden' },
  notFound: { code: 4404, reason: 'not_found' },
  /** A writer's update would make a text or the whole doc larger than allowed. */
  tooLarge: { code: 4413, reason: 'too_large' },
  /** A writer's update wrote a part of the doc that only the server writes, or junk. */
  notAllowed: { code: 4422, reason: 'not_allowed' },
  rateLimited: { code: 4529, reason: 'rate_limited' },
  storageUnavailable: { code: 4503, reason: 'storage_unavailable' },
  /** Cluster mode (issue 17): another server holds the workshop now; reconnect. */
  notOwner: { code: 4512, reason: 'not_owner' },
} as const;

/** The largest Yjs frame accepted by default; a board of 10,000 ideas syncs in well under this. */
export const YJS_MAX_FRAME = DEFAULT_LIMITS.yjsMaxFrame;
const PING_INTERVAL_MS = 30_000;
/** What a closed connection may still send before it is cut without waiting for its close. */
const AFTER_CLOSE_BYTES = 1024 * 1024;

/** An awareness message that changes nothing (no client states): a cheap keep-alive reply. */
const EMPTY_AWARENESS = new Uint8Array([MESSAGE_AWARENESS, 1, 0]);

/** Frames one doc update as a y-websocket sync message. */
export function encodeSyncUpdate(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** Frames a doc state as the answer to a sync step 1 (sync step 2). */
function encodeSyncStep2(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

export type YjsLimits = Pick<
  ServerLimits,
  | 'yjsMaxFrame'
  | 'yjsMaxFragments'
  | 'yjsMaxAwareness'
  | 'yjsMaxStateVector'
  | 'yjsMaxBuffered'
  | 'yjsFrames'
  | 'yjsBytes'
  | 'yjsRoomWrites'
  | 'yjsRefusals'
>;

export interface YjsEndpointDeps {
  auth: Authenticator;
  rooms: RoomRegistry;
  log: Logger;
  isAllowedOrigin: (req: IncomingMessage) => boolean;
  /** Live connections, so that revoking a token or deleting a workshop cuts them at once. */
  connections?: ConnectionRegistry;
  limits?: YjsLimits;
  now?: () => number;
  /**
   * Cluster mode (issue 17): whether this node holds the workshop (taking it if it is free).
   * `not_owner` and `unavailable` close the connection with a 45xx code: y-websocket retries,
   * and the proxy takes the retry to the owner.
   */
  admit?:
    | ((workshopId: string, req: IncomingMessage) => Promise<'ok' | 'not_owner' | 'unavailable'>)
    | undefined;
}

interface Rates {
  frames: RateLimiter;
  bytes: RateLimiter;
  roomWrites: RateLimiter;
  refusals: RateLimiter;
}

/** A frame the endpoint refuses: the connection is closed with this code. */
class Refusal extends Error {
  constructor(
    readonly close: { code: number; reason: string },
    message: string,
  ) {
    super(message);
  }
}

/**
 * The Yjs endpoint at `/yjs/<workshopId>?token=…`, speaking the y-websocket protocol.
 *
 * Write access is decided once per connection from the token's role: facilitators and
 * rapporteurs may write, participants and projectors hold read-only replicas and anything they
 * send besides a state request is dropped unread — the server never filters updates by content.
 * A writer's update is tested on a staging replica before it reaches the live doc (see Room).
 * Awareness is answered, never relayed: relaying it costs O(N²) messages in a room.
 */
export function attachYjsEndpoint(httpServer: HttpServer, deps: YjsEndpointDeps): WebSocketServer {
  const limits = deps.limits ?? DEFAULT_LIMITS;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: limits.yjsMaxFrame,
    // Browsers send each message as one frame; thousands of tiny fragments pin memory.
    maxFragments: limits.yjsMaxFragments,
    perMessageDeflate: false,
  } as ConstructorParameters<typeof WebSocketServer>[0]);
  const now = deps.now ?? Date.now;
  const rate: Rates = {
    frames: new RateLimiter(limits.yjsFrames, now),
    bytes: new RateLimiter(limits.yjsBytes, now),
    roomWrites: new RateLimiter(limits.yjsRoomWrites, now),
    refusals: new RateLimiter(limits.yjsRefusals, now),
  };

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
    const { admit } = deps;
    if (!admit) {
      wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, req, deps, limits, rate));
      return;
    }
    // Cluster mode: the workshop's rows must be this node's before the token is checked
    // against them. The client sends nothing before the 101 answer, so waiting here is safe.
    const { workshopId } = workshopIdOf(req);
    const verdict = IdSchema.safeParse(workshopId).success
      ? admit(workshopId, req)
      : Promise.resolve('ok' as const);
    void verdict.then((v) => {
      if (socket.destroyed) return;
      wss.handleUpgrade(req, socket, head, (ws) => {
        if (v === 'ok') return onConnection(ws, req, deps, limits, rate);
        const { code, reason } =
          v === 'not_owner' ? YJS_CLOSE.notOwner : YJS_CLOSE.storageUnavailable;
        ws.close(code, reason);
      });
    });
  });
  return wss;
}

function workshopIdOf(req: IncomingMessage): { workshopId: string; token: string | null } {
  const url = new URL(req.url ?? '/', 'http://localhost');
  let workshopId = '';
  try {
    workshopId = decodeURIComponent(url.pathname.slice('/yjs/'.length));
  } catch {
    workshopId = ''; // a malformed escape: no workshop has that id
  }
  return { workshopId, token: url.searchParams.get('token') };
}

function onConnection(
  ws: WebSocket,
  req: IncomingMessage,
  deps: YjsEndpointDeps,
  limits: YjsLimits,
  rate: Rates,
): void {
  const { workshopId, token } = workshopIdOf(req);
  const reject = (c: { code: number; reason: string }): void => ws.close(c.code, c.reason);
  const session = IdSchema.safeParse(workshopId).success ? deps.auth.fromToken(token) : null;
  if (!session) {
    reject(YJS_CLOSE.unauthorized);
    return;
  }
  if (session.workshopId !== workshopId) {
    reject(YJS_CLOSE.forbidden);
    return;
  }

  // A writer whose updates keep being refused is turned away for a while before anything is
  // sent to it (each refusal also costs the room some work).
  if (!rate.refusals.peek(session.tokenHash).ok) {
    reject(YJS_CLOSE.rateLimited);
    return;
  }

  let room: Room;
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
      if (ws.bufferedAmount > limits.yjsMaxBuffered) {
        // A peer that does not read would make the server buffer every update for it forever.
        // A close frame would queue behind that backlog: drop the connection outright.
        deps.log.warn('yjs_peer_stalled', { workshopId, role: session.role });
        ws.terminate();
        return;
      }
      ws.send(message);
    },
  };
  room.peers.add(peer);
  const unregister = deps.connections?.add({
    session,
    kind: 'yjs',
    cut: (reason) =>
      reject(
        reason === 'deleted'
          ? YJS_CLOSE.notFound
          : reason === 'moved'
            ? YJS_CLOSE.notOwner
            : YJS_CLOSE.unauthorized,
      ),
  });

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
    unregister?.();
    deps.rooms.release(room);
  };
  ws.on('close', cleanup);
  ws.on('error', cleanup);

  // Budgets are per token, so reconnecting does not refill them.
  const rateKey = session.tokenHash;
  let droppedWrites = 0;
  const fail = (err: unknown): void => {
    // A decoded message is still untrusted: one bad frame ends this connection, never the room.
    const refusedWrite =
      err instanceof UpdateRefused ? err.reason !== 'storage' : !(err instanceof Refusal);
    if (refusedWrite) rate.refusals.take(rateKey);
    if (err instanceof Refusal) {
      deps.log.warn('yjs_frame_refused', {
        workshopId,
        role: session.role,
        code: err.close.code,
        err: err.message,
      });
      reject(err.close);
    } else if (err instanceof UpdateRefused && err.reason === 'storage') {
      deps.log.error('yjs_update_not_stored', { workshopId, err: err.message });
      reject(YJS_CLOSE.storageUnavailable);
    } else if (
      err instanceof UpdateRefused &&
      (err.reason === 'too_large' || err.reason === 'not_allowed')
    ) {
      deps.log.warn('yjs_update_refused', {
        workshopId,
        role: session.role,
        reason: err.reason,
        err: err.message,
      });
      reject(err.reason === 'too_large' ? YJS_CLOSE.tooLarge : YJS_CLOSE.notAllowed);
    } else {
      deps.log.warn('yjs_invalid_message', {
        workshopId,
        role: session.role,
        err: errorName(err),
      });
      reject(YJS_CLOSE.invalidMessage);
    }
  };

  // One sync request in flight per connection: the next is answered once the previous reply
  // has left the socket, and only the latest waiting one is kept (an older state vector is
  // superseded by a newer one). Replies count against the token's byte budget like frames in,
  // so asking for the board over and over costs the asker its allowance, not the server its CPU.
  let syncInFlight = false;
  let waitingSync: Uint8Array | null = null;
  const answerSync = (request: Uint8Array): void => {
    const reply = handleMessage(request, room, peer, canWrite, limits);
    if (!Array.isArray(reply) || reply.length === 0) return;
    const size = reply.reduce((n, m) => n + m.length, 0);
    if (!rate.bytes.take(rateKey, size).ok) {
      throw new Refusal(YJS_CLOSE.rateLimited, 'too many sync replies');
    }
    if (ws.readyState !== WebSocket.OPEN) return;
    syncInFlight = true;
    for (const m of reply.slice(0, -1)) ws.send(m);
    ws.send(reply[reply.length - 1] as Uint8Array, () => {
      syncInFlight = false;
      const next = waitingSync;
      waitingSync = null;
      if (!next || closed || ws.readyState !== WebSocket.OPEN) return;
      try {
        answerSync(next);
      } catch (err) {
        fail(err);
      }
    });
  };

  let afterClose = 0;
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (closed || ws.readyState !== WebSocket.OPEN) {
      // Frames already on the way when we closed are normal; a sender that goes on after our
      // close frame is not listening, and each of its frames still costs reading: cut it.
      afterClose += data.length;
      if (afterClose > AFTER_CLOSE_BYTES) ws.terminate();
      return;
    }
    try {
      if (!isBinary) throw new Refusal(YJS_CLOSE.invalidMessage, 'text frame');
      const f = rate.frames.take(rateKey);
      const b = rate.bytes.take(rateKey, data.length);
      if (!f.ok || !b.ok) throw new Refusal(YJS_CLOSE.rateLimited, 'too many frames or bytes');
      const message = new Uint8Array(data);
      if (
        canWrite &&
        isWriterUpdate(message) &&
        !rate.roomWrites.take(workshopId, data.length).ok
      ) {
        throw new Refusal(YJS_CLOSE.rateLimited, "the workshop's writers are sending too much");
      }
      if (isSyncRequest(message)) {
        if (syncInFlight) waitingSync = message;
        else answerSync(message);
        return;
      }
      const outcome = handleMessage(message, room, peer, canWrite, limits);
      if (outcome === 'dropped' && droppedWrites++ === 0) {
        deps.log.warn('yjs_readonly_write_dropped', { workshopId, role: session.role });
      }
      if (outcome instanceof Uint8Array) peer.send(outcome);
    } catch (err) {
      fail(err);
    }
  });

  // Open the sync: our state vector, so the client answers with what we lack (writers only
  // matter) and asks for what it lacks.
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeSyncStep1(encoder, room.doc);
  peer.send(encoding.toUint8Array(encoder));
}

/** Whether a frame is a sync step 1 (a state vector asking for what it lacks). */
function isSyncRequest(message: Uint8Array): boolean {
  // Both varuints are single bytes for these values; anything else is not a sync step 1.
  return message[0] === MESSAGE_SYNC && message[1] === syncProtocol.messageYjsSyncStep1;
}

/** Whether a frame carries a doc update (sync step 2 or update), what a writer sends. */
function isWriterUpdate(message: Uint8Array): boolean {
  return (
    message[0] === MESSAGE_SYNC &&
    (message[1] === syncProtocol.messageYjsSyncStep2 ||
      message[1] === syncProtocol.messageYjsUpdate)
  );
}

/**
 * Whether an update carries new content (structs), not just a delete set: a read-only replica
 * answers every sync with its delete set, which is normal; content from it is a write attempt.
 */
function carriesContent(update: Uint8Array): boolean {
  try {
    return decoding.readVarUint(decoding.createDecoder(update)) > 0;
  } catch {
    return true;
  }
}

/**
 * Handles one inbound frame: returns the reply to send (several messages, in order, for a sync
 * request), 'dropped' for a read-only peer's write, or null. Throws on malformed input (the caller closes the connection).
 */
export function handleMessage(
  message: Uint8Array,
  room: Room,
  origin: DocPeer,
  canWrite: boolean,
  limits: Pick<YjsLimits, 'yjsMaxAwareness' | 'yjsMaxStateVector'> = DEFAULT_LIMITS,
): Uint8Array | Uint8Array[] | 'dropped' | null {
  const decoder = decoding.createDecoder(message);
  const type = decoding.readVarUint(decoder);
  switch (type) {
    case MESSAGE_SYNC: {
      const sub = decoding.readVarUint(decoder);
      if (sub === syncProtocol.messageYjsSyncStep1) {
        const stateVector = decoding.readVarUint8Array(decoder);
        if (stateVector.length > limits.yjsMaxStateVector) {
          throw new Refusal(YJS_CLOSE.invalidMessage, 'state vector too large');
        }
        // Answered from the room's shared snapshot, never by encoding the doc for this asker.
        return room.syncReply(stateVector, encodeSyncStep2);
      }
      if (sub !== syncProtocol.messageYjsSyncStep2 && sub !== syncProtocol.messageYjsUpdate) {
        throw new Error(`unknown sync message ${sub}`);
      }
      const update = decoding.readVarUint8Array(decoder);
      if (!canWrite) return carriesContent(update) ? 'dropped' : null; // read-only: never applied
      room.applyPeerUpdate(update, origin);
      return null;
    }
    case MESSAGE_AWARENESS:
      if (message.length > limits.yjsMaxAwareness) {
        throw new Refusal(YJS_CLOSE.invalidMessage, 'awareness message too large');
      }
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
