import type { Statement } from 'better-sqlite3';
import type { Db } from '../db.ts';
import type { IdeaRecords } from '../records.ts';
import { IDEA_COLUMNS, originsColumn, type RawIdea, tagColumns, toIdea } from './rows.ts';

/** Ideas and their arrival counter (kept on the workshop's row), over one SQLite connection. */
export function sqliteIdeaRecords(db: Db): IdeaRecords {
  const s = {
    bumpIdeaSeq: db.prepare(
      'UPDATE workshops SET idea_seq = idea_seq + 1 WHERE id = ? RETURNING idea_seq AS seq',
    ),
    ideaById: db.prepare(`SELECT ${IDEA_COLUMNS} FROM ideas WHERE id = ? AND workshop_id = ?`),
    // "+workshop_id": not by ideas_by_workshop, which walks the workshop's every idea to save
    // a sort of the author's few (issue 16, item 3).
    ideasOfParticipant: db.prepare(
      `SELECT ${IDEA_COLUMNS} FROM ideas WHERE +workshop_id = ? AND participant_id = ? ORDER BY seq`,
    ),
    updateIdea: db.prepare(`UPDATE ideas SET text = @text, actor = @actor, next_step = @nextStep,
        status = @status, merged_into = @mergedInto, moderation_reason = @moderationReason,
        original_text = @originalText, updated_at = @updatedAt WHERE id = @id`),
    submitters: db.prepare(`SELECT COUNT(DISTINCT participant_id) AS n FROM ideas
        WHERE question_id = ? AND participant_id IS NOT NULL AND status != 'withdrawn'`),
    hiddenCount: db.prepare(
      "SELECT COUNT(*) AS n FROM ideas WHERE question_id = ? AND status = 'hidden'",
    ),
    mergedCount: db.prepare(
      "SELECT COUNT(*) AS n FROM ideas WHERE merged_into = ? AND status = 'merged'",
    ),
    // Issue 16, item 3 (lean command path): read through ideas_by_author (migration 11).
    authorIdeaCount: db.prepare(`SELECT COUNT(*) AS n FROM ideas
        WHERE participant_id = ? AND question_id = ? AND status != 'withdrawn'`),
    // One question's rows (a phase change, a reveal, a merge): by ideas_by_question, not by
    // ideas_by_workshop ("+workshop_id"), which would walk the workshop's every idea.
    ideasOfQuestion: db.prepare(`SELECT ${IDEA_COLUMNS} FROM ideas
        WHERE question_id = ? AND +workshop_id = ? ORDER BY seq`),
    hiddenIdeasOf: db.prepare(`SELECT ${IDEA_COLUMNS} FROM ideas
        WHERE question_id = ? AND status = 'hidden' AND +workshop_id = ? ORDER BY seq`),
    mergedInto: db.prepare(`SELECT ${IDEA_COLUMNS} FROM ideas
        WHERE merged_into = ? AND +workshop_id = ? ORDER BY seq`),
    mergedCountsOf: db.prepare(`SELECT merged_into AS id, COUNT(*) AS n FROM ideas
        WHERE status = 'merged' AND merged_into IN (SELECT id FROM ideas WHERE question_id = ?)
        GROUP BY merged_into`),
    insertIdea: db.prepare(`INSERT INTO ideas (id, workshop_id, question_id, participant_id, seq,
        text, actor, next_step, status, created_at, command_id, countries, pbc, tags, origins)
        VALUES (@id, @workshopId, @questionId, @participantId, @seq, @text, @actor, @nextStep,
        @status, @createdAt, @commandId, @countries, @pbc, @tags, @origins)`),
    // Lenses (issue 13).
    setIdeaTags: db.prepare(
      'UPDATE ideas SET countries = @countries, pbc = @pbc, tags = @tags WHERE id = @id',
    ),
    ideasOf: db.prepare(`SELECT ${IDEA_COLUMNS} FROM ideas WHERE workshop_id = ? ORDER BY seq`),
    setContest: db.prepare(
      'UPDATE ideas SET contested = ?, contest_note = ? WHERE id = ? AND workshop_id = ?',
    ),
  };

  // Sense engine (issue 13, clustering help): prepared on first use, so that a server that never
  // clusters never prepares it.
  let visible: Statement<unknown[]> | undefined;

  return {
    nextIdeaSeq(workshopId) {
      return (s.bumpIdeaSeq.get(workshopId) as { seq: number }).seq;
    },

    // Rare (imports): prepared on use.
    setIdeaSeq(workshopId, seq) {
      db.prepare('UPDATE workshops SET idea_seq = ? WHERE id = ?').run(seq, workshopId);
    },

    insertIdea(idea) {
      const {
        mergedInto: _m,
        moderationReason: _r,
        originalText: _o,
        updatedAt: _u,
        contested: _c,
        contestNote: _n,
        countries = [],
        pbc = false,
        tags = {},
        origins,
        ...row
      } = idea;
      s.insertIdea.run({
        ...row,
        ...tagColumns({ countries, pbc, tags }),
        origins: originsColumn(origins),
      });
    },

    idea(workshopId, ideaId) {
      const r = s.ideaById.get(ideaId, workshopId) as RawIdea | undefined;
      return r ? toIdea(r) : undefined;
    },

    ideas(workshopId) {
      return (s.ideasOf.all(workshopId) as RawIdea[]).map(toIdea);
    },

    ideasOfParticipant(workshopId, participantId) {
      return (s.ideasOfParticipant.all(workshopId, participantId) as RawIdea[]).map(toIdea);
    },

    updateIdea(idea) {
      // Origins (issue 15) are not the text's business: an edit keeps them (setIdeaOrigins).
      const { countries: _c, pbc: _p, tags: _t, origins: _g, ...row } = idea;
      s.updateIdea.run(row);
    },

    setIdeaTags(ideaId, t) {
      s.setIdeaTags.run({ id: ideaId, ...tagColumns(t) });
    },

    /** Consolidation (issue 15): a merge gives the survivor both ideas' origins. */
    setIdeaOrigins(workshopId, ideaId, origins) {
      db.prepare('UPDATE ideas SET origins = ? WHERE id = ? AND workshop_id = ?').run(
        originsColumn(origins),
        ideaId,
        workshopId,
      );
    },

    /** Points of debate (issue 13): marks an idea contested with its note, or clears both. */
    setContest(workshopId, ideaId, contested, note) {
      s.setContest.run(contested ? 1 : 0, contested ? note : null, ideaId, workshopId);
    },

    submitters(questionId) {
      return (s.submitters.get(questionId) as { n: number }).n;
    },

    hiddenCount(questionId) {
      return (s.hiddenCount.get(questionId) as { n: number }).n;
    },

    authorIdeaCount(questionId, participantId) {
      return (s.authorIdeaCount.get(participantId, questionId) as { n: number }).n;
    },

    ideasOfQuestion(workshopId, questionId) {
      return (s.ideasOfQuestion.all(questionId, workshopId) as RawIdea[]).map(toIdea);
    },

    hiddenIdeasOf(workshopId, questionId) {
      return (s.hiddenIdeasOf.all(questionId, workshopId) as RawIdea[]).map(toIdea);
    },

    ideasMergedInto(workshopId, ideaId) {
      return (s.mergedInto.all(ideaId, workshopId) as RawIdea[]).map(toIdea);
    },

    mergedCountsOf(questionId) {
      const rows = s.mergedCountsOf.all(questionId) as { id: string; n: number }[];
      return new Map(rows.map((r) => [r.id, r.n]));
    },

    mergedCount(ideaId) {
      return (s.mergedCount.get(ideaId) as { n: number }).n;
    },

    // Hidden, withdrawn, moderated and merged ideas are filtered here, in SQL.
    visibleIdeasOf(workshopId, questionId) {
      visible ??= db.prepare(`SELECT ${IDEA_COLUMNS} FROM ideas
        WHERE workshop_id = ? AND question_id = ? AND status = 'visible' ORDER BY seq`);
      return (visible.all(workshopId, questionId) as RawIdea[]).map(toIdea);
    },
  };
}
