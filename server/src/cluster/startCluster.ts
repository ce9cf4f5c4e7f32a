import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { Config } from '../config.ts';
import { errorName, type Logger } from '../log.ts';
import { type Db, openDatabase } from '../store/db.ts';
import { migrate } from '../store/pg/migrate.ts';
import { Shipper } from '../store/pg/shipping.ts';
import { openSqliteStore, type Store } from '../store/store.ts';
import { type ClusterNode, createClusterNode, type ShippingWorkingSet } from './clusterNode.ts';
import { pgLookups } from './lookups.ts';
import { Ownership } from './ownership.ts';

/** A cluster node's record: PostgreSQL, and the local SQLite working set the rules run on. */
export interface ClusterStore {
  store: Store;
  db: Db;
  cluster: ClusterNode;
  /** Closes the local file and the pool (after the app has closed). */
  close(): Promise<void>;
}

/** How long a workshop nothing uses stays this node's after its last request. */
const IDLE_MS = 30_000;

/**
 * Opens cluster mode (DATABASE_URL): PostgreSQL migrated (once, under its advisory lock), a local
 * SQLite file that starts empty — it only ever holds the workshops this node owns, loaded from
 * PostgreSQL when it takes their leases — and the store whose group commit ships to PostgreSQL.
 */
export async function openClusterStore(
  cluster: NonNullable<Config['cluster']>,
  dataDir: string,
  log: Logger,
): Promise<ClusterStore> {
  const pool = new pg.Pool({
    connectionString: cluster.databaseUrl,
    max: 10,
    // A PostgreSQL that hangs must not hold every answer for ever: a connection that cannot be
    // made, or a statement that does not finish, fails, and the commands waiting on it are
    // answered "not saved" (their clients retry).
    connectionTimeoutMillis: 5000,
    statement_timeout: 10_000,
    query_timeout: 12_000,
  });
  // An idle client's error (PostgreSQL restarted) must not crash the process: the next query
  // reconnects, and a write that fails is answered storage_unavailable.
  pool.on('error', (err) => log.warn('postgres_idle_client_error', { err: errorName(err) }));
  try {
    await migrate(pool);
  } catch (err) {
    await pool.end().catch(() => {});
    throw err;
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(
    dataDir,
    `working-set-${cluster.nodeId.replace(/[^A-Za-z0-9._-]/g, '_')}.sqlite`,
  );
  // A cache: whatever it held before this start may be stale (another node may have written
  // since); every workshop is loaded afresh when its lease is taken.
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
  const db = openDatabase(file);
  let ownership: Ownership | null = null;
  const shipper = new Shipper({
    db,
    pool,
    fenceOf: (owner) => ownership?.fenceOf(owner) ?? null,
    onLost: (owner, err) => ownership?.lose(owner, errorName(err)),
  });
  shipper.install();
  const workingSet: ShippingWorkingSet = {
    load: (owner, kind, fence) => shipper.load(owner, kind, fence),
    drop: (owner) => shipper.drop(owner),
    ship: () => shipper.ship(),
    get pending() {
      return shipper.pending;
    },
    hasUnshipped: (owner) => shipper.hasUnshipped(owner),
    queuedOwners: () => shipper.queuedOwners(),
    // Read when the store below exists (a ship comes after a write).
    joinCodeOf: (owner) => store.workshop(owner)?.joinCode ?? null,
  };
  ownership = new Ownership({
    pool,
    nodeId: cluster.nodeId,
    leaseMs: cluster.leaseMs,
    workingSet,
    log,
    idleMs: IDLE_MS,
  });
  const node = createClusterNode({ ownership, lookups: pgLookups(pool), workingSet, log });
  const store = openSqliteStore(db, {
    ship: (done) =>
      node.shipped().then(
        () => done(null),
        (err: unknown) => done(err as Error),
      ),
  });
  return {
    store,
    db,
    cluster: node,
    async close() {
      db.close();
      await pool.end();
    },
  };
}
