import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { type ClientEvents, errorBody, MAX_IMPORT_BYTES, type ServerEvents } from '@convene/shared';
import express, { type NextFunction, type Request, type Response } from 'express';
import { Server as SocketServer } from 'socket.io';
import { createAuthenticator, type Session } from './auth/authenticator.ts';
import { ConnectionRegistry } from './auth/connections.ts';
import { hashToken, isTokenShaped } from './auth/tokens.ts';
import { type ClusterNode, ownerGate, replyGate, viaProxy } from './cluster/clusterNode.ts';
import { bindCommands } from './commands/commandBus.ts';
import { COMMANDS } from './commands/index.ts';
import { TimerScheduler } from './commands/timerScheduler.ts';
import { createAdminRouter } from './http/adminRoutes.ts';
import { createApiRouter, sendError } from './http/api.ts';
import { createBoardSnapshotRouter } from './http/boardSnapshotRoute.ts';
import { createBriefRouter } from './http/briefRoutes.ts';
import { createClientFiles } from './http/clientFiles.ts';
import { createClientPages } from './http/clientPages.ts';
import { createConsolidationRouter } from './http/consolidationRoutes.ts';
import { nodeHeader } from './http/nodeHeader.ts';
import { createOpsRouter } from './http/opsRoutes.ts';
import { createPaperRouter } from './http/paperRoutes.ts';
import {
  answerClientErrors,
  createHostCheck,
  createOriginCheck,
  requireOwnHost,
  securityHeaders,
} from './http/security.ts';
import { createSeriesRouter } from './http/seriesRoutes.ts';
import { createDetailsRouter } from './http/workshopDetailsRoutes.ts';
import { Coalescer } from './limits/coalesce.ts';
import { limitEveryRequest, limitFailures } from './limits/httpLimits.ts';
import { JoinGuard } from './limits/joinGuard.ts';
import { resolveLimits, type ServerLimits } from './limits/limits.ts';
import { RateLimiter } from './limits/rateLimiter.ts';
import { createLogger, errorName, type Logger } from './log.ts';
import { type AppMetrics, countErrors, createMetrics } from './metrics/metrics.ts';
import type { Store } from './store/store.ts';
import { PresenceTracker } from './sync/presence.ts';
import { RoomRegistry } from './sync/room.ts';
import { attachYjsEndpoint, encodeSyncUpdate } from './sync/yjsEndpoint.ts';

export interface AppDeps {
  store: Store;
  /** Folder of the built client (index.html + assets); omitted in API-only tests. */
  clientDir?: string;
  publicUrl?: string | undefined;
  adminToken?: string | undefined;
  /** HOST and ALLOWED_HOSTS: which host names browsers may reach the server by. */
  listenHost?: string | undefined;
  allowedHosts?: readonly string[];
  log?: Logger;
  now?: () => number;
  /** How long an unused workshop doc stays in memory. */
  unloadDelayMs?: number;
  /** Rate and size limits (defaults in limits/limits.ts). */
  limits?: Partial<ServerLimits>;
  /** METRICS_TOKEN: when set, GET /metrics needs it as a Bearer token (issue 17). */
  metricsToken?: string | undefined;
  /**
   * Cluster mode (issue 17, DATABASE_URL): this node serves only the workshops it holds the
   * lease of, and answers nothing before PostgreSQL holds it. Absent: one SQLite node.
   */
  cluster?: ClusterNode;
  /** NODE_ID: sent as X-Convene-Node on every HTTP reply (cluster mode: the cluster's node id). */
  nodeId?: string | undefined;
}

export interface App {
  httpServer: http.Server;
  io: SocketServer<ClientEvents, ServerEvents>;
  rooms: RoomRegistry;
  /** This app's Prometheus metrics (GET /metrics). */
  metrics: AppMetrics;
  /**
   * Reports the node not ready from now on (GET /readyz answers 503), so that a proxy sends it
   * no new clients; everything else keeps working until close(). Called when a shutdown begins.
   */
  drain(): void;
  /** Stops accepting, disconnects everyone, and writes every loaded doc back. */
  close(): Promise<void>;
}

