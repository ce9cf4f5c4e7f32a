import type { Statement } from 'better-sqlite3';
import { pipelineDepth } from '../../server/src/commands/commandBus.ts';
import type { Db } from '../../server/src/store/db.ts';

/**
 * Watches one database for writes made outside the write pipeline (issue 16, item 1): every
 * statement that is not read-only (better-sqlite3's `Statement#readonly`) and every `exec`,
 * run while no pipeline run is under way (commandBus.ts `pipelineDepth()` is 0). Statements
 * are watched through their shared prototype, so the Store's statements, prepared before the
 * watch began, are seen too; only statements of `db` count (an import's in-memory database is
 * not the record). The lead's db.ts is left alone: the watch lives in the tests.
 *
 * Each write outside is classified by `EXPECTED` (the writes that take another path on
 * purpose, with the reason); what no rule explains is `unexplained`.
 */

export interface OutsideWrite {
  sql: string;
  /** The step of the test under way. */
  step: string;
  /** The EXPECTED rule that explains it, or null. */
  reason: string | null;
  stack: string;
}

/**
 * The writes that legitimately take another path: the Room's own doc log. A writer's Yjs
 * update has no row to commit first (the doc is the record of those parts; Room.applyPeerUpdate
 * stores it with a flushed commit before applying it), a room's load reconciles the doc with
 * the committed rows (Room's constructor, inside room.project), and compaction folds the log
 * into a snapshot (Room.compact, also when a room unloads). Pragmas set the connection's
 * state (a projection's synchronous=NORMAL, the checkpoint after an erase), not the record.
 * Migrations run when the database opens, before any watch begins. Group commit opens one
 * transaction for a group's projections (which the pipeline then writes, inside its run).
 */
export const EXPECTED: readonly {
  reason: string;
  test: (w: { sql: string; stack: string }) => boolean;
}[] = [
  {
    reason: "a writer's Yjs update (Room.applyPeerUpdate)",
    test: (w) => /\bRoom\.applyPeerUpdate\b/.test(w.stack) && isDocLog(w.sql),
  },
  {
    reason: "a room's load reconciling its doc with the rows (new Room)",
    test: (w) => /\bnew Room\b/.test(w.stack) && isDocLog(w.sql),
  },
  {
    reason: "compaction of a room's doc log (Room.compact)",
    test: (w) => /\bRoom\.compact\b/.test(w.stack) && isDocLog(w.sql),
  },
  {
    // The projections themselves are written by the pipeline (inside its run); only the
    // transaction they share, opened by the group commit, is opened from outside one.
    reason: "group commit: the transaction a group's projections share (GroupCommit.project)",
    test: (w) => /\bGroupCommit\.project\b/.test(w.stack) && /^\s*BEGIN\b/i.test(w.sql),
  },
  { reason: "a pragma (the connection's state)", test: (w) => /^\s*PRAGMA\b/i.test(w.sql) },
];

/** The doc log's tables: the only ones those paths may write. */
const isDocLog = (sql: string) => /\b(yjs_updates|yjs_snapshots)\b/.test(sql);

const WATCHED = ['run', 'get', 'all', 'iterate'] as const;

export function watchStoreWrites(db: Db) {
  let step = '';
  const outside: OutsideWrite[] = [];
  const record = (sql: string) => {
    if (pipelineDepth() > 0) return;
    // The whole stack: a room's reconcile runs deep inside Yjs' transaction.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 200;
    const stack = new Error().stack ?? '';
    Error.stackTraceLimit = limit;
    const rule = EXPECTED.find((r) => r.test({ sql, stack }));
    outside.push({
      sql: sql.replace(/\s+/g, ' ').trim(),
      step,
      reason: rule?.reason ?? null,
      stack,
    });
  };
  const proto = Object.getPrototypeOf(db.prepare('SELECT 1')) as Record<string, unknown>;
  const originals = new Map<string, unknown>();
  for (const name of WATCHED) {
    const original = proto[name] as (this: Statement, ...args: unknown[]) => unknown;
    originals.set(name, original);
    proto[name] = function (this: Statement, ...args: unknown[]) {
      if (this.database === db && !this.readonly) record(this.source);
      return original.apply(this, args);
    };
  }
  const exec = db.exec;
  db.exec = function (this: Db, sql: string) {
    record(sql);
    return exec.call(this, sql);
  } as Db['exec'];
  return {
    outside,
    /** The writes outside that no EXPECTED rule explains, as `step: sql`. */
    unexplained: () => outside.filter((w) => w.reason === null).map((w) => `${w.step}: ${w.sql}`),
    async step<T>(name: string, run: () => Promise<T>): Promise<T> {
      step = name;
      try {
        return await run();
      } finally {
        step = '';
      }
    },
    stop() {
      for (const [name, original] of originals) proto[name] = original;
      db.exec = exec;
    },
  };
}
