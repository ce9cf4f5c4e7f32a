import type { Statement } from 'better-sqlite3';
import type { Pool, PoolClient } from 'pg';
import * as Y from 'yjs';
import type { Db } from '../db.ts';
import { type Fence, LeaseLost, withFences } from './leases.ts';

// The record in PostgreSQL (issue 17, decisions 1–5 of the sixth session's design): every row
// of the local SQLite file is shipped to PostgreSQL's `records` table as JSON, under the lease
// of the workshop or series it belongs to, and a node taking a lease loads the owner's rows back
// into its SQLite file. SQLite stays the working set that the synchronous domain rules read and
// write; PostgreSQL is the record every node shares.
//
// What to ship is recorded by TEMP triggers on this connection, generated from the schema
// (PRAGMA table_info) when the shipper is installed, into a TEMP queue: SQLite's migrations and
// the embedded mode are untouched, and the queue lives exactly as long as the connection. An
// entry is written in the same transaction as the row it names, so a rolled-back write leaves
// none. Losing the queue (a crash) loses nothing acknowledged: nothing in it was shipped, hence
// nothing in it was acknowledged, and a node reloads an owner's rows when it takes the lease.

/** Whose lease a row is written under: a workshop's, or a series' (series page, paper, plan). */
export type OwnerKind = 'workshop' | 'series';

/**
 * The key of a row in `records`: the JSON array of its primary-key values (a token:
 * `recordKey([hash])`; a command: `recordKey([actorKey, commandId])`). The same text SQLite's
 * json_array makes in the triggers, for the strings and integers that keys are made of.
 */
export function recordKey(values: readonly unknown[]): string {
  return JSON.stringify(values);
}

export interface ShipperOptions {
  /** The local SQLite file, opened with openDatabase (foreign keys on, the write gate set). */
  readonly db: Db;
  readonly pool: Pool;
  /**
   * The holding a write for `owner` is fenced on, or null if this node holds none (its rows
   * then stay queued, unshipped, until it does or the cluster drops them).
   */
  readonly fenceOf: (owner: string) => Fence | null;
  /**
   * A ship was refused for `owner` (its lease lost): the cluster unloads its room
   * and cuts its connections. Called before the shipper drops the owner's local rows.
   */
  readonly onLost: (owner: string, err: Error) => void;
}

interface Column {
  readonly name: string;
  /** Declared BLOB: shipped as base64 text, decoded again on load. */
  readonly blob: boolean;
}

/**
 * How the shipper reads one local table. `counter`: the table's key is a local counter (an
 * INTEGER PRIMARY KEY, or no primary key at all: the rowid), which two nodes would hand out
 * twice; such a row's key in PostgreSQL is [owner, rowid] and its rowid is made afresh on load.
 */
interface Table {
  readonly name: string;
  readonly kind: OwnerKind;
  readonly columns: readonly Column[];
  /** The owner's id as SQL over a row alias (NEW, OLD, or the table itself). */
  readonly ownerSql: (row: string) => string;
  /** Primary-key columns in key order (empty for a counter table). */
  readonly keyColumns: readonly string[];
  /** For a counter table, the column aliasing the rowid ('' when the rowid has no column). */
  readonly counter: string | null;
  /** Local rows of an owner are deleted in this order (a table reached through another first). */
  readonly deleteOrder: number;
  /** The condition selecting an owner's rows (one parameter), for drop and load. */
  readonly ownedWhere: string;
}

interface QueueEntry {
  tbl: string;
  key: string;
  owner: string;
}

interface Round {
  readonly owners: ReadonlySet<string>;
  readonly done: Promise<void>;
}

/** A string holding U+0000, which jsonb cannot store: shipped as {text64: base64 of its UTF-8}. */
interface Text64 {
  text64: string;
}

/**
 * Owners reached through another table (decision 2): a vote belongs to its round's workshop.
 * When the round itself is being deleted (a cascade), its row is gone by the time the vote's
 * trigger runs, so the round's queue entry (written before the delete, see the BEFORE trigger)
 * names the owner instead.
 */
const THROUGH: Readonly<Record<string, { column: string; parent: string }>> = {
  votes: { column: 'round_id', parent: 'rounds' },
};

