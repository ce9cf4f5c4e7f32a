import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createApp } from '../../../server/src/app.ts';
import type { ServerLimits } from '../../../server/src/limits/limits.ts';
import type { Logger } from '../../../server/src/log.ts';
import { openDatabase } from '../../../server/src/store/db.ts';
import { openSqliteStore } from '../../../server/src/store/store.ts';
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
let commands = 0;
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
const settle = store.group.settle.bind(store.group);
store.group.settle = () => {
  if (!store.group.pending) return settle();
  const before = store.group.stats.commands;
  const t0 = performance.now();
  try {
    settle();
  } finally {
    record(t0);
    commands += store.group.stats.commands - before;
  }
};
const app = createApp({
  store,
  log,
  limits,
  clientDir: process.env.BENCH_CLIENT_DIR,
  unloadDelayMs: Number(process.env.BENCH_UNLOAD_DELAY_MS ?? 10_000),
});

serveIpc({
  rooms: () => ({ loaded: app.rooms.loadedCount }),
  /** Durations (ms) of the transactions since the last call: count, p50, p99, max. */
  commits: () => {
    const sorted = commits.splice(0).sort((a, b) => a - b);
    const at = (p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
    const perCommit = sorted.length > 0 ? commands / sorted.length : Number.NaN;
    commands = 0;
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
