/**
 * Group commit (issue 16, item 2): the commands that arrive in one turn of the event loop share
 * one transaction and one disk flush, and each is acknowledged only after that flush.
 *
 * The socket commands read in one poll phase run at once, each in its own SAVEPOINT of one open
 * transaction (a refused or failing command rolls back only itself); in the check phase that
 * follows (setImmediate) the group commits, then:
 *
 *   COMMIT (written to the WAL, not yet flushed) → each command's `committed` step, in order:
 *   its projection into the doc, relayed to every screen → ONE flush of the WAL to disk, on
 *   libuv's thread pool → each command's `settled` step, in order: its reply.
 *
 * So the room sees an idea as soon as it is committed — the disk's flush (0.3 ms typically,
 * 10 ms and more at times on a virtual disk) no longer sits between a participant's idea and
 * the projector, nor blocks the process: the commands that arrive while a flush is under way
 * form the next group — while no one is told "saved" before the flush that holds it
 * (durability as with synchronous=FULL: the WAL is flushed before the reply; a process crash
 * loses nothing the WAL holds, flushed or not). A power cut in the instant between the relay and the flush
 * can only take back what no one was told was saved: the author's device still holds it in its
 * outbox and sends it again.
 *
 * Any other write — an HTTP action, the timer, a writer's Yjs update, a join, a compaction —
 * first settles the open group (its commit and projections), through the database's write gate
 * (db.ts `beforeWrites`), so it comes after them; that write's own commit is flushed at once
 * (synchronous=FULL), which flushes the group's with it. Reads from elsewhere while a group is open (within one
 * poll phase) see its rows; the doc sees them only once they are committed.
 */
import fs from 'node:fs';
import { beforeWrites, type Db } from './db.ts';

/**
 * How a command in a group ended: its work returned `value`, or threw `error` (its savepoint
 * rolled back, the rest of the group kept) — or the group could not be committed, begun or
 * flushed, and nothing of it may be taken as saved (`lost`).
 */
export type Settled<T> =
  | { kind: 'done'; value: T }
  | { kind: 'threw'; error: unknown }
  | { kind: 'lost'; error: unknown };

/** What a command in a group does once the group is committed, and once it is on disk. */
export interface Enlisted<T> {
  /**
   * The group is committed, not yet flushed: project what the command did (the doc follows
   * the rows, and every screen sees it). Not called for a group that could not commit.
   */
  committed?(settled: Settled<T>): void;
  /** The group is on disk, or lost: answer. Called once, for every command. */
  settled(settled: Settled<T>): void;
}

interface Waiting {
  result: Settled<unknown>;
  steps: Enlisted<unknown>;
}

type GroupEvent = 'group_commit_failed' | 'group_flush_failed' | 'after_commit_failed';

/** Makes everything written so far durable, then calls `done` (with the error if it failed). */
export type Flush = (done: (err: Error | null) => void) => void;

/**
 * Flushes a file database's write-ahead log to disk: fdatasync of its -wal file (opened on
 * first use and kept), on libuv's thread pool, so the process goes on serving while the disk
 * works; nothing to do for a database in memory. What synchronous=FULL does at each commit,
 * done once per group, after its projections. An fdatasync makes durable everything written
 * to the file before it began, so each group's covers the groups before it too.
 */
export function walFlusher(db: Db): Flush {
  if (db.memory) return (done) => setImmediate(() => done(null));
  let fd: number | null = null;
  return (done) => {
    try {
      fd ??= fs.openSync(`${db.name}-wal`, 'r');
    } catch (err) {
      setImmediate(() => done(err as Error));
      return;
    }
    fs.fdatasync(fd, (err) => done(err));
  };
}

export class GroupCommit {
  private open = false;
  /** Above 0 while a command's work runs inside the group (its writes are the group's own). */
  private working = 0;
  private waiting: Waiting[] = [];
  private readonly begin;
  private readonly commit;
  private readonly rollback;
  private readonly syncNormal;
  private readonly syncFull;
  /** Commits made and commands they held, since start (tests and the bench read these). */
  readonly stats = { groups: 0, commands: 0, largest: 0, failed: 0 };
  /** Groups committed and projected whose flush has not returned yet. */
  private flushing = 0;

  /** Told when a group is lost or a step after its commit throws (the app logs it). */
  onError: (event: GroupEvent, err: unknown) => void = () => {};

  /** Told of each group on disk: seconds from its COMMIT to its flush done, and its size. */
  onCommitted: (seconds: number, commands: number) => void = () => {};

