import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { CreatedWorkshop, CreateWorkshopInput, Joined } from '@convene/shared';
import * as encoding from 'lib0/encoding';
import { io as ioClient, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { type App, createApp } from '../../server/src/app.ts';
import type { ServerLimits } from '../../server/src/limits/limits.ts';
import type { Logger } from '../../server/src/log.ts';
import { type Db, openDatabase } from '../../server/src/store/db.ts';
import { openSqliteStore, type Store } from '../../server/src/store/store.ts';

/**
 * Integration-test harness: the real app on a real SQLite file, on 127.0.0.1 and a free port,
 * plus real clients (socket.io-client, y-websocket, raw ws). Every client made here is tracked
 * so that `closeClients()` in an `afterEach` leaves nothing open between tests.
 */

export interface TestServerOptions {
  /** Passed to createApp: POST /api/workshops then needs it as a Bearer token. */
  adminToken?: string;
  publicUrl?: string;
  /** How long an unused room stays loaded (default 0: unload as soon as nobody holds it). */
  unloadDelayMs?: number;
  /**
   * Server limits. By default the per-address HTTP limits are lifted (every test client is
   * 127.0.0.1, so one suite would exhaust a venue's allowance); per-participant, per-token and
   * size limits keep their production values. Suites that test limits pass their own.
   */
  limits?: Partial<ServerLimits>;
  /** Passed to createApp: GET /metrics then needs it as a Bearer token (issue 17). */
  metricsToken?: string;
}

const UNLIMITED = { burst: 1_000_000, perSecond: 1_000_000 };
/** The per-address limits lifted by default in tests (see TestServerOptions.limits). */
export const TEST_ADDRESS_LIMITS: Partial<ServerLimits> = {
  join: UNLIMITED,
  joinFailures: UNLIMITED,
  joinFailuresGlobal: UNLIMITED,
  createWorkshop: UNLIMITED,
  adminFailures: UNLIMITED,
  adminActions: UNLIMITED,
};

/** One line the server logged (kept in memory so tests can assert nothing went wrong). */
export interface LogEntry {
  level: 'info' | 'warn' | 'error';
  event: string;
  fields: Record<string, unknown> | undefined;
}

export function memoryLogger(into: LogEntry[]): Logger {
  return {
    info: (event, fields) => into.push({ level: 'info', event, fields }),
    warn: (event, fields) => into.push({ level: 'warn', event, fields }),
    error: (event, fields) => into.push({ level: 'error', event, fields }),
  };
}

export interface TestServer {
  /** `http://127.0.0.1:<port>`; changes only if restart() could not get the same port back. */
  readonly url: string;
  readonly port: number;
  /** The temp folder that holds the SQLite file; removed by close(). */
  readonly dataDir: string;
  readonly dbFile: string;
  readonly app: App;
  readonly store: Store;
  /** Everything the server logged, across restarts. */
  readonly logs: LogEntry[];
  /** The `error` lines only: a healthy run logs none. */
  errors(): LogEntry[];
  /** POST /api/workshops with a default body (merged with `body`); throws unless 201. */
  createWorkshop(body?: Partial<CreateWorkshopInput>): Promise<CreatedWorkshop>;
  /** POST /api/join; throws unless 200. */
  join(joinCode: string, name?: string): Promise<Joined>;
  /** Closes app and database, reopens the same file in a new app; returns the (new) url. */
  restart(): Promise<string>;
  close(): Promise<void>;
}

export const DEFAULT_WORKSHOP: CreateWorkshopInput = {
  title: 'Applying Sustaining Peace: local ownership',
  questions: [
    { prompt: 'What should donors stop doing?' },
    { prompt: 'What is one first step for the next six months?' },
  ],
};

async function listen(app: App, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    app.httpServer.once('error', onError);
    app.httpServer.listen(port, '127.0.0.1', () => {
      app.httpServer.off('error', onError);
      resolve();
    });
  });
  return (app.httpServer.address() as AddressInfo).port;
}

