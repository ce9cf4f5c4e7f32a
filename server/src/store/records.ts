import type {
  ActorGroupConfig,
  IdeaLensTags,
  IdeaOrigin,
  IdeaStatus,
  IdeaTally,
  Lang,
  LensConfig,
  ParticipantTypes,
  Phase,
  Role,
  RoundResults,
  RoundStatus,
  SubmissionMode,
  TimerState,
  WorkshopSettings,
  WorkshopSummary,
} from '@convene/shared';
import type { Enlisted } from './groupCommit.ts';

/*
 * The record behind interfaces, one per aggregate (issue 16, item 4). `Store` is their
 * intersection: call sites keep writing `store.insertIdea(...)` whatever implements it.
 *
 * Every method is synchronous. That is the seam's design, not an accident of SQLite: the domain
 * rules run against the record of a workshop inside the process that owns its room, and only the
 * group's commit step may wait (docs/architecture.md, "The Store"). The rules every
 * implementation must keep are tests/contract/storeContract.ts; run it against a new one.
 */

export interface WorkshopRow extends WorkshopSettings {
  id: string;
  joinCode: string;
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

/** A new workshop's row: the brief's details default to none (English) unless given. */
export type NewWorkshopRow = Omit<WorkshopRow, 'currentQuestionId' | keyof WorkshopDetailsRow> &
  Partial<WorkshopDetailsRow>;

/** Workshops with their questions, the brief's details, lenses and timer. */
export interface WorkshopRecords {
  insertWorkshop(w: NewWorkshopRow): void;
  /** Writes the brief's details of a workshop (all of them: read, change, write). */
  setDetails(workshopId: string, d: WorkshopDetailsRow): void;
  /** The workshop's lenses (issue 13); null: the defaults. */
  setLenses(workshopId: string, lenses: LensConfig | null): void;
  workshop(id: string): WorkshopRow | undefined;
  workshopByJoinCode(code: string): WorkshopRow | undefined;
  isJoinCodeTaken(code: string): boolean;
  /** The latest workshops first (at most 500). */
  listWorkshops(): WorkshopSummary[];
  setCurrentQuestion(workshopId: string, questionId: string): void;
  /** Deletes a workshop and every record that belongs to it; false if unknown. */
  deleteWorkshop(workshopId: string): boolean;
  insertQuestion(
    q: Pick<QuestionRow, 'id' | 'workshopId' | 'position' | 'prompt' | 'plannedMinutes' | 'phase'> &
      Partial<Pick<QuestionRow, 'mode'>>,
  ): void;
  /** A workshop's questions in order of position. */
  questions(workshopId: string): QuestionRow[];
  question(workshopId: string, questionId: string): QuestionRow | undefined;
  setPhase(workshopId: string, questionId: string, phase: Phase): void;
  setMode(workshopId: string, questionId: string, mode: SubmissionMode): void;
  setQuestionTime(
    workshopId: string,
    questionId: string,
    actualMs: number,
    activeSince: number | null,
  ): void;
  setVoteSettings(
    workshopId: string,
    questionId: string,
    budget: number | null,
    maxPerIdea: number | null,
    topN: number | null,
  ): void;
  /** The brief's heading for a question (empty or null: derived from the prompt). */
  setShortTitle(workshopId: string, questionId: string, shortTitle: string | null): void;
  timer(workshopId: string): TimerState | null;
  /** Workshops whose timer is running (to re-arm auto-advance after a restart). */
  runningTimers(): { workshopId: string; timer: TimerState }[];
  setTimer(workshopId: string, timer: TimerState): void;
}

/** A new idea's row (lens tags, origins and the edit/moderation fields may be left out). */
export type NewIdeaRow = Omit<IdeaRow, 'countries' | 'pbc' | 'tags'> & Partial<IdeaRow>;

/** Ideas and their per-workshop arrival counter. */
export interface IdeaRecords {
  /** Next arrival number for an idea in this workshop (call inside a transaction). */
  nextIdeaSeq(workshopId: string): number;
  /** Sets the arrival counter of a workshop's ideas (after an import kept their numbers). */
  setIdeaSeq(workshopId: string, seq: number): void;
  insertIdea(idea: NewIdeaRow): void;
  idea(workshopId: string, ideaId: string): IdeaRow | undefined;
  /** A workshop's ideas in order of arrival. */
  ideas(workshopId: string): IdeaRow[];
  ideasOfParticipant(workshopId: string, participantId: string): IdeaRow[];
  /** Writes an idea's text, status and moderation fields (tags and origins are kept). */
  updateIdea(idea: IdeaRow): void;
  setIdeaTags(ideaId: string, t: Pick<IdeaRow, 'countries' | 'pbc' | 'tags'>): void;
  setIdeaOrigins(workshopId: string, ideaId: string, origins: readonly IdeaOrigin[]): void;
  setContest(workshopId: string, ideaId: string, contested: boolean, note: string | null): void;
  /** Participants with at least one idea (not withdrawn) for the question. */
  submitters(questionId: string): number;
  hiddenCount(questionId: string): number;
  mergedCount(ideaId: string): number;
  /**
   * A participant's ideas for a question that count (any but withdrawn): the per-person limit,
   * and whether they are among its submitters. Reads only that author's rows.
   */
  authorIdeaCount(questionId: string, participantId: string): number;
  /** A question's ideas, every status, in order of arrival. */
  ideasOfQuestion(workshopId: string, questionId: string): IdeaRow[];
  /** A question's ideas waiting for reveal, in order of arrival. */
  hiddenIdeasOf(workshopId: string, questionId: string): IdeaRow[];
  /** The ideas merged into one. */
  ideasMergedInto(workshopId: string, ideaId: string): IdeaRow[];
  /** `mergedCount` of every idea of a question that has ideas merged into it, in one query. */
  mergedCountsOf(questionId: string): Map<string, number>;
  /** The visible ideas of a question in order of arrival (the only ones the sense queries read). */
  visibleIdeasOf(workshopId: string, questionId: string): IdeaRow[];
}

/** Voting rounds and the dots placed in them. */
export interface VoteRecords {
  insertRound(r: Omit<RoundRow, 'results' | 'closedAt'>): void;
  /** A question's rounds in order of number. */
  rounds(questionId: string): RoundRow[];
  roundsOfWorkshop(workshopId: string): RoundRow[];
  openRound(questionId: string): RoundRow | undefined;
  finishRound(
    roundId: string,
    status: 'closed' | 'cancelled',
    results: RoundResults | null,
    at: number,
  ): void;
  /** One participant's dots per idea in a round. */
  ballot(roundId: string, participantId: string): Record<string, number>;
  /** Sets a participant's dots on an idea (0 removes them). */
  setVote(roundId: string, participantId: string, ideaId: string, count: number): void;
  deleteVotes(roundId: string): void;
  /** Votes per idea in a round (ideas without votes are absent). */
  tallies(roundId: string): Omit<IdeaTally, 'seq'>[];
  /** Dots used per participant in a round. */
  usage(roundId: string): { participantId: string; used: number }[];
  /** Moves every dot on `from` to `into` (a merge), adding to dots already there. */
  moveVotes(roundId: string, from: string, into: string): void;
}

/** Who may enter a workshop: participants, hashed tokens, revocation and forgetting names. */
export interface AccessRecords {
  insertParticipant(id: string, workshopId: string, name: string | null, createdAt: string): void;
  participantCount(workshopId: string): number;
  isParticipantOf(workshopId: string, participantId: string): boolean;
  /** Names participants gave when joining (never null or empty); read by the name check only. */
  participantNames(workshopId: string): string[];
  insertToken(t: TokenRow, createdAt: string): void;
  /** A live (unrevoked) token by its hash. */
  tokenByHash(hash: string): TokenRow | undefined;
  /** Revokes every live token of one participant; returns how many. */
  revokeParticipantTokens(workshopId: string, participantId: string, at: string): number;
  /** How many unrevoked tokens of a role a workshop has. */
  liveTokenCount(workshopId: string, role: Role): number;
  /** Revokes every live token of a screen role (a leaked link); returns how many. */
  revokeRoleTokens(workshopId: string, role: Role, at: string): number;
  /**
   * Forgets every participant's name in a workshop, the organiser's list of expected names and
   * the originals kept to undo name replacements; returns how many participants' names went.
   */
  purgeNames(workshopId: string): number;
}

/** Results of commands already applied, so that a retry is answered, not applied again. */
export interface CommandLog {
  /** The stored reply of a command, for the same actor and command id only. */
  commandResult(actorKey: string, commandId: string): { name: string; result: unknown } | undefined;
  recordCommand(
    actorKey: string,
    commandId: string,
    workshopId: string,
    name: string,
    result: unknown,
  ): void;
}

/** A workshop's Yjs state: one compacted snapshot and the updates stored after it, in order. */
export interface DocLog {
  docState(workshopId: string): { snapshot: Uint8Array | null; updates: Uint8Array[] };
  appendUpdate(workshopId: string, update: Uint8Array): void;
  /**
   * Appends an update derived from rows already committed (a projection); an implementation may
   * make it durable with the next commit rather than its own, since it can be rebuilt.
   */
  appendProjectedUpdate(workshopId: string, update: Uint8Array): void;
  /** Replaces snapshot and updates by one snapshot, atomically. */
  compact(workshopId: string, state: Uint8Array): void;
}

/** The brief's private rows (issue 14): name replacements, name decisions, expected names. */
export interface BriefRecords {
  /** Records a name replacement with what it replaced (`data`: read back only by undo). */
  insertRedaction(r: {
    id: string;
    workshopId: string;
    at: string;
    count: number;
    locations: string;
    data: string;
  }): void;
  /** The workshop's name replacements, latest first (without their data). */
  redactions(workshopId: string): RedactionRow[];
  /** One replacement's undo data, while it can still be undone. */
  redactionData(workshopId: string, id: string): { locations: string; data: string } | undefined;
  /** Marks a replacement undone and forgets the words it had kept. */
  markRedactionUndone(workshopId: string, id: string, at: string): void;
  /** The organiser's list of names expected in the room (never in the doc, never exported). */
  participantList(workshopId: string): string[];
  setParticipantList(workshopId: string, names: readonly string[]): void;
  /** Records that a finding is not a participant's name; false if its key was decided before. */
  insertNameDecision(d: NameDecisionRow & { workshopId: string }): boolean;
  /** The workshop's decisions, oldest first. */
  nameDecisions(workshopId: string): NameDecisionRow[];
  deleteNameDecision(workshopId: string, id: string): boolean;
}

/** The whole record: every aggregate's records, and transactions across them. */
export interface Store
  extends WorkshopRecords,
    IdeaRecords,
    VoteRecords,
    AccessRecords,
    CommandLog,
    DocLog,
    BriefRecords {
  /**
   * Runs `fn` atomically: if it throws, none of its writes remain. Nested calls are atomic on
   * their own (a failing inner call that the outer one catches undoes only its own writes).
   */
  transaction<T>(fn: () => T): T;
  /**
   * Group commit (groupCommit.ts): runs `work` now, atomically on its own, inside the open group
   * of commands; `steps.committed` is told how it ended once the group is committed (the
   * projection goes then), `steps.settled` once the group is durable or lost (the reply goes
   * then: nothing of it may be acknowledged before). An implementation whose commit is
   * asynchronous opens the next group while one is in flight.
   */
  enlist<T>(work: () => T, steps: Enlisted<T>): void;
  /**
   * Commits the open group now, if there is one, and makes its projections (synchronous for
   * the caller, who writes next); its answers follow its flush. Every write outside `enlist`
   * settles the group first.
   */
  settle(): void;
}
