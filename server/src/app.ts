import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { type ClientEvents, errorBody, type ServerEvents } from '@convene/shared';
import express, { type NextFunction, type Request, type Response } from 'express';
import { Server as SocketServer } from 'socket.io';
import { createAuthenticator, type Session } from './auth/authenticator.ts';
import { bindCommands } from './commands/commandBus.ts';
import { COMMANDS } from './commands/index.ts';
import { createApiRouter, sendError } from './http/api.ts';
import { createOriginCheck, securityHeaders } from './http/security.ts';
import { createLogger, errorName, type Logger } from './log.ts';
import { PresenceTracker } from './presence.ts';
import type { Store } from './store/store.ts';
import { RoomRegistry } from './sync/room.ts';
import { attachYjsEndpoint, encodeSyncUpdate } from './sync/yjsEndpoint.ts';
import { TimerScheduler } from './timerScheduler.ts';

export interface AppDeps {
  store: Store;
  /** Folder of the built client (index.html + assets); omitted in API-only tests. */
  clientDir?: string;
  publicUrl?: string | undefined;
  adminToken?: string | undefined;
  log?: Logger;
  now?: () => number;
  /** How long an unused workshop doc stays in memory. */
  unloadDelayMs?: number;
}

export interface App {
  httpServer: http.Server;
  io: SocketServer<ClientEvents, ServerEvents>;
  rooms: RoomRegistry;
  /** Stops accepting, disconnects everyone, and writes every loaded doc back. */
  close(): Promise<void>;
}

/** Builds the whole server on one HTTP server; the caller listens (and owns the database). */
export function createApp(deps: AppDeps): App {
  const log = deps.log ?? createLogger();
  const now = deps.now ?? Date.now;
  const { store } = deps;
  const auth = createAuthenticator(store);
  const rooms = new RoomRegistry(store, log, encodeSyncUpdate, {
    unloadDelayMs: deps.unloadDelayMs ?? 10_000,
    compactEvery: 500,
  });
  const isAllowedOrigin = createOriginCheck(deps.publicUrl);
  const timers = new TimerScheduler(store, rooms, log, now);
  timers.armAll();
  const busDeps = { store, log, now, timerChanged: (id: string) => timers.arm(id) };

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(securityHeaders);
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  app.use('/api', express.json({ limit: '256kb' }));
  app.use(
    '/api',
    createApiRouter({ store, rooms, auth, adminToken: deps.adminToken, publicUrl: deps.publicUrl }),
  );

  if (deps.clientDir && fs.existsSync(path.join(deps.clientDir, 'index.html'))) {
    const clientDir = deps.clientDir;
    app.use(
      '/assets',
      express.static(path.join(clientDir, 'assets'), { immutable: true, maxAge: '1y' }),
    );
    app.use(express.static(clientDir, { index: false }));
    // Every other GET is a client route (/, /join/CODE, /facilitator/ID, …).
    app.get('/{*path}', (_req, res) => {
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(path.join(clientDir, 'index.html'));
    });
  } else {
    app.get('/', (_req, res) => {
      res
        .status(503)
        .type('text/plain')
        .send('The Convene client is not built yet: run `npm run build` (npm start does it).');
    });
  }

  // Body-parser and anything unexpected: a code and a sentence, never a stack trace.
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const e = err as { type?: string; status?: number };
    if (e.type === 'entity.too.large') {
      return sendError(res, 413, 'payload_too_large', 'The request body is too large');
    }
    if (e.type === 'entity.parse.failed') {
      return sendError(res, 400, 'invalid_json', 'The request body is not valid JSON');
    }
    if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
      return sendError(res, e.status, 'invalid_payload', 'The request could not be read');
    }
    log.error('http_error', { err: errorName(err) });
    res.status(500).json(errorBody('internal_error', 'Something went wrong on the server'));
  });

  const httpServer = http.createServer(app);
  const yjs = attachYjsEndpoint(httpServer, { auth, rooms, log, isAllowedOrigin });

  const io = new SocketServer<ClientEvents, ServerEvents>(httpServer, {
    serveClient: false,
    // Commands are small; 64 KB is generous and keeps a flood of huge frames cheap to refuse.
    maxHttpBufferSize: 64 * 1024,
    // The Yjs endpoint shares this port: let its upgrades through.
    destroyUpgrade: false,
    // cors does not stop a cross-site WebSocket handshake; this does.
    allowRequest: (req, callback) => callback(null, isAllowedOrigin(req)),
  });
  const presence = new PresenceTracker();

  io.use((socket, next) => {
    const session = auth.fromToken((socket.handshake.auth as { token?: unknown })?.token);
    if (!session) {
      const err = new Error('unauthorized') as Error & { data?: unknown };
      err.data = errorBody('unauthorized', 'A valid token is required');
      return next(err);
    }
    socket.data.session = session;
    next();
  });

  io.on('connection', (socket) => {
    const session = socket.data.session as Session;
    let room: ReturnType<RoomRegistry['acquire']>;
    try {
      room = rooms.acquire(session.workshopId);
    } catch (err) {
      log.error('socket_room_load_failed', { err: errorName(err) });
      socket.disconnect(true);
      return;
    }
    const channel = `w:${session.workshopId}`;
    void socket.join(channel);
    bindCommands(socket, COMMANDS, session, room, busDeps);
    socket.emit('session:ready', {
      workshopId: session.workshopId,
      role: session.role,
      participantId: session.participantId,
    });
    if (session.participantId) presence.add(session.workshopId, session.participantId);
    io.to(channel).emit('presence:changed', { participants: presence.count(session.workshopId) });
    socket.on('disconnect', () => {
      rooms.release(room);
      if (session.participantId) {
        presence.remove(session.workshopId, session.participantId);
        io.to(channel).emit('presence:changed', {
          participants: presence.count(session.workshopId),
        });
      }
    });
  });

  return {
    httpServer,
    io,
    rooms,
    async close() {
      // A pending auto-advance must not fire into a closed store.
      timers.stop();
      // Upgraded Yjs sockets keep the HTTP server open, so io.close() below would wait for
      // them forever: end them first (clients see a drop and reconnect to the next process).
      for (const ws of yjs.clients) ws.terminate();
      await new Promise<void>((resolve) => {
        io.close(() => resolve());
        // io.close also closes the HTTP server.
      });
      httpServer.closeAllConnections();
      rooms.closeAll();
    },
  };
}
