import { describe, expect, test } from 'vitest';
import { migrations } from '../../server/src/store/pg/migrate.ts';

// PostgreSQL's migrations stay additive (issue 17): in a rolling upgrade the nodes of the
// previous release keep running against the schema a newer node just migrated, so no step may
// remove, rename or retype what they use. A reviewer's rule, checked here on the text.
const destructive = /\b(DROP|RENAME|TRUNCATE)\b|\bALTER\s+COLUMN\b[^;]*\bTYPE\b/i;

describe('PostgreSQL migrations, as shipped', () => {
  test('are numbered 1, 2, 3, … with names of their own', () => {
    expect(migrations.map((m) => m.id)).toEqual(migrations.map((_, i) => i + 1));
    expect(new Set(migrations.map((m) => m.name)).size).toBe(migrations.length);
  });

  test.each(migrations.map((m) => [m.id, m.name, m.sql] as const))(
    'migration %i (%s) only adds',
    (_id, _name, sql) => {
      expect(sql).not.toMatch(destructive);
    },
  );

  test('the check would see a destructive step', () => {
    for (const sql of [
      'DROP TABLE workshop_leases',
      'ALTER TABLE workshop_leases DROP COLUMN epoch',
      'ALTER TABLE workshop_leases RENAME COLUMN epoch TO generation',
      'ALTER TABLE workshop_leases ALTER COLUMN epoch TYPE integer',
      'TRUNCATE workshop_leases',
    ]) {
      expect(sql).toMatch(destructive);
    }
    expect('ALTER TABLE workshop_leases ADD COLUMN drained_at timestamptz').not.toMatch(
      destructive,
    );
  });
});
