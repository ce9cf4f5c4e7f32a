import {
  type ActorGroupConfig,
  ActorGroupsSchema,
  LANGS,
  type Lang,
  type LensConfig,
  type PlanChange,
  type PlanChangeKind,
  readLensConfig,
  type TopicStatus,
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

  // ---- The plan (issue 15, plan slice): settings, topics and their history. ----------------
  // Prepared on use like the lenses above: only the series page and its routes read these.

  /** The series' co-organisers, in order (empty: none given). */
  organisers(seriesId: string): string[] {
    const r = this.db.prepare('SELECT organisers FROM series WHERE id = ?').get(seriesId) as
      | { organisers: string | null }
      | undefined;
    return readStringList(r?.organisers);
  }

  setOrganisers(seriesId: string, organisers: string[]): void {
    this.db
      .prepare('UPDATE series SET organisers = ? WHERE id = ?')
      .run(organisers.length ? JSON.stringify(organisers) : null, seriesId);
  }

  /**
   * The series' language: the one set, else the language most of its workshops use (ties: the
   * earlier in LANGS), else English.
   */
  language(seriesId: string): Lang {
    const r = this.db.prepare('SELECT language FROM series WHERE id = ?').get(seriesId) as
      | { language: string | null }
      | undefined;
    const set = LANGS.find((l) => l === r?.language);
    if (set) return set;
    const counts = this.db
      .prepare(
        'SELECT language, COUNT(*) AS n FROM workshops WHERE series_id = ? GROUP BY language',
      )
      .all(seriesId) as { language: string; n: number }[];
    let best: Lang = 'en';
    let most = 0;
    for (const l of LANGS) {
      const n = counts.find((c) => c.language === l)?.n ?? 0;
      if (n > most) {
        best = l;
        most = n;
      }
    }
    return best;
  }

  setLanguage(seriesId: string, language: Lang | null): void {
    this.db.prepare('UPDATE series SET language = ? WHERE id = ?').run(language, seriesId);
  }

  /** Actor groups as stored (null: the brief's defaults). */
  actorGroups(seriesId: string): ActorGroupConfig[] | null {
    const r = this.db.prepare('SELECT actor_groups FROM series WHERE id = ?').get(seriesId) as
      | { actor_groups: string | null }
      | undefined;
    return readActorGroups(r?.actor_groups);
  }

  setDetails(seriesId: string, name: string, description: string | null): void {
    this.db
      .prepare('UPDATE series SET name = ?, name_key = ?, description = ? WHERE id = ?')
      .run(name, seriesNameKey(name), description, seriesId);
    // Each workshop's `series` label follows the series' name (what its brief prints).
    this.db.prepare('UPDATE workshops SET series = ? WHERE series_id = ?').run(name, seriesId);
  }

  /** The plan's topics in order. */
  topics(seriesId: string): TopicRow[] {
    return (
      this.db
        .prepare(
          `SELECT id, position, title, questions, planned_date AS plannedDate, host, status,
            workshop_id AS workshopId, created_at AS createdAt
          FROM series_topics WHERE series_id = ? ORDER BY position, created_at`,
        )
        .all(seriesId) as (Omit<TopicRow, 'questions'> & { questions: string | null })[]
    ).map((r) => ({ ...r, questions: readStringList(r.questions) }));
  }

  insertTopic(seriesId: string, topic: TopicRow): void {
    this.db
      .prepare(
        `INSERT INTO series_topics (id, series_id, position, title, questions, planned_date,
          host, status, workshop_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        topic.id,
        seriesId,
        topic.position,
        topic.title,
        JSON.stringify(topic.questions),
        topic.plannedDate,
        topic.host,
        topic.status,
        topic.workshopId,
        topic.createdAt,
      );
  }

  /** Writes a topic's fields back (position included). */
  updateTopic(topic: TopicRow): void {
    this.db
      .prepare(
        `UPDATE series_topics SET position = ?, title = ?, questions = ?, planned_date = ?,
          host = ?, status = ?, workshop_id = ? WHERE id = ?`,
      )
      .run(
        topic.position,
        topic.title,
        JSON.stringify(topic.questions),
        topic.plannedDate,
        topic.host,
        topic.status,
        topic.workshopId,
        topic.id,
      );
  }

  /** The topic a workshop was made from (or linked to), if any. */
  topicOfWorkshop(workshopId: string): string | null {
    const r = this.db
      .prepare('SELECT id FROM series_topics WHERE workshop_id = ?')
      .get(workshopId) as { id: string } | undefined;
    return r?.id ?? null;
  }

  recordChange(
    seriesId: string,
    topicId: string,
    at: string,
    change: PlanChangeKind,
    before: string | null,
    after: string | null,
  ): void {
    this.db
      .prepare(
        `INSERT INTO series_plan_history (series_id, topic_id, at, change, before, after)
        VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(seriesId, topicId, at, change, before, after);
  }

  /** The last `limit` changes, oldest first, each with its topic's title at the time. */
  history(seriesId: string, limit: number): Omit<PlanChange, 'topic'>[] {
    return (
      this.db
        .prepare(
          `SELECT seq, at, topic_id AS topicId, change, before, after FROM series_plan_history
          WHERE series_id = ? ORDER BY seq DESC LIMIT ?`,
        )
        .all(seriesId, limit) as Omit<PlanChange, 'topic'>[]
    ).reverse();
  }

  /** Whether a workshop is the series' consolidation session (issue 15, item 2). */
  isConsolidation(workshopId: string): boolean {
    const r = this.db.prepare('SELECT consolidation FROM workshops WHERE id = ?').get(workshopId) as
      | { consolidation: number }
      | undefined;
    return r?.consolidation === 1;
  }

  /** Marks a new workshop as its series' consolidation session (issue 16: the write moved here). */
  markConsolidation(workshopId: string): void {
    this.db.prepare('UPDATE workshops SET consolidation = 1 WHERE id = ?').run(workshopId);
  }

  /** When a workshop's brief was last exported, and the draft it was exported from. */
  lastBriefExport(workshopId: string): { at: string; draftHash: string | null } | null {
    const r = this.db
      .prepare(
        `SELECT at, draft_hash AS draftHash FROM brief_exports WHERE workshop_id = ?
        ORDER BY at DESC LIMIT 1`,
      )
      .get(workshopId) as { at: string; draftHash: string | null } | undefined;
    return r ?? null;
  }

  recordBriefExport(workshopId: string, format: string, at: string, draftHash: string): void {
    this.db
      .prepare(
        'INSERT INTO brief_exports (workshop_id, format, at, draft_hash) VALUES (?, ?, ?, ?)',
      )
      .run(workshopId, format, at, draftHash);
  }

  /** Puts a workshop in a series (its `series` label follows), or takes it out (null). */
  attach(workshopId: string, series: SeriesRow | null): void {
    this.s.attach.run(series?.id ?? null, series?.name ?? null, workshopId);
  }
}

/** One topic of a series' plan, as stored (issue 15). */
export interface TopicRow {
  id: string;
  /** 1-based place in the plan (dropped topics keep theirs). */
  position: number;
  title: string;
  questions: string[];
  plannedDate: string | null;
  /** Set by hand; null: the rotation among co-organisers. */
  host: string | null;
  status: TopicStatus;
  workshopId: string | null;
  createdAt: string;
}

/** A JSON list of strings as stored; anything else reads as empty. */
function readStringList(raw: string | null | undefined): string[] {
  if (!raw) return [];
  try {
    const v: unknown = JSON.parse(raw);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
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