const q = (id: string) => `"${id.replaceAll('"', '""')}"`;
const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** Ships the local SQLite file's writes to PostgreSQL and loads owners back from it. */
export class Shipper {
  private readonly db: Db;
  private readonly pool: Pool;
  private readonly fenceOf: ShipperOptions['fenceOf'];
  private readonly onLost: ShipperOptions['onLost'];
  private tables = new Map<string, Table>();
  private installed = false;
  /** The round under way, and the one that callers arriving during it wait for. */
  private current: Round | null = null;
  private next: Promise<void> | null = null;
  /** Owners being loaded: a round leaves their entries queued (the load replaces them). */
  private readonly loading = new Set<string>();
  private readonly readers = new Map<string, (key: unknown[]) => Record<string, unknown>>();
  private readonly inserters = new Map<string, Stmt>();
  private readonly deleters = new Map<string, Stmt>();
  /** A write that writes nothing, through the write gate: it commits an open group. */
  private nudge!: Stmt;
  private stmts!: {
    max: Stmt;
    entries: Stmt;
    any: Stmt;
    shipped: Stmt;
    dropEntries: Stmt;
    queuedOwners: Stmt;
    ownerQueued: Stmt;
  };

  constructor(options: ShipperOptions) {
    this.db = options.db;
    this.pool = options.pool;
    this.fenceOf = options.fenceOf;
    this.onLost = options.onLost;
  }

