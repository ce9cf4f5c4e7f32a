import {
  type ActorGroupConfig,
  ActorGroupsSchema,
  type LensConfig,
  readLensConfig,
} from '@convene/shared';
import type { Db } from './db.ts';

/**
 * Series of workshops (migration 3). Kept apart from `Store` because nothing in the
 * facilitation loop needs it: the brief routes and workshop creation do. A series is opened by
 * its own capability tokens, stored as SHA-256 hashes like role tokens.
 */

export interface SeriesRow {
  id: string;
  name: string;
  description: string | null;
  createdAt: string;
}

/** One series per name: trimmed and ASCII lower-cased, exactly as SQLite's lower() does. */
export function seriesNameKey(name: string): string {
  return name.trim().replace(/[A-Z]/g, (c) => c.toLowerCase());
}

const COLUMNS = 'id, name, description, created_at AS createdAt';

export class SeriesStore {
  private readonly s;

  constructor(readonly db: Db) {
    this.s = {
      insert: db.prepare(`INSERT INTO series (id, name, name_key, description, created_at)
        VALUES (?, ?, ?, ?, ?)`),
      byId: db.prepare(`SELECT ${COLUMNS} FROM series WHERE id = ?`),
      byKey: db.prepare(`SELECT ${COLUMNS} FROM series WHERE name_key = ?`),
      insertToken: db.prepare(
        'INSERT INTO series_tokens (hash, series_id, created_at) VALUES (?, ?, ?)',
      ),
      tokenSeries: db.prepare('SELECT series_id AS seriesId FROM series_tokens WHERE hash = ?'),
      hasTokens: db.prepare('SELECT 1 FROM series_tokens WHERE series_id = ? LIMIT 1'),
      workshops: db.prepare(`SELECT id FROM workshops WHERE series_id = ?
        ORDER BY COALESCE(date, '9999-12-31'), created_at`),
      seriesOfWorkshop: db.prepare('SELECT series_id AS seriesId FROM workshops WHERE id = ?'),
      attach: db.prepare('UPDATE workshops SET series_id = ?, series = ? WHERE id = ?'),
    };
  }

  insert(row: SeriesRow): void {
    this.s.insert.run(row.id, row.name, seriesNameKey(row.name), row.description, row.createdAt);
  }

  byId(id: string): SeriesRow | undefined {
    return this.s.byId.get(id) as SeriesRow | undefined;
  }

  byName(name: string): SeriesRow | undefined {
    return this.s.byKey.get(seriesNameKey(name)) as SeriesRow | undefined;
  }

  insertToken(hash: string, seriesId: string, createdAt: string): void {
    this.s.insertToken.run(hash, seriesId, createdAt);
  }

  /** The series a token hash opens, if any. */
  seriesOfToken(hash: string): string | undefined {
    return (this.s.tokenSeries.get(hash) as { seriesId: string } | undefined)?.seriesId;
  }

  hasTokens(seriesId: string): boolean {
    return this.s.hasTokens.get(seriesId) !== undefined;
  }

  /** Workshop ids of a series, by date. */
  workshopIds(seriesId: string): string[] {
    return (this.s.workshops.all(seriesId) as { id: string }[]).map((r) => r.id);
  }

  seriesOfWorkshop(workshopId: string): string | null {
    return (
      (this.s.seriesOfWorkshop.get(workshopId) as { seriesId: string | null } | undefined)
        ?.seriesId ?? null
    );
  }

  // ---- Lenses (issue 13; read when a workshop is created in the series: prepared on use). ----

  /** The lenses the series' new workshops get; null: none set (the defaults). */
  lenses(seriesId: string): LensConfig | null {
    const r = this.db.prepare('SELECT lenses FROM series WHERE id = ?').get(seriesId) as
      | { lenses: string | null }
      | undefined;
    return r?.lenses ? readLensConfig(JSON.parse(r.lenses)) : null;
  }

  setLenses(seriesId: string, lenses: LensConfig | null): void {
    this.db
      .prepare('UPDATE series SET lenses = ? WHERE id = ?')
      .run(lenses ? JSON.stringify(lenses) : null, seriesId);
  }

  // ---- Actor groups (issue 14, item 6; read with the workshop's row: store.ts). ----

  setActorGroups(seriesId: string, groups: ActorGroupConfig[] | null): void {
    this.db
      .prepare('UPDATE series SET actor_groups = ? WHERE id = ?')
      .run(groups ? JSON.stringify(groups) : null, seriesId);
  }

  /** Puts a workshop in a series (its `series` label follows), or takes it out (null). */
  attach(workshopId: string, series: SeriesRow | null): void {
    this.s.attach.run(series?.id ?? null, series?.name ?? null, workshopId);
  }
}

const instances = new WeakMap<Db, SeriesStore>();

/** One SeriesStore per database (statements prepared once). */
export function seriesStoreFor(db: Db): SeriesStore {
  let s = instances.get(db);
  if (!s) {
    s = new SeriesStore(db);
    instances.set(db, s);
  }
  return s;
}

/** A series' actor groups as stored; anything but a valid list reads as none (the defaults). */
export function readActorGroups(raw: string | null | undefined): ActorGroupConfig[] | null {
  if (!raw) return null;
  try {
    const parsed = ActorGroupsSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
