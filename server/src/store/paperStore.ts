import {
  type ActorGroupConfig,
  type BriefLanguage,
  isLang,
  type PaperPlanTopic,
  type PaperSection,
  TOPIC_STATUSES,
  type TopicStatus,
} from '@convene/shared';
import type { Db } from './db.ts';
import type { NameDecisionRow } from './records.ts';
import { readActorGroups } from './seriesStore.ts';

/**
 * The series' policy paper as co-edited (issue 15, migration 9): one row per section, with
 * the text rapporteurs see, the generation record (`base`) that keep-or-replace regeneration
 * compares with, and a `version` bumped by every write so that two people editing the same
 * section cannot overwrite each other unseen. Also what the paper is built from that lives
 * with the series rather than its workshops: settings, the plan as held, and the paper's own
 * "not a participant's name" decisions. A series has no Y.Doc: every write here is one SQLite
 * transaction, and the route replies with what it wrote.
 */

interface Row {
  key: string;
  position: number;
  title: string;
  base: string | null;
  text: string;
  version: number;
  updatedAt: string;
}

export interface PaperWrite {
  key: string;
  title: string;
  text: string;
  base: string | null;
}

/** A series' "not a participant's name" decision: the same shape as a workshop's. */
export type PaperDecisionRow = NameDecisionRow;

const toSection = (r: Row): PaperSection => ({
  key: r.key,
  title: r.title,
  text: r.text,
  base: r.base,
  edited: r.base !== null && r.text !== r.base,
  version: r.version,
  updatedAt: r.updatedAt,
});

export class PaperStore {
  private readonly s;

  constructor(readonly db: Db) {
    this.s = {
      sections: db.prepare(`SELECT key, position, title, base, text, version,
        updated_at AS updatedAt FROM series_paper WHERE series_id = ? ORDER BY position, key`),
      section: db.prepare(`SELECT key, position, title, base, text, version,
        updated_at AS updatedAt FROM series_paper WHERE series_id = ? AND key = ?`),
      insert: db.prepare(`INSERT INTO series_paper
        (series_id, key, position, title, base, text, version, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, 1, ?)`),
      regenerate: db.prepare(`UPDATE series_paper SET position = ?, title = ?, base = ?, text = ?,
        version = version + 1, updated_at = ? WHERE series_id = ? AND key = ?`),
      move: db.prepare(
        'UPDATE series_paper SET position = ?, title = ? WHERE series_id = ? AND key = ?',
      ),
      remove: db.prepare('DELETE FROM series_paper WHERE series_id = ? AND key = ?'),
      edit: db.prepare(`UPDATE series_paper SET text = ?, version = version + 1, updated_at = ?
        WHERE series_id = ? AND key = ? AND version = ?`),
      settings: db.prepare(
        'SELECT organisers, language, actor_groups AS actorGroups FROM series WHERE id = ?',
      ),
      topics: db.prepare(`SELECT t.title, t.planned_date AS plannedDate, t.host, t.status,
        w.series_number AS seriesNumber, w.date AS heldDate
        FROM series_topics t LEFT JOIN workshops w ON w.id = t.workshop_id
        WHERE t.series_id = ? ORDER BY t.position, t.created_at`),
      consolidation: db.prepare(
        'SELECT id FROM workshops WHERE series_id = ? AND consolidation = 1',
      ),
      languages: db.prepare(
        "SELECT language FROM workshops WHERE series_id = ? AND consolidation = 0 ORDER BY COALESCE(date, '9999-12-31'), created_at",
      ),
      decisions: db.prepare(`SELECT id, key, kind, place AS "where", match, decided_at AS at
        FROM series_name_decisions WHERE series_id = ? ORDER BY decided_at, id`),
      insertDecision: db.prepare(`INSERT OR IGNORE INTO series_name_decisions
        (id, series_id, key, kind, place, match, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?)`),
      removeDecision: db.prepare(
        'DELETE FROM series_name_decisions WHERE series_id = ? AND id = ?',
      ),
    };
  }

  sections(seriesId: string): PaperSection[] {
    return (this.s.sections.all(seriesId) as Row[]).map(toSection);
  }

  section(seriesId: string, key: string): PaperSection | null {
    const r = this.s.section.get(seriesId, key) as Row | undefined;
    return r ? toSection(r) : null;
  }

