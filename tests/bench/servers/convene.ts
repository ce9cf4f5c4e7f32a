import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createApp } from '../../../server/src/app.ts';
import type { ServerLimits } from '../../../server/src/limits/limits.ts';
import type { Logger } from '../../../server/src/log.ts';
import { openDatabase } from '../../../server/src/store/db.ts';
import { openSqliteStore } from '../../../server/src/store/store.ts';
import { Room } from '../../../server/src/sync/room.ts';
import { announce, serveIpc } from './ipc.ts';

/**
 * The Convene server under test: the same `createApp` that server/src/main.ts runs, in its own
 * process, on 127.0.0.1 and a free port. Two differences from `npm start`, both because every
 * benchmark client comes from 127.0.0.1: the per-address HTTP limits (joins, workshop creation)
 * are lifted as in the integration tests, and info lines are not logged (warnings and errors go
 * to stderr, and a benchmark fails if there are any). Per-participant and per-token limits keep
 * their production values.
 */

const dataDir = process.env.BENCH_DATA_DIR;
if (!dataDir) throw new Error('BENCH_DATA_DIR is required');
const UNLIMITED = { burst: 1_000_000, perSecond: 1_000_000 };
const limits: Partial<ServerLimits> = {
  join: UNLIMITED,
  joinFailures: UNLIMITED,
  joinFailuresGlobal: UNLIMITED,
  createWorkshop: UNLIMITED,
  adminFailures: UNLIMITED,
  adminActions: UNLIMITED,
};
const write = (level: string) => (event: string, fields?: Record<string, unknown>) => {
  process.stderr.write(`${JSON.stringify({ level, event, ...fields })}\n`);
};
const log: Logger = { info: () => undefined, warn: write('warn'), error: write('error') };

const db = openDatabase(path.join(dataDir, 'convene.sqlite'));
// Diagnostic only (fanout.bench.ts): BENCH_SYNC=normal commits without waiting for the disk, to
// show how much of a latency is the durable commit. Convene itself always runs with FULL.
if (process.env.BENCH_SYNC === 'normal') db.pragma('synchronous = NORMAL');
const store = openSqliteStore(db);

// Measurement only: how long each commit takes, its disk flush included — a group of socket
// commands (group commit: the commit, then their projections and replies) or any other outermost
// transaction (HTTP actions, timers). The store's behaviour is unchanged.
const commits: number[] = [];
const record = (t0: number) => {
  if (commits.length < 100_000) commits.push(performance.now() - t0);
};
const transaction = store.transaction.bind(store);
store.transaction = <T>(fn: () => T): T => {
  if (db.inTransaction) return transaction(fn);
  const t0 = performance.now();
  try {
    return transaction(fn);
  } finally {
    record(t0);
  }
};
// Groups are counted when their answers go (after the flush): commands per commit is read
// from the group commit's own counts, per phase.
const settle = store.group.settle.bind(store.group);
store.group.settle = () => {
  if (!store.group.pending) return settle();
  const t0 = performance.now();
  try {
    settle();
  } finally {
    record(t0);
  }
};
let counted = { groups: 0, commands: 0 };
// Measurement only (the steady fan-out, one idea at a time): when each idea:submit's frame
// arrives, when the command's commit starts and ends, when its doc update is relayed (first and
// last peer handed it) and when its ack is written; wall-clock ms, comparable with the load
// process's (performance.timeOrigin + now on both sides). Ideas come one at a time, so each
// stage belongs to the latest frame. Only the last 2,000 are kept (other benchmarks never ask).
// The server's behaviour is unchanged.
interface Stages {
  frame: number;
  commitStart?: number;
  commitEnd?: number;
  relayStart?: number;
  relayEnd?: number;
  ack?: number;
}
const wall = () => performance.timeOrigin + performance.now();
const stages: Stages[] = [];
const current = (): Stages | undefined => stages[stages.length - 1];
const onUpdate = (Room.prototype as unknown as Record<string, (...a: unknown[]) => unknown>)
  .onUpdate as (...a: unknown[]) => unknown;
(Room.prototype as unknown as Record<string, unknown>).onUpdate = function (
  this: unknown,
  ...args: unknown[]
) {
  const s = current();
  if (s && s.relayStart === undefined && s.commitEnd !== undefined) s.relayStart = wall();
  try {
    return onUpdate.apply(this, args);
  } finally {
    if (s && s.relayEnd === undefined && s.relayStart !== undefined) s.relayEnd = wall();
  }
};
// A socket command's commit: from its work entering the group to the group's commit (group
// commit: its projection follows, then the group's flush, then its answer).
const measuredEnlist = store.enlist;
store.enlist = (work, steps) => {
  const s = current();
  const timed = s !== undefined && s.commitStart === undefined;
  if (timed) s.commitStart = wall();
  measuredEnlist(work, {
    committed: (settled) => {
      if (timed) s.commitEnd = wall();
      steps.committed?.(settled);
    },
    settled: steps.settled,
  });
};

const app = createApp({
  store,
  log,
  limits,
  clientDir: process.env.BENCH_CLIENT_DIR,
  unloadDelayMs: Number(process.env.BENCH_UNLOAD_DELAY_MS ?? 10_000),
});

app.io.on('connection', (socket) => {
  // Engine.io packets: the raw frame in (before socket.io decodes it), and the ack out.
  socket.conn.on('packet', (packet: { type: string; data?: unknown }) => {
    if (packet.type !== 'message' || typeof packet.data !== 'string') return;
    // The data is socket.io's packet: 2 = an event (3 = an ack), then its ack id and JSON.
    if (!packet.data.startsWith('2') || !packet.data.includes('"idea:submit"')) return;
    if (stages.length >= 2000) stages.shift();
    stages.push({ frame: wall() });
  });
  socket.conn.on('packetCreate', (packet: { type: string; data?: unknown }) => {
    const s = current();
    if (s && s.ack === undefined && typeof packet.data === 'string' && packet.data.startsWith('3'))
      s.ack = wall();
  });
});

serveIpc({
  /** The stages of every idea:submit since the last call (see Stages). */
  stages: () => stages.splice(0),
  rooms: () => ({ loaded: app.rooms.loadedCount }),
  /** Durations (ms) of the transactions since the last call: count, p50, p99, max. */
  commits: () => {
    const sorted = commits.splice(0).sort((a, b) => a - b);
    const at = (p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
    const { groups, commands } = store.group.stats;
    const perCommit =
      groups > counted.groups ? (commands - counted.commands) / (groups - counted.groups) : NaN;
    counted = { groups, commands };
    return { n: sorted.length, p50: at(0.5), p99: at(0.99), max: at(1), perCommit };
  },
  wal: () => {
    const size = (f: string) => (fs.existsSync(f) ? fs.statSync(f).size : 0);
    return {
      walBytes: size(path.join(dataDir, 'convene.sqlite-wal')),
      dbBytes: size(path.join(dataDir, 'convene.sqlite')),
    };
  },
});

app.httpServer.listen(0, '127.0.0.1', () => {
  announce((app.httpServer.address() as AddressInfo).port);
});

const stop = async () => {
  await app.close();
  db.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