  /**
   * Creates the TEMP queue and, for every table of the main database, the TEMP triggers that
   * record each inserted, updated or deleted row in it (rows a foreign key's ON DELETE CASCADE
   * or SET NULL changes included: SQLite fires triggers for them). Call once, after
   * openDatabase and before any write that should be shipped. A table with no owner rule is
   * refused here, so a migration adding one cannot go unshipped unnoticed.
   */
  install(): void {
    if (this.installed) return;
    const db = this.db;
    db.exec(`CREATE TEMP TABLE IF NOT EXISTS ship_queue (
      seq INTEGER PRIMARY KEY, tbl TEXT NOT NULL, key TEXT NOT NULL, owner TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS temp.ship_queue_by_key ON ship_queue (tbl, key);
      CREATE INDEX IF NOT EXISTS temp.ship_queue_by_owner ON ship_queue (owner)`);
    // A REPLACE that deletes a conflicting row fires its delete triggers only with recursive
    // triggers on (none of ours writes a table with triggers, so nothing recurses).
    db.pragma('recursive_triggers = ON');
    const names = db
      .prepare(
        "SELECT name FROM main.sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .pluck()
      .all() as string[];
    for (const name of names) this.tables.set(name, describeTable(db, name));
    const ddl: string[] = [];
    for (const t of this.tables.values()) ddl.push(...triggersOf(t));
    db.exec(ddl.join(';\n'));
    // The queue's own statements bypass the write gate (db.ts): they touch only this
    // connection's TEMP table, never the record, so they must not commit an open group early.
    const prepare = (sql: string) =>
      (Object.getPrototypeOf(db) as Db).prepare.call(db, sql) as Stmt;
    this.stmts = {
      max: prepare('SELECT max(seq) FROM temp.ship_queue').pluck(),
      // The owner of a key's latest entry (SQLite's bare column beside max()).
      entries: prepare(
        'SELECT tbl, key, owner, max(seq) AS seq FROM temp.ship_queue WHERE seq <= ? GROUP BY tbl, key',
      ),
      any: prepare('SELECT EXISTS (SELECT 1 FROM temp.ship_queue)').pluck(),
      shipped: prepare(
        'DELETE FROM temp.ship_queue WHERE seq <= ? AND owner IN (SELECT value FROM json_each(?))',
      ),
      dropEntries: prepare('DELETE FROM temp.ship_queue WHERE owner = ?'),
      queuedOwners: prepare('SELECT DISTINCT owner, tbl FROM temp.ship_queue'),
      ownerQueued: prepare('SELECT EXISTS (SELECT 1 FROM temp.ship_queue WHERE owner = ?)').pluck(),
    };
    this.nudge = db.prepare('DELETE FROM temp.ship_queue WHERE 0');
    this.installed = true;
  }

  /** Whether anything committed locally is not yet in PostgreSQL (queued, or being shipped). */
  get pending(): boolean {
    if (!this.installed) return false;
    return this.current !== null || this.next !== null || this.stmts.any.get() === 1;
  }

  /**
   * Ships everything committed locally so far. Single-flight: a call while a round is under
   * way waits for the next round, which starts when that one ends and covers every write made
   * before the call. One round is one PostgreSQL transaction fenced on every owner it touches
   * (the owners this node holds; another's entries stay queued); if an owner's lease is lost,
   * `onLost(owner)` is called, the owner's local rows and queue entries are dropped, and the
   * round rejects with nothing written — the other owners' entries stay queued for the next
   * round.
   */
  ship(): Promise<void> {
    this.mustBeInstalled();
    if (!this.current) return this.startRound();
    this.next ??= this.current.done
      .catch(() => {})
      .then(() => {
        this.next = null;
        return this.startRound();
      });
    return this.next;
  }

  private startRound(): Promise<void> {
    const owners = new Set<string>();
    const done = this.round(owners).finally(() => {
      if (this.current?.done === done) this.current = null;
    });
    this.current = { owners, done };
    return done;
  }

  private async round(owners: Set<string>): Promise<void> {
    // A group of commands open on the connection is not committed yet: its rows must not be
    // read as if they were. It commits at the end of this turn (groupCommit.ts). Otherwise the
    // queue is read at once, in the caller's turn: the round covers every write made before.
    if (this.db.inTransaction) await this.outsideTransaction();
    const max = this.stmts.max.get() as number | null;
    if (max === null) return;
    const entries = (this.stmts.entries.all(max) as QueueEntry[]).filter(
      (e) => !this.loading.has(e.owner),
    );
    // Only owners this node holds are shipped. The rows of one it does not hold (yet) stay
    // queued: a workshop created here a moment ago is claimed by the cluster before the ship
    // that its creator's answer waits for (cluster/clusterNode.ts `shipped`), which also drops
    // the rows of an owner that turns out to be someone else's.
    const held = new Map<string, Fence>();
    for (const e of entries) {
      if (held.has(e.owner)) continue;
      const fence = this.fenceOf(e.owner);
      if (fence && fence.workshopId === e.owner) held.set(e.owner, fence);
    }
    const shipping = entries.filter((e) => held.has(e.owner));
    if (shipping.length === 0) return;
    for (const e of shipping) owners.add(e.owner);
    const fences = [...held.values()];
    // Every row as it is now, read in this one synchronous step: a consistent state of the file.
    const upserts: { tbl: string[]; key: string[]; owner: string[]; row: string[] } = {
      tbl: [],
      key: [],
      owner: [],
      row: [],
    };
    const deletes: { tbl: string[]; key: string[]; owner: string[] } = {
      tbl: [],
      key: [],
      owner: [],
    };
    for (const e of shipping) {
      const table = this.tables.get(e.tbl);
      if (!table) continue;
      const row = this.reader(table)(JSON.parse(e.key) as unknown[]);
      if (row) {
        upserts.tbl.push(e.tbl);
        upserts.key.push(e.key);
        upserts.owner.push(e.owner);
        upserts.row.push(JSON.stringify(encodeRow(table, row)));
      } else {
        deletes.tbl.push(e.tbl);
        deletes.key.push(e.key);
        deletes.owner.push(e.owner);
      }
    }
    try {
      await withFences(this.pool, fences, async (client) => {
        if (upserts.tbl.length > 0) await upsert(client, upserts);
        if (deletes.tbl.length > 0) {
          // Only rows of the owners this transaction is fenced on.
          await client.query(
            `DELETE FROM records r
             USING unnest($1::text[], $2::text[], $3::text[]) AS d (tbl, key, owner)
             WHERE r.tbl = d.tbl AND r.key = d.key AND r.owner = d.owner`,
            [deletes.tbl, deletes.key, deletes.owner],
          );
        }
      });
    } catch (err) {
      if (err instanceof LeaseLost) {
        await this.outsideTransaction();
        this.lose(err.fence.workshopId, err);
      }
      throw err;
    }
    this.stmts.shipped.run(max, JSON.stringify([...owners]));
  }

  /**
   * The lease of `owner` is gone: the cluster is told, then its local rows are dropped. A throw
   * from `onLost` (the cluster's bug) is not allowed to hide the loss from the ship's callers,
   * who get the LeaseLost either way, nor to keep rows this node may no longer ship.
   */
  private lose(owner: string, err: Error): void {
    try {
      this.onLost(owner, err);
    } catch {
      // See above: the rejection of the ship reports the loss.
    }
    this.drop(owner);
  }

  /**
   * Loads `owner`'s rows from PostgreSQL into the local file, replacing whatever it held of
   * them, under `fence` (the lease just taken). In one fenced PostgreSQL transaction: every
   * record of the owner is read; a workshop's Yjs log (snapshot and updates) is folded into one
   * snapshot, written back as its only doc row; then one local SQLite transaction deletes the
   * owner's local rows and inserts PostgreSQL's (only the columns the local table has; a
   * column it lacks is left to its default); rows keyed by a local counter get new rowids, and
   * their records are re-keyed to match. If anything fails after the local file changed, the
   * owner's local rows are dropped (the file is a cache; PostgreSQL is the record).
   */
  async load(owner: string, kind: OwnerKind, fence: Fence): Promise<void> {
    this.mustBeInstalled();
    if (fence.workshopId !== owner) throw new Error(`fence of ${fence.workshopId} for ${owner}`);
    this.loading.add(owner);
    let replaced = false;
    try {
      // A round already carrying the owner's (older) local rows lands first.
      while (this.current?.owners.has(owner)) await this.current.done.catch(() => {});
      await withFences(this.pool, [fence], async (client) => {
        const { rows } = await client.query<{ tbl: string; key: string; row: RecordRow }>(
          'SELECT tbl, key, row FROM records WHERE owner = $1',
          [owner],
        );
        const byTable = new Map<string, { key: string; row: RecordRow }[]>();
        for (const r of rows) {
          const table = this.tables.get(r.tbl);
          // A table this node does not have (a newer node's) stays in PostgreSQL untouched.
          if (!table || table.kind !== kind) continue;
          const list = byTable.get(r.tbl) ?? [];
          list.push({ key: r.key, row: r.row });
          byTable.set(r.tbl, list);
        }
        const folded = kind === 'workshop' ? foldDoc(owner, byTable) : null;
        if (folded) {
          byTable.set('yjs_snapshots', [folded.snapshot]);
          byTable.delete('yjs_updates');
        }
        await this.outsideTransaction();
        replaced = true;
        const rekeyed = this.replaceLocal(owner, kind, byTable);
        if (folded) {
          await upsert(client, {
            tbl: ['yjs_snapshots'],
            key: [folded.snapshot.key],
            owner: [owner],
            row: [JSON.stringify(folded.snapshot.row)],
          });
          await client.query(
            "DELETE FROM records WHERE owner = $1 AND tbl = 'yjs_updates' AND key = ANY($2::text[])",
            [owner, folded.updateKeys],
          );
        }
        for (const [tbl, list] of rekeyed) {
          await client.query('DELETE FROM records WHERE owner = $1 AND tbl = $2', [owner, tbl]);
          if (list.length === 0) continue;
          await upsert(client, {
            tbl: list.map(() => tbl),
            key: list.map((r) => r.key),
            owner: list.map(() => owner),
            row: list.map((r) => JSON.stringify(r.row)),
          });
        }
      });
    } catch (err) {
      if (replaced) {
        await this.outsideTransaction();
        this.drop(owner);
      }
      throw err;
    } finally {
      this.loading.delete(owner);
    }
  }

  /**
   * Removes `owner`'s rows and queue entries from the local file; PostgreSQL is not touched.
   * Foreign keys are off meanwhile: a cascade or SET NULL would otherwise change (and queue)
   * rows of another owner that refer to this one (a series' topic naming the workshop).
   */
  /** The owners with writes waiting in the queue, and what each is (by its rows' tables). */
  queuedOwners(): { owner: string; kind: OwnerKind }[] {
    this.mustBeInstalled();
    const kinds = new Map<string, OwnerKind>();
    for (const { owner, tbl } of this.stmts.queuedOwners.all() as {
      owner: string;
      tbl: string;
    }[]) {
      const table = this.tables.get(tbl);
      if (table) kinds.set(owner, table.kind);
    }
    return [...kinds].map(([owner, kind]) => ({ owner, kind }));
  }

  /** Whether `owner` has writes in the queue (committed locally, not yet in PostgreSQL). */
  hasUnshipped(owner: string): boolean {
    this.mustBeInstalled();
    return this.stmts.ownerQueued.get(owner) === 1;
  }

  drop(owner: string): void {
    this.mustBeInstalled();
    this.withoutForeignKeys(() => {
      for (const t of this.ordered()) this.deleter(t).run(owner);
      this.stmts.dropEntries.run(owner);
    });
  }

  /** Tables in the order their rows are deleted (those reached through another first). */
  private ordered(): Table[] {
    return [...this.tables.values()].sort((a, b) => a.deleteOrder - b.deleteOrder);
  }

  /**
   * The local half of a load: one SQLite transaction, foreign keys off (a workshop may name a
   * series this node has not loaded, and a series' topic a workshop): delete the owner's rows,
   * insert PostgreSQL's, forget the queue entries this made. Returns, for each counter table,
   * its rows with their new keys.
   */
  private replaceLocal(
    owner: string,
    kind: OwnerKind,
    byTable: Map<string, { key: string; row: RecordRow }[]>,
  ): Map<string, { key: string; row: RecordRow }[]> {
    const rekeyed = new Map<string, { key: string; row: RecordRow }[]>();
    this.withoutForeignKeys(() => {
      const tables = this.ordered().filter((t) => t.kind === kind);
      for (const t of tables) this.deleter(t).run(owner);
      // Inserted parents first: a vote's owner (in its queue entry) is read through its round.
      for (const t of [...tables].reverse()) {
        const list = byTable.get(t.name) ?? [];
        if (t.counter !== null) {
          // Inserted in their old order, so that the new rowids keep it (a doc log's order).
          list.sort((a, b) => counterOf(a.key) - counterOf(b.key));
          const out: { key: string; row: RecordRow }[] = [];
          for (const r of list) {
            const info = this.insert(t, r.row, t.counter);
            const rowid = Number(info.lastInsertRowid);
            const row = t.counter ? { ...r.row, [t.counter]: rowid } : r.row;
            out.push({ key: recordKey([owner, rowid]), row });
          }
          rekeyed.set(t.name, out);
        } else {
          for (const r of list) this.insert(t, r.row, null);
        }
      }
      this.stmts.dropEntries.run(owner);
    });
    return rekeyed;
  }

  private insert(t: Table, row: RecordRow, skip: string | null) {
    const columns = t.columns.filter((c) => c.name !== skip && Object.hasOwn(row, c.name));
    const sig = `${t.name}\u0000${columns.map((c) => c.name).join('\u0000')}`;
    let stmt = this.inserters.get(sig);
    if (!stmt) {
      stmt = this.db.prepare(
        columns.length === 0
          ? `INSERT INTO main.${q(t.name)} DEFAULT VALUES`
          : `INSERT INTO main.${q(t.name)} (${columns.map((c) => q(c.name)).join(', ')})
             VALUES (${columns.map(() => '?').join(', ')})`,
      );
      this.inserters.set(sig, stmt);
    }
    return stmt.run(...columns.map((c) => decodeValue(c, row[c.name])));
  }

  private deleter(t: Table): Stmt {
    let stmt = this.deleters.get(t.name);
    if (!stmt) {
      stmt = this.db.prepare(`DELETE FROM main.${q(t.name)} WHERE ${t.ownedWhere}`);
      this.deleters.set(t.name, stmt);
    }
    return stmt;
  }

  private withoutForeignKeys(work: () => void): void {
    const db = this.db;
    // An open group of commands commits first (any write through the gate does that, db.ts):
    // foreign keys can only be switched outside a transaction.
    if (db.inTransaction) this.nudge.run();
    if (db.inTransaction) {
      throw new Error('the shipper changes an owner only outside a transaction');
    }
    const was = db.pragma('foreign_keys', { simple: true }) === 1;
    db.pragma('foreign_keys = OFF');
    try {
      db.transaction(work)();
    } finally {
      if (was) db.pragma('foreign_keys = ON');
    }
  }

  /** Waits until no transaction is open on the connection (a group commits in the check phase). */
  private async outsideTransaction(): Promise<void> {
    while (this.db.inTransaction) await new Promise<void>((resolve) => setImmediate(resolve));
  }

  private reader(t: Table): (key: unknown[]) => Record<string, unknown> {
    let read = this.readers.get(t.name);
    if (!read) {
      if (t.counter !== null) {
        const stmt = this.db.prepare(`SELECT * FROM main.${q(t.name)} WHERE rowid = ?`);
        read = (key) => stmt.get(key[1]) as Record<string, unknown>;
      } else {
        const where = t.keyColumns.map((c) => `${q(c)} = ?`).join(' AND ');
        const stmt = this.db.prepare(`SELECT * FROM main.${q(t.name)} WHERE ${where}`);
        read = (key) => stmt.get(...key) as Record<string, unknown>;
      }
      this.readers.set(t.name, read);
    }
    return read;
  }

  private mustBeInstalled(): void {
    if (!this.installed) throw new Error('Shipper.install() first');
  }
}

type RecordRow = Record<string, unknown>;
type Stmt = Statement<unknown[], unknown>;

async function upsert(
  client: PoolClient,
  rows: { tbl: string[]; key: string[]; owner: string[]; row: string[] },
): Promise<void> {
  // Merged, never replaced (decision 1): a column a newer node wrote and this one does not
  // know survives this node's write of the row.
  await client.query(
    `INSERT INTO records (tbl, key, owner, row)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[])
     ON CONFLICT (tbl, key) DO UPDATE
       SET row = records.row || EXCLUDED.row, owner = EXCLUDED.owner`,
    [rows.tbl, rows.key, rows.owner, rows.row],
  );
}

function describeTable(db: Db, name: string): Table {
  const info = db.pragma(`main.table_info(${lit(name)})`) as {
    name: string;
    type: string;
    pk: number;
  }[];
  const columns = info.map((c) => ({ name: c.name, blob: /BLOB/i.test(c.type) }));
  const has = (c: string) => info.some((i) => i.name === c);
  const pk = info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
  const onlyPk = pk.length === 1 ? pk[0] : undefined;
  const counter =
    pk.length === 0 ? '' : onlyPk && onlyPk.type.toUpperCase() === 'INTEGER' ? onlyPk.name : null;
  const through = THROUGH[name];
  let kind: OwnerKind;
  let ownerSql: (row: string) => string;
  let deleteOrder = 1;
  let ownedWhere: string | null = null;
  if (name === 'workshops' || name === 'series') {
    kind = name === 'workshops' ? 'workshop' : 'series';
    ownerSql = (r) => `${r}.id`;
  } else if (name.startsWith('series_') && has('series_id')) {
    kind = 'series';
    ownerSql = (r) => `${r}.series_id`;
  } else if (has('workshop_id')) {
    kind = 'workshop';
    ownerSql = (r) => `${r}.workshop_id`;
  } else if (has('series_id')) {
    kind = 'series';
    ownerSql = (r) => `${r}.series_id`;
  } else if (through && has(through.column)) {
    kind = 'workshop';
    const col = through.column;
    const parent = through.parent;
    ownerSql = (r) =>
      `COALESCE((SELECT workshop_id FROM main.${q(parent)} WHERE id = ${r}.${q(col)}),
        (SELECT owner FROM temp.ship_queue WHERE tbl = ${lit(parent)}
           AND key = json_array(${r}.${q(col)}) ORDER BY seq DESC LIMIT 1))`;
    deleteOrder = 0;
    // Deleted before their parents, so the parents still say whose they are (and an index
    // on the parent's owner serves it).
    ownedWhere = `${q(col)} IN (SELECT id FROM main.${q(parent)} WHERE workshop_id = ?)`;
  } else {
    throw new Error(`table ${name} has no owner rule (shipping.ts): its rows would not be shipped`);
  }
  return {
    name,
    kind,
    columns,
    ownerSql,
    keyColumns: counter === null ? pk.map((c) => c.name) : [],
    counter,
    deleteOrder,
    ownedWhere: ownedWhere ?? `${ownerSql(q(name))} = ?`,
  };
}

function keySql(t: Table, row: string): string {
  if (t.counter !== null) return `json_array(${t.ownerSql(row)}, ${row}.rowid)`;
  return `json_array(${t.keyColumns.map((c) => `${row}.${q(c)}`).join(', ')})`;
}

/**
 * The three triggers of one table. Deletes are recorded BEFORE the row goes: a row reached
 * through this one (a round's votes) is deleted by the cascade after this trigger ran, and
 * finds its owner in this entry when the row itself is already gone.
 */
function triggersOf(t: Table): string[] {
  const entry = (row: string) =>
    `INSERT INTO temp.ship_queue (tbl, key, owner) VALUES (${lit(t.name)}, ${keySql(t, row)}, ${t.ownerSql(row)})`;
  const name = (what: string) => q(`ship_${t.name}_${what}`);
  const on = `main.${q(t.name)}`;
  return [
    `DROP TRIGGER IF EXISTS temp.${name('insert')}`,
    `CREATE TEMP TRIGGER ${name('insert')} AFTER INSERT ON ${on} BEGIN ${entry('NEW')}; END`,
    `DROP TRIGGER IF EXISTS temp.${name('update')}`,
    // A key that changed leaves its old key to delete as well.
    `CREATE TEMP TRIGGER ${name('update')} AFTER UPDATE ON ${on} BEGIN ${entry('NEW')};
       INSERT INTO temp.ship_queue (tbl, key, owner)
         SELECT ${lit(t.name)}, ${keySql(t, 'OLD')}, ${t.ownerSql('OLD')}
         WHERE ${keySql(t, 'OLD')} IS NOT ${keySql(t, 'NEW')}; END`,
    `DROP TRIGGER IF EXISTS temp.${name('delete')}`,
    `CREATE TEMP TRIGGER ${name('delete')} BEFORE DELETE ON ${on} BEGIN ${entry('OLD')}; END`,
  ];
}

function counterOf(key: string): number {
  return Number((JSON.parse(key) as unknown[])[1]);
}

function encodeRow(t: Table, row: Record<string, unknown>): RecordRow {
  const out: RecordRow = {};
  for (const c of t.columns) {
    const v = row[c.name];
    if (v instanceof Uint8Array) out[c.name] = Buffer.from(v).toString('base64');
    else if (typeof v === 'string' && v.includes('\u0000')) {
      out[c.name] = { text64: Buffer.from(v, 'utf8').toString('base64') } satisfies Text64;
    } else if (typeof v === 'bigint') out[c.name] = Number(v);
    else out[c.name] = v ?? null;
  }
  return out;
}

function decodeValue(c: Column, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (c.blob && typeof v === 'string') return Buffer.from(v, 'base64');
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'object') {
    const text64 = (v as Partial<Text64>).text64;
    if (typeof text64 === 'string') return Buffer.from(text64, 'base64').toString('utf8');
    return JSON.stringify(v);
  }
  return v;
}

