import {
  type ActorGroupConfig,
  IDLE_TIMER,
  type IdeaLensTags,
  type IdeaOrigin,
  type IdeaStatus,
  type IdeaTally,
  isLang,
  type Lang,
  type LensConfig,
  type ParticipantTypes,
  type Phase,
  type Role,
  type RoundResults,
  type RoundStatus,
  readIdeaTags,
  readLensConfig,
  readOrigins,
  type SubmissionMode,
  type TimerState,
  type WorkshopSummary,
} from '@convene/shared';
import type { Statement } from 'better-sqlite3';
import type { Db } from './db.ts';
import { readActorGroups } from './seriesStore.ts';

/** A stored timer; one written before timers had an owner reads as unbound (questionId null). */
function storedTimer(json: string): TimerState {
  return { ...IDLE_TIMER, ...(JSON.parse(json) as Partial<TimerState>) };
}

/** The brief's details given in a partial row (absent and undefined ones left out). */
function definedOnly(w: Partial<WorkshopDetailsRow>): Partial<WorkshopDetailsRow> {
  const out: Partial<WorkshopDetailsRow> = {};
  if (w.language !== undefined) out.language = w.language;
  if (w.organisers !== undefined) out.organisers = w.organisers;
  if (w.seriesNumber !== undefined) out.seriesNumber = w.seriesNumber;
  if (w.participantTypes !== undefined) out.participantTypes = w.participantTypes;
  if (w.context !== undefined) out.context = w.context;
  return out;
}

export interface WorkshopRow {
  id: string;
  joinCode: string;
  title: string;
  series: string | null;
  host: string | null;
  date: string | null;
  durationMinutes: number | null;
  chathamHouse: boolean;
  voteBudget: number;
  maxVotesPerIdea: number;
  currentQuestionId: string | null;
  createdAt: string;
  // The brief's details (issue 14). The organiser's list of names is not here: it is read
  // only by the name check (`participantList`), so no export built from a row can carry it.
  /** The brief's language. */
  language: Lang;
  /** Co-organisers, in order (empty: none given). */
  organisers: string[];
  seriesNumber: number | null;
  participantTypes: ParticipantTypes | null;
  context: string | null;
  /** Lenses (issue 13); null: the defaults (both built-in lenses on). */
  lenses: LensConfig | null;
  /** Its series' actor groups for the brief's recommendations (issue 14); null: defaults. */
  actorGroups?: ActorGroupConfig[] | null;
}

/** The brief's details of a workshop row (what `workshop:update` changes). */
export type WorkshopDetailsRow = Pick<
  WorkshopRow,
  'language' | 'organisers' | 'seriesNumber' | 'participantTypes' | 'context'
>;

export const NO_DETAILS: WorkshopDetailsRow = {
  language: 'en',
  organisers: [],
  seriesNumber: null,
  participantTypes: null,
  context: null,
};

export interface QuestionRow {
  id: string;
  workshopId: string;
  position: number;
  prompt: string;
  plannedMinutes: number | null;
  phase: Phase;
  mode: SubmissionMode;
  actualMs: number;
  activeSince: number | null;
  /** Next round's settings; null: the workshop's defaults. */
  voteBudget: number | null;
  maxVotesPerIdea: number | null;
  topN: number | null;
  /** The brief's heading for this question (null: derived from the prompt). */
  shortTitle: string | null;
}

export interface RoundRow {
  id: string;
  workshopId: string;
  questionId: string;
  number: number;
  status: RoundStatus;
  budget: number;
  maxPerIdea: number;
  candidates: string[] | null;
  results: RoundResults | null;
  openedAt: number;
  closedAt: number | null;
}

export interface IdeaRow {
  id: string;
  workshopId: string;
  questionId: string;
  participantId: string | null;
  seq: number;
  text: string;
  actor: string | null;
  nextStep: string | null;
  status: IdeaStatus;
  createdAt: number;
  commandId: string | null;
  mergedInto: string | null;
  moderationReason: string | null;
  /** The author's text, kept when a facilitator corrects it. */
  originalText: string | null;
  updatedAt: number | null;
  /**
   * Points of debate (issue 13): views differed; set by `idea:contest` only. Always present on
   * rows read from the store; optional so that rows made by hand (imports, tests) may omit it.
   */
  contested?: boolean;
  /** The positions in one line, or null. */
  contestNote?: string | null;
  // Lenses (issue 13): countries (sorted codes), pbc, custom lens tags; see IdeaLensTags.
  countries: IdeaLensTags['countries'];
  pbc: IdeaLensTags['pbc'];
  tags: IdeaLensTags['tags'];
  /**
   * Consolidation session (issue 15): the workshops it was carried forward from. Always present
   * on rows read from the store (empty: written in this room); optional for rows made by hand.
   */
  origins?: IdeaOrigin[];
}

