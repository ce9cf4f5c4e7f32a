import type pg from 'pg';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  type Migration,
  MigrationError,
  migrate,
  migrations,
} from '../../server/src/store/pg/migrate.ts';
import { postgresUrl, type ScratchDatabase, scratchDatabase } from '../helpers/postgres.ts';

// Migrations (issue 17): several nodes start at once in a rolling upgrade, and each migration
// must be applied exactly once whichever of them gets there first.

const url = postgresUrl('pgMigrate.test.ts');

// Each step has a side effect that shows a second run: 1 and 3 fail if run twice (the tables
// exist), 2 leaves a second row.
const probes: Migration[] = [
  { id: 1, name: 'probe table', sql: 'CREATE TABLE probe (n integer NOT NULL)' },
  { id: 2, name: 'probe row', sql: 'INSERT INTO probe (n) VALUES (1)' },
  { id: 3, name: 'probe once', sql: 'CREATE TABLE probe_once (n integer)' },
];

describe.skipIf(!url)('PostgreSQL migrations', () => {
  let db: ScratchDatabase;
  let observer: pg.Pool;
  beforeEach(async () => {
    db = await scratchDatabase(url ?? '');
    observer = db.pool(1);
  });
  afterEach(async () => {
    await db.drop();
  });

  async function count(sql: string): Promise<number> {
    const { rows } = await observer.query<{ n: string }>(sql);
    return Number(rows[0]?.n);
  }

  test('three nodes migrating at once apply each migration exactly once (ten rounds)', async () => {
    for (let round = 0; round < 10; round++) {
      const fresh = await scratchDatabase(url ?? '');
      try {
        const nodes = [fresh.pool(2), fresh.pool(2), fresh.pool(2)];
        const reports = await Promise.all(nodes.map((pool) => migrate(pool, probes)));
        // Between them, every id applied once; whoever came later found them all done.
        expect(reports.flatMap((r) => r.applied).sort()).toEqual([1, 2, 3]);
        for (const r of reports) {
          expect([...r.applied, ...r.alreadyApplied].sort()).toEqual([1, 2, 3]);
        }
        const { rows } = await fresh
          .pool(1)
          .query<{ m: string; p: string }>(
            'SELECT (SELECT count(*) FROM schema_migrations) AS m, (SELECT count(*) FROM probe) AS p',
          );
        expect(rows[0]).toEqual({ m: '3', p: '1' });
      } finally {
        await fresh.drop();
      }
    }
  });

  test("the server's own migrations, from three nodes at once, then again: applied once", async () => {
    const nodes = [db.pool(2), db.pool(2), db.pool(2)];
    const first = await Promise.all(nodes.map((pool) => migrate(pool)));
    expect(first.flatMap((r) => r.applied).sort()).toEqual(migrations.map((m) => m.id));
    const again = await Promise.all(nodes.map((pool) => migrate(pool)));
    expect(again.flatMap((r) => r.applied)).toEqual([]);
    expect(await count('SELECT count(*) AS n FROM schema_migrations')).toBe(migrations.length);
    expect(
      await count("SELECT count(*) AS n FROM pg_tables WHERE tablename = 'workshop_leases'"),
    ).toBe(1);
  });

  test('an older node (knowing fewer migrations) runs on against a newer schema', async () => {
    await migrate(db.pool(1), probes);
    const older = await migrate(db.pool(1), probes.slice(0, 2));
    expect(older).toEqual({ applied: [], alreadyApplied: [1, 2], unknown: [3] });
  });

  test('a newer node applies only what is new', async () => {
    await migrate(db.pool(1), probes.slice(0, 2));
    const newer = await migrate(db.pool(1), probes);
    expect(newer).toEqual({ applied: [3], alreadyApplied: [1, 2], unknown: [] });
    expect(await count('SELECT count(*) AS n FROM probe')).toBe(1);
  });

  test('an edited history (another name under an applied id) is refused and applies nothing', async () => {
    await migrate(db.pool(1), probes.slice(0, 1));
    const edited: Migration[] = [
      { ...probes[0], name: 'renamed' } as Migration,
      ...probes.slice(1),
    ];
    await expect(migrate(db.pool(1), edited)).rejects.toBeInstanceOf(MigrationError);
    expect(await count('SELECT count(*) AS n FROM schema_migrations')).toBe(1);
    expect(await count('SELECT count(*) AS n FROM probe')).toBe(0);
  });

  test('a failing migration is rolled back with its record, and the lock is released', async () => {
    const failing: Migration[] = [
      ...probes.slice(0, 2),
      { id: 3, name: 'broken', sql: 'INSERT INTO probe (n) VALUES (2); SELECT no_such_function()' },
    ];
    await expect(migrate(db.pool(1), failing)).rejects.toThrow(/migration 3 \(broken\) failed/);
    expect(await count('SELECT count(*) AS n FROM schema_migrations')).toBe(2);
    expect(await count('SELECT count(*) AS n FROM probe')).toBe(1);
    // The advisory lock went with the failure: the next node migrates at once.
    const fixed = await migrate(db.pool(1), probes);
    expect(fixed.applied).toEqual([3]);
  });

  test('a list out of order, with a duplicate id or an empty step is refused before any SQL', async () => {
    const bad: Migration[][] = [
      [probes[1], probes[0]] as Migration[],
      [probes[0], probes[0]] as Migration[],
      [{ id: 0, name: 'zero', sql: 'SELECT 1' }],
      [{ id: 1, name: ' ', sql: 'SELECT 1' }],
      [{ id: 1, name: 'empty', sql: '' }],
    ];
    for (const list of bad)
      await expect(migrate(db.pool(1), list)).rejects.toBeInstanceOf(MigrationError);
    expect(
      await count("SELECT count(*) AS n FROM pg_tables WHERE tablename = 'schema_migrations'"),
    ).toBe(0);
  });
});