  constructor(
    private readonly db: Db,
    /** Makes everything committed so far durable (walFlusher; a test may watch it). */
    private readonly flush: Flush = walFlusher(db),
    /**
     * Relay after the record (issue 17, cluster mode): a group's projections run once its flush
     * — there, the ship to PostgreSQL — has succeeded, not between its commit and its flush. A
     * node that dies before its record reached PostgreSQL has then shown no screen what the
     * next owner will not load. A group whose flush failed is answered lost and projects
     * nothing (its owner's room is rebuilt from the rows when it loads again).
     */
    private readonly relayAfterFlush = false,
  ) {
    this.begin = db.prepare('BEGIN IMMEDIATE');
    this.commit = db.prepare('COMMIT');
    this.rollback = db.prepare('ROLLBACK');
    this.syncNormal = db.prepare('PRAGMA synchronous = NORMAL');
    this.syncFull = db.prepare('PRAGMA synchronous = FULL');
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

  /** Whether a command's work runs inside the group now (its writes are the group's own). */
  get inWork(): boolean {
    return this.working > 0;
  }

  /** Whether a committed group still waits for its flush (its answers with it). */
  get flushPending(): boolean {
    return this.flushing > 0;
  }

  /**
   * Runs `work` now, inside the open group (opening one, whose commit is scheduled for the end
   * of this turn), as one savepoint; `steps` are told how it ended once the group is committed
   * and once it is on disk — also when `work` threw, since a refusal may rest on rows of the
   * group that a failed commit undoes. Never throws.
   */
  enlist<T>(work: () => T, steps: Enlisted<T>): void {
    const entry: Waiting = {
      result: { kind: 'lost', error: null },
      steps: steps as Enlisted<unknown>,
    };
    if (!this.open) {
      try {
        // The group's commit writes the WAL without flushing it (the safety level can only
        // change outside a transaction); settle() flushes it after the projections.
        this.syncNormal.run();
        this.begin.run();
      } catch (err) {
        this.syncFull.run();
        this.onError('group_commit_failed', err);
        entry.result = { kind: 'lost', error: err };
        setImmediate(() => this.step(() => entry.steps.settled(entry.result)));
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
   * Commits the open group, if any: commit and projections now, synchronously (a caller about
   * to write does so after them); the flush follows on the thread pool, and the answers once it
   * returns. Commands arriving meanwhile form the next group. A failed commit rolls the whole
   * group back, and a failed flush leaves it unsure: either way every command in it is told it
   * is lost (the clients retry; their command ids make the retry safe).
   */
  settle(): void {
    if (!this.open) return;
    this.open = false;
    const waiting = this.waiting;
    this.waiting = [];
    const started = performance.now();
    try {
      // The commit writes the WAL; the flush below makes it durable, after the projections.
      this.commit.run();
    } catch (err) {
      try {
        if (this.db.inTransaction) this.rollback.run();
      } catch {
        // COMMIT failed and so did ROLLBACK: SQLite has already rolled back (an I/O error).
      }
      this.syncFull.run();
      this.answer(waiting, { event: 'group_commit_failed', err });
      return;
    }
    if (!this.relayAfterFlush) this.project(waiting);
    this.syncFull.run();
    this.flushing++;
    this.flush((err) => {
      this.flushing--;
      if (!err) {
        const seconds = (performance.now() - started) / 1000;
        this.step(() => this.onCommitted(seconds, waiting.length));
        // The projections run in a transaction of their own: a group that opened meanwhile
        // (its commands arrived during the flush) is committed first, and flushed after.
        if (this.relayAfterFlush) {
          this.settle();
          this.project(waiting);
        }
      }
      this.answer(waiting, err ? { event: 'group_flush_failed', err } : null);
    });
  }

  /** Tells each command of a settled group how it ended, in the order they ran. */
  private answer(
    waiting: readonly Waiting[],
    failure: { event: GroupEvent; err: unknown } | null,
  ): void {
    if (failure) {
      this.stats.failed++;
      this.onError(failure.event, failure.err);
      for (const entry of waiting) entry.result = { kind: 'lost', error: failure.err };
    } else {
      this.stats.groups++;
      this.stats.commands += waiting.length;
      this.stats.largest = Math.max(this.stats.largest, waiting.length);
    }
    for (const entry of waiting) this.step(() => entry.steps.settled(entry.result));
  }

  /**
   * The group's projections, in one transaction of their own (still without a flush): the doc
   * updates they store go to the WAL together, and the group's flush makes them durable too. A
   * failure here loses no row: the doc follows the rows again when the room next loads.
   */
  private project(waiting: readonly Waiting[]): void {
    try {
      this.begin.run();
    } catch (err) {
      this.onError('after_commit_failed', err);
    }
    for (const entry of waiting) {
      const { committed } = entry.steps;
      if (committed) this.step(() => committed(entry.result));
    }
    try {
      if (this.db.inTransaction) this.commit.run();
    } catch (err) {
      this.onError('after_commit_failed', err);
      try {
        if (this.db.inTransaction) this.rollback.run();
      } catch {
        // Rolled back already.
      }
    }
  }

  private step(run: () => void): void {
    try {
      run();
    } catch (err) {
      this.onError('after_commit_failed', err);
    }
  }
}
