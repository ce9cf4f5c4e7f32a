import type { IdeaTally } from '@convene/shared';
import type { Db } from '../db.ts';
import type { VoteRecords } from '../records.ts';
import { type RawRound, ROUND_COLUMNS, toRound } from './rows.ts';

/** Voting rounds and their dots, over one SQLite connection. */
export function sqliteVoteRecords(db: Db): VoteRecords {
  const s = {
    insertRound: db.prepare(`INSERT INTO rounds (id, workshop_id, question_id, number, status,
        budget, max_per_idea, candidates, opened_at) VALUES (@id, @workshopId, @questionId,
        @number, @status, @budget, @maxPerIdea, @candidates, @openedAt)`),
    roundsOfQuestion: db.prepare(
      `SELECT ${ROUND_COLUMNS} FROM rounds WHERE question_id = ? ORDER BY number`,
    ),
    roundsOfWorkshop: db.prepare(
      `SELECT ${ROUND_COLUMNS} FROM rounds WHERE workshop_id = ? ORDER BY question_id, number`,
    ),
    openRound: db.prepare(
      `SELECT ${ROUND_COLUMNS} FROM rounds WHERE question_id = ? AND status = 'open'`,
    ),
    finishRound: db.prepare(
      'UPDATE rounds SET status = ?, results = ?, closed_at = ? WHERE id = ?',
    ),
    ballot: db.prepare(
      'SELECT idea_id AS ideaId, count FROM votes WHERE round_id = ? AND participant_id = ?',
    ),
    setVote: db.prepare(`INSERT INTO votes (round_id, participant_id, idea_id, count)
        VALUES (?, ?, ?, ?) ON CONFLICT(round_id, participant_id, idea_id)
        DO UPDATE SET count = excluded.count`),
    deleteVote: db.prepare(
      'DELETE FROM votes WHERE round_id = ? AND participant_id = ? AND idea_id = ?',
    ),
    deleteVotes: db.prepare('DELETE FROM votes WHERE round_id = ?'),
    tallies: db.prepare(`SELECT idea_id AS ideaId, SUM(count) AS votes,
        COUNT(DISTINCT participant_id) AS voters FROM votes WHERE round_id = ? GROUP BY idea_id`),
    usage: db.prepare(`SELECT participant_id AS participantId, SUM(count) AS used FROM votes
        WHERE round_id = ? GROUP BY participant_id`),
    votesOnIdea: db.prepare(`SELECT participant_id AS participantId, count FROM votes
        WHERE round_id = ? AND idea_id = ?`),
    deleteVotesOnIdea: db.prepare('DELETE FROM votes WHERE round_id = ? AND idea_id = ?'),
  };

  const ballot: VoteRecords['ballot'] = (roundId, participantId) => {
    const rows = s.ballot.all(roundId, participantId) as { ideaId: string; count: number }[];
    return Object.fromEntries(rows.map((r) => [r.ideaId, r.count]));
  };

  return {
    insertRound(r) {
      s.insertRound.run({
        ...r,
        candidates: r.candidates ? JSON.stringify(r.candidates) : null,
      });
    },

    rounds(questionId) {
      return (s.roundsOfQuestion.all(questionId) as RawRound[]).map(toRound);
    },

    roundsOfWorkshop(workshopId) {
      return (s.roundsOfWorkshop.all(workshopId) as RawRound[]).map(toRound);
    },

    openRound(questionId) {
      const r = s.openRound.get(questionId) as RawRound | undefined;
      return r && toRound(r);
    },

    finishRound(roundId, status, results, at) {
      s.finishRound.run(status, results ? JSON.stringify(results) : null, at, roundId);
    },

    ballot,

    setVote(roundId, participantId, ideaId, count) {
      if (count > 0) s.setVote.run(roundId, participantId, ideaId, count);
      else s.deleteVote.run(roundId, participantId, ideaId);
    },

    deleteVotes(roundId) {
      s.deleteVotes.run(roundId);
    },

    tallies(roundId) {
      return s.tallies.all(roundId) as Omit<IdeaTally, 'seq'>[];
    },

    usage(roundId) {
      return s.usage.all(roundId) as { participantId: string; used: number }[];
    },

    // Nobody loses a dot they placed, even past the per-idea maximum.
    moveVotes(roundId, from, into) {
      const rows = s.votesOnIdea.all(roundId, from) as {
        participantId: string;
        count: number;
      }[];
      for (const r of rows) {
        const existing = ballot(roundId, r.participantId)[into] ?? 0;
        s.setVote.run(roundId, r.participantId, into, existing + r.count);
      }
      s.deleteVotesOnIdea.run(roundId, from);
    },
  };
}