/** A name replacement (its undo data is read separately, by the undo route only). */
export interface RedactionRow {
  id: string;
  at: string;
  count: number;
  undoneAt: string | null;
}

/** A recorded "not a participant's name" decision of the name check (issue 14). */
export interface NameDecisionRow {
  id: string;
  /** Which finding it resolves: a hash of its place, its words and their context. */
  key: string;
  /** The kind of place (idea, notes, draft, …) and its description when decided. */
  kind: string;
  where: string;
  /** The words judged not to be a participant's name. */
  match: string;
  at: string;
}

export interface TokenRow {
  workshopId: string;
  role: Role;
  participantId: string | null;
  hash: string;
}

const WORKSHOP_COLUMNS = `id, join_code AS joinCode, title, series, host, date,
  duration_minutes AS durationMinutes, chatham_house AS chathamHouse, vote_budget AS voteBudget,
  max_votes_per_idea AS maxVotesPerIdea, current_question_id AS currentQuestionId,
  created_at AS createdAt, language, organisers, series_number AS seriesNumber,
  participant_types AS participantTypes, context, lenses,
  (SELECT actor_groups FROM series WHERE series.id = workshops.series_id) AS actorGroups`;
const QUESTION_COLUMNS = `id, workshop_id AS workshopId, position, prompt,
  planned_minutes AS plannedMinutes, phase, mode, actual_ms AS actualMs,
  active_since AS activeSince, vote_budget AS voteBudget,
  max_votes_per_idea AS maxVotesPerIdea, top_n AS topN, short_title AS shortTitle`;
const IDEA_COLUMNS = `id, workshop_id AS workshopId, question_id AS questionId,
  participant_id AS participantId, seq, text, actor, next_step AS nextStep, status,
  created_at AS createdAt, command_id AS commandId, merged_into AS mergedInto,
  moderation_reason AS moderationReason, original_text AS originalText,
  updated_at AS updatedAt,
  contested, contest_note AS contestNote, countries, pbc, tags, origins`;
const ROUND_COLUMNS = `id, workshop_id AS workshopId, question_id AS questionId, number,
  status, budget, max_per_idea AS maxPerIdea, candidates, results, opened_at AS openedAt,
  closed_at AS closedAt`;

type RawRound = Omit<RoundRow, 'candidates' | 'results'> & {
  candidates: string | null;
  results: string | null;
};
const toRound = (r: RawRound): RoundRow => ({
  ...r,
  candidates: r.candidates ? (JSON.parse(r.candidates) as string[]) : null,
  results: r.results ? (JSON.parse(r.results) as RoundResults) : null,
});

type RawWorkshop = Omit<
  WorkshopRow,
  'chathamHouse' | 'organisers' | 'participantTypes' | 'lenses' | 'actorGroups'
> & {
  actorGroups: string | null;
  chathamHouse: number;
  organisers: string | null;
  participantTypes: string | null;
  lenses: string | null;
};
/** A JSON column written by this store from validated input; anything else reads as absent. */
function jsonColumn(raw: string | null): unknown {
  if (!raw) return null;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return null;
  }
}
const toWorkshop = (r: RawWorkshop): WorkshopRow => {
  const organisers = jsonColumn(r.organisers);
  const types = jsonColumn(r.participantTypes);
  const lenses = jsonColumn(r.lenses);
  return {
    ...r,
    chathamHouse: r.chathamHouse === 1,
    language: isLang(r.language) ? r.language : 'en',
    organisers: Array.isArray(organisers)
      ? organisers.filter((o): o is string => typeof o === 'string')
      : [],
    participantTypes:
      types && typeof types === 'object' && !Array.isArray(types)
        ? (types as ParticipantTypes)
        : null,
    lenses: lenses === null ? null : readLensConfig(lenses),
    actorGroups: readActorGroups(r.actorGroups),
  };
};

