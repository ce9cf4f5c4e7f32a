import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readIdeas } from '@convene/shared';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { createAuthenticator } from '../../server/src/auth/authenticator.ts';
import { executeCommandGrouped } from '../../server/src/commands/commandBus.ts';
import { COMMANDS } from '../../server/src/commands/index.ts';
import { createLogger } from '../../server/src/log.ts';
import { type Db, openDatabase } from '../../server/src/store/db.ts';
import { GroupCommit, type Settled } from '../../server/src/store/groupCommit.ts';
import {
  closeClients,
  connectDoc,
  connectSocket,
  emitAck,
  startTestServer,
  type TestServer,
  waitFor,
} from '../helpers/testServer.ts';

/**
 * Issue 16, item 2: the socket commands of one turn of the event loop commit together, with one
 * disk flush, and each is answered only after the flush that holds it. (kill -9 in the middle
 * of a burst, which now commits in groups, is faultCrash.test.ts's first case.)
 */

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function tempDb(): { db: Db; file: string; peek: (sql: string) => unknown[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'convene-group-'));
  dirs.push(dir);
  const file = path.join(dir, 'g.sqlite');
  const db = openDatabase(file);
  db.exec('CREATE TABLE t (v TEXT NOT NULL)');
  return {
    db,
    file,
    // Another connection to the same file: it sees only what is committed.
    peek: (sql) => {
      const other = new Database(file, { readonly: true });
      try {
        return other.prepare(sql).all();
      } finally {
        other.close();
      }
    },
  };
}

/** Until `done` holds: the group's answers follow its flush, on the thread pool. */
const until = (done: () => boolean) => waitFor(done, { timeoutMs: 5000 });

/** Enlists an insert of `v`, writing each step it is told of into `order` ("project a (done)"). */
function enlistInto(group: GroupCommit, db: Db, order: string[]) {
  const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
  return (v: string) =>
    group.enlist(() => insert.run(v), {
      committed: (s) => order.push(`project ${v} (${s.kind})`),
      settled: (s) => order.push(`answer ${v} (${s.kind})`),
    });
}

