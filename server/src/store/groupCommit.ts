/**
 * Group commit (issue 16, item 2): the commands that arrive in one turn of the event loop share
 * one transaction and so one disk flush, and each is acknowledged only after that flush.
 *
 * A burst of 60 ideas a second from 60 people used to wait on 60 flushes in a row (synchronous
 * =FULL, ~0.4–2 ms each): the frames read while one flush blocked the process queued up behind
 * it. Now the socket commands read in one poll phase run at once, each in its own SAVEPOINT of
 * one open transaction (a refused or failing command rolls back only itself), and the group
 * commits in the check phase that follows (setImmediate); only then are their projections made
 * and their replies sent, in the order they ran. So the next burst that piled up during a flush
 * becomes the next group, and durability is unchanged: no reply before the flush that holds it.
 *
 * Any other write — an HTTP action, the timer, a writer's Yjs update, a join, a compaction —
 * first settles the open group (commit, projections, replies), through the database's write gate
 * (db.ts `beforeWrites`): its caller may acknowledge it at once, so it must never sit in a group
 * that is not committed yet. Reads from elsewhere while a group is open (within one poll phase)
 * see its rows; the doc never does before the commit, since projections wait for it.
 */
import { beforeWrites, type Db } from './db.ts';

/**
 * How a command in a group ended, told once the group is settled: its work returned `value`,
 * or threw `error` (its savepoint rolled back, the rest of the group kept), and in both cases
 * the group committed — or the group could not be committed (or begun) and nothing of it is
 * saved (`lost`).
 */
export type Settled<T> =
  | { kind: 'done'; value: T }
  | { kind: 'threw'; error: unknown }
  | { kind: 'lost'; error: unknown };

interface Waiting {
  result: Settled<unknown>;
  after: (settled: Settled<unknown>) => void;
}

export class GroupCommit {
  private open = false;
  /** Above 0 while a command's work runs inside the group (its writes are the group's own). */
  private working = 0;
  private waiting: Waiting[] = [];
  private readonly begin;
  private readonly commit;
  private readonly rollback;
  /** Commits made and commands they held, since start (tests and the bench read these). */
  readonly stats = { groups: 0, commands: 0, largest: 0, failed: 0 };

  /** Told when a commit fails (the group is lost) or a step after one throws (the app logs it). */
  onError: (event: 'group_commit_failed' | 'after_commit_failed', err: unknown) => void = () => {};

  constructor(private readonly db: Db) {
    this.begin = db.prepare('BEGIN IMMEDIATE');
    this.commit = db.prepare('COMMIT');
    this.rollback = db.prepare('ROLLBACK');
    // (A read-only connection — the export worker's — takes no commands and makes no writes.)
    if (!db.readonly) {
      beforeWrites(db, () => {
        if (this.open && this.working === 0) this.settle();
      });
    }
  }

  /** Whether a group is open (its commit is due at the end of this turn). */
  get pending(): boolean {
    return this.open;
  }

  /**
   * Runs `work` now, inside the open group (opening one, whose commit is scheduled for the end
   * of this turn), as one savepoint; `after` is told how it ended once the group is settled —
   * also when `work` threw, since a refusal may rest on rows of the group that a failed commit
   * undoes. Never throws.
   */
  enlist<T>(work: () => T, after: (settled: Settled<T>) => void): void {
    const entry: Waiting = {
      result: { kind: 'lost', error: null },
      after: after as (settled: Settled<unknown>) => void,
    };
    if (!this.open) {
      try {
        this.begin.run();
      } catch (err) {
        this.onError('group_commit_failed', err);
        entry.result = { kind: 'lost', error: err };
        setImmediate(() => this.finish(entry));
        return;
      }
      this.open = true;
      setImmediate(() => this.settle());
    }
    this.waiting.push(entry);
    this.working++;
    try {
      entry.result = { kind: 'done', value: this.db.transaction(work)() };
    } catch (err) {
      entry.result = { kind: 'threw', error: err };
    } finally {
      this.working--;
    }
  }

  /**
   * Commits the open group, if any, then tells each of its commands how it ended, in the order
   * they ran. Synchronous: a caller about to write does so after it. A failed commit rolls the
   * whole group back; every command in it is told it is lost (the clients retry).
   */
  settle(): void {
    if (!this.open) return;
    this.open = false;
    const waiting = this.waiting;
    this.waiting = [];
    let committed = true;
    let failure: unknown = null;
    try {
      this.commit.run();
    } catch (err) {
      committed = false;
      failure = err;
      this.stats.failed++;
      try {
        if (this.db.inTransaction) this.rollback.run();
      } catch {
        // COMMIT failed and so did ROLLBACK: SQLite has already rolled back (an I/O error).
      }
      this.onError('group_commit_failed', err);
    }
    if (committed) {
      this.stats.groups++;
      this.stats.commands += waiting.length;
      this.stats.largest = Math.max(this.stats.largest, waiting.length);
    }
    for (const entry of waiting) {
      if (!committed) entry.result = { kind: 'lost', error: failure };
      this.finish(entry);
    }
  }

  private finish(entry: Waiting): void {
    try {
      entry.after(entry.result);
    } catch (err) {
      this.onError('after_commit_failed', err);
    }
  }
}