// Points of debate (issue 13): SQLite keeps the mark as 0/1. Lenses (issue 13): ideas' tag
// columns are JSON (countries, tags) and 0/1 (pbc).
type RawIdea = Omit<IdeaRow, 'contested' | 'countries' | 'pbc' | 'tags' | 'origins'> & {
  contested: number;
  contestNote: string | null;
  countries: string | null;
  pbc: number;
  tags: string | null;
  origins: string | null;
};
const toIdea = (r: RawIdea): IdeaRow => ({
  ...r,
  contested: r.contested === 1,
  ...readIdeaTags(jsonColumn(r.countries) ?? [], r.pbc === 1, jsonColumn(r.tags) ?? {}),
  // Consolidation (issue 15): read with the doc's own reader, so both agree on what is valid.
  origins: readOrigins(jsonColumn(r.origins)),
});
/** An idea's origins as stored (null for none, as most ideas have). */
const originsColumn = (origins: readonly IdeaOrigin[] | undefined) =>
  origins && origins.length > 0 ? JSON.stringify(origins) : null;
/** An idea's tags as stored (null for "none", so untagged ideas cost nothing). */
const tagColumns = (t: Pick<IdeaRow, 'countries' | 'pbc' | 'tags'>) => ({
  countries: t.countries.length > 0 ? JSON.stringify(t.countries) : null,
  pbc: t.pbc ? 1 : 0,
  tags: Object.keys(t.tags).length > 0 ? JSON.stringify(t.tags) : null,
});

/**
 * Every SQL statement of Convene, prepared once. Methods are small and synchronous so that
 * callers can compose them inside one `db.transaction`.
 */
export class Store {
  readonly db: Db;
  private readonly s;
  /** Opened with synchronous=FULL: every commit is flushed to disk before it returns. */
  private readonly fullSync: boolean;