export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'convene-test-'));
  const dbFile = path.join(dataDir, 'convene.sqlite');

  let db: Db;
  let store: Store;
  let app: App;
  let port = 0;
  let closed = false;
  const logs: LogEntry[] = [];

  const open = async (wantedPort: number): Promise<void> => {
    db = openDatabase(dbFile);
    store = openSqliteStore(db);
    app = createApp({
      store,
      log: memoryLogger(logs),
      unloadDelayMs: opts.unloadDelayMs ?? 0,
      adminToken: opts.adminToken,
      publicUrl: opts.publicUrl,
      limits: opts.limits ?? TEST_ADDRESS_LIMITS,
      metricsToken: opts.metricsToken,
    });
    try {
      port = await listen(app, wantedPort);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || wantedPort === 0) throw err;
      port = await listen(app, 0);
    }
  };

  const shut = async (): Promise<void> => {
    await app.close();
    db.close();
  };

  await open(0);

  const server: TestServer = {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    dataDir,
    dbFile,
    get app() {
      return app;
    },
    get store() {
      return store;
    },
    logs,
    errors: () => logs.filter((l) => l.level === 'error'),
    async createWorkshop(body = {}) {
      const res = await fetch(`${server.url}/api/workshops`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(opts.adminToken ? { authorization: `Bearer ${opts.adminToken}` } : {}),
        },
        body: JSON.stringify({ ...DEFAULT_WORKSHOP, ...body }),
      });
      if (res.status !== 201) {
        throw new Error(`POST /api/workshops → ${res.status} ${await res.text()}`);
      }
      return (await res.json()) as CreatedWorkshop;
    },
    async join(joinCode, name) {
      const res = await fetch(`${server.url}/api/join`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(name === undefined ? { joinCode } : { joinCode, name }),
      });
      if (res.status !== 200) throw new Error(`POST /api/join → ${res.status} ${await res.text()}`);
      return (await res.json()) as Joined;
    },
    async restart() {
      await shut();
      await open(port);
      return server.url;
    },
    async close() {
      if (closed) return;
      closed = true;
      await shut();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return server;
}

// ---------------------------------------------------------------------------------------------
// Clients

const openClients = new Set<() => void>();

function track(close: () => void): () => void {
  const entry = () => {
    openClients.delete(entry);
    close();
  };
  openClients.add(entry);
  return entry;
}

/** Closes every client made by these helpers since the last call (use in afterEach). */
export function closeClients(): void {
  for (const close of [...openClients]) {
    try {
      close();
    } catch {
      // Already closed: nothing left to clean.
    }
  }
}

export interface ConnectOptions {
  /** Sent as the Origin header of the handshake (browsers always send one). */
  origin?: string;
  timeoutMs?: number;
}

/** A socket.io client over WebSocket only; resolves once connected, rejects on connect_error. */
export function connectSocket(
  url: string,
  token: string,
  opts: ConnectOptions = {},
): Promise<Socket> {
  const socket = ioClient(url, {
    transports: ['websocket'],
    auth: { token },
    forceNew: true,
    reconnection: false,
    timeout: opts.timeoutMs ?? 5000,
    ...(opts.origin ? { extraHeaders: { origin: opts.origin } } : {}),
  });
  track(() => socket.disconnect());
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.disconnect();
      reject(err);
    });
  });
}

/** Emits a command and resolves with its acknowledgement (rejects if none comes in time). */
export function emitAck<T = AckReply>(
  socket: Socket,
  name: string,
  payload: unknown,
  timeoutMs = 5000,
): Promise<T> {
  return socket.timeout(timeoutMs).emitWithAck(name, payload) as Promise<T>;
}

/** The loose shape tests read acks through (`{ok:true,…}` or `{ok:false,error}`). */
export interface AckReply {
  ok: boolean;
  error?: { code: string; message: string };
  ideaId?: string;
  phase?: string;
  [key: string]: unknown;
}

export interface DocClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Destroys provider and doc (also done by closeClients). */
  close(): void;
}

/** Yjs endpoint url for WebsocketProvider (which appends `/<room>`). */
export function yjsBase(url: string): string {
  return `${url.replace(/^http/, 'ws')}/yjs`;
}

/**
 * A y-websocket client on the workshop's room; resolves once the first sync completes. Rejects
 * if the server closes it for good (44xx) or nothing syncs in time.
 *
 * `resyncInterval` is never passed: it uses the global WebSocket, which Node 20 lacks.
 * `disableBc` keeps two providers in one process from syncing behind the server's back.
 */
export function connectDoc(
  url: string,
  workshopId: string,
  token: string,
  opts: { timeoutMs?: number; doc?: Y.Doc } = {},
): Promise<DocClient> {
  const doc = opts.doc ?? new Y.Doc();
  const provider = new WebsocketProvider(yjsBase(url), workshopId, doc, {
    params: { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    connect: true,
  });
  const close = track(() => {
    provider.destroy();
    doc.destroy();
  });
  const client: DocClient = { doc, provider, close };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      close();
      reject(new Error(`Yjs sync of ${workshopId} timed out`));
    }, opts.timeoutMs ?? 5000);
    const onSync = (synced: boolean) => {
      if (!synced) return;
      cleanup();
      resolve(client);
    };
    const onClosed = (event: { code: number; reason: string }) => {
      cleanup();
      close();
      reject(new Error(`Yjs connection closed: ${event.code} ${event.reason}`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      provider.off('sync', onSync);
      provider.off('closed', onClosed);
    };
    provider.on('sync', onSync);
    provider.on('closed', onClosed);
  });
}

