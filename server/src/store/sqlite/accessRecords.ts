import type { Db } from '../db.ts';
import type { AccessRecords, TokenRow } from '../records.ts';

/**
 * Participants and tokens, over one SQLite connection. Revocation and purging are rare and
 * facilitator-initiated: their statements are prepared on use. `transaction` is the composed
 * store's, so that purging names joins a caller's transaction.
 */
export function sqliteAccessRecords(db: Db, transaction: <T>(fn: () => T) => T): AccessRecords {
  const s = {
    insertParticipant: db.prepare(
      'INSERT INTO participants (id, workshop_id, name, created_at) VALUES (?, ?, ?, ?)',
    ),
    insertToken:
      db.prepare(`INSERT INTO tokens (hash, workshop_id, role, participant_id, created_at)
        VALUES (?, ?, ?, ?, ?)`),
    tokenByHash: db.prepare(`SELECT hash, workshop_id AS workshopId, role,
        participant_id AS participantId FROM tokens WHERE hash = ? AND revoked_at IS NULL`),
  };

  return {
    insertParticipant(id, workshopId, name, createdAt) {
      s.insertParticipant.run(id, workshopId, name, createdAt);
    },

    participantCount(workshopId) {
      const r = db
        .prepare('SELECT COUNT(*) AS n FROM participants WHERE workshop_id = ?')
        .get(workshopId) as { n: number };
      return r.n;
    },

    isParticipantOf(workshopId, participantId) {
      return (
        db
          .prepare('SELECT 1 FROM participants WHERE id = ? AND workshop_id = ?')
          .get(participantId, workshopId) !== undefined
      );
    },

    // Used only by the name check before export, which shows them to the rapporteur at that
    // moment; never stored elsewhere.
    participantNames(workshopId) {
      return (
        db
          .prepare(
            "SELECT name FROM participants WHERE workshop_id = ? AND name IS NOT NULL AND name != ''",
          )
          .all(workshopId) as { name: string }[]
      ).map((r) => r.name);
    },

    insertToken(t, createdAt) {
      s.insertToken.run(t.hash, t.workshopId, t.role, t.participantId, createdAt);
    },

    tokenByHash(hash) {
      return s.tokenByHash.get(hash) as TokenRow | undefined;
    },

    revokeParticipantTokens(workshopId, participantId, at) {
      return db
        .prepare(`UPDATE tokens SET revoked_at = ? WHERE workshop_id = ? AND participant_id = ?
        AND revoked_at IS NULL`)
        .run(at, workshopId, participantId).changes;
    },

    liveTokenCount(workshopId, role) {
      const r = db
        .prepare(
          'SELECT COUNT(*) AS n FROM tokens WHERE workshop_id = ? AND role = ? AND revoked_at IS NULL',
        )
        .get(workshopId, role) as { n: number };
      return r.n;
    },

    revokeRoleTokens(workshopId, role, at) {
      return db
        .prepare(`UPDATE tokens SET revoked_at = ? WHERE workshop_id = ? AND role = ?
        AND revoked_at IS NULL`)
        .run(at, workshopId, role).changes;
    },

    // The originals kept to undo name replacements go too: they are those names in context.
    purgeNames(workshopId) {
      return transaction(() => {
        db.prepare('DELETE FROM name_redactions WHERE workshop_id = ?').run(workshopId);
        // The organiser's list of expected names goes with the names given at join (issue 14).
        db.prepare('UPDATE workshops SET participant_list = NULL WHERE id = ?').run(workshopId);
        return db
          .prepare('UPDATE participants SET name = NULL WHERE workshop_id = ? AND name IS NOT NULL')
          .run(workshopId).changes;
      });
    },
  };
}