  constructor(db: Db) {
    this.db = db;
    // 2 = FULL (db.ts). Only then do projected doc updates commit without a flush of their own.
    this.fullSync = db.pragma('synchronous', { simple: true }) === 2;
    this.s = {
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
      bumpIdeaSeq: db.prepare(
        'UPDATE workshops SET idea_seq = idea_seq + 1 WHERE id = ? RETURNING idea_seq AS seq',
      ),
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
      mergedCount: db.prepare(
        "SELECT COUNT(*) AS n FROM ideas WHERE merged_into = ? AND status = 'merged'",
      ),
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
      insertParticipant: db.prepare(
        'INSERT INTO participants (id, workshop_id, name, created_at) VALUES (?, ?, ?, ?)',
      ),
      insertToken:
        db.prepare(`INSERT INTO tokens (hash, workshop_id, role, participant_id, created_at)
        VALUES (?, ?, ?, ?, ?)`),
      tokenByHash: db.prepare(`SELECT hash, workshop_id AS workshopId, role,
        participant_id AS participantId FROM tokens WHERE hash = ? AND revoked_at IS NULL`),
      insertIdea: db.prepare(`INSERT INTO ideas (id, workshop_id, question_id, participant_id, seq,
        text, actor, next_step, status, created_at, command_id, countries, pbc, tags, origins)
        VALUES (@id, @workshopId, @questionId, @participantId, @seq, @text, @actor, @nextStep,
        @status, @createdAt, @commandId, @countries, @pbc, @tags, @origins)`),
      // Lenses (issue 13).
      setIdeaTags: db.prepare(
        'UPDATE ideas SET countries = @countries, pbc = @pbc, tags = @tags WHERE id = @id',
      ),
      setLenses: db.prepare('UPDATE workshops SET lenses = ? WHERE id = ?'),
      ideasOf: db.prepare(`SELECT ${IDEA_COLUMNS} FROM ideas WHERE workshop_id = ? ORDER BY seq`),
      setContest: db.prepare(
        'UPDATE ideas SET contested = ?, contest_note = ? WHERE id = ? AND workshop_id = ?',
      ),
      commandResult: db.prepare(
        'SELECT name, result FROM commands WHERE actor_key = ? AND command_id = ?',
      ),
      insertCommand: db.prepare(`INSERT INTO commands (actor_key, command_id, workshop_id, name,
        result, created_at) VALUES (?, ?, ?, ?, ?, ?)`),
      snapshot: db.prepare('SELECT state FROM yjs_snapshots WHERE workshop_id = ?'),
      putSnapshot: db.prepare(`INSERT INTO yjs_snapshots (workshop_id, state, updated_at)
        VALUES (?, ?, ?) ON CONFLICT(workshop_id) DO UPDATE SET state = excluded.state,
        updated_at = excluded.updated_at`),
      updatesOf: db.prepare('SELECT data FROM yjs_updates WHERE workshop_id = ? ORDER BY id'),
      appendUpdate: db.prepare('INSERT INTO yjs_updates (workshop_id, data) VALUES (?, ?)'),
      syncNormal: db.prepare('PRAGMA synchronous = NORMAL'),
      syncFull: db.prepare('PRAGMA synchronous = FULL'),
      clearUpdates: db.prepare('DELETE FROM yjs_updates WHERE workshop_id = ?'),
    };
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** A new workshop; the brief's details default to none (English) unless given. */
  insertWorkshop(
    w: Omit<WorkshopRow, 'currentQuestionId' | keyof WorkshopDetailsRow> &
      Partial<WorkshopDetailsRow>,
  ): void {
    // (actorGroups belongs to the series: read with the row, never written with it.)
    const { language, organisers, seriesNumber, participantTypes, context, actorGroups, ...row } =
      w;
    this.s.insertWorkshop.run({
      ...row,
      chathamHouse: w.chathamHouse ? 1 : 0,
      lenses: w.lenses ? JSON.stringify(w.lenses) : null,
    });
    this.setDetails(w.id, { ...NO_DETAILS, ...definedOnly(w) });
  }

  /** Writes the brief's details of a workshop (all of them: read, change, write). */
  setDetails(workshopId: string, d: WorkshopDetailsRow): void {
    this.s.setDetails.run({
      id: workshopId,
      language: d.language,
      organisers: d.organisers.length > 0 ? JSON.stringify(d.organisers) : null,
      seriesNumber: d.seriesNumber,
      participantTypes: d.participantTypes ? JSON.stringify(d.participantTypes) : null,
      context: d.context || null,
    });
  }

  /** The workshop's lenses (issue 13); null: the defaults. */
  setLenses(workshopId: string, lenses: LensConfig | null): void {
    this.s.setLenses.run(lenses ? JSON.stringify(lenses) : null, workshopId);
  }

  /** Sets an idea's lens tags (issue 13), leaving the rest of the row alone. */
  setIdeaTags(ideaId: string, t: Pick<IdeaRow, 'countries' | 'pbc' | 'tags'>): void {
    this.s.setIdeaTags.run({ id: ideaId, ...tagColumns(t) });
  }

  workshop(id: string): WorkshopRow | undefined {
    const r = this.s.workshopById.get(id) as RawWorkshop | undefined;
    return r && toWorkshop(r);
  }

  workshopByJoinCode(code: string): WorkshopRow | undefined {
    const r = this.s.workshopByCode.get(code) as RawWorkshop | undefined;
    return r && toWorkshop(r);
  }

  isJoinCodeTaken(code: string): boolean {
    return this.s.joinCodeTaken.get(code) !== undefined;
  }

  listWorkshops(): WorkshopSummary[] {
    return this.s.listWorkshops.all() as WorkshopSummary[];
  }

  setCurrentQuestion(workshopId: string, questionId: string): void {
    this.s.setCurrentQuestion.run(questionId, workshopId);
  }

  /** Next arrival number for an idea in this workshop (call inside a transaction). */
  nextIdeaSeq(workshopId: string): number {
    return (this.s.bumpIdeaSeq.get(workshopId) as { seq: number }).seq;
  }

  insertQuestion(
    q: Pick<QuestionRow, 'id' | 'workshopId' | 'position' | 'prompt' | 'plannedMinutes' | 'phase'> &
      Partial<Pick<QuestionRow, 'mode'>>,
  ): void {
    this.s.insertQuestion.run({ mode: 'open', ...q });
  }

  setMode(workshopId: string, questionId: string, mode: SubmissionMode): void {
    this.s.setMode.run(mode, questionId, workshopId);
  }

  setQuestionTime(
    workshopId: string,
    questionId: string,
    actualMs: number,
    activeSince: number | null,
  ): void {
    this.s.setQuestionTime.run(actualMs, activeSince, questionId, workshopId);
  }

  setVoteSettings(
    workshopId: string,
    questionId: string,
    budget: number | null,
    maxPerIdea: number | null,
    topN: number | null,
  ): void {
    this.s.setVoteSettings.run(budget, maxPerIdea, topN, questionId, workshopId);
  }

  timer(workshopId: string): TimerState | null {
    const r = this.s.timerOf.get(workshopId) as { timer: string | null } | undefined;
    return r?.timer ? storedTimer(r.timer) : null;
  }

  /** Workshops whose timer is running (to re-arm auto-advance after a restart). */
  runningTimers(): { workshopId: string; timer: TimerState }[] {
    return (this.s.runningTimers.all() as { id: string; timer: string }[]).map((r) => ({
      workshopId: r.id,
      timer: storedTimer(r.timer),
    }));
  }

  setTimer(workshopId: string, timer: TimerState): void {
    this.s.setTimer.run(JSON.stringify(timer), workshopId);
  }

  idea(workshopId: string, ideaId: string): IdeaRow | undefined {
    const r = this.s.ideaById.get(ideaId, workshopId) as RawIdea | undefined;
    return r ? toIdea(r) : undefined;
  }

  ideasOfParticipant(workshopId: string, participantId: string): IdeaRow[] {
    return (this.s.ideasOfParticipant.all(workshopId, participantId) as RawIdea[]).map(toIdea);
  }

  updateIdea(idea: IdeaRow): void {
    // Origins (issue 15) are not the text's business: an edit keeps them (setIdeaOrigins).
    const { countries: _c, pbc: _p, tags: _t, origins: _g, ...row } = idea;
    this.s.updateIdea.run(row);
  }

  /** Participants with at least one idea (not withdrawn) for the question. */
  submitters(questionId: string): number {
    return (this.s.submitters.get(questionId) as { n: number }).n;
  }

  /**
   * A participant's ideas for a question that count (any but withdrawn): the per-person limit,
   * and whether they are among its submitters. Reads only that author's rows.
   */
  authorIdeaCount(questionId: string, participantId: string): number {
    return (this.s.authorIdeaCount.get(participantId, questionId) as { n: number }).n;
  }

  /** A question's ideas, every status, in order of arrival. */
  ideasOfQuestion(workshopId: string, questionId: string): IdeaRow[] {
    return (this.s.ideasOfQuestion.all(questionId, workshopId) as RawIdea[]).map(toIdea);
  }

  /** A question's ideas waiting for reveal, in order of arrival. */
  hiddenIdeasOf(workshopId: string, questionId: string): IdeaRow[] {
    return (this.s.hiddenIdeasOf.all(questionId, workshopId) as RawIdea[]).map(toIdea);
  }

  /** The ideas merged into one (by ideas_by_merged_into). */
  ideasMergedInto(workshopId: string, ideaId: string): IdeaRow[] {
    return (this.s.mergedInto.all(ideaId, workshopId) as RawIdea[]).map(toIdea);
  }

  /** `mergedCount` of every idea of a question that has ideas merged into it, in one query. */
  mergedCountsOf(questionId: string): Map<string, number> {
    const rows = this.s.mergedCountsOf.all(questionId) as { id: string; n: number }[];
    return new Map(rows.map((r) => [r.id, r.n]));
  }

  hiddenCount(questionId: string): number {
    return (this.s.hiddenCount.get(questionId) as { n: number }).n;
  }

  mergedCount(ideaId: string): number {
    return (this.s.mergedCount.get(ideaId) as { n: number }).n;
  }

  insertRound(r: Omit<RoundRow, 'results' | 'closedAt'>): void {
    this.s.insertRound.run({
      ...r,
      candidates: r.candidates ? JSON.stringify(r.candidates) : null,
    });
  }

  rounds(questionId: string): RoundRow[] {
    return (this.s.roundsOfQuestion.all(questionId) as RawRound[]).map(toRound);
  }

  roundsOfWorkshop(workshopId: string): RoundRow[] {
    return (this.s.roundsOfWorkshop.all(workshopId) as RawRound[]).map(toRound);
  }

  openRound(questionId: string): RoundRow | undefined {
    const r = this.s.openRound.get(questionId) as RawRound | undefined;
    return r && toRound(r);
  }

  finishRound(
    roundId: string,
    status: 'closed' | 'cancelled',
    results: RoundResults | null,
    at: number,
  ): void {
    this.s.finishRound.run(status, results ? JSON.stringify(results) : null, at, roundId);
  }

  ballot(roundId: string, participantId: string): Record<string, number> {
    const rows = this.s.ballot.all(roundId, participantId) as { ideaId: string; count: number }[];
    return Object.fromEntries(rows.map((r) => [r.ideaId, r.count]));
  }

  setVote(roundId: string, participantId: string, ideaId: string, count: number): void {
    if (count > 0) this.s.setVote.run(roundId, participantId, ideaId, count);
    else this.s.deleteVote.run(roundId, participantId, ideaId);
  }

  deleteVotes(roundId: string): void {
    this.s.deleteVotes.run(roundId);
  }

  /** Votes per idea in a round (ideas without votes are absent). */
  tallies(roundId: string): Omit<IdeaTally, 'seq'>[] {
    return this.s.tallies.all(roundId) as Omit<IdeaTally, 'seq'>[];
  }

  /** Dots used per participant in a round. */
  usage(roundId: string): { participantId: string; used: number }[] {
    return this.s.usage.all(roundId) as { participantId: string; used: number }[];
  }

  /**
   * Moves every dot on `from` to `into` in one round (a merge), adding to dots already there:
   * nobody loses a dot they placed, even past the per-idea maximum.
   */
  moveVotes(roundId: string, from: string, into: string): void {
    const rows = this.s.votesOnIdea.all(roundId, from) as {
      participantId: string;
      count: number;
    }[];
    for (const r of rows) {
      const existing = this.ballot(roundId, r.participantId)[into] ?? 0;
      this.s.setVote.run(roundId, r.participantId, into, existing + r.count);
    }
    this.s.deleteVotesOnIdea.run(roundId, from);
  }

  questions(workshopId: string): QuestionRow[] {
    return this.s.questionsOf.all(workshopId) as QuestionRow[];
  }

  question(workshopId: string, questionId: string): QuestionRow | undefined {
    return this.s.questionById.get(questionId, workshopId) as QuestionRow | undefined;
  }

  setPhase(workshopId: string, questionId: string, phase: Phase): void {
    this.s.setPhase.run(phase, questionId, workshopId);
  }

  insertParticipant(id: string, workshopId: string, name: string | null, createdAt: string): void {
    this.s.insertParticipant.run(id, workshopId, name, createdAt);
  }

  insertToken(t: TokenRow, createdAt: string): void {
    this.s.insertToken.run(t.hash, t.workshopId, t.role, t.participantId, createdAt);
  }

  tokenByHash(hash: string): TokenRow | undefined {
    return this.s.tokenByHash.get(hash) as TokenRow | undefined;
  }

  /** Stores a new idea (lens tags may be left out: none). */
  insertIdea(idea: Omit<IdeaRow, 'countries' | 'pbc' | 'tags'> & Partial<IdeaRow>): void {
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
    this.s.insertIdea.run({
      ...row,
      ...tagColumns({ countries, pbc, tags }),
      origins: originsColumn(origins),
    });
  }

  /** Consolidation (issue 15): an idea's origins (a merge gives the survivor both ideas'). */
  setIdeaOrigins(workshopId: string, ideaId: string, origins: readonly IdeaOrigin[]): void {
    this.db
      .prepare('UPDATE ideas SET origins = ? WHERE id = ? AND workshop_id = ?')
      .run(originsColumn(origins), ideaId, workshopId);
  }

  /** Points of debate (issue 13): marks an idea contested with its note, or clears both. */
  setContest(workshopId: string, ideaId: string, contested: boolean, note: string | null): void {
    this.s.setContest.run(contested ? 1 : 0, contested ? note : null, ideaId, workshopId);
  }

  ideas(workshopId: string): IdeaRow[] {
    return (this.s.ideasOf.all(workshopId) as RawIdea[]).map(toIdea);
  }

  // ---- Sense engine (issue 13, clustering help): read-only look-ups ----

  /** Prepared on first use, so that a server that never clusters never prepares them. */
  private senseStatements?: {
    visible: Statement<unknown[]>;
  };

  private sense() {
    this.senseStatements ??= {
      visible: this.db.prepare(`SELECT ${IDEA_COLUMNS} FROM ideas
        WHERE workshop_id = ? AND question_id = ? AND status = 'visible' ORDER BY seq`),
    };
    return this.senseStatements;
  }

  /**
   * The visible ideas of a question, in order of arrival: the only ideas the sense queries may
   * read (hidden, withdrawn, moderated and merged ones are filtered here, in SQL).
   */
  visibleIdeasOf(workshopId: string, questionId: string): IdeaRow[] {
    return (this.sense().visible.all(workshopId, questionId) as RawIdea[]).map(toIdea);
  }

  /** The stored reply of a command already applied, if any. */
  commandResult(
    actorKey: string,
    commandId: string,
  ): { name: string; result: unknown } | undefined {
    const r = this.s.commandResult.get(actorKey, commandId) as
      | { name: string; result: string }
      | undefined;
    return r && { name: r.name, result: JSON.parse(r.result) as unknown };
  }

  recordCommand(
    actorKey: string,
    commandId: string,
    workshopId: string,
    name: string,
    result: unknown,
  ): void {
    this.s.insertCommand.run(
      actorKey,
      commandId,
      workshopId,
      name,
      JSON.stringify(result),
      new Date().toISOString(),
    );
  }

  /** The compacted Yjs state and the updates stored after it. */
  docState(workshopId: string): { snapshot: Uint8Array | null; updates: Uint8Array[] } {
    const snap = this.s.snapshot.get(workshopId) as { state: Buffer } | undefined;
    const updates = (this.s.updatesOf.all(workshopId) as { data: Buffer }[]).map((r) => r.data);
    return { snapshot: snap ? snap.state : null, updates };
  }

  appendUpdate(workshopId: string, update: Uint8Array): void {
    this.s.appendUpdate.run(workshopId, Buffer.from(update));
  }

  /**
   * Appends a doc update the server derived from rows already committed (a command's
   * projection, a room's reconcile, the timer). It is not worth a second disk flush per command:
   * committed with synchronous=NORMAL it is in the WAL, safe from a process crash, and the next
   * FULL commit (the next command, a writer's update, a compaction) flushes it with everything
   * before it, since SQLite's WAL is durable as a prefix. Power lost before that flush loses
   * only projections, which the next load of the room rebuilds from the tables (reconcile).
   * Inside a caller's transaction it simply joins that transaction.
   */
  appendProjectedUpdate(workshopId: string, update: Uint8Array): void {
    if (this.db.inTransaction || !this.fullSync) {
      this.appendUpdate(workshopId, update);
      return;
    }
    this.s.syncNormal.run();
    try {
      this.appendUpdate(workshopId, update);
    } finally {
      this.s.syncFull.run();
    }
  }

  /** Replaces snapshot + tail by one snapshot, atomically. */
  compact(workshopId: string, state: Uint8Array): void {
    this.transaction(() => {
      this.s.putSnapshot.run(workshopId, Buffer.from(state), new Date().toISOString());
      this.s.clearUpdates.run(workshopId);
    });
  }

  // ---- Retention and revocation (rare, facilitator-initiated: prepared on use). ----

  /** Deletes a workshop and, by cascade, every row that belongs to it; false if unknown. */
  deleteWorkshop(workshopId: string): boolean {
    return this.db.prepare('DELETE FROM workshops WHERE id = ?').run(workshopId).changes > 0;
  }

  /**
   * Forgets every participant's name in a workshop; returns how many names were erased. The
   * originals kept to undo name replacements go too: they are those names in context.
   */
  purgeNames(workshopId: string): number {
    return this.transaction(() => {
      this.db.prepare('DELETE FROM name_redactions WHERE workshop_id = ?').run(workshopId);
      // The organiser's list of expected names goes with the names given at join (issue 14).
      this.db.prepare('UPDATE workshops SET participant_list = NULL WHERE id = ?').run(workshopId);
      return this.db
        .prepare('UPDATE participants SET name = NULL WHERE workshop_id = ? AND name IS NOT NULL')
        .run(workshopId).changes;
    });
  }

  /** Revokes every live token of one participant; returns how many. */
  revokeParticipantTokens(workshopId: string, participantId: string, at: string): number {
    return this.db
      .prepare(`UPDATE tokens SET revoked_at = ? WHERE workshop_id = ? AND participant_id = ?
        AND revoked_at IS NULL`)
      .run(at, workshopId, participantId).changes;
  }

  /** How many unrevoked tokens of a role a workshop has. */
  liveTokenCount(workshopId: string, role: Role): number {
    const r = this.db
      .prepare(
        'SELECT COUNT(*) AS n FROM tokens WHERE workshop_id = ? AND role = ? AND revoked_at IS NULL',
      )
      .get(workshopId, role) as { n: number };
    return r.n;
  }

  /** Revokes every live token of a screen role (a leaked link); returns how many. */
  revokeRoleTokens(workshopId: string, role: Role, at: string): number {
    return this.db
      .prepare(`UPDATE tokens SET revoked_at = ? WHERE workshop_id = ? AND role = ?
        AND revoked_at IS NULL`)
      .run(at, workshopId, role).changes;
  }

  participantCount(workshopId: string): number {
    const r = this.db
      .prepare('SELECT COUNT(*) AS n FROM participants WHERE workshop_id = ?')
      .get(workshopId) as { n: number };
    return r.n;
  }

  isParticipantOf(workshopId: string, participantId: string): boolean {
    return (
      this.db
        .prepare('SELECT 1 FROM participants WHERE id = ? AND workshop_id = ?')
        .get(participantId, workshopId) !== undefined
    );
  }

  // ---- Briefs (read rarely, by the name check and imports: prepared on use). ----

  /**
   * Names participants gave when joining (never null or empty). Used only by the name check
   * before export, which shows them to the rapporteur at that moment; never stored elsewhere.
   */
  participantNames(workshopId: string): string[] {
    return (
      this.db
        .prepare(
          "SELECT name FROM participants WHERE workshop_id = ? AND name IS NOT NULL AND name != ''",
        )
        .all(workshopId) as { name: string }[]
    ).map((r) => r.name);
  }

  /** Records a name replacement with what it replaced (`data`: JSON, read back only by undo). */
  insertRedaction(r: {
    id: string;
    workshopId: string;
    at: string;
    count: number;
    locations: string;
    data: string;
  }): void {
    this.db
      .prepare(`INSERT INTO name_redactions (id, workshop_id, created_at, count, locations, data)
        VALUES (?, ?, ?, ?, ?, ?)`)
      .run(r.id, r.workshopId, r.at, r.count, r.locations, r.data);
  }

  /** The workshop's name replacements, latest first (without their data). */
  redactions(workshopId: string): RedactionRow[] {
    return this.db
      .prepare(`SELECT id, created_at AS at, count, undone_at AS undoneAt FROM name_redactions
        WHERE workshop_id = ? ORDER BY created_at DESC, rowid DESC`)
      .all(workshopId) as RedactionRow[];
  }

  /** One replacement's undo data, while it can still be undone. */
  redactionData(workshopId: string, id: string): { locations: string; data: string } | undefined {
    return this.db
      .prepare(`SELECT locations, data FROM name_redactions WHERE workshop_id = ? AND id = ?
        AND undone_at IS NULL`)
      .get(workshopId, id) as { locations: string; data: string } | undefined;
  }

  /** Marks a replacement undone and forgets the words it had kept. */
  markRedactionUndone(workshopId: string, id: string, at: string): void {
    this.db
      .prepare(`UPDATE name_redactions SET undone_at = ?, locations = '[]', data = '[]'
        WHERE workshop_id = ? AND id = ?`)
      .run(at, workshopId, id);
  }

  /** Sets the arrival counter of a workshop's ideas (after an import kept their numbers). */
  setIdeaSeq(workshopId: string, seq: number): void {
    this.db.prepare('UPDATE workshops SET idea_seq = ? WHERE id = ?').run(seq, workshopId);
  }

  // ---- The brief's details and the name check's decisions (issue 14: prepared on use). ----

  /**
   * The organiser's list of names expected in the room: read by the name check, shown to the
   * facilitator and rapporteur; never in the doc, never exported, erased by purging names.
   */
  participantList(workshopId: string): string[] {
    const r = this.db
      .prepare('SELECT participant_list AS list FROM workshops WHERE id = ?')
      .get(workshopId) as { list: string | null } | undefined;
    const list = jsonColumn(r?.list ?? null);
    return Array.isArray(list) ? list.filter((n): n is string => typeof n === 'string') : [];
  }

  setParticipantList(workshopId: string, names: readonly string[]): void {
    this.db
      .prepare('UPDATE workshops SET participant_list = ? WHERE id = ?')
      .run(names.length > 0 ? JSON.stringify(names) : null, workshopId);
  }

  setShortTitle(workshopId: string, questionId: string, shortTitle: string | null): void {
    this.db
      .prepare('UPDATE questions SET short_title = ? WHERE id = ? AND workshop_id = ?')
      .run(shortTitle || null, questionId, workshopId);
  }

  /** Records that a finding of the name check is not a participant's name (once per key). */
  insertNameDecision(d: NameDecisionRow & { workshopId: string }): boolean {
    return (
      this.db
        .prepare(`INSERT INTO name_decisions (id, workshop_id, key, kind, place, match, decided_at)
          VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(workshop_id, key) DO NOTHING`)
        .run(d.id, d.workshopId, d.key, d.kind, d.where, d.match, d.at).changes > 0
    );
  }

  /** The workshop's "not a participant's name" decisions, oldest first. */
  nameDecisions(workshopId: string): NameDecisionRow[] {
    return this.db
      .prepare(`SELECT id, key, kind, place AS "where", match, decided_at AS at FROM name_decisions
        WHERE workshop_id = ? ORDER BY decided_at, rowid`)
      .all(workshopId) as NameDecisionRow[];
  }

  deleteNameDecision(workshopId: string, id: string): boolean {
    return (
      this.db
        .prepare('DELETE FROM name_decisions WHERE workshop_id = ? AND id = ?')
        .run(workshopId, id).changes > 0
    );
  }
}