describe('GroupCommit', () => {
  test('the commands of one turn commit together, once, and are told only after the commit', async () => {
    const { db, peek } = tempDb();
    const group = new GroupCommit(db);
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    const told: { v: string; settled: Settled<string>; committedRows: number }[] = [];
    for (const v of ['a', 'b', 'c']) {
      group.enlist(
        () => {
          insert.run(v);
          return v;
        },
        {
          settled: (settled) =>
            told.push({ v, settled, committedRows: peek('SELECT v FROM t').length }),
        },
      );
    }
    // Nothing is told, nor visible to another connection, before the group commits.
    expect(told).toStrictEqual([]);
    expect(peek('SELECT v FROM t')).toStrictEqual([]);
    expect(group.pending).toBe(true);
    await until(() => told.length === 3);
    expect(told.map((t) => [t.v, t.settled.kind, t.committedRows])).toStrictEqual([
      ['a', 'done', 3],
      ['b', 'done', 3],
      ['c', 'done', 3],
    ]);
    expect(group.stats).toMatchObject({ groups: 1, commands: 3, largest: 3, failed: 0 });
    db.close();
  });

  test('commit, then every projection, then one flush, then every answer', async () => {
    const { db } = tempDb();
    const order: string[] = [];
    const group = new GroupCommit(db, (done) => {
      order.push('flush');
      setImmediate(() => done(null));
    });
    const enlist = enlistInto(group, db, order);
    enlist('a');
    enlist('b');
    await until(() => order.length === 5);
    expect(order).toStrictEqual([
      'project a (done)',
      'project b (done)',
      'flush',
      'answer a (done)',
      'answer b (done)',
    ]);
    db.close();
  });

  test('a group whose flush fails is lost: projected, but nobody is told it is saved', async () => {
    const { db } = tempDb();
    const group = new GroupCommit(db, (done) =>
      done(Object.assign(new Error('disk gone'), { code: 'EIO' })),
    );
    const errors: string[] = [];
    group.onError = (event) => errors.push(event);
    const told: string[] = [];
    group.enlist(() => db.prepare('INSERT INTO t (v) VALUES (?)').run('x'), {
      committed: (s) => told.push(`project ${s.kind}`),
      settled: (s) => told.push(`answer ${s.kind}`),
    });
    await until(() => told.length === 2);
    expect(told).toStrictEqual(['project done', 'answer lost']);
    expect(errors).toStrictEqual(['group_flush_failed']);
    db.close();
  });

  test('relay after the record (cluster mode): flush first, then the projections, then the answers', async () => {
    const { db } = tempDb();
    const order: string[] = [];
    let failNext = false;
    const group = new GroupCommit(
      db,
      (done) => {
        order.push('ship');
        const fail = failNext;
        setImmediate(() => done(fail ? new Error('postgres gone') : null));
      },
      true,
    );
    const enlist = enlistInto(group, db, order);
    enlist('a');
    enlist('b');
    await until(() => order.length === 5);
    expect(order).toStrictEqual([
      'ship',
      'project a (done)',
      'project b (done)',
      'answer a (done)',
      'answer b (done)',
    ]);
    // A group whose ship failed shows nothing: no screen sees what the record may not hold.
    order.length = 0;
    failNext = true;
    enlist('c');
    await until(() => order.length === 2);
    expect(order).toStrictEqual(['ship', 'answer c (lost)']);
    db.close();
  });

  test('relay after the record: a group opened during the ship commits before the projections run', async () => {
    const { db } = tempDb();
    const order: string[] = [];
    const ships: ((err: Error | null) => void)[] = [];
    const group = new GroupCommit(db, (done) => ships.push(done), true);
    const enlist = enlistInto(group, db, order);
    enlist('a');
    await until(() => ships.length === 1);
    enlist('b'); // opens the next group while a's ship is under way
    ships[0]?.(null);
    await until(() => ships.length === 2);
    expect(order).toStrictEqual(['project a (done)', 'answer a (done)']);
    ships[1]?.(null);
    await until(() => order.length === 4);
    expect(order.slice(2)).toStrictEqual(['project b (done)', 'answer b (done)']);
    db.close();
  });

  test('the flush is an fdatasync of the write-ahead log, made before the answers', async () => {
    const { db, file } = tempDb();
    const synced: string[] = [];
    const real = fs.fdatasync;
    const spy = vi.spyOn(fs, 'fdatasync').mockImplementation(((
      fd: number,
      done: (err: NodeJS.ErrnoException | null) => void,
    ) => {
      synced.push(fs.readlinkSync(`/proc/self/fd/${fd}`));
      real(fd, done);
    }) as typeof fs.fdatasync);
    try {
      const group = new GroupCommit(db);
      let answeredAfter = -1;
      group.enlist(() => db.prepare('INSERT INTO t (v) VALUES (?)').run('x'), {
        settled: () => {
          answeredAfter = synced.length;
        },
      });
      await until(() => answeredAfter >= 0);
      expect(synced).toStrictEqual([`${fs.realpathSync(file)}-wal`]);
      expect(answeredAfter).toBe(1);
    } finally {
      spy.mockRestore();
      db.close();
    }
  });

  test('a command that throws rolls back only itself; the others of its group commit', async () => {
    const { db, peek } = tempDb();
    const group = new GroupCommit(db);
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    const told: string[] = [];
    group.enlist(() => insert.run('kept-1'), { settled: (s) => told.push(s.kind) });
    group.enlist(
      () => {
        insert.run('undone');
        throw new Error('refused');
      },
      {
        settled: (s) =>
          told.push(`${s.kind}:${s.kind === 'threw' ? (s.error as Error).message : ''}`),
      },
    );
    group.enlist(() => insert.run('kept-2'), { settled: (s) => told.push(s.kind) });
    await until(() => told.length === 3);
    expect(told).toStrictEqual(['done', 'threw:refused', 'done']);
    expect(peek('SELECT v FROM t ORDER BY rowid')).toStrictEqual([
      { v: 'kept-1' },
      { v: 'kept-2' },
    ]);
    db.close();
  });

  test('any other write first commits and projects the open group, then goes; the answers follow the flush', async () => {
    const { db, peek } = tempDb();
    const group = new GroupCommit(db);
    const order: string[] = [];
    group.enlist(() => db.prepare('INSERT INTO t (v) VALUES (?)').run('grouped'), {
      committed: () => order.push(`projected, committed: ${peek('SELECT v FROM t').length}`),
      settled: () => order.push('told'),
    });
    // A write from outside the group (an HTTP action, a writer's update, a join) comes after
    // the group's commit and projections; its own commit is flushed at once, the group's with it.
    db.prepare('INSERT INTO t (v) VALUES (?)').run('outside');
    order.push('outside written');
    expect(order).toStrictEqual(['projected, committed: 1', 'outside written']);
    expect(group.pending).toBe(false);
    await until(() => order.length === 3);
    expect(order.at(-1)).toBe('told');
    // A transaction from outside does the same.
    group.enlist(() => db.prepare('INSERT INTO t (v) VALUES (?)').run('grouped-2'), {
      committed: () => order.push('projected 2'),
      settled: () => order.push('told 2'),
    });
    db.transaction(() => db.prepare('INSERT INTO t (v) VALUES (?)').run('outside-2'))();
    expect(order.at(-1)).toBe('projected 2');
    expect(peek('SELECT v FROM t ORDER BY rowid')).toHaveLength(4);
    await until(() => order.at(-1) === 'told 2');
    // Control: reads pass without settling the group.
    group.enlist(() => db.prepare('INSERT INTO t (v) VALUES (?)').run('grouped-3'), {
      settled: () => order.push('told 3'),
    });
    db.prepare('SELECT COUNT(*) FROM t').get();
    expect(group.pending).toBe(true);
    await until(() => order.at(-1) === 'told 3');
    db.close();
  });

  test('a group that cannot commit is lost whole: every command is told, nothing is saved', async () => {
    const { db, peek } = tempDb();
    db.exec(
      'CREATE TABLE parent (id TEXT PRIMARY KEY); CREATE TABLE child (p TEXT REFERENCES parent(id))',
    );
    const group = new GroupCommit(db);
    const errors: string[] = [];
    group.onError = (event) => errors.push(event);
    const told: string[] = [];
    const steps = {
      committed: () => told.push('projected'),
      settled: (s: Settled<unknown>) => told.push(s.kind),
    };
    group.enlist(() => db.prepare('INSERT INTO t (v) VALUES (?)').run('would be lost'), steps);
    group.enlist(() => {
      // Checked only at COMMIT: the whole group's commit fails.
      db.pragma('defer_foreign_keys = ON');
      db.prepare('INSERT INTO child (p) VALUES (?)').run('nobody');
    }, steps);
    await until(() => told.length === 2);
    // Nothing projected: the doc never shows what the disk does not hold.
    expect(told).toStrictEqual(['lost', 'lost']);
    expect(errors).toStrictEqual(['group_commit_failed']);
    expect(peek('SELECT v FROM t')).toStrictEqual([]);
    expect(db.inTransaction).toBe(false);
    expect(group.stats.failed).toBe(1);
    // The next group works.
    group.enlist(() => db.prepare('INSERT INTO t (v) VALUES (?)').run('next'), {
      settled: (s) => told.push(s.kind),
    });
    await until(() => told.length === 3);
    expect(told.at(-1)).toBe('done');
    expect(peek('SELECT v FROM t')).toStrictEqual([{ v: 'next' }]);
    db.close();
  });
});

