import type { Phase, Role, WorkshopSummary } from '@convene/shared';
import type { Db } from './db.ts';

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
}

export interface QuestionRow {
  id: string;
  workshopId: string;
  position: number;
  prompt: string;
  plannedMinutes: number | null;
  phase: Phase;
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
  status: 'visible';
  createdAt: number;
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
  created_at AS createdAt`;
const QUESTION_COLUMNS = `id, workshop_id AS workshopId, position, prompt,
  planned_minutes AS plannedMinutes, phase`;
const IDEA_COLUMNS = `id, workshop_id AS workshopId, question_id AS questionId,
  participant_id AS participantId, seq, text, actor, next_step AS nextStep, status,
  created_at AS createdAt`;

type RawWorkshop = Omit<WorkshopRow, 'chathamHouse'> & { chathamHouse: number };
const toWorkshop = (r: RawWorkshop): WorkshopRow => ({ ...r, chathamHouse: r.chathamHouse === 1 });

/**
 * Every SQL statement of Convene, prepared once. Methods are small and synchronous so that
 * callers can compose them inside one `db.transaction`.
 */
export class Store {
  readonly db: Db;
  private readonly s;

  constructor(db: Db) {
    this.db = db;
    this.s = {
      insertWorkshop: db.prepare(`INSERT INTO workshops (id, join_code, title, series, host, date,
        duration_minutes, chatham_house, vote_budget, max_votes_per_idea, created_at)
        VALUES (@id, @joinCode, @title, @series, @host, @date, @durationMinutes, @chathamHouse,
        @voteBudget, @maxVotesPerIdea, @createdAt)`),
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
        planned_minutes, phase) VALUES (@id, @workshopId, @position, @prompt, @plannedMinutes, @phase)`),
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
        text, actor, next_step, status, created_at) VALUES (@id, @workshopId, @questionId,
        @participantId, @seq, @text, @actor, @nextStep, @status, @createdAt)`),
      ideasOf: db.prepare(`SELECT ${IDEA_COLUMNS} FROM ideas WHERE workshop_id = ? ORDER BY seq`),
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
      clearUpdates: db.prepare('DELETE FROM yjs_updates WHERE workshop_id = ?'),
    };
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  insertWorkshop(w: Omit<WorkshopRow, 'currentQuestionId'>): void {
    this.s.insertWorkshop.run({ ...w, chathamHouse: w.chathamHouse ? 1 : 0 });
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

  insertQuestion(q: QuestionRow): void {
    this.s.insertQuestion.run(q);
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

  insertIdea(idea: IdeaRow): void {
    this.s.insertIdea.run(idea);
  }

  ideas(workshopId: string): IdeaRow[] {
    return this.s.ideasOf.all(workshopId) as IdeaRow[];
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

  /** Replaces snapshot + tail by one snapshot, atomically. */
  compact(workshopId: string, state: Uint8Array): void {
    this.transaction(() => {
      this.s.putSnapshot.run(workshopId, Buffer.from(state), new Date().toISOString());
      this.s.clearUpdates.run(workshopId);
    });
  }
}
