import type {
  Ack,
  ClientEvents,
  CommandMap,
  CommandName,
  ErrorBody,
  ServerEvents,
} from '@convene/shared';
import { io, type Socket } from 'socket.io-client';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { earlyAwareWebSocket } from './earlySocket.ts';

export type ConnectionStatus = 'connecting' | 'online' | 'offline';

export interface ConnectionEvents {
  onStatus(status: ConnectionStatus): void;
  onSynced(): void;
  onPresence(participants: number): void;
  onRejected(error: ErrorBody): void;
  onReconnect(): void;
}

/** The two channels of a screen: the Yjs replica it renders from, and the command socket. */
export interface WorkshopConnection {
  doc: Y.Doc;
  command<N extends CommandName>(
    name: N,
    payload: CommandMap[N]['payload'],
    timeoutMs?: number,
  ): Promise<Ack<CommandMap[N]['reply']>>;
  isOnline(): boolean;
  destroy(): void;
}

const COMMAND_TIMEOUT_MS = 10_000;

/** What a final close of the Yjs connection means for the person at the screen. */
function closeReason(code: number): ErrorBody {
  switch (code) {
    case 4413:
      return { code: 'payload_too_large', message: 'The last change was too large to keep.' };
    case 4400:
    case 4422:
      return { code: 'invalid_payload', message: 'The last change could not be kept.' };
    case 4401:
      return { code: 'unauthorized', message: 'This link is not valid (any more).' };
    default:
      return { code: 'forbidden', message: 'This link is not valid (any more).' };
  }
}

export function openWorkshopConnection(
  workshopId: string,
  token: string,
  events: ConnectionEvents,
  { writer }: { writer: boolean },
): WorkshopConnection {
  const doc = new Y.Doc();
  const wsBase = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/yjs`;
  // disableBc: two tabs of one browser must not sync with each other behind the server's back
  // (a participant tab would otherwise relay into a facilitator tab).
  const provider = new WebsocketProvider(wsBase, workshopId, doc, {
    params: { token },
    disableBc: true,
    // The first connection may be the one the page opened before the app ran, the board
    // already on its way (boot/earlyYjs.ts); reconnects open new sockets.
    WebSocketPolyfill: earlyAwareWebSocket(),
  });
  if (!writer) {
    // A read-only replica (participant, projector) has nothing to send, and while anything
    // listens to 'update' Yjs re-encodes every update it applies: for a cold join, the whole
    // board once more before the first render.
    doc.off('update', provider._updateHandler);
  }
  provider.on('sync', (synced: boolean) => {
    if (synced) events.onSynced();
  });
  provider.on('connection-close', (event: CloseEvent | null) => {
    // 4400–4499 are final: y-websocket does not reconnect after them (see YJS_CLOSE).
    if (event && event.code >= 4400 && event.code < 4500)
      events.onRejected(closeReason(event.code));
  });

  const socket: Socket<ServerEvents, ClientEvents> = io({
    auth: { token },
    // Issue 17: a proxy in front of several nodes routes by workshop id; socket.io's path names
    // none, so the query does (the server itself reads the workshop from the token).
    query: { workshopId },
    transports: ['websocket'],
    reconnectionDelayMax: 4000,
  });
  let online = false;
  let everConnected = false;
  /** Set by destroy(): a retry scheduled before must not reopen the socket. */
  let closed = false;
  socket.on('connect', () => {
    online = true;
    events.onStatus('online');
    if (everConnected) events.onReconnect();
    everConnected = true;
  });
  socket.on('disconnect', () => {
    online = false;
    events.onStatus('offline');
  });
  socket.on('connect_error', (err: Error & { data?: { error?: ErrorBody } }) => {
    online = false;
    const code = err.data?.error?.code;
    if (code === 'unauthorized') {
      events.onRejected(err.data?.error as ErrorBody);
      socket.disconnect();
    } else {
      events.onStatus('offline');
      // Refused by the server's check (cluster mode, issue 17: another server holds the
      // workshop now, or the database is out of reach): socket.io does not retry a refusal by
      // itself. Try again in a moment; the proxy takes the retry to the workshop's server.
      if (code === 'not_owner' || code === 'storage_unavailable') {
        setTimeout(
          () => {
            if (!socket.connected && !closed) socket.connect();
          },
          500 + Math.random() * 1000,
        );
      }
    }
  });
  socket.on('presence:changed', (p) => events.onPresence(p.participants));

  return {
    doc,
    async command(name, payload, timeoutMs = COMMAND_TIMEOUT_MS) {
      try {
        // biome-ignore lint/suspicious/noExplicitAny: socket.io's typed emit cannot see through the generic N
        const reply = await (socket.timeout(timeoutMs) as any).emitWithAck(name, payload);
        return reply;
      } catch {
        return {
          ok: false,
          error: { code: 'timeout', message: 'No answer from the server yet.' },
        };
      }
    },
    isOnline: () => online,
    destroy() {
      closed = true;
      socket.disconnect();
      provider.destroy();
      doc.destroy();
    },
  };
}