describe('group commit in the server', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterEach(() => {
    closeClients();
    expect(server.errors()).toStrictEqual([]);
  });
  afterAll(async () => {
    await server?.close();
  });

  test('a socket command is answered after its group is on disk and its idea in the doc', async () => {
    const w = await server.createWorkshop();
    const q = w.questions[0]?.id as string;
    const facilitator = await connectSocket(server.url, w.facilitatorToken);
    expect((await emitAck(facilitator, 'phase:set', { questionId: q, phase: 'submit' })).ok).toBe(
      true,
    );
    const alice = await server.join(w.joinCode, 'Alice Ashdown-Quill');
    const session = createAuthenticator(server.store).fromToken(alice.participantToken);
    if (!session) throw new Error('no session');
    const room = server.app.rooms.acquire(w.id);
    try {
      const submit = COMMANDS.find((c) => c.name === 'idea:submit');
      if (!submit) throw new Error('idea:submit not found');
      const replies: { ok: boolean; inTransaction: boolean; inDoc: number }[] = [];
      const texts = ['Fund local mediators', 'Share early-warning data', 'Train PBC liaisons'];
      for (const text of texts) {
        executeCommandGrouped(
          submit,
          { questionId: q, text },
          session,
          room,
          { store: server.store, log: createLogger(false), now: Date.now, timerChanged: () => {} },
          (ack) =>
            replies.push({
              ok: ack.ok,
              inTransaction: server.store.db.inTransaction,
              inDoc: readIdeas(room.doc).length,
            }),
        );
      }
      expect(replies).toStrictEqual([]);
      await waitFor(() => replies.length === 3);
      // Each reply: committed (no transaction open), and its idea already projected.
      expect(replies.map((r) => [r.ok, r.inTransaction])).toStrictEqual([
        [true, false],
        [true, false],
        [true, false],
      ]);
      // The group's projections all go before its flush, and the replies after it.
      expect(replies.map((r) => r.inDoc)).toStrictEqual([3, 3, 3]);
    } finally {
      server.app.rooms.release(room);
    }
  });

  test('a burst from 30 participants commits in groups; every idea acknowledged is stored once', async () => {
    const w = await server.createWorkshop();
    const q = w.questions[0]?.id as string;
    const facilitator = await connectSocket(server.url, w.facilitatorToken);
    await emitAck(facilitator, 'phase:set', { questionId: q, phase: 'submit' });
    const joined = await Promise.all(
      Array.from({ length: 30 }, (_, i) => server.join(w.joinCode, `Person ${i + 1}`)),
    );
    const sockets = await Promise.all(
      joined.map((j) => connectSocket(server.url, j.participantToken)),
    );
    const doc = await connectDoc(server.url, w.id, w.facilitatorToken);
    const before = { ...server.store.group.stats };
    const acks = await Promise.all(
      sockets.map((s, i) =>
        emitAck(s, 'idea:submit', {
          questionId: q,
          text: `Idea ${i + 1}: a concrete proposal for the Commission's country configurations`,
          commandId: `burst-command-${i}`,
        }),
      ),
    );
    expect(acks.filter((a) => !a.ok)).toStrictEqual([]);
    const groups = server.store.group.stats.groups - before.groups;
    const commands = server.store.group.stats.commands - before.commands;
    expect(commands).toBe(30);
    // Grouped: fewer commits than commands (one per command before group commit).
    expect(groups).toBeLessThan(30);
    expect(server.store.group.stats.largest).toBeGreaterThan(1);
    const stored = server.store.ideas(w.id);
    expect(stored).toHaveLength(30);
    expect(new Set(stored.map((i) => i.text)).size).toBe(30);
    await waitFor(() => readIdeas(doc.doc).length === 30);
  });
});
