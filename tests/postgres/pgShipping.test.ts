import { IDLE_TIMER } from '@convene/shared';
import type pg from 'pg';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { type Db, openDatabase } from '../../server/src/store/db.ts';
import { paperStoreFor } from '../../server/src/store/paperStore.ts';
import {
  acquireLease,
  type Lease,
  LeaseLost,
  releaseLease,
} from '../../server/src/store/pg/leases.ts';
import { migrate } from '../../server/src/store/pg/migrate.ts';
import { recordKey, Shipper } from '../../server/src/store/pg/shipping.ts';
import { seriesStoreFor } from '../../server/src/store/seriesStore.ts';
import { openSqliteStore, type SqliteStore } from '../../server/src/store/store.ts';
import { postgresUrl, type ScratchDatabase, scratchDatabase } from '../helpers/postgres.ts';

// The record in PostgreSQL (issue 17, sixth session, decisions 1–5): rows written through the
// real store on one node (alice) are shipped to `records`, then loaded into a second, fresh
// SQLite file on another node (bob), as a takeover would. Each node has its own SQLite file,
// pool, leases and Shipper.

const url = postgresUrl('pgShipping.test.ts');
const LONG = 60_000;

interface Node {
  readonly id: string;
  readonly db: Db;
  readonly store: SqliteStore;
  readonly shipper: Shipper;
  readonly pool: pg.Pool;
  readonly leases: Map<string, Lease>;
  readonly lost: { owner: string; err: Error }[];
  take(owner: string): Promise<Lease>;
  load(owner: string, kind?: 'workshop' | 'series'): Promise<void>;
}

/** Every table of the record and how to select one owner's rows of it. */
const WORKSHOP_TABLES: Record<string, string> = {
  workshops: 'id = ?',
  questions: 'workshop_id = ?',
  participants: 'workshop_id = ?',
  tokens: 'workshop_id = ?',
  ideas: 'workshop_id = ?',
  rounds: 'workshop_id = ?',
  votes: 'round_id IN (SELECT id FROM rounds WHERE workshop_id = ?)',
  commands: 'workshop_id = ?',
  yjs_snapshots: 'workshop_id = ?',
  yjs_updates: 'workshop_id = ?',
  name_redactions: 'workshop_id = ?',
  name_decisions: 'workshop_id = ?',
  brief_exports: 'workshop_id = ?',
};
const SERIES_TABLES: Record<string, string> = {
  series: 'id = ?',
  series_tokens: 'series_id = ?',
  series_topics: 'series_id = ?',
  series_plan_history: 'series_id = ?',
  series_paper: 'series_id = ?',
  series_name_decisions: 'series_id = ?',
};
/** Columns that are local counters, made afresh on load (their order is kept). */
const COUNTERS: Record<string, string> = { yjs_updates: 'id', series_plan_history: 'seq' };