  /**
   * Writes a regeneration in one transaction: `written` sections get the new text and
   * generation record; every generated section takes its place in the order; sections no
   * longer generated are dropped unless a rapporteur edited them (kept, after the others).
   */
  applyGeneration(
    seriesId: string,
    order: readonly { key: string; title: string }[],
    written: readonly PaperWrite[],
    at: string,
  ): void {
    this.db.transaction(() => {
      const existing = new Map(this.sections(seriesId).map((s) => [s.key, s]));
      const position = new Map(order.map((o, i) => [o.key, i]));
      for (const w of written) {
        const p = position.get(w.key) ?? order.length;
        if (existing.has(w.key))
          this.s.regenerate.run(p, w.title, w.base, w.text, at, seriesId, w.key);
        else this.s.insert.run(seriesId, w.key, p, w.title, w.base, w.text, at);
      }
      const writtenKeys = new Set(written.map((w) => w.key));
      for (const o of order) {
        if (existing.has(o.key) && !writtenKeys.has(o.key)) {
          this.s.move.run(position.get(o.key), o.title, seriesId, o.key);
        }
      }
      let after = order.length;
      for (const [key, s] of existing) {
        if (position.has(key)) continue;
        if (s.edited) this.s.move.run(after++, s.title, seriesId, key);
        else this.s.remove.run(seriesId, key);
      }
    })();
  }

  /** A rapporteur's edit, applied only if the section is still at `version`. */
  edit(
    seriesId: string,
    key: string,
    text: string,
    version: number,
    at: string,
  ): { ok: true; section: PaperSection } | { ok: false; current: PaperSection | null } {
    return this.db.transaction(() => {
      const done = this.s.edit.run(text, at, seriesId, key, version);
      const current = this.section(seriesId, key);
      if (done.changes === 1 && current) return { ok: true as const, section: current };
      return { ok: false as const, current };
    })();
  }

  /** The series' settings the paper is written with. */
  settings(seriesId: string): {
    organisers: string[];
    language: BriefLanguage;
    actorGroups: ActorGroupConfig[] | null;
  } {
    const r = this.s.settings.get(seriesId) as
      | { organisers: string | null; language: string | null; actorGroups: string | null }
      | undefined;
    let organisers: string[] = [];
    try {
      const parsed: unknown = r?.organisers ? JSON.parse(r.organisers) : [];
      if (Array.isArray(parsed))
        organisers = parsed.filter((o): o is string => typeof o === 'string');
    } catch {
      organisers = [];
    }
    return {
      organisers,
      language: isLang(r?.language) ? r.language : this.majorityLanguage(seriesId),
      actorGroups: readActorGroups(r?.actorGroups),
    };
  }

  /** Without a language set: the one most of the series' workshops use (the earliest's on a tie). */
  private majorityLanguage(seriesId: string): BriefLanguage {
    const langs = (this.s.languages.all(seriesId) as { language: string | null }[]).map((r) =>
      isLang(r.language) ? r.language : 'en',
    );
    const counts = new Map<BriefLanguage, number>();
    for (const l of langs) counts.set(l, (counts.get(l) ?? 0) + 1);
    let best: BriefLanguage = langs[0] ?? 'en';
    for (const [l, n] of counts) if (n > (counts.get(best) ?? 0)) best = l;
    return best;
  }

  /**
   * The plan as held, read from `series_topics` (the plan's own routes write it): numbered
   * among the topics not dropped, a topic whose workshop has a number keeping that number.
   */
  plan(seriesId: string): PaperPlanTopic[] {
    const rows = this.s.topics.all(seriesId) as {
      title: string;
      plannedDate: string | null;
      host: string | null;
      status: string;
      seriesNumber: number | null;
      heldDate: string | null;
    }[];
    // A topic without a host set takes its turn in the rotation among the co-organisers.
    const { organisers } = this.settings(seriesId);
    let n = 0;
    return rows.map((r) => {
      const status: TopicStatus = (TOPIC_STATUSES as readonly string[]).includes(r.status)
        ? (r.status as TopicStatus)
        : 'planned';
      const number = status === 'dropped' ? null : (r.seriesNumber ?? ++n);
      if (status !== 'dropped' && r.seriesNumber !== null) n = Math.max(n, r.seriesNumber);
      return {
        number,
        title: r.title,
        plannedDate: r.plannedDate,
        host:
          r.host ??
          (number !== null && organisers.length > 0
            ? (organisers[(number - 1) % organisers.length] ?? null)
            : null),
        status,
        heldDate: r.heldDate,
      };
    });
  }

  consolidationIds(seriesId: string): string[] {
    return (this.s.consolidation.all(seriesId) as { id: string }[]).map((r) => r.id);
  }

  decisions(seriesId: string): PaperDecisionRow[] {
    return this.s.decisions.all(seriesId) as PaperDecisionRow[];
  }

  insertDecision(seriesId: string, d: PaperDecisionRow): boolean {
    return (
      this.s.insertDecision.run(d.id, seriesId, d.key, d.kind, d.where, d.match, d.at).changes === 1
    );
  }

  removeDecision(seriesId: string, id: string): boolean {
    return this.s.removeDecision.run(seriesId, id).changes === 1;
  }
}

const instances = new WeakMap<Db, PaperStore>();

/** One PaperStore per database (statements prepared once). */
export function paperStoreFor(db: Db): PaperStore {
  let s = instances.get(db);
  if (!s) {
    s = new PaperStore(db);
    instances.set(db, s);
  }
  return s;
}
