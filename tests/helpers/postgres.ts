import crypto from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

// What a PostgreSQL test file uses (issue 17): the run's PostgreSQL (tests/helpers/postgresSetup.ts
// starts it), a database of its own per test so files and tests running at once never see each
// other's tables, and pools that are all closed at the end.

/**
 * The run's PostgreSQL URL, or null after printing why there is none; a file guards its suite
 * with `describe.skipIf(!postgresUrl(...))`, so the skip is never silent.
 */
export function postgresUrl(file: string): string | null {
  const target = inject('postgres');
  if (target.url) return target.url;
  console.warn(`${file}: skipped, no PostgreSQL: ${target.reason}`);
  return null;
}

/** A fresh, empty database for one test, and pools on it that `drop()` closes before dropping it. */
export interface ScratchDatabase {
  readonly url: string;
  /** A new pool on this database; `max` defaults to 4. */
  pool(max?: number): pg.Pool;
  drop(): Promise<void>;
}

export async function scratchDatabase(baseUrl: string): Promise<ScratchDatabase> {
  const name = `convene_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const pools: pg.Pool[] = [];
  return {
    url: url.toString(),
    pool(max = 4) {
      const pool = new pg.Pool({ connectionString: url.toString(), max });
      pools.push(pool);
      return pool;
    },
    async drop() {
      await Promise.all(pools.map((p) => p.end()));
      const dropper = new pg.Client({ connectionString: baseUrl });
      await dropper.connect();
      try {
        // Without FORCE: the pools' sessions are closing, and PostgreSQL waits (up to 5 s) for
        // them to go; FORCE would cut them while their clients still listen, an uncaught error.
        await dropper.query(`DROP DATABASE IF EXISTS ${name}`);
      } finally {
        await dropper.end();
      }
    },
  };
}