function rowsOf(db: Db, table: string, where: string, owner: string): Record<string, unknown>[] {
  const rows = db.prepare(`SELECT * FROM ${table} WHERE ${where}`).all(owner) as Record<
    string,
    unknown
  >[];
  const counter = COUNTERS[table];
  const out = rows.map((r) => {
    const copy = { ...r };
    if (counter) delete copy[counter];
    return copy;
  });
  // Ordered by content, except counter tables, whose order is their meaning.
  if (counter) return out;
  return out.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

function dump(db: Db, owner: string, tables: Record<string, string>, skip: string[] = []) {
  const out: Record<string, Record<string, unknown>[]> = {};
  for (const [table, where] of Object.entries(tables)) {
    if (!skip.includes(table)) out[table] = rowsOf(db, table, where, owner);
  }
  return out;
}

describe.skipIf(!url)('shipping the record to PostgreSQL and loading it back', () => {
  let pgdb: ScratchDatabase;
  let admin: pg.Pool;
  const nodes: Node[] = [];

  beforeEach(async () => {
    pgdb = await scratchDatabase(url ?? '');
    admin = pgdb.pool(2);
    await migrate(admin);
  });
  afterEach(async () => {
    for (const n of nodes.splice(0)) n.db.close();
    await pgdb.drop();
  });

  function node(id: string): Node {
    const db = openDatabase(':memory:');
    const pool = pgdb.pool(4);
    const leases = new Map<string, Lease>();
    const lost: Node['lost'] = [];
    const shipper = new Shipper({
      db,
      pool,
      fenceOf: (owner) => leases.get(owner) ?? null,
      onLost: (owner, err) => {
        leases.delete(owner);
        lost.push({ owner, err });
      },
    });
    shipper.install();
    const store = openSqliteStore(db, {
      flush: (done) => shipper.ship().then(() => done(null), done),
    });
    const n: Node = {
      id,
      db,
      store,
      shipper,
      pool,
      leases,
      lost,
      async take(owner) {
        const got = await acquireLease(pool, { workshopId: owner, nodeId: id, leaseMs: LONG });
        if (!got.ok) throw new Error(`${id} could not take ${owner}`);
        leases.set(owner, got.lease);
        return got.lease;
      },
      async load(owner, kind = 'workshop') {
        const lease = leases.get(owner) ?? (await n.take(owner));
        await shipper.load(owner, kind, lease);
      },
    };
    nodes.push(n);
    return n;
  }

  /** Hands an owner from one node to the other: released by `from`, taken and loaded by `to`. */
  async function handOver(from: Node, to: Node, owner: string, kind?: 'workshop' | 'series') {
    const lease = from.leases.get(owner);
    if (lease) await releaseLease(from.pool, lease);
    await to.take(owner);
    await to.load(owner, kind);
  }

  async function records(owner: string) {
    const { rows } = await admin.query<{ tbl: string; key: string; row: Record<string, unknown> }>(
      'SELECT tbl, key, row FROM records WHERE owner = $1 ORDER BY tbl, key',
      [owner],
    );
    return rows;
  }

  async function record(tbl: string, key: string) {
    const { rows } = await admin.query<{ owner: string; row: Record<string, unknown> }>(
      'SELECT owner, row FROM records WHERE tbl = $1 AND key = $2',
      [tbl, key],
    );
    return rows[0];
  }

  /** A doc with real content: a map and a text, written in several updates. */
  function docUpdates(n = 4): { updates: Uint8Array[]; doc: Y.Doc } {
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    for (let i = 0; i < n; i++) {
      doc.transact(() => {
        doc.getMap('meta').set(`k${i}`, `value ${i}`);
        doc.getText('notes').insert(doc.getText('notes').length, `line ${i}\n`);
      });
    }
    return { updates, doc };
  }

  /** A workshop with a row in every table of the record, written through the real store. */
  function writeWorkshop(n: Node, w: string): void {
    const s = n.store;
    const id = (x: string) => `${w}-${x}`;
    s.insertWorkshop({
      id: w,
      joinCode: `J${w.toUpperCase()}`.slice(0, 8),
      title: `Workshop ${w} — “quotes”, accents: é, 中文`,
      series: null,
      host: 'Geneva',
      date: '2026-12-06',
      durationMinutes: 120,
      chathamHouse: true,
      voteBudget: 3,
      maxVotesPerIdea: 1,
      createdAt: '2026-12-06T09:00:00.000Z',
      lenses: { countries: true, pbc: false, custom: [] },
    });
    s.insertQuestion({
      id: id('q1'),
      workshopId: w,
      position: 1,
      prompt: 'What should change?',
      plannedMinutes: 20,
      phase: 'lobby',
    });
    s.insertQuestion({
      id: id('q2'),
      workshopId: w,
      position: 2,
      prompt: 'Who acts first?',
      plannedMinutes: null,
      phase: 'lobby',
      mode: 'hidden',
    });
    s.setCurrentQuestion(w, id('q1'));
    s.setPhase(w, id('q1'), 'vote');
    s.setTimer(w, { ...IDLE_TIMER, status: 'paused', durationMs: 60_000, remainingMs: 20_000 });
    s.insertParticipant(id('p1'), w, 'Alice', '2026-12-06T10:00:00.000Z');
    s.insertParticipant(id('p2'), w, null, '2026-12-06T10:00:01.000Z');
    s.insertToken(
      { hash: id('hash-p1'), workshopId: w, role: 'participant', participantId: id('p1') },
      '2026-12-06T10:00:00.000Z',
    );
    s.insertToken(
      { hash: id('hash-fac'), workshopId: w, role: 'facilitator', participantId: null },
      '2026-12-06T09:00:00.000Z',
    );
    for (const [i, who] of [id('p1'), id('p2'), null].entries()) {
      s.transaction(() => {
        s.insertIdea({
          id: id(`i${i}`),
          workshopId: w,
          questionId: id('q1'),
          participantId: who,
          seq: s.nextIdeaSeq(w),
          text: `Idea ${i}: fund local mediators`,
          actor: i === 0 ? 'Member states' : null,
          nextStep: null,
          status: 'visible',
          createdAt: 1_700_000_000_000 + i,
          commandId: `cmd-${i}`,
          mergedInto: null,
          moderationReason: null,
          originalText: null,
          updatedAt: null,
        });
      });
    }
    s.setContest(w, id('i1'), true, 'Disputed by two');
    s.insertRound({
      id: id('r1'),
      workshopId: w,
      questionId: id('q1'),
      number: 1,
      status: 'open',
      budget: 3,
      maxPerIdea: 1,
      candidates: null,
      openedAt: 1_700_000_001_000,
    });
    s.setVote(id('r1'), id('p1'), id('i0'), 1);
    s.setVote(id('r1'), id('p2'), id('i1'), 1);
    s.recordCommand('alice', `${w}-cmd-0`, w, 'idea:submit', { ok: true, ideaId: id('i0') });
    s.insertRedaction({
      id: id('red1'),
      workshopId: w,
      at: '2026-12-06T11:00:00.000Z',
      count: 1,
      locations: '["idea:i0"]',
      data: '["Alice"]',
    });
    s.insertNameDecision({
      id: id('d1'),
      workshopId: w,
      key: 'k1',
      kind: 'idea',
      where: 'Question 1, idea 1',
      match: 'Geneva',
      at: '2026-12-06T10:00:01.000Z',
    });
    s.setParticipantList(w, ['Alice Martin']);
    const { updates } = docUpdates(3);
    s.compact(w, updates[0] as Uint8Array);
    for (const u of updates.slice(1)) s.appendUpdate(w, u);
    seriesStoreFor(n.db).recordBriefExport(w, 'md', '2026-12-06T12:00:00.000Z', 'hash-1');
    seriesStoreFor(n.db).recordBriefExport(w, 'docx', '2026-12-06T12:05:00.000Z', 'hash-2');
  }

  test('a workshop written through the store, shipped and loaded into a fresh SQLite: every row equal', async () => {
    const alice = node('alice');
    const bob = node('bob');
    await alice.take('w1');
    writeWorkshop(alice, 'w1');
    const before = dump(alice.db, 'w1', WORKSHOP_TABLES, ['yjs_snapshots', 'yjs_updates']);
    // Positive control: every table holds rows of the workshop (nothing passes as empty = empty).
    for (const [table, rows] of Object.entries(before))
      expect(rows.length, table).toBeGreaterThan(0);
    // And the test covers every table the schema has (a new table must join it).
    const all = alice.db
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .pluck()
      .all() as string[];
    expect(all.sort()).toEqual(
      [...Object.keys(WORKSHOP_TABLES), ...Object.keys(SERIES_TABLES)].sort(),
    );
    expect(alice.shipper.pending).toBe(true);
    await alice.shipper.ship();
    expect(alice.shipper.pending).toBe(false);

    await handOver(alice, bob, 'w1');
    expect(dump(bob.db, 'w1', WORKSHOP_TABLES, ['yjs_snapshots', 'yjs_updates'])).toEqual(before);
    // Read through the store, too: what the domain sees is the same.
    expect(bob.store.workshop('w1')).toEqual(alice.store.workshop('w1'));
    expect(bob.store.ideas('w1')).toEqual(alice.store.ideas('w1'));
    expect(bob.store.tallies('w1-r1')).toEqual(alice.store.tallies('w1-r1'));
    expect(bob.store.tokenByHash('w1-hash-p1')).toEqual(alice.store.tokenByHash('w1-hash-p1'));
    expect(bob.store.timer('w1')).toEqual(alice.store.timer('w1'));
    // The load's own writes are not queued to be shipped back.
    expect(bob.shipper.pending).toBe(false);
    // A token is found in PostgreSQL by the key the cluster builds with recordKey.
    expect((await record('tokens', recordKey(['w1-hash-p1'])))?.row).toMatchObject({
      workshop_id: 'w1',
      participant_id: 'w1-p1',
    });
  });

  test('blobs reach PostgreSQL as base64 and come back byte-equal', async () => {
    const alice = node('alice');
    const bob = node('bob');
    await alice.take('w1');
    writeWorkshop(alice, 'w1');
    // Every byte value, in a snapshot with no updates after it (so the load keeps it as is).
    const every = new Uint8Array(256).map((_, i) => i);
    alice.store.compact('w1', every);
    await alice.shipper.ship();
    const snap = await record('yjs_snapshots', recordKey(['w1']));
    expect(Buffer.from(String(snap?.row.state), 'base64')).toEqual(Buffer.from(every));
    await handOver(alice, bob, 'w1');
    const state = bob.store.docState('w1');
    expect(state.updates).toEqual([]);
    expect(Buffer.from(state.snapshot ?? [])).toEqual(Buffer.from(every));
  });

  test('text holding U+0000 (which jsonb refuses) is shipped and loaded unchanged', async () => {
    const alice = node('alice');
    const bob = node('bob');
    await alice.take('w1');
    writeWorkshop(alice, 'w1');
    const text = 'before\u0000after — é';
    const idea = alice.store.idea('w1', 'w1-i0');
    if (!idea) throw new Error('no idea');
    alice.store.updateIdea({ ...idea, text });
    await alice.shipper.ship();
    await handOver(alice, bob, 'w1');
    expect(bob.store.idea('w1', 'w1-i0')?.text).toBe(text);
  });

  test('deletes and cascades are shipped: a deleted workshop leaves no record of it in PostgreSQL', async () => {
    const alice = node('alice');
    await alice.take('w1');
    await alice.take('w2');
    writeWorkshop(alice, 'w1');
    writeWorkshop(alice, 'w2');
    await alice.shipper.ship();
    const w2 = await records('w2');
    // Positive control: both workshops are in PostgreSQL, every table of them.
    expect(new Set((await records('w1')).map((r) => r.tbl))).toEqual(
      new Set(Object.keys(WORKSHOP_TABLES)),
    );

    // A participant removed: its token cascades, its ideas lose their author (SET NULL).
    alice.db.prepare('DELETE FROM participants WHERE id = ?').run('w1-p2');
    // A round deleted: its votes cascade (their owner is found through the round's entry).
    alice.db.prepare('DELETE FROM rounds WHERE id = ?').run('w1-r1');
    await alice.shipper.ship();
    expect(await record('participants', recordKey(['w1-p2']))).toBeUndefined();
    expect((await record('ideas', recordKey(['w1-i1'])))?.row.participant_id).toBeNull();
    expect(await record('rounds', recordKey(['w1-r1']))).toBeUndefined();
    expect((await records('w1')).filter((r) => r.tbl === 'votes')).toEqual([]);

    expect(alice.store.deleteWorkshop('w1')).toBe(true);
    await alice.shipper.ship();
    expect(await records('w1')).toEqual([]);
    // Nothing names it under another owner either.
    const { rows } = await admin.query(
      "SELECT tbl, key FROM records WHERE row->>'workshop_id' = 'w1' OR key LIKE '%w1%'",
    );
    expect(rows).toEqual([]);
    expect(await records('w2')).toEqual(w2);
  });

  test('a column PostgreSQL has and this node lacks survives the node writing the row again', async () => {
    const alice = node('alice');
    const bob = node('bob');
    await alice.take('w1');
    writeWorkshop(alice, 'w1');
    await alice.shipper.ship();
    // As if a newer node had added a column, and a table, this one does not know.
    await admin.query(
      `UPDATE records SET row = row || '{"future_col": {"nested": [1, 2]}}'::jsonb
       WHERE tbl = 'ideas' AND key = $1`,
      [recordKey(['w1-i0'])],
    );
    await admin.query(
      `INSERT INTO records (tbl, key, owner, row) VALUES ('future_table', '["x"]', 'w1', '{"a": 1}')`,
    );
    const idea = alice.store.idea('w1', 'w1-i0');
    if (!idea) throw new Error('no idea');
    alice.store.updateIdea({ ...idea, text: 'Rewritten by the older node' });
    await alice.shipper.ship();
    expect((await record('ideas', recordKey(['w1-i0'])))?.row).toMatchObject({
      text: 'Rewritten by the older node',
      future_col: { nested: [1, 2] },
    });
    // A node loading it takes the columns it has, and leaves the rest in PostgreSQL.
    await handOver(alice, bob, 'w1');
    expect(bob.store.idea('w1', 'w1-i0')?.text).toBe('Rewritten by the older node');
    expect((await record('ideas', recordKey(['w1-i0'])))?.row).toMatchObject({
      future_col: { nested: [1, 2] },
    });
    expect((await record('future_table', '["x"]'))?.row).toEqual({ a: 1 });
  });

  test('a ship after another node took the lease is refused: nothing written, onLost called, the other owner shipped next', async () => {
    const alice = node('alice');
    const bob = node('bob');
    const w1 = await alice.take('w1');
    await alice.take('w2');
    writeWorkshop(alice, 'w1');
    writeWorkshop(alice, 'w2');
    await alice.shipper.ship();
    const shipped = { w1: await records('w1'), w2: await records('w2') };

    // Bob takes w1 (alice's lease ended; she still holds her lease object, as a paused node would).
    await releaseLease(alice.pool, w1);
    await bob.take('w1');
    alice.store.setPhase('w1', 'w1-q1', 'results');
    alice.store.setPhase('w2', 'w2-q1', 'results');
    const refused = alice.shipper.ship();
    await expect(refused).rejects.toBeInstanceOf(LeaseLost);
    await expect(refused).rejects.toMatchObject({ fence: { workshopId: 'w1' }, reason: 'taken' });
    expect(alice.lost.map((l) => l.owner)).toEqual(['w1']);
    // Nothing of the round landed, not even w2's change.
    expect(await records('w1')).toEqual(shipped.w1);
    expect(await records('w2')).toEqual(shipped.w2);
    // Alice dropped w1's local rows; w2's are kept, and still queued.
    expect(alice.store.workshop('w1')).toBeUndefined();
    expect(dump(alice.db, 'w1', WORKSHOP_TABLES)).toEqual(
      Object.fromEntries(Object.keys(WORKSHOP_TABLES).map((t) => [t, []])),
    );
    expect(alice.shipper.pending).toBe(true);
    // The next ship carries w2 alone.
    await alice.shipper.ship();
    expect((await record('questions', recordKey(['w2-q1'])))?.row.phase).toBe('results');
    expect((await record('questions', recordKey(['w1-q1'])))?.row.phase).toBe('vote');
    expect(alice.shipper.pending).toBe(false);
  });

  test('rows of an owner this node holds no lease for stay queued, unshipped; the others ship', async () => {
    const alice = node('alice');
    await alice.take('w1');
    writeWorkshop(alice, 'w1');
    // A workshop created here a moment ago, not claimed yet (the cluster claims it before the
    // ship its creator's answer waits for; cluster/clusterNode.ts).
    writeWorkshop(alice, 'w-unheld');
    await alice.shipper.ship();
    expect((await records('w1')).length).toBeGreaterThan(0);
    expect(await records('w-unheld')).toEqual([]);
    expect(alice.lost).toEqual([]);
    expect(alice.store.workshop('w-unheld')).toBeDefined();
    expect(alice.shipper.pending).toBe(true);
    // Once held, the next ship carries it.
    await alice.take('w-unheld');
    await alice.shipper.ship();
    expect((await records('w-unheld')).length).toBeGreaterThan(0);
    expect(alice.shipper.pending).toBe(false);
  });

  test('two owners in one ship: one group of commands over two workshops, one fenced transaction', async () => {
    const alice = node('alice');
    await alice.take('w1');
    await alice.take('w2');
    writeWorkshop(alice, 'w1');
    writeWorkshop(alice, 'w2');
    await alice.shipper.ship();
    const answers: string[] = [];
    const connects = countConnects(alice.pool);
    for (const w of ['w1', 'w2']) {
      alice.store.enlist(() => alice.store.setPhase(w, `${w}-q1`, 'results'), {
        settled: (s) => answers.push(`${w}:${s.kind}`),
      });
    }
    await until(() => answers.length === 2);
    expect(answers).toEqual(['w1:done', 'w2:done']);
    // Both acknowledged only once both are in PostgreSQL, shipped by one transaction.
    expect((await record('questions', recordKey(['w1-q1'])))?.row.phase).toBe('results');
    expect((await record('questions', recordKey(['w2-q1'])))?.row.phase).toBe('results');
    expect(connects()).toBe(1);
  });

  test('a ship called while a round is in flight waits for the next round, which carries its writes', async () => {
    const alice = node('alice');
    await alice.take('w1');
    writeWorkshop(alice, 'w1');
    const first = alice.shipper.ship();
    // Written after the first round read the queue: it cannot be in that round.
    alice.store.setPhase('w1', 'w1-q1', 'closed');
    const second = alice.shipper.ship();
    const third = alice.shipper.ship();
    expect(second).toBe(third);
    await first;
    expect((await record('questions', recordKey(['w1-q1'])))?.row.phase).toBe('vote');
    await second;
    expect((await record('questions', recordKey(['w1-q1'])))?.row.phase).toBe('closed');
  });

  test('a ship asked for while a group is open waits for its commit, and never ships what the commit undid', async () => {
    const alice = node('alice');
    await alice.take('w1');
    writeWorkshop(alice, 'w1');
    await alice.shipper.ship();
    const answers: string[] = [];
    alice.store.enlist(
      () => {
        alice.store.setPhase('w1', 'w1-q1', 'closed');
        // A row whose workshop does not exist, its check deferred: the group's COMMIT fails.
        alice.db.pragma('defer_foreign_keys = ON');
        alice.db
          .prepare(
            "INSERT INTO questions (id, workshop_id, position, prompt) VALUES ('orphan', 'w1-none', 9, 'x')",
          )
          .run();
      },
      { settled: (s) => answers.push(s.kind) },
    );
    // Asked for in the turn the group is open in: its rows are visible on this connection, not
    // committed.
    expect(alice.db.inTransaction).toBe(true);
    await alice.shipper.ship();
    await until(() => answers.length === 1);
    expect(answers).toEqual(['lost']);
    expect((await record('questions', recordKey(['w1-q1'])))?.row.phase).toBe('vote');
    expect(await record('questions', recordKey(['orphan']))).toBeUndefined();
    expect(alice.lost).toEqual([]);
    // Positive control: the same change in a group that commits is shipped by its flush.
    alice.store.enlist(() => alice.store.setPhase('w1', 'w1-q1', 'closed'), {
      settled: (s) => answers.push(s.kind),
    });
    await until(() => answers.length === 2);
    expect(answers[1]).toBe('done');
    expect((await record('questions', recordKey(['w1-q1'])))?.row.phase).toBe('closed');
  });

  test('a load waits for a round already carrying the owner: PostgreSQL and the loaded rows agree', async () => {
    const alice = node('alice');
    await alice.take('w1');
    writeWorkshop(alice, 'w1');
    await alice.shipper.ship();
    alice.store.setPhase('w1', 'w1-q1', 'closed');
    // The round reads the change at once, then waits for its connection until released.
    const held = holdConnect(alice.pool, 1);
    const round = alice.shipper.ship();
    const load = alice.load('w1');
    // The load has not begun its transaction: it waits for the round.
    expect(held.attempts()).toBe(1);
    held.release();
    await round;
    await load;
    expect((await record('questions', recordKey(['w1-q1'])))?.row.phase).toBe('closed');
    expect(alice.store.question('w1', 'w1-q1')?.phase).toBe('closed');
  });

  test('a round started during a load leaves the owner to the load: nothing stale reaches PostgreSQL', async () => {
    const alice = node('alice');
    await alice.take('w1');
    await alice.take('w2');
    writeWorkshop(alice, 'w1');
    writeWorkshop(alice, 'w2');
    await alice.shipper.ship();
    // An unshipped change of w1 that the load (from PostgreSQL) replaces, and one of w2.
    alice.store.setPhase('w1', 'w1-q1', 'closed');
    alice.store.setPhase('w2', 'w2-q1', 'closed');
    const load = alice.load('w1');
    // A round starting now reads the queue at once; its connection waits until the load is done.
    const held = holdConnect(alice.pool, 1);
    const round = alice.shipper.ship();
    await load;
    held.release();
    await round;
    expect(alice.store.question('w1', 'w1-q1')?.phase).toBe('vote');
    expect((await record('questions', recordKey(['w1-q1'])))?.row.phase).toBe('vote');
    // The other owner's change was shipped by that round.
    expect((await record('questions', recordKey(['w2-q1'])))?.row.phase).toBe('closed');
    expect(alice.shipper.pending).toBe(false);
  });

  test('load folds the Yjs log into one snapshot: PostgreSQL keeps no update rows, the doc is the same', async () => {
    const alice = node('alice');
    const bob = node('bob');
    const carol = node('carol');
    await alice.take('w1');
    writeWorkshop(alice, 'w1');
    const { updates, doc } = docUpdates(6);
    alice.store.compact('w1', updates[0] as Uint8Array);
    for (const u of updates.slice(1)) alice.store.appendUpdate('w1', u);
    await alice.shipper.ship();
    // Positive control: before the load, PostgreSQL holds the snapshot and five updates.
    const before = await records('w1');
    expect(before.filter((r) => r.tbl === 'yjs_updates')).toHaveLength(5);

    await handOver(alice, bob, 'w1');
    const after = await records('w1');
    expect(after.filter((r) => r.tbl === 'yjs_updates')).toEqual([]);
    expect(after.filter((r) => r.tbl === 'yjs_snapshots')).toHaveLength(1);
    const state = bob.store.docState('w1');
    expect(state.updates).toEqual([]);
    const loaded = new Y.Doc();
    Y.applyUpdate(loaded, state.snapshot ?? new Uint8Array());
    expect(loaded.getMap('meta').toJSON()).toEqual(doc.getMap('meta').toJSON());
    expect(loaded.getText('notes').toString()).toBe(doc.getText('notes').toString());
    // PostgreSQL's snapshot is the same one bob holds.
    const snap = after.find((r) => r.tbl === 'yjs_snapshots');
    expect(Buffer.from(String(snap?.row.state), 'base64')).toEqual(
      Buffer.from(state.snapshot ?? []),
    );

    // Bob's own updates after the load ship under keys that cannot collide, and a third node
    // loading sees bob's state in full.
    doc.on('update', (u: Uint8Array) => bob.store.appendUpdate('w1', u));
    doc.getText('notes').insert(0, 'bob was here\n');
    await bob.shipper.ship();
    await handOver(bob, carol, 'w1');
    const third = new Y.Doc();
    Y.applyUpdate(third, carol.store.docState('w1').snapshot ?? new Uint8Array());
    expect(third.getText('notes').toString()).toBe(doc.getText('notes').toString());
  });

  test('a log Yjs cannot read is carried over as it is, in order', async () => {
    const alice = node('alice');
    const bob = node('bob');
    await alice.take('w1');
    writeWorkshop(alice, 'w1');
    alice.store.compact('w1', new Uint8Array([7, 7]));
    for (const u of [[1], [2], [4, 5]]) alice.store.appendUpdate('w1', new Uint8Array(u));
    await alice.shipper.ship();
    // Bob holds another workshop's updates already: ids there must not clash with these.
    await bob.take('w0');
    writeWorkshop(bob, 'w0');
    for (const u of [[9], [9], [9], [9], [9]]) bob.store.appendUpdate('w0', new Uint8Array(u));
    await bob.shipper.ship();
    const w0 = bob.store.docState('w0');
    expect(w0.updates).toHaveLength(7);
    await handOver(alice, bob, 'w1');
    const state = bob.store.docState('w1');
    expect([...(state.snapshot ?? [])]).toEqual([7, 7]);
    expect(state.updates.map((u) => [...u])).toEqual([[1], [2], [4, 5]]);
    // PostgreSQL's update rows carry bob's new ids, in the same order.
    const ids = bob.db
      .prepare("SELECT id FROM yjs_updates WHERE workshop_id = 'w1' ORDER BY id")
      .pluck()
      .all() as number[];
    const pgKeys = (await records('w1')).filter((r) => r.tbl === 'yjs_updates').map((r) => r.key);
    expect(pgKeys.sort()).toEqual(ids.map((id) => recordKey(['w1', id])).sort());
    expect(bob.store.docState('w0')).toEqual(w0);
  });

  test('a series and its tables round-trip; a series load leaves the workshop it names alone', async () => {
    const alice = node('alice');
    const bob = node('bob');
    await alice.take('s1');
    await alice.take('w1');
    writeWorkshop(alice, 'w1');
    const series = seriesStoreFor(alice.db);
    const paper = paperStoreFor(alice.db);
    series.insert({
      id: 's1',
      name: 'Sustaining Peace',
      description: 'Six workshops',
      createdAt: 'x',
    });
    series.setOrganisers('s1', ['UNDP', 'QUNO']);
    series.insertToken('s1-hash', 's1', '2026-12-06T09:00:00.000Z');
    series.attach('w1', series.byId('s1') ?? null);
    series.insertTopic('s1', {
      id: 's1-t1',
      position: 1,
      title: 'Financing',
      questions: ['What works?'],
      plannedDate: '2026-12-06',
      host: 'UNDP',
      status: 'planned',
      workshopId: 'w1',
      createdAt: '2026-12-06T09:00:00.000Z',
    });
    for (const at of ['2026-12-06T09:00:00.000Z', '2026-12-06T09:01:00.000Z']) {
      series.recordChange('s1', 's1-t1', at, 'added', null, 'Financing');
    }
    paper.applyGeneration(
      's1',
      [{ key: 'intro', title: 'Introduction' }],
      [{ key: 'intro', title: 'Introduction', text: 'Text', base: 'Text' }],
      '2026-12-06T12:00:00.000Z',
    );
    paper.insertDecision('s1', {
      id: 's1-d1',
      key: 'k',
      kind: 'paper',
      where: 'Introduction',
      match: 'Geneva',
      at: '2026-12-06T12:00:00.000Z',
    });
    await alice.shipper.ship();
    const before = dump(alice.db, 's1', SERIES_TABLES);
    for (const [table, rows] of Object.entries(before))
      expect(rows.length, table).toBeGreaterThan(0);

    // Bob loads the series alone: its topic names a workshop bob does not hold (foreign keys
    // cannot hold across owners), and the load keeps the name.
    await handOver(alice, bob, 's1', 'series');
    expect(dump(bob.db, 's1', SERIES_TABLES)).toEqual(before);
    expect(seriesStoreFor(bob.db).history('s1', 10)).toEqual(series.history('s1', 10));
    // The history's keys were made afresh for bob; his next change ships beside them.
    seriesStoreFor(bob.db).recordChange(
      's1',
      's1-t1',
      '2026-12-06T10:00:00.000Z',
      'moved',
      '1',
      '2',
    );
    await bob.shipper.ship();
    const history = (await records('s1')).filter((r) => r.tbl === 'series_plan_history');
    expect(history).toHaveLength(3);

    // Then bob takes the workshop too, and drops the series: the workshop's row keeps its
    // series id, and nothing of the workshop is queued by the drop.
    await handOver(alice, bob, 'w1');
    expect(seriesStoreFor(bob.db).seriesOfWorkshop('w1')).toBe('s1');
    bob.shipper.drop('s1');
    expect(seriesStoreFor(bob.db).seriesOfWorkshop('w1')).toBe('s1');
    expect(bob.shipper.pending).toBe(false);
    // And dropping the workshop leaves the (reloaded) series' topic naming it.
    await bob.load('s1', 'series');
    bob.shipper.drop('w1');
    expect(seriesStoreFor(bob.db).topics('s1')[0]?.workshopId).toBe('w1');
    expect(bob.shipper.pending).toBe(false);
  });

  test('drop removes an owner locally and its queue, and writes nothing to PostgreSQL', async () => {
    const alice = node('alice');
    await alice.take('w1');
    await alice.take('w2');
    writeWorkshop(alice, 'w1');
    writeWorkshop(alice, 'w2');
    await alice.shipper.ship();
    alice.store.setPhase('w1', 'w1-q1', 'closed');
    const inPg = await records('w1');
    alice.shipper.drop('w1');
    expect(alice.store.workshop('w1')).toBeUndefined();
    expect(alice.store.workshop('w2')).toBeDefined();
    expect(alice.shipper.pending).toBe(false);
    await alice.shipper.ship();
    expect(await records('w1')).toEqual(inPg);
  });

  test('a load replaces the local rows of the owner, and only those', async () => {
    const alice = node('alice');
    const bob = node('bob');
    await alice.take('w1');
    writeWorkshop(alice, 'w1');
    await alice.shipper.ship();
    // Bob holds stale rows of w1 (an idea PostgreSQL no longer has) and rows of w2.
    await bob.take('w2');
    writeWorkshop(bob, 'w2');
    writeWorkshop(bob, 'w1');
    bob.store.transaction(() => {
      bob.store.insertIdea({
        ...(bob.store.idea('w1', 'w1-i0') as NonNullable<ReturnType<SqliteStore['idea']>>),
        id: 'w1-stale',
        seq: 99,
      });
    });
    const w2 = dump(bob.db, 'w2', WORKSHOP_TABLES);
    await handOver(alice, bob, 'w1');
    expect(bob.store.idea('w1', 'w1-stale')).toBeUndefined();
    expect(dump(bob.db, 'w1', WORKSHOP_TABLES, ['yjs_snapshots', 'yjs_updates'])).toEqual(
      dump(alice.db, 'w1', WORKSHOP_TABLES, ['yjs_snapshots', 'yjs_updates']),
    );
    expect(dump(bob.db, 'w2', WORKSHOP_TABLES)).toEqual(w2);
    // The stale idea never reaches PostgreSQL, and w2 is still to ship.
    await bob.shipper.ship();
    expect(await record('ideas', recordKey(['w1-stale']))).toBeUndefined();
    expect((await records('w2')).length).toBeGreaterThan(0);
  });

  test('recordKey builds the key SQLite builds for the same values', () => {
    const alice = node('alice');
    for (const values of [['abc'], ['actor', 'cmd-1'], ['w1', 42], ['é"\\/\u0001中']]) {
      const sqlite = alice.db
        // (A JS number is bound as a REAL; the counters in keys are INTEGER columns.)
        .prepare(
          `SELECT json_array(${values.map((v) => (typeof v === 'number' ? 'CAST(? AS INTEGER)' : '?')).join(', ')})`,
        )
        .pluck()
        .get(...values);
      expect(recordKey(values)).toBe(sqlite);
    }
  });
});

/** Holds the pool's next `n` connections until `release`; counts the attempts meanwhile. */
function holdConnect(pool: pg.Pool, n: number): { release(): void; attempts(): number } {
  const original = pool.connect.bind(pool) as () => Promise<pg.PoolClient>;
  let open!: () => void;
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  let attempts = 0;
  (pool as { connect: unknown }).connect = async () => {
    attempts++;
    if (attempts <= n) await gate;
    return original();
  };
  return {
    release() {
      (pool as { connect: unknown }).connect = original;
      open();
    },
    attempts: () => attempts,
  };
}

/** Counts the pool's connections checked out from now on (one fenced transaction = one). */
function countConnects(pool: pg.Pool): () => number {
  let n = 0;
  const original = pool.connect.bind(pool);
  (pool as { connect: unknown }).connect = (...args: unknown[]) => {
    n++;
    return (original as (...a: unknown[]) => unknown)(...args);
  };
  return () => n;
}

async function until(done: () => boolean): Promise<void> {
  const end = Date.now() + 10_000;
  while (!done()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise<void>((resolve) => setTimeout(resolve, 2));
  }
}