/**
 * Folds a workshop's doc log into one snapshot (decision 5): PostgreSQL then holds no update
 * rows of it, and the new owner's log starts from that snapshot. Replayed into a Y.Doc and
 * encoded, as Room.compact does: Y.mergeUpdates over a long log of small updates was measured
 * pathologically slow (docs STACK: 100k updates, ~10 minutes; a replay took 2 s). A log Yjs
 * cannot read is left as it is (its rows re-keyed like any counter table's): the room's own
 * load decides what to do with it, and nothing is thrown away here.
 */
function foldDoc(
  owner: string,
  byTable: Map<string, { key: string; row: RecordRow }[]>,
): { snapshot: { key: string; row: RecordRow }; updateKeys: string[] } | null {
  const updates = byTable.get('yjs_updates') ?? [];
  if (updates.length === 0) return null;
  const snapshotRow = byTable.get('yjs_snapshots')?.[0];
  const bytes = (v: unknown) => Buffer.from(typeof v === 'string' ? v : '', 'base64');
  const ordered = [...updates].sort((a, b) => counterOf(a.key) - counterOf(b.key));
  let state: Uint8Array;
  try {
    const doc = new Y.Doc();
    doc.transact(() => {
      if (snapshotRow) Y.applyUpdate(doc, bytes(snapshotRow.row.state));
      for (const u of ordered) Y.applyUpdate(doc, bytes(u.row.data));
    });
    state = Y.encodeStateAsUpdate(doc);
    doc.destroy();
  } catch {
    return null;
  }
  return {
    snapshot: {
      key: recordKey([owner]),
      row: {
        ...(snapshotRow?.row ?? {}),
        workshop_id: owner,
        state: Buffer.from(state).toString('base64'),
        updated_at: new Date().toISOString(),
      },
    },
    updateKeys: updates.map((u) => u.key),
  };
}
