import type { Db } from '../db.ts';
import { GroupCommit } from '../groupCommit.ts';
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
}

/**
 * Composes the record's aggregates over one connection (opened by `openDatabase`). Each module
 * prepares its own statements; its methods are small and synchronous, so callers compose them
 * inside one `transaction`.
 */
export function openSqliteStore(db: Db): SqliteStore {
  // better-sqlite3 nests a transaction inside another as a savepoint: an inner failure that
  // the outer function catches undoes only the inner writes.
  const transaction = <T>(fn: () => T): T => db.transaction(fn)();
  const group = new GroupCommit(db);
  return {
    db,
    group,
    transaction,
    enlist: (work, steps) => group.enlist(work, steps),
    settle: () => group.settle(),
    ...sqliteWorkshopRecords(db),
    ...sqliteIdeaRecords(db),
    ...sqliteVoteRecords(db),
    ...sqliteAccessRecords(db, transaction),
    ...sqliteCommandLog(db),
    ...sqliteDocLog(db, transaction),
    ...sqliteBriefRecords(db),
  };
}
