import type { WorkshopSummary } from '@convene/shared';
import type { Db } from '../db.ts';
import { NO_DETAILS, type QuestionRow, type WorkshopRecords } from '../records.ts';
import {
  definedOnly,
  QUESTION_COLUMNS,
  type RawWorkshop,
  storedTimer,
  toWorkshop,
  WORKSHOP_COLUMNS,
} from './rows.ts';

/** Workshops, their questions, details, lenses and timer, over one SQLite connection. */
export function sqliteWorkshopRecords(db: Db): WorkshopRecords {
  const s = {
    insertWorkshop: db.prepare(`INSERT INTO workshops (id, join_code, title, series, host, date,
        duration_minutes, chatham_house, vote_budget, max_votes_per_idea, created_at, lenses)
        VALUES (@id, @joinCode, @title, @series, @host, @date, @durationMinutes, @chathamHouse,
        @voteBudget, @maxVotesPerIdea, @createdAt, @lenses)`),
    setDetails: db.prepare(`UPDATE workshops SET language = @language,
        organisers = @organisers, series_number = @seriesNumber,
        participant_types = @participantTypes, context = @context WHERE id = @id`),
    workshopById: db.prepare(`SELECT ${WORKSHOP_COLUMNS} FROM workshops WHERE id = ?`),
    workshopByCode: db.prepare(`SELECT ${WORKSHOP_COLUMNS} FROM workshops WHERE join_code = ?`),
    joinCodeTaken: db.prepare('SELECT 1 FROM workshops WHERE join_code = ?'),
    listWorkshops: db.prepare(`SELECT w.id, w.title, w.series, w.host, w.date,
        w.created_at AS createdAt,
        (SELECT COUNT(*) FROM questions q WHERE q.workshop_id = w.id) AS questionCount,
        (SELECT COUNT(*) FROM ideas i WHERE i.workshop_id = w.id) AS ideaCount
        FROM workshops w ORDER BY w.created_at DESC LIMIT 500`),
    setCurrentQuestion: db.prepare('UPDATE workshops SET current_question_id = ? WHERE id = ?'),
    insertQuestion: db.prepare(`INSERT INTO questions (id, workshop_id, position, prompt,
        planned_minutes, phase, mode) VALUES (@id, @workshopId, @position, @prompt,
        @plannedMinutes, @phase, @mode)`),
    setMode: db.prepare('UPDATE questions SET mode = ? WHERE id = ? AND workshop_id = ?'),
    setQuestionTime: db.prepare(
      'UPDATE questions SET actual_ms = ?, active_since = ? WHERE id = ? AND workshop_id = ?',
    ),
    setVoteSettings: db.prepare(`UPDATE questions SET vote_budget = ?, max_votes_per_idea = ?,
        top_n = ? WHERE id = ? AND workshop_id = ?`),
    timerOf: db.prepare('SELECT timer FROM workshops WHERE id = ?'),
    setTimer: db.prepare('UPDATE workshops SET timer = ? WHERE id = ?'),
    runningTimers: db.prepare(
      `SELECT id, timer FROM workshops WHERE timer LIKE '%"status":"running"%'`,
    ),
    questionsOf: db.prepare(
      `SELECT ${QUESTION_COLUMNS} FROM questions WHERE workshop_id = ? ORDER BY position`,
    ),
    questionById: db.prepare(
      `SELECT ${QUESTION_COLUMNS} FROM questions WHERE id = ? AND workshop_id = ?`,
    ),
    setPhase: db.prepare('UPDATE questions SET phase = ? WHERE id = ? AND workshop_id = ?'),
    setLenses: db.prepare('UPDATE workshops SET lenses = ? WHERE id = ?'),
  };

  const setDetails: WorkshopRecords['setDetails'] = (workshopId, d) => {
    s.setDetails.run({
      id: workshopId,
      language: d.language,
      organisers: d.organisers.length > 0 ? JSON.stringify(d.organisers) : null,
      seriesNumber: d.seriesNumber,
      participantTypes: d.participantTypes ? JSON.stringify(d.participantTypes) : null,
      context: d.context || null,
    });
  };

  return {
    insertWorkshop(w) {
      // (actorGroups belongs to the series: read with the row, never written with it.)
      const { language, organisers, seriesNumber, participantTypes, context, actorGroups, ...row } =
        w;
      s.insertWorkshop.run({
        ...row,
        chathamHouse: w.chathamHouse ? 1 : 0,
        lenses: w.lenses ? JSON.stringify(w.lenses) : null,
      });
      setDetails(w.id, { ...NO_DETAILS, ...definedOnly(w) });
    },

    setDetails,

    setLenses(workshopId, lenses) {
      s.setLenses.run(lenses ? JSON.stringify(lenses) : null, workshopId);
    },

    workshop(id) {
      const r = s.workshopById.get(id) as RawWorkshop | undefined;
      return r && toWorkshop(r);
    },

    workshopByJoinCode(code) {
      const r = s.workshopByCode.get(code) as RawWorkshop | undefined;
      return r && toWorkshop(r);
    },

    isJoinCodeTaken(code) {
      return s.joinCodeTaken.get(code) !== undefined;
    },

    listWorkshops() {
      return s.listWorkshops.all() as WorkshopSummary[];
    },

    setCurrentQuestion(workshopId, questionId) {
      s.setCurrentQuestion.run(questionId, workshopId);
    },

    // Rare and facilitator-initiated: prepared on use. The schema's foreign keys cascade the
    // delete to every row that belongs to the workshop.
    deleteWorkshop(workshopId) {
      return db.prepare('DELETE FROM workshops WHERE id = ?').run(workshopId).changes > 0;
    },

    insertQuestion(q) {
      s.insertQuestion.run({ mode: 'open', ...q });
    },

    questions(workshopId) {
      return s.questionsOf.all(workshopId) as QuestionRow[];
    },

    question(workshopId, questionId) {
      return s.questionById.get(questionId, workshopId) as QuestionRow | undefined;
    },

    setPhase(workshopId, questionId, phase) {
      s.setPhase.run(phase, questionId, workshopId);
    },

    setMode(workshopId, questionId, mode) {
      s.setMode.run(mode, questionId, workshopId);
    },

    setQuestionTime(workshopId, questionId, actualMs, activeSince) {
      s.setQuestionTime.run(actualMs, activeSince, questionId, workshopId);
    },

    setVoteSettings(workshopId, questionId, budget, maxPerIdea, topN) {
      s.setVoteSettings.run(budget, maxPerIdea, topN, questionId, workshopId);
    },

    // The brief's details (issue 14): prepared on use.
    setShortTitle(workshopId, questionId, shortTitle) {
      db.prepare('UPDATE questions SET short_title = ? WHERE id = ? AND workshop_id = ?').run(
        shortTitle || null,
        questionId,
        workshopId,
      );
    },

    timer(workshopId) {
      const r = s.timerOf.get(workshopId) as { timer: string | null } | undefined;
      return r?.timer ? storedTimer(r.timer) : null;
    },

    runningTimers() {
      return (s.runningTimers.all() as { id: string; timer: string }[]).map((r) => ({
        workshopId: r.id,
        timer: storedTimer(r.timer),
      }));
    },

    setTimer(workshopId, timer) {
      s.setTimer.run(JSON.stringify(timer), workshopId);
    },
  };
}
