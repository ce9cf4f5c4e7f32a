import type { Db } from '../db.ts';
import type { BriefRecords, NameDecisionRow, RedactionRow } from '../records.ts';
import { jsonColumn } from './rows.ts';

/**
 * The brief's private rows (issue 14), over one SQLite connection. Read rarely (by the name
 * check and imports): statements are prepared on use.
 */
export function sqliteBriefRecords(db: Db): BriefRecords {
  return {
    insertRedaction(r) {
      db.prepare(`INSERT INTO name_redactions (id, workshop_id, created_at, count, locations, data)
        VALUES (?, ?, ?, ?, ?, ?)`).run(r.id, r.workshopId, r.at, r.count, r.locations, r.data);
    },

    redactions(workshopId) {
      return db
        .prepare(`SELECT id, created_at AS at, count, undone_at AS undoneAt FROM name_redactions
        WHERE workshop_id = ? ORDER BY created_at DESC, rowid DESC`)
        .all(workshopId) as RedactionRow[];
    },

    redactionData(workshopId, id) {
      return db
        .prepare(`SELECT locations, data FROM name_redactions WHERE workshop_id = ? AND id = ?
        AND undone_at IS NULL`)
        .get(workshopId, id) as { locations: string; data: string } | undefined;
    },

    markRedactionUndone(workshopId, id, at) {
      db.prepare(`UPDATE name_redactions SET undone_at = ?, locations = '[]', data = '[]'
        WHERE workshop_id = ? AND id = ?`).run(at, workshopId, id);
    },

    // Read by the name check, shown to the facilitator and rapporteur; never in the doc, never
    // exported, erased by purging names.
    participantList(workshopId) {
      const r = db
        .prepare('SELECT participant_list AS list FROM workshops WHERE id = ?')
        .get(workshopId) as { list: string | null } | undefined;
      const list = jsonColumn(r?.list ?? null);
      return Array.isArray(list) ? list.filter((n): n is string => typeof n === 'string') : [];
    },

    setParticipantList(workshopId, names) {
      db.prepare('UPDATE workshops SET participant_list = ? WHERE id = ?').run(
        names.length > 0 ? JSON.stringify(names) : null,
        workshopId,
      );
    },

    insertNameDecision(d) {
      return (
        db
          .prepare(`INSERT INTO name_decisions (id, workshop_id, key, kind, place, match, decided_at)
          VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(workshop_id, key) DO NOTHING`)
          .run(d.id, d.workshopId, d.key, d.kind, d.where, d.match, d.at).changes > 0
      );
    },

    nameDecisions(workshopId) {
      return db
        .prepare(`SELECT id, key, kind, place AS "where", match, decided_at AS at FROM name_decisions
        WHERE workshop_id = ? ORDER BY decided_at, rowid`)
        .all(workshopId) as NameDecisionRow[];
    },

    deleteNameDecision(workshopId, id) {
      return (
        db
          .prepare('DELETE FROM name_decisions WHERE workshop_id = ? AND id = ?')
          .run(workshopId, id).changes > 0
      );
    },
  };
}