/**
 * Resolves once the server has answered a sync request sent on this provider's connection.
 * The server handles one connection's frames in order, so everything the provider sent before
 * has been processed (applied, or dropped for a read-only peer) by then.
 */
export function yjsRoundTrip(provider: WebsocketProvider, timeoutMs = 5000): Promise<void> {
  const ws = provider.ws as unknown as WebSocket | null;
  if (!ws || ws.readyState !== WebSocket.OPEN) {
    return Promise.reject(new Error('the provider is not connected'));
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      ws.off('message', onMessage);
      reject(new Error('no sync reply in time'));
    }, timeoutMs);
    const onMessage = (data: ArrayBuffer | Buffer) => {
      // The provider sets binaryType 'arraybuffer'; a Buffer is handled too.
      const bytes = new Uint8Array(data);
      // [messageSync, syncStep2]: the answer to our step 1 (updates are [0, 2]).
      if (bytes[0] !== 0 || bytes[1] !== syncProtocol.messageYjsSyncStep2) return;
      clearTimeout(timer);
      ws.off('message', onMessage);
      resolve();
    };
    ws.on('message', onMessage);
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0);
    syncProtocol.writeSyncStep1(encoder, provider.doc);
    ws.send(encoding.toUint8Array(encoder));
  });
}

export interface RawHandshake {
  /** Whether the WebSocket upgrade succeeded. */
  opened: boolean;
  /** Close code, once closed (1006 when the upgrade was refused). */
  code: number;
  reason: string;
  /** HTTP status of a refused upgrade, if any. */
  status: number | null;
}

/**
 * Opens a raw WebSocket to a path of the server (e.g. `/yjs/<id>?token=…`) and reports how it
 * ends: refused upgrade (status), or opened and then closed by the server (code).
 * It waits for the server to close it, or with `untilFirstMessage` for the first frame.
 */
export function rawHandshake(
  url: string,
  pathAndQuery: string,
  opts: { origin?: string; timeoutMs?: number; untilFirstMessage?: boolean } = {},
): Promise<RawHandshake> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}${pathAndQuery}`, {
    ...(opts.origin ? { origin: opts.origin } : {}),
  });
  const close = track(() => ws.terminate());
  return new Promise((resolve, reject) => {
    let opened = false;
    let status: number | null = null;
    const timer = setTimeout(() => {
      close();
      reject(new Error(`WebSocket ${pathAndQuery} did not settle in time`));
    }, opts.timeoutMs ?? 5000);
    ws.on('open', () => {
      opened = true;
    });
    ws.on('unexpected-response', (_req, res) => {
      status = res.statusCode ?? null;
      res.resume();
      ws.terminate();
    });
    ws.on('error', () => {
      // Reported through 'close' below.
    });
    ws.on('message', () => {
      if (!opts.untilFirstMessage) return;
      clearTimeout(timer);
      close();
      resolve({ opened, code: 0, reason: 'message received', status });
    });
    ws.on('close', (code, reason) => {
      clearTimeout(timer);
      close();
      resolve({ opened, code, reason: reason.toString(), status });
    });
  });
}

export interface WaitOptions {
  timeoutMs?: number;
  /** Docs whose 'update' events trigger a re-check (a slow poll runs as a fallback anyway). */
  docs?: readonly Y.Doc[];
  /** What is awaited, for the timeout message. */
  what?: string;
}

/**
 * Resolves once `predicate()` is true. Re-checks on every update of the given docs and on a
 * short poll; rejects with a clear message after the timeout. This is how tests synchronise:
 * never by sleeping for a fixed time.
 */
export function waitFor(
  predicate: () => boolean,
  options: number | WaitOptions = {},
): Promise<void> {
  const opts: WaitOptions = typeof options === 'number' ? { timeoutMs: options } : options;
  const docs = opts.docs ?? [];
  return new Promise((resolve, reject) => {
    let done = false;
    const check = () => {
      if (done) return;
      let ok = false;
      try {
        ok = predicate();
      } catch {
        ok = false;
      }
      if (!ok) return;
      finish();
      resolve();
    };
    const finish = () => {
      done = true;
      clearTimeout(timer);
      clearInterval(poll);
      for (const d of docs) d.off('update', check);
    };
    const timer = setTimeout(() => {
      if (done) return;
      finish();
      reject(
        new Error(
          `Timed out after ${opts.timeoutMs ?? 5000} ms waiting for ${opts.what ?? 'condition'}`,
        ),
      );
    }, opts.timeoutMs ?? 5000);
    const poll = setInterval(check, 25);
    for (const d of docs) d.on('update', check);
    check();
  });
}

/** A fresh, collision-free command id (8–64 url-safe characters). */
let commandCounter = 0;
export function commandId(prefix = 'cmd'): string {
  commandCounter++;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${commandCounter}`;
}
