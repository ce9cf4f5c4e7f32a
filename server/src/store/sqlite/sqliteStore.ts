import type { Db } from '../db.ts';
import { type Flush, GroupCommit } from '../groupCommit.ts';
import type { Store } from '../records.ts';
import { sqliteAccessRecords } from './accessRecords.ts';
import { sqliteBriefRecords } from './briefRecords.ts';
import { sqliteCommandLog } from './commandLog.ts';
import { sqliteDocLog } from './docLog.ts';
import { sqliteIdeaRecords } from './ideaRecords.ts';
import { sqliteVoteRecords } from './voteRecords.ts';
import { sqliteWorkshopRecords } from './workshopRecords.ts';

/**
 * The record in SQLite. It still shows its connection: the series, paper and consolidation
 * modules (seriesStore.ts, paperStore.ts, workshops/consolidation.ts), the admin checkpoint and
 * the export worker's file name read it directly. They are outside the `Store` interface; an
 * implementation on another database has to give them their own records first.
 */
export interface SqliteStore extends Store {
  readonly db: Db;
  /** Socket commands commit in groups, one flush each (groupCommit.ts). */
  readonly group: GroupCommit;
  /**
   * Told of each commit that reached the disk (issue 17, operations: /metrics): a group of
   * socket commands, from its COMMIT to its flush done (with how many commands it held), or any
   * other outermost write transaction (`transaction`, a writer's doc update included). Set by
   * the app; a failed or rolled-back commit is not reported.
   */
  onCommitted: CommitObserver;
}

/** Which commits the store times (see SqliteStore.onCommitted). */
export type CommitKind = 'group' | 'transaction';

export type CommitObserver = (kind: CommitKind, seconds: number, commands: number) => void;

/** How the store is opened; every option's default is the embedded mode's behaviour. */
export interface SqliteStoreOptions {
  /**
   * What makes a group of commands durable before its answers (default: an fdatasync of the
   * WAL, walFlusher). With PostgreSQL as the record (issue 17), the ship of the group's rows
   * (pg/shipping.ts `Shipper.ship`).
   */
  readonly flush?: Flush;
  /**
   * Cluster mode (issue 17): as `flush`, and the group's projections follow it (GroupCommit's
   * `relayAfterFlush`): no screen is shown what PostgreSQL does not hold yet.
   */
  readonly ship?: Flush;
}

/**
 * Composes the record's aggregates over one connection (opened by `openDatabase`). Each module
 * prepares its own statements; its methods are small and synchronous, so callers compose them
 * inside one `transaction`.
 */
export function openSqliteStore(db: Db, options: SqliteStoreOptions = {}): SqliteStore {
  const group = options.ship
    ? new GroupCommit(db, options.ship, true)
    : new GroupCommit(db, options.flush);
  // Commit timings (issue 17, operations): only the outermost write is a commit; one nested in
  // another, or in a command's work inside the open group, is part of that commit.
  const changes = db.prepare('SELECT total_changes() AS n').pluck();
  let depth = 0;
  const timed = <T>(write: () => T, mayRead: boolean): T => {
    if (depth > 0 || group.inWork) return write();
    // An open group commits first (the write gate would do it inside the write): its time is
    // the group's, not this write's.
    group.settle();
    if (db.inTransaction) return write(); // a transaction of a module outside the store
    const before = mayRead ? (changes.get() as number) : 0;
    const started = performance.now();
    depth++;
    let result: T;
    try {
      result = write();
    } finally {
      depth--;
    }
    // A transaction that only read (an export's consistent read) committed nothing.
    if (!mayRead || changes.get() !== before) {
      store.onCommitted('transaction', (performance.now() - started) / 1000, 1);
    }
    return result;
  };
  // better-sqlite3 nests a transaction inside another as a savepoint: an inner failure that
  // the outer function catches undoes only the inner writes.
  const transaction = <T>(fn: () => T): T => timed(() => db.transaction(fn)(), true);
  const docLog = sqliteDocLog(db, transaction);
  const store: SqliteStore = {
    db,
    group,
    onCommitted: () => {},
    transaction,
    enlist: (work, steps) => group.enlist(work, steps),
    settle: () => group.settle(),
    ...sqliteWorkshopRecords(db),
    ...sqliteIdeaRecords(db),
    ...sqliteVoteRecords(db),
    ...sqliteAccessRecords(db, transaction),
    ...sqliteCommandLog(db),
    ...docLog,
    // A writer's doc update is its own commit, flushed (Room.applyPeerUpdate).
    appendUpdate: (workshopId, update) =>
      timed(() => docLog.appendUpdate(workshopId, update), false),
    ...sqliteBriefRecords(db),
  };
  group.onCommitted = (seconds, commands) => store.onCommitted('group', seconds, commands);
  return store;
}