/** Builds the whole server on one HTTP server; the caller listens (and owns the database). */
export function createApp(deps: AppDeps): App {
  // Issue 17 (operations): the metrics read rooms and connections when scraped; the logger
  // counts its error-level events in them.
  const metrics = createMetrics({
    roomsLoaded: () => rooms.loadedCount,
    connections: (kind) => connections.countKind(kind),
    ...(deps.cluster ? { leasesHeld: () => deps.cluster?.ownership.owners().length ?? 0 } : {}),
  });
  const log = countErrors(deps.log ?? createLogger(), metrics);
  const now = deps.now ?? Date.now;
  const { store } = deps;
  store.onCommitted = (kind, seconds, commands) => metrics.committed(kind, seconds, commands);
  let draining = false;
  /** Cluster mode: the handover a drain started (close() waits for it). */
  let handingOver: Promise<void> | null = null;
  store.group.onError = (event, err) => log.error(event, { err: errorName(err) });
  const auth = createAuthenticator(store);
  const limits = resolveLimits(deps.limits);
  const rooms = new RoomRegistry(store, log, encodeSyncUpdate, {
    unloadDelayMs: deps.unloadDelayMs ?? 10_000,
    compactEvery: 500,
    maxDocBytes: limits.yjsMaxDoc,
  });
  const isOwnHost = createHostCheck({
    publicUrl: deps.publicUrl,
    listenHost: deps.listenHost,
    allowedHosts: deps.allowedHosts ?? [],
  });
  const isAllowedOrigin = createOriginCheck(deps.publicUrl, isOwnHost);
  const timers = new TimerScheduler(store, rooms, log, now);
  timers.armAll();
  const connections = new ConnectionRegistry();
  const { cluster } = deps;
  cluster?.ownership.observe(metrics.leaseEvent);
  cluster?.ownership.attach({
    inUse: (owner) =>
      rooms.isLoaded(owner) || connections.count(owner) > 0 || timers.isArmed(owner),
    taken: (owner, kind) => {
      if (kind === 'workshop') timers.arm(owner);
    },
    lost: (owner) => {
      // Its rows here are gone (or stale): the room is dropped without storing anything and its
      // screens reconnect, through the proxy, to the node that holds it now — cut a moment
      // later, so that the answers of the commands the lost ship held ("not saved") reach them
      // first and their outboxes resend those commands after the reconnect.
      rooms.evict(owner);
      timers.arm(owner);
      setImmediate(() => connections.cut(owner, 'moved'));
    },
  });
  const busDeps = {
    store,
    log,
    now,
    timerChanged: (id: string) => timers.arm(id),
    limiter: new RateLimiter(limits.commands, now),
    commandAnswered: metrics.commandAnswered,
  };

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  // Issue 17: which node answered (operators behind a proxy, the cluster tests).
  app.use(nodeHeader(deps.nodeId ?? deps.cluster?.nodeId));
  app.use(securityHeaders);
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  // Issue 17 (operations): /readyz and /metrics.
  app.use(
    createOpsRouter({
      metrics,
      metricsToken: deps.metricsToken,
      isReady: () => !draining,
      failureLimit: limitFailures(new RateLimiter(limits.adminFailures, now), [401]),
      log,
    }),
  );
  // The client's built files, from memory, before any API middleware (clientFiles.ts).
  const clientDir =
    deps.clientDir && fs.existsSync(path.join(deps.clientDir, 'index.html'))
      ? deps.clientDir
      : null;
  if (clientDir) app.use(createClientFiles(clientDir));
  // API answers hold tokens and workshop contents: never cached, never for a foreign host name.
  app.use('/api', requireOwnHost(isOwnHost), (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  // Rate limits per client address, before any body is read (see limits/limits.ts).
  const adminFailures = limitFailures(new RateLimiter(limits.adminFailures, now), [401]);
  app.post('/api/join', limitEveryRequest(new RateLimiter(limits.join, now)));
  // Wrong codes are counted after the lookup (api.ts), so a right code is never refused for them.
  const joinGuard = new JoinGuard(
    {
      perAddress: limits.joinFailures,
      grace: limits.joinGuessGrace,
      global: limits.joinFailuresGlobal,
    },
    now,
  );
  app.post('/api/workshops', adminFailures);
  const createLimit = limitEveryRequest(new RateLimiter(limits.createWorkshop, now));
  app.post('/api/workshops', createLimit);
  app.get('/api/workshops', adminFailures);
  // Imports and series are organiser actions too; an archive may exceed the 256 KB of the rest.
  app.post('/api/workshops/import', adminFailures);
  app.post('/api/workshops/import', createLimit); // an import creates a workshop too
  app.post('/api/series', adminFailures);
  // Issue 15: a consolidation session creates a workshop too.
  app.post('/api/series/:id/consolidation', createLimit);
  // An archive is read as bytes and parsed on the export worker (briefRoutes.ts): JSON.parse of
  // 8 MB alone would hold every room for tens of milliseconds.
  app.use(
    '/api/workshops/import',
    express.raw({ type: 'application/json', limit: MAX_IMPORT_BYTES }),
  );
  app.use('/api', express.json({ limit: '256kb' }));
  // Issue 17 (cluster mode): replies wait for PostgreSQL; a workshop is served by its owner only.
  if (cluster) app.use('/api', replyGate(cluster, log), ownerGate(cluster, log));
  app.use(
    '/api',
    createAdminRouter({
      store,
      auth,
      rooms,
      connections,
      adminToken: deps.adminToken,
      log,
      workshopDeleted: (id) => timers.arm(id),
      limit: limitEveryRequest(new RateLimiter(limits.adminActions, now)),
    }),
  );
  const briefDeps = {
    store,
    rooms,
    auth,
    adminToken: deps.adminToken,
    publicUrl: deps.publicUrl,
    maxParticipants: limits.participantsPerWorkshop,
    log,
    now,
  };
  app.use('/api', createBriefRouter(briefDeps));
  app.use('/api', createSeriesRouter({ ...briefDeps, linksPerRole: limits.linksPerRole }));
  app.use('/api', createConsolidationRouter(briefDeps));
  app.use('/api', createPaperRouter(briefDeps));
  // Issue 14 (brief data): the brief's details, before the API router's catch-all 404.
  app.use('/api', createDetailsRouter({ store, rooms, auth, bus: busDeps }));
  // Issue 18 (first screen): the board as JSON for a screen's first frame.
  app.use('/api', createBoardSnapshotRouter({ store, rooms, auth }));
  app.use(
    '/api',
    createApiRouter({
      ...briefDeps,
      linksPerRole: limits.linksPerRole,
      joinGuard,
      // Cluster mode: the organiser's list spans every node's workshops.
      listWorkshops: cluster ? () => cluster.lookups.listWorkshops() : undefined,
    }),
  );

  if (clientDir) {
    const pages = createClientPages(clientDir);
    // Every other GET is a client route (/, /join/CODE, /facilitator/ID, …).
    app.get('/{*path}', (req, res) => {
      res.setHeader('Cache-Control', 'no-cache');
      res.type('html').send(pages.page(req.path));
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
    const e = err as { type?: string; status?: number; code?: unknown };
    if (e.type === 'entity.too.large') {
      return sendError(res, 413, 'payload_too_large', 'The request body is too large');
    }
    if (e.type === 'entity.parse.failed') {
      return sendError(res, 400, 'invalid_json', 'The request body is not valid JSON');
    }
    if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
      return sendError(res, e.status, 'invalid_payload', 'The request could not be read');
    }
    if (typeof e.code === 'string' && e.code.startsWith('SQLITE_')) {
      // The database refused (disk full, read-only, locked): nothing was written; retry later.
      log.error('http_storage_failed', { err: errorName(err) });
      res.setHeader('Retry-After', '5');
      return sendError(res, 503, 'storage_unavailable', 'The server cannot save right now');
    }
    log.error('http_error', { err: errorName(err) });
    res.status(500).json(errorBody('internal_error', 'Something went wrong on the server'));
  });

  const httpServer = http.createServer(app);
  answerClientErrors(httpServer);
  const yjs = attachYjsEndpoint(httpServer, {
    auth,
    rooms,
    log,
    isAllowedOrigin,
    connections,
    limits,
    now,
    admit: cluster
      ? async (workshopId, req) => {
          try {
            if ((await cluster.ownership.ensure(workshopId, 'workshop')).ok) return 'ok';
            // /yjs/<id> through the proxy: routed here by its id; ask for it back.
            if (viaProxy(req.headers)) cluster.ownership.want(workshopId);
            return 'not_owner';
          } catch (err) {
            log.error('yjs_owner_failed', { err: errorName(err) });
            return 'unavailable';
          }
        }
      : undefined,
  });

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
  // Every join and leave changes the count every screen shows: broadcast it at most once a
  // second per workshop, or 500 people reconnecting at once cost 250,000 messages.
  const presenceBroadcast = new Coalescer(1000, (workshopId) =>
    io.to(`w:${workshopId}`).emit('presence:changed', { participants: presence.count(workshopId) }),
  );

  const refuseSocket = (code: 'unauthorized' | 'not_owner' | 'storage_unavailable') => {
    const messages = {
      unauthorized: 'A valid token is required',
      not_owner: 'Another server holds this workshop now; connect again in a moment',
      storage_unavailable: 'The server cannot reach its database right now',
    };
    const err = new Error(code) as Error & { data?: unknown };
    err.data = errorBody(code, messages[code]);
    return err;
  };
  io.use((socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown })?.token;
    const admit = () => {
      const session = auth.fromToken(token);
      if (!session) return next(refuseSocket('unauthorized'));
      socket.data.session = session;
      next();
    };
    if (!cluster || !isTokenShaped(token)) {
      return admit();
    }
    // Cluster mode: the token's workshop must be this node's (taken now if free) before the
    // token is checked against the local rows.
    void (async () => {
      const owner = await cluster.lookups.workshopOfToken(hashToken(token));
      if (!owner) return admit();
      const ensured = await cluster.ownership.ensure(owner, 'workshop');
      if (!ensured.ok) {
        // Routed here through the proxy by its id (the query's workshopId): ask for it back.
        const { query, headers } = socket.handshake;
        if (query.workshopId === owner && viaProxy(headers)) cluster.ownership.want(owner);
        return next(refuseSocket('not_owner'));
      }
      admit();
    })().catch((err: unknown) => {
      log.error('socket_owner_failed', { err: errorName(err) });
      next(refuseSocket('storage_unavailable'));
    });
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
    // Revoking the token or deleting the workshop ends this socket at once.
    const unregister = connections.add({
      session,
      kind: 'socketio',
      // Moved (cluster mode): close the transport, not the socket, so that the client
      // reconnects by itself — to the node that holds the workshop now.
      cut: (reason) => (reason === 'moved' ? socket.conn.close() : socket.disconnect(true)),
    });
    bindCommands(socket, COMMANDS, session, room, busDeps);
    socket.emit('session:ready', {
      workshopId: session.workshopId,
      role: session.role,
      participantId: session.participantId,
    });
    if (session.participantId) presence.add(session.workshopId, session.participantId);
    // The newcomer hears the count at once; the others with the next broadcast.
    socket.emit('presence:changed', { participants: presence.count(session.workshopId) });
    if (session.participantId) presenceBroadcast.schedule(session.workshopId);
    socket.on('disconnect', () => {
      unregister();
      rooms.release(room);
      if (session.participantId) {
        presence.remove(session.workshopId, session.participantId);
        presenceBroadcast.schedule(session.workshopId);
      }
    });
  });

  return {
    httpServer,
    io,
    rooms,
    metrics,
    drain() {
      draining = true;
      // Cluster mode: the workshops move to other nodes now, not when this one stops.
      if (cluster && !handingOver) {
        handingOver = cluster
          .handOver()
          .catch((err: unknown) => log.error('handover_failed', { err: errorName(err) }));
      }
    },
    async close() {
      draining = true;
      // A handover under way (a drain of 0 s goes straight to close) finishes first: it still
      // ships and releases through the store and the pool that close() and the caller end.
      await handingOver;
      presenceBroadcast.stop();
      // Commands of an open group are committed and answered before anything closes.
      store.settle();
      // A pending auto-advance must not fire into a closed store.
      timers.stop();
      // Upgraded Yjs sockets keep the HTTP server open, so io.close() below would wait for
      // them forever: end them first (clients see a drop and reconnect to the next process).
      for (const ws of yjs.clients) ws.terminate();
      await new Promise<void>((resolve) => {
        io.close(() => resolve());
        // io.close also closes the HTTP server, which waits for every connection to end: one
        // that does not end by itself (a request still in flight, a keep-alive socket a browser
        // holds) must not hold the shutdown for ever. Cut what is left after a moment.
        setTimeout(() => httpServer.closeAllConnections(), 1000).unref();
      });
      httpServer.closeAllConnections();
      rooms.closeAll();
      // Cluster mode: the rooms' last writes reach PostgreSQL and every lease is given back, so
      // the next node takes this node's workshops at once instead of after their lease time.
      await cluster?.stop();
    },
  };
}
