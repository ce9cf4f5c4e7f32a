import type { Pool, PoolClient } from 'pg';

// PostgreSQL's schema, as numbered migrations (issue 17). Several nodes start at once in a
// rolling upgrade, so migrating is serialised by a session advisory lock on a fixed key and each
// migration is recorded in schema_migrations in the same transaction as its change: every
// migration is applied exactly once, whichever node gets there first. The list is append-only and
// each step additive (new tables, columns with defaults, indexes): a node still running the
// previous release keeps working against the newer schema, so nothing here ever drops, renames
// or rewrites what an older node reads or writes.

/** One step of the schema: its number, a name that never changes, and what it runs. */
export interface Migration {
  /** 1, 2, 3, … in order; never reused or renumbered. */
  readonly id: number;
  /** Recorded beside the id; a different name under an applied id means history was edited. */
  readonly name: string;
  /** SQL run in the migration's transaction (several statements allowed). */
  readonly sql: string;
}

/** "Convene" in ASCII: the advisory lock key that every node's migrator takes. */
export const MIGRATION_LOCK_KEY = 0x436f6e76656e65n;

/** The schema of issue 17, in order. Append only. */
export const migrations: readonly Migration[] = [
  {
    id: 1,
    name: 'workshop_leases',
    // A workshop's owning node. The epoch only grows (a release keeps the row and ends the
    // lease by its expiry), so a (node, epoch) pair names one holding and can fence writes.
    sql: `CREATE TABLE workshop_leases (
      workshop_id text PRIMARY KEY,
      node_id text NOT NULL,
      epoch bigint NOT NULL CHECK (epoch > 0),
      expires_at timestamptz NOT NULL
    )`,
  },
  {
    id: 2,
    name: 'records',
    // Every row of the record, as JSON, keyed like SQLite (shipping.ts): SQLite's migrations
    // stay the one definition of a row. A row is merged on write (`row || new`), never
    // replaced, so a node that does not know a newer column neither drops nor overwrites it.
    // `key` is the JSON array of the row's primary key (see shipping.ts `recordKey`); `owner`
    // the workshop or series whose lease the row is written under. The indexes: a load reads
    // an owner's rows (by_owner), a join code is looked up across workshops (join_code).
    sql: `CREATE TABLE records (
      tbl text NOT NULL,
      key text NOT NULL,
      owner text NOT NULL,
      row jsonb NOT NULL,
      PRIMARY KEY (tbl, key)
    );
    CREATE INDEX records_by_owner ON records (owner, tbl);
    CREATE INDEX records_join_code ON records ((row->>'join_code')) WHERE tbl = 'workshops'`,
  },
  {
    id: 3,
    name: 'unique_join_codes_and_series_names',
    // Join codes and series names are unique in each node's SQLite, which sees only its own
    // workshops: across the cluster PostgreSQL is the one place that can say "taken". A
    // creation that collides is refused at its ship (cluster/clusterNode.ts), never stored twice.
    sql: `CREATE UNIQUE INDEX records_join_code_unique ON records ((row->>'join_code'))
      WHERE tbl = 'workshops';
    CREATE UNIQUE INDEX records_series_name_unique ON records ((row->>'name_key'))
      WHERE tbl = 'series'`,
  },
  {
    id: 4,
    name: 'workshop_wanted',
    // A node the proxy sends a workshop's requests to, which another node holds (it took the
    // workshop over while this one was away): the holder reads this at its next renewal and
    // hands the workshop over (cluster/ownership.ts). A hint, never a lock: a stale row only
    // costs one handover, and a missing one a wait until the holder lets the workshop go idle.
    sql: `CREATE TABLE workshop_wanted (
      workshop_id text PRIMARY KEY,
      node_id text NOT NULL,
      at timestamptz NOT NULL
    )`,
  },
];

/** The list or the database's record of it is not what an append-only history allows. */
export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

/** What one call to `migrate` found and did. */
export interface MigrationReport {
  /** Ids applied by this call, in order. */
  readonly applied: readonly number[];
  /** Ids already recorded by an earlier call (of this node or another). */
  readonly alreadyApplied: readonly number[];
  /** Ids recorded by a newer node that this node does not know: it runs on, as the old node of a rolling upgrade. */
  readonly unknown: readonly number[];
}

/** Apply the migrations that are not yet recorded, once, under the advisory lock. */
export async function migrate(
  pool: Pool,
  list: readonly Migration[] = migrations,
): Promise<MigrationReport> {
  checkList(list);
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    // Session-level: held across the per-migration transactions below, and released by
    // PostgreSQL itself if this connection dies half way.
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
    try {
      return await applyPending(client, list);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY.toString()]);
    }
  } catch (err) {
    broken = err instanceof Error ? err : new Error(String(err));
    throw err;
  } finally {
    // A connection that failed is thrown away rather than returned with a lock or a
    // transaction still open on it.
    client.release(broken);
  }
}

async function applyPending(
  client: PoolClient,
  list: readonly Migration[],
): Promise<MigrationReport> {
  await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id integer PRIMARY KEY,
    name text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  const { rows } = await client.query<{ id: number; name: string }>(
    'SELECT id, name FROM schema_migrations ORDER BY id',
  );
  const recorded = new Map(rows.map((r) => [r.id, r.name]));
  const known = new Set(list.map((m) => m.id));
  for (const m of list) {
    const name = recorded.get(m.id);
    if (name !== undefined && name !== m.name) {
      throw new MigrationError(
        `migration ${m.id} is recorded as '${name}' but this node calls it '${m.name}': migrations are append-only`,
      );
    }
  }
  const applied: number[] = [];
  const alreadyApplied: number[] = [];
  for (const m of list) {
    if (recorded.has(m.id)) {
      alreadyApplied.push(m.id);
      continue;
    }
    await client.query('BEGIN');
    try {
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migrations (id, name) VALUES ($1, $2)', [
        m.id,
        m.name,
      ]);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK');
      const why = err instanceof Error ? err.message : String(err);
      throw new MigrationError(`migration ${m.id} (${m.name}) failed: ${why}`);
    }
    applied.push(m.id);
  }
  const unknown = [...recorded.keys()].filter((id) => !known.has(id));
  return { applied, alreadyApplied, unknown };
}

function checkList(list: readonly Migration[]): void {
  let previous = 0;
  for (const m of list) {
    if (!Number.isSafeInteger(m.id) || m.id <= previous) {
      throw new MigrationError(
        `migration ids must be positive integers in increasing order (got ${m.id} after ${previous})`,
      );
    }
    if (typeof m.name !== 'string' || m.name.trim() === '') {
      throw new MigrationError(`migration ${m.id} has no name`);
    }
    if (typeof m.sql !== 'string' || m.sql.trim() === '') {
      throw new MigrationError(`migration ${m.id} (${m.name}) has no SQL`);
    }
    previous = m.id;
  }
}
