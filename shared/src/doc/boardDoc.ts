import * as Y from 'yjs';
import { isWellFormedJoinCode } from '../domain/joinCode.ts';
import { isLang, type Lang } from '../domain/language.ts';
import { type LensConfig, readIdeaTags, readLensConfig } from '../domain/lenses.ts';
import { LIMITS } from '../domain/limits.ts';
import { PHASES, type Phase } from '../domain/phases.ts';
import type { ClusterScore, RankedIdea } from '../domain/ranking.ts';
import { IDLE_TIMER, type TimerState } from '../domain/timer.ts';
import type { WorkshopSettings } from '../domain/workshopSettings.ts';
import type { SubmissionMode } from '../protocol/commands.ts';
import type { IdeaOrigin } from '../protocol/series.ts';
import {
  count,
  countOrNull,
  idOrNull,
  int,
  intOrNull,
  list,
  record,
  safely,
  text,
  textOrNull,
} from './coerce.ts';

/**
 * The only code that knows how a workshop's Y.Doc is laid out.
 *
 *   workshop  Y.Map   title, series, host, date, durationMinutes, chathamHouse, voteBudget,
 *                     maxVotesPerIdea, joinCode, currentQuestionId, language, lenses (LensConfig)
 *   questions Y.Map   id → Y.Map { id, prompt, position, plannedMinutes, phase, mode,
 *                     hiddenCount, submitters, actualMs, activeSince, shortTitle }
 *   ideas     Y.Map   id → Y.Map { id, questionId, text, actor, nextStep, createdAt, seq,
 *                     mergedCount, contested?, contestNote? (only when contested), countries,
 *                     pbc, tags, origins (issue 15: [{workshopId?, number, topic}], only when
 *                     carried) }
 *   notes     Y.Map   questionId → Y.Text (rapporteurs' notes)
 *   debate    Y.Map   questionId → Y.Text (rapporteurs' "Points of debate" note, issue 13)
 *   clusters  Y.Map   id → Y.Map { id, questionId, label, position, contested?, contestNote? }
 *                                                                        (facilitators write)
 *   placement Y.Map   ideaId → clusterId                                 (facilitators write)
 *   timer     Y.Map   status, durationMs, endsAt, remainingMs, autoAdvance, questionId, phase
 *   rounds    Y.Map   id → Y.Map { id, questionId, number, status, budget, maxPerIdea,
 *                     candidates, votersStarted, votersDone, results }
 *   display   Y.Map   spotlight: { kind: 'idea' | 'cluster', id } | null  (facilitators write)
 *                     wallMode: 'page' | 'newest'                        (facilitators write)
 *   brief     Y.Map   sectionKey → Y.Text (the draft; created by the server, typed by writers)
 *   briefBase Y.Map   sectionKey → { text, at } what each section was last generated as
 *                                                            (server; layout in briefDoc.ts)
 *
 * Server-owned keys (workshop, questions, ideas, timer, rounds, briefBase) are written only by
 * the server after a command is committed; clusters, placement, display and the contents of the
 * notes, debate and brief texts are written by trusted writers (the texts themselves are created
 * by the server: notes and debate once per question, brief sections when a draft is generated).
 * A cluster's placement of an idea lives in `placement`, not on the idea.
 * Readers are total: a trusted writer's bug (or a hostile writer) must not crash every screen,
 * so each field is coerced to its type and range with a default (coerce.ts), text is capped,
 * and an entry that is not a map, has a malformed id, or (in results) has no id is dropped.
 * Whatever the doc holds, a reader returns the type it promises and never throws. Mutators
 * wrap one `transact` with a typed origin.
 */

/** Why a transaction happened; lets observers and persistence tell sources apart. */
export const ORIGINS = {
  /** The server applying a validated command. */
  command: 'convene:command',
  /** The server loading stored state. */
  load: 'convene:load',
  /** A local edit by a trusted writer in a browser. */
  local: 'convene:local',
} as const;
export type DocOrigin = (typeof ORIGINS)[keyof typeof ORIGINS];

export interface WorkshopMeta extends WorkshopSettings {
  joinCode: string;
  currentQuestionId: string | null;
  /** The brief's language (issue 14; readers always give it, `en` by default). */
  language?: Lang;
  /** Lenses ideas are tagged with (issue 13). */
  lenses: LensConfig;
}

export interface BoardQuestion {
  id: string;
  prompt: string;
  position: number;
  plannedMinutes: number | null;
  phase: Phase;
  /** open: ideas appear live; hidden: only a count until the facilitator reveals. */
  mode: SubmissionMode;
  /** Ideas waiting for reveal in hidden mode (a count only, never their text). */
  hiddenCount: number;
  /** How many different participants have submitted to this question. */
  submitters: number;
  /** Time spent as the current, started question, before `activeSince`. */
  actualMs: number;
  /** Server epoch ms since when the question has been the current, started one; null if not. */
  activeSince: number | null;
  /** The brief's heading for the question (issue 14; readers always give it, null: none). */
  shortTitle?: string | null;
}

export interface BoardCluster {
  id: string;
  questionId: string;
  label: string;
  position: number;
  /** Points of debate (issue 13): the room's views on this theme differed. */
  contested: boolean;
  /** The positions, in one line and without names; null when none was written. */
  contestNote: string | null;
}

export type RoundStatus = 'open' | 'closed' | 'cancelled';

export interface BoardRound {
  id: string;
  questionId: string;
  number: number;
  status: RoundStatus;
  budget: number;
  maxPerIdea: number;
  /** Ideas on the ballot; null: every visible idea of the question. */
  candidates: string[] | null;
  /** Participants who have placed at least one dot / all their dots (progress, not tallies). */
  votersStarted: number;
  votersDone: number;
  /** Published when the round closes; never present while it is open. */
  results: RoundResults | null;
}

export interface RoundResults {
  ideas: RankedIdea[];
  clusters: ClusterScore[];
  /** Participants who voted in the round. */
  voters: number;
}

export interface BoardIdea {
  id: string;
  questionId: string;
  text: string;
  actor: string | null;
  nextStep: string | null;
  clusterId: string | null;
  /** Milliseconds since the epoch, server clock. */
  createdAt: number;
  /** Server-assigned order of arrival within the workshop. */
  seq: number;
  /** How many duplicates were merged into this idea. */
  mergedCount: number;
  /** Points of debate (issue 13): views on this idea differed. */
  contested: boolean;
  /** The positions, in one line and without names; null when none was written. */
  contestNote: string | null;
  // Lenses (issue 13).
  /** Country examples: ISO 3166-1 alpha-2 codes, sorted. */
  countries: string[];
  /** Concerns the role of the Peacebuilding Commission. */
  pbc: boolean;
  /** Custom lens id → values. */
  tags: Record<string, string[]>;
  /**
   * Consolidation session (issue 15): the workshops this idea was carried forward from (its
   * number and topic, never a person); empty for an idea written in this workshop.
   */
  origins: IdeaOrigin[];
}

/** What the facilitator has put in the spotlight on the projector. */
export interface Spotlight {
  kind: 'idea' | 'cluster';
  id: string;
}

/**
 * What the projector's wall does with more ideas than fit legibly: page through all of them by
 * itself, or show the newest that fit and count the rest. The facilitator's choice.
 */
export type WallMode = 'page' | 'newest';
/** Every wall mode, the first the default. */
export const WALL_MODES: readonly WallMode[] = ['page', 'newest'];

export interface BoardSnapshot {
  workshop: WorkshopMeta;
  spotlight: Spotlight | null;
  /** The projector wall's way with a board too big for one screen. */
  wallMode: WallMode;
  questions: BoardQuestion[];
  /** Visible ideas, with `clusterId` resolved from the placement map. */
  ideas: BoardIdea[];
  clusters: BoardCluster[];
  rounds: BoardRound[];
  timer: TimerState;
}

const phase = (v: unknown): Phase =>
  typeof v === 'string' && (PHASES as readonly string[]).includes(v) ? (v as Phase) : 'lobby';

/**
 * Longest text a reader passes on, per field: four times what a form or command accepts, as
 * the import schema allows (names replaced by "a participant" may also grow a text a little).
 */
const MAX = {
  // Issue 14: a question's short title (80 characters as typed).
  shortTitle: 320,
  title: LIMITS.title * 4,
  host: LIMITS.host * 4,
  prompt: LIMITS.questionPrompt * 4,
  ideaText: LIMITS.ideaText * 4,
  actor: LIMITS.ideaActor * 4,
  nextStep: LIMITS.ideaNextStep * 4,
  clusterLabel: LIMITS.clusterLabel * 4,
  contestNote: LIMITS.contestNote * 4,
  /** Ideas on one ballot, and ranked in one round's results (as an archive may hold). */
  ballot: 20_000,
  /** Clusters scored in one round's results (as an archive may hold). */
  clusterScores: 5_000,
} as const;

/** A date as YYYY-MM-DD that is a real day (what the create schema accepts), else null. */
function dateOrNull(v: unknown): string | null {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return null;
  const t = Date.parse(`${v}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === v ? v : null;
}

function workshopMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('workshop');
}
function questionsMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap('questions');
}
function ideasMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap('ideas');
}
function notesMap(doc: Y.Doc): Y.Map<Y.Text> {
  return doc.getMap('notes');
}
function debateMap(doc: Y.Doc): Y.Map<Y.Text> {
  return doc.getMap('debate');
}
function clustersMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap('clusters');
}
function placementMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('placement');
}
function displayMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('display');
}
function timerMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('timer');
}
function roundsMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap('rounds');
}
const mode = (v: unknown): SubmissionMode => (v === 'hidden' ? 'hidden' : 'open');
/** Dots per participant, or per idea: what the create and configure schemas accept. */
const dots = (v: unknown, fallback: number): number => int(v, 1, LIMITS.maxVoteBudget, fallback);

/**
 * The entries of a map of Y.Maps whose key is a well-formed id; anything else a writer left
 * there (a primitive, another shared type, a key no server or client makes) is skipped.
 */
function* entries<T>(map: Y.Map<T>): Generator<[string, Y.Map<unknown>]> {
  for (const [id, m] of map) {
    if (m instanceof Y.Map && idOrNull(id) !== null) yield [id, m as Y.Map<unknown>];
  }
}

/** Ideas on a ballot: well-formed ids, each once; anything but an array means "every idea". */
function candidates(v: unknown): string[] | null {
  const items = list(v, MAX.ballot);
  if (!items) return null;
  return [...new Set(items.map(idOrNull).filter((id): id is string => id !== null))];
}

export function readWorkshop(doc: Y.Doc): WorkshopMeta {
  const m = workshopMap(doc);
  const joinCode = m.get('joinCode');
  return {
    title: text(m.get('title'), MAX.title),
    series: textOrNull(m.get('series'), MAX.title),
    host: textOrNull(m.get('host'), MAX.host),
    date: dateOrNull(m.get('date')),
    durationMinutes: intOrNull(m.get('durationMinutes'), 1, 24 * 60),
    // Anything but an explicit false keeps the rule on: the safe side for the room.
    chathamHouse: m.get('chathamHouse') !== false,
    voteBudget: dots(m.get('voteBudget'), 3),
    maxVotesPerIdea: dots(m.get('maxVotesPerIdea'), 1),
    // Shown as text and drawn as a QR code, which refuses long input: only a real code.
    joinCode: typeof joinCode === 'string' && isWellFormedJoinCode(joinCode) ? joinCode : '',
    currentQuestionId: idOrNull(m.get('currentQuestionId')),
    language: isLang(m.get('language')) ? (m.get('language') as Lang) : 'en',
    lenses: readLensConfig(m.get('lenses')),
  };
}

export function readQuestions(doc: Y.Doc): BoardQuestion[] {
  const out: BoardQuestion[] = [];
  for (const [id, q] of entries(questionsMap(doc))) {
    out.push({
      id,
      prompt: text(q.get('prompt'), MAX.prompt),
      position: count(q.get('position')),
      plannedMinutes: intOrNull(q.get('plannedMinutes'), 1, 24 * 60),
      phase: phase(q.get('phase')),
      mode: mode(q.get('mode')),
      hiddenCount: count(q.get('hiddenCount')),
      submitters: count(q.get('submitters')),
      actualMs: count(q.get('actualMs')),
      activeSince: countOrNull(q.get('activeSince')),
      shortTitle: textOrNull(q.get('shortTitle'), MAX.shortTitle),
    });
  }
  return out.sort((a, b) => a.position - b.position || a.id.localeCompare(b.id));
}

function readIdea(id: string, m: Y.Map<unknown>, clusterId: string | null): BoardIdea {
  return {
    id,
    questionId: idOrNull(m.get('questionId')) ?? '',
    text: text(m.get('text'), MAX.ideaText),
    actor: textOrNull(m.get('actor'), MAX.actor),
    nextStep: textOrNull(m.get('nextStep'), MAX.nextStep),
    clusterId,
    createdAt: count(m.get('createdAt')),
    seq: count(m.get('seq')),
    mergedCount: count(m.get('mergedCount')),
    // Anything but an explicit true is "not contested"; a note without the mark is not shown.
    contested: m.get('contested') === true,
    contestNote:
      m.get('contested') === true ? textOrNull(m.get('contestNote'), MAX.contestNote) : null,
    ...readIdeaTags(m.get('countries'), m.get('pbc'), m.get('tags')),
    origins: readOrigins(m.get('origins')),
  };
}

// ---- Consolidation session (issue 15): an idea's origins ----

/** Origins one idea may list: a merge unites them, so a few per workshop of a series. */
const MAX_ORIGINS = 50;

/** One origin as written by the server, else null (a number is 1–99 or null; a topic is text). */
function readOrigin(v: unknown): IdeaOrigin | null {
  const r = record(v);
  if (!r) return null;
  const topic = text(r.topic, MAX.title);
  if (topic === '') return null;
  const workshopId = idOrNull(r.workshopId);
  return {
    ...(workshopId !== null ? { workshopId } : {}),
    number: intOrNull(r.number, 1, 99),
    topic,
  };
}

/** An idea's origins: well-formed entries only, at most MAX_ORIGINS; anything else is none. */
export function readOrigins(v: unknown): IdeaOrigin[] {
  return safely(
    () => (list(v, MAX_ORIGINS) ?? []).map(readOrigin).filter((o): o is IdeaOrigin => o !== null),
    [] as IdeaOrigin[],
  );
}

/** The same origin twice (a merge of two ideas carried from one workshop) is listed once. */
export function unionOrigins(a: readonly IdeaOrigin[], b: readonly IdeaOrigin[]): IdeaOrigin[] {
  const key = (o: IdeaOrigin) => `${o.workshopId ?? ''}\u0000${o.number ?? ''}\u0000${o.topic}`;
  const seen = new Set<string>();
  const out: IdeaOrigin[] = [];
  for (const o of [...a, ...b]) {
    if (seen.has(key(o))) continue;
    seen.add(key(o));
    out.push({ ...o });
  }
  // Ordered by workshop number, so that "From workshops 2, 4" reads in the series' order.
  return out
    .sort((x, y) => (x.number ?? 100) - (y.number ?? 100) || x.topic.localeCompare(y.topic))
    .slice(0, MAX_ORIGINS);
}

/** Visible ideas in order of arrival; an idea placed in a cluster that no longer exists is unclustered. */
export function readIdeas(doc: Y.Doc): BoardIdea[] {
  const clusters = clustersMap(doc);
  const placement = placementMap(doc);
  const out: BoardIdea[] = [];
  for (const [id, m] of entries(ideasMap(doc))) {
    const questionId = idOrNull(m.get('questionId'));
    const placed = idOrNull(placement.get(id));
    const cluster = placed ? clusters.get(placed) : undefined;
    // A cluster of another question (or of none) does not hold this idea.
    const clusterId =
      cluster instanceof Y.Map &&
      questionId !== null &&
      idOrNull(cluster.get('questionId')) === questionId
        ? placed
        : null;
    out.push(readIdea(id, m, clusterId));
  }
  return out.sort((a, b) => a.seq - b.seq || a.id.localeCompare(b.id));
}

export function readClusters(doc: Y.Doc): BoardCluster[] {
  const out: BoardCluster[] = [];
  for (const [id, m] of entries(clustersMap(doc))) {
    out.push({
      id,
      questionId: idOrNull(m.get('questionId')) ?? '',
      label: text(m.get('label'), MAX.clusterLabel),
      position: count(m.get('position')),
      contested: m.get('contested') === true,
      contestNote:
        m.get('contested') === true ? textOrNull(m.get('contestNote'), MAX.contestNote) : null,
    });
  }
  return out.sort((a, b) => a.position - b.position || a.id.localeCompare(b.id));
}

/**
 * An idea's line in published results. Built field by field in the order `rankIdeas` makes
 * them, so that a well-formed entry reads back exactly as the server wrote it (the server's
 * projection compares what it reads with what it would write).
 */
function readRankedIdea(v: unknown): RankedIdea | null {
  const r = record(v);
  const ideaId = r ? idOrNull(r.ideaId) : null;
  if (!r || ideaId === null) return null;
  const tieBreak = r.tieBreak === 'voters' || r.tieBreak === 'order' ? r.tieBreak : null;
  return {
    ideaId,
    votes: count(r.votes),
    voters: count(r.voters),
    seq: count(r.seq),
    rank: int(r.rank, 1, Number.MAX_SAFE_INTEGER, 1),
    tieBreak,
  };
}

/** A cluster's line in published results, in the order `rankClusters` makes it. */
function readClusterScore(v: unknown): ClusterScore | null {
  const r = record(v);
  const clusterId = r ? idOrNull(r.clusterId) : null;
  if (!r || clusterId === null) return null;
  return {
    clusterId,
    votes: count(r.votes),
    ideas: count(r.ideas),
    rank: int(r.rank, 1, Number.MAX_SAFE_INTEGER, 1),
  };
}

/** Well-formed entries of a list, each key once (the first wins), at most `max` of them. */
function uniqueBy<T>(
  v: unknown,
  max: number,
  read: (x: unknown) => T | null,
  key: (x: T) => string,
): T[] {
  const out: T[] = [];
  const seen = new Set<string>();
  for (const x of list(v, max) ?? []) {
    const item = read(x);
    if (item === null || seen.has(key(item))) continue;
    seen.add(key(item));
    out.push(item);
  }
  return out;
}

/**
 * Published results, or null when there are none. A malformed line (`null`, a number, an
 * object without an id) is dropped, not shown as a broken row; a list that is not a list
 * reads as empty.
 */
function readResults(v: unknown): RoundResults | null {
  return safely(() => {
    const r = record(v);
    if (!r) return null;
    return {
      ideas: uniqueBy(r.ideas, MAX.ballot, readRankedIdea, (i) => i.ideaId),
      clusters: uniqueBy(r.clusters, MAX.clusterScores, readClusterScore, (c) => c.clusterId),
      voters: count(r.voters),
    };
  }, null);
}

export function readRounds(doc: Y.Doc): BoardRound[] {
  const out: BoardRound[] = [];
  for (const [id, m] of entries(roundsMap(doc))) {
    const status = m.get('status');
    out.push({
      id,
      questionId: idOrNull(m.get('questionId')) ?? '',
      number: int(m.get('number'), 1, Number.MAX_SAFE_INTEGER, 1),
      status: status === 'closed' || status === 'cancelled' ? status : 'open',
      budget: dots(m.get('budget'), 3),
      maxPerIdea: dots(m.get('maxPerIdea'), 1),
      candidates: candidates(m.get('candidates')),
      votersStarted: count(m.get('votersStarted')),
      votersDone: count(m.get('votersDone')),
      results: readResults(m.get('results')),
    });
  }
  return out.sort((a, b) => a.questionId.localeCompare(b.questionId) || a.number - b.number);
}

export function readSpotlight(doc: Y.Doc): Spotlight | null {
  return safely(() => {
    const v = record(displayMap(doc).get('spotlight'));
    if (!v) return null;
    const id = idOrNull(v.id);
    return (v.kind === 'idea' || v.kind === 'cluster') && id !== null ? { kind: v.kind, id } : null;
  }, null);
}

/** Puts an idea or a cluster in the spotlight on the projector, or clears it (null). */
export function setSpotlight(
  doc: Y.Doc,
  spotlight: Spotlight | null,
  origin: DocOrigin = ORIGINS.local,
): void {
  doc.transact(() => displayMap(doc).set('spotlight', spotlight), origin);
}

/** The projector wall's mode; anything but a known mode reads as the default, 'page'. */
export function readWallMode(doc: Y.Doc): WallMode {
  return safely(() => {
    const v = displayMap(doc).get('wallMode');
    return v === 'newest' ? 'newest' : 'page';
  }, 'page' as WallMode);
}

/** Sets how the projector wall shows a board too big for one screen. */
export function setWallMode(doc: Y.Doc, mode: WallMode, origin: DocOrigin = ORIGINS.local): void {
  doc.transact(() => displayMap(doc).set('wallMode', mode), origin);
}

export function readTimer(doc: Y.Doc): TimerState {
  const m = timerMap(doc);
  const status = m.get('status');
  if (status !== 'running' && status !== 'paused') return IDLE_TIMER;
  return {
    status,
    durationMs: count(m.get('durationMs')),
    endsAt: countOrNull(m.get('endsAt')),
    remainingMs: countOrNull(m.get('remainingMs')),
    autoAdvance: m.get('autoAdvance') === true,
    questionId: idOrNull(m.get('questionId')),
    phase: m.has('phase') && m.get('phase') !== null ? phase(m.get('phase')) : null,
  };
}

export function hasIdea(doc: Y.Doc, ideaId: string): boolean {
  return ideasMap(doc).has(ideaId);
}

/** A plain, immutable snapshot of the whole board for rendering and exports. */
export function readBoard(doc: Y.Doc): BoardSnapshot {
  return {
    workshop: readWorkshop(doc),
    spotlight: readSpotlight(doc),
    wallMode: readWallMode(doc),
    questions: readQuestions(doc),
    ideas: readIdeas(doc),
    clusters: readClusters(doc),
    rounds: readRounds(doc),
    timer: readTimer(doc),
  };
}

/** The question participants are asked right now: the current one, else the first. */
export function currentQuestion(board: BoardSnapshot): BoardQuestion | null {
  const id = board.workshop.currentQuestionId;
  return board.questions.find((q) => q.id === id) ?? board.questions[0] ?? null;
}

/** Writes the workshop's settings and questions into an empty doc. */
export function initWorkshop(
  doc: Y.Doc,
  meta: WorkshopMeta,
  questions: readonly BoardQuestion[],
  origin: DocOrigin = ORIGINS.command,
): void {
  doc.transact(() => {
    const m = workshopMap(doc);
    for (const [k, v] of Object.entries(meta)) m.set(k, v);
    const qs = questionsMap(doc);
    const notes = notesMap(doc);
    for (const q of questions) {
      const qm = new Y.Map<unknown>();
      for (const [k, v] of Object.entries(q)) qm.set(k, v);
      qs.set(q.id, qm);
      // Created here, once, by the server: two rapporteurs creating it at once would each
      // make their own Y.Text and one of them would lose what they typed.
      notes.set(q.id, new Y.Text());
    }
    ensureDebateTexts(
      doc,
      questions.map((q) => q.id),
      origin,
    );
  }, origin);
}

/**
 * Gives each question its "Points of debate" text (issue 13), created by the server for the
 * reason notes are (initWorkshop). A workshop created before the part existed gets its texts
 * when its room next loads; a text already there is never replaced (it holds what was typed).
 */
export function ensureDebateTexts(
  doc: Y.Doc,
  questionIds: readonly string[],
  origin: DocOrigin = ORIGINS.command,
): void {
  const debate = debateMap(doc);
  const missing = questionIds.filter((id) => !(debate.get(id) instanceof Y.Text));
  if (missing.length === 0) return;
  doc.transact(() => {
    for (const id of missing) debate.set(id, new Y.Text());
  }, origin);
}

/**
 * The fields of an idea the server writes (its cluster is the facilitators' business). The
 * contest mark and lens tags may be left out by writers that have none (a board built by hand
 * in tests and benchmarks): they read as none.
 */
export type DocIdea = Omit<
  BoardIdea,
  'clusterId' | 'contested' | 'contestNote' | 'countries' | 'pbc' | 'tags' | 'origins'
> &
  Partial<Pick<BoardIdea, 'contested' | 'contestNote' | 'countries' | 'pbc' | 'tags' | 'origins'>>;

/** Adds an idea, or updates the fields of one already on the board. */
export function putIdea(doc: Y.Doc, idea: DocIdea, origin: DocOrigin = ORIGINS.command): void {
  doc.transact(() => {
    const ideas = ideasMap(doc);
    let m = ideas.get(idea.id);
    if (!(m instanceof Y.Map)) {
      m = new Y.Map<unknown>();
      ideas.set(idea.id, m);
    }
    for (const [k, v] of Object.entries(idea)) {
      // Lens tags are lists and maps: compared by value, or every projection would rewrite them.
      const same =
        typeof v === 'object' && v !== null
          ? !(m.get(k) instanceof Y.AbstractType) && JSON.stringify(m.get(k)) === JSON.stringify(v)
          : m.get(k) === v;
      if (!same) m.set(k, v);
    }
    // Lens tags are written only when an idea has them (most have none, and each key costs
    // every replica bytes): one left out means "none", so a tag cleared since is deleted.
    for (const k of OPTIONAL_IDEA_KEYS) if (!(k in idea) && m.has(k)) m.delete(k);
  }, origin);
}

// Origins (issue 15) likewise: written only for an idea carried into a consolidation session.
const LENS_KEYS = ['countries', 'pbc', 'tags', 'origins'] as const;
// The contested mark and its note likewise (as on a cluster): only on a contested idea, so that
// each new idea, on its way to every screen, carries no "not contested" (issue 16, item 3).
const OPTIONAL_IDEA_KEYS = [...LENS_KEYS, 'contested', 'contestNote'] as const;

/** An idea's lens tags as the doc holds them: only those it has (see `putIdea`). */
export function docLensTags(t: {
  countries: readonly string[];
  pbc: boolean;
  tags: Readonly<Record<string, readonly string[]>>;
}): Partial<Pick<BoardIdea, 'countries' | 'pbc' | 'tags'>> {
  return {
    ...(t.countries.length > 0 ? { countries: [...t.countries] } : {}),
    ...(t.pbc ? { pbc: true } : {}),
    ...(Object.keys(t.tags).length > 0
      ? { tags: Object.fromEntries(Object.entries(t.tags).map(([k, v]) => [k, [...v]])) }
      : {}),
  };
}

/** Takes an idea off the board (withdrawn, moderated, merged, or hidden again). */
export function removeIdea(doc: Y.Doc, ideaId: string, origin: DocOrigin = ORIGINS.command): void {
  doc.transact(() => {
    ideasMap(doc).delete(ideaId);
    placementMap(doc).delete(ideaId);
  }, origin);
}

/** Server-maintained fields of a question. */
export type QuestionFields = Partial<
  Pick<
    BoardQuestion,
    'phase' | 'mode' | 'hiddenCount' | 'submitters' | 'actualMs' | 'activeSince' | 'shortTitle'
  >
>;

export function setQuestionFields(
  doc: Y.Doc,
  questionId: string,
  fields: QuestionFields,
  origin: DocOrigin = ORIGINS.command,
): void {
  doc.transact(() => {
    const q = questionsMap(doc).get(questionId);
    if (!(q instanceof Y.Map)) return;
    for (const [k, v] of Object.entries(fields)) if (q.get(k) !== v) q.set(k, v);
  }, origin);
}

export function putTimer(doc: Y.Doc, timer: TimerState, origin: DocOrigin = ORIGINS.command): void {
  doc.transact(() => {
    const m = timerMap(doc);
    for (const [k, v] of Object.entries(timer)) if (m.get(k) !== v) m.set(k, v);
  }, origin);
}

/** Adds or updates a voting round (results only ever arrive when it closes). */
export function putRound(doc: Y.Doc, round: BoardRound, origin: DocOrigin = ORIGINS.command): void {
  doc.transact(() => {
    const rounds = roundsMap(doc);
    let m = rounds.get(round.id);
    if (!(m instanceof Y.Map)) {
      m = new Y.Map<unknown>();
      rounds.set(round.id, m);
    }
    for (const [k, v] of Object.entries(round)) {
      if (typeof v === 'object' && v !== null) m.set(k, v);
      else if (m.get(k) !== v) m.set(k, v);
    }
  }, origin);
}

/** Where each visible idea sits (clusterId or null), as the server needs it for tallies. */
export function readPlacement(doc: Y.Doc): Map<string, string | null> {
  return new Map(readIdeas(doc).map((i) => [i.id, i.clusterId]));
}

// ---- Clustering: trusted writers (facilitators) edit these directly, undoably. ----

/** A cluster as it is made; it is not contested unless said so (an import may say so). */
export type NewCluster = Omit<BoardCluster, 'contested' | 'contestNote'> &
  Partial<Pick<BoardCluster, 'contested' | 'contestNote'>>;

export function createCluster(
  doc: Y.Doc,
  cluster: NewCluster,
  ideaIds: readonly string[] = [],
  origin: DocOrigin = ORIGINS.local,
): void {
  doc.transact(() => {
    const m = new Y.Map<unknown>();
    for (const [k, v] of Object.entries(cluster)) {
      // The points-of-debate fields are written only when set, as setClusterContest does.
      if (k === 'contested' && v !== true) continue;
      if (k === 'contestNote' && (!v || cluster.contested !== true)) continue;
      m.set(k, v);
    }
    clustersMap(doc).set(cluster.id, m);
    for (const id of ideaIds) placementMap(doc).set(id, cluster.id);
  }, origin);
}

export function renameCluster(
  doc: Y.Doc,
  clusterId: string,
  label: string,
  origin: DocOrigin = ORIGINS.local,
): void {
  doc.transact(() => {
    const m = clustersMap(doc).get(clusterId);
    if (m instanceof Y.Map) m.set('label', label);
  }, origin);
}

/**
 * Marks a cluster contested ("views differed") with an optional one-line note, or unmarks it
 * (the note goes with the mark). Points of debate, issue 13.
 */
export function setClusterContest(
  doc: Y.Doc,
  clusterId: string,
  contested: boolean,
  note: string | null = null,
  origin: DocOrigin = ORIGINS.local,
): void {
  doc.transact(() => {
    const m = clustersMap(doc).get(clusterId);
    if (!(m instanceof Y.Map)) return;
    if (contested) {
      m.set('contested', true);
      // One line, as every path that writes a note requires (a pasted line break becomes a
      // space), cut at the limit without leaving half a surrogate pair.
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is replaced
      const line = (note ?? '').replace(/\s*[\u0000-\u001F\u007F]+\s*/g, ' ').trim();
      const n = line ? text(line, LIMITS.contestNote) : null;
      if (n === null) m.delete('contestNote');
      else m.set('contestNote', n);
    } else {
      m.delete('contested');
      m.delete('contestNote');
    }
  }, origin);
}

/** Deletes a cluster; its ideas become unclustered (they are never deleted with it). */
export function deleteCluster(
  doc: Y.Doc,
  clusterId: string,
  origin: DocOrigin = ORIGINS.local,
): void {
  doc.transact(() => {
    const placement = placementMap(doc);
    for (const [ideaId, c] of placement) if (c === clusterId) placement.delete(ideaId);
    clustersMap(doc).delete(clusterId);
  }, origin);
}

/** Moves an idea into a cluster, or out of any (clusterId null). */
export function placeIdea(
  doc: Y.Doc,
  ideaId: string,
  clusterId: string | null,
  origin: DocOrigin = ORIGINS.local,
): void {
  doc.transact(() => {
    if (clusterId) placementMap(doc).set(ideaId, clusterId);
    else placementMap(doc).delete(ideaId);
  }, origin);
}

/** Merges cluster `from` into `into`: its ideas move, then it is deleted. */
export function mergeClusters(
  doc: Y.Doc,
  from: string,
  into: string,
  origin: DocOrigin = ORIGINS.local,
): void {
  if (from === into) return;
  doc.transact(() => {
    const placement = placementMap(doc);
    for (const [ideaId, c] of placement) if (c === from) placement.set(ideaId, into);
    clustersMap(doc).delete(from);
  }, origin);
}

/** Sets the display order of a question's clusters to the given id order. */
export function reorderClusters(
  doc: Y.Doc,
  orderedIds: readonly string[],
  origin: DocOrigin = ORIGINS.local,
): void {
  doc.transact(() => {
    orderedIds.forEach((id, position) => {
      const m = clustersMap(doc).get(id);
      if (m instanceof Y.Map && m.get('position') !== position) m.set('position', position);
    });
  }, origin);
}

/** The shared types an undo manager for clustering should track. */
export function clusteringTypes(doc: Y.Doc): Y.AbstractType<unknown>[] {
  return [clustersMap(doc), placementMap(doc)] as Y.AbstractType<unknown>[];
}

/** Sets a question's phase. */
export function setQuestionPhase(
  doc: Y.Doc,
  questionId: string,
  next: Phase,
  origin: DocOrigin = ORIGINS.command,
): void {
  doc.transact(() => {
    const q = questionsMap(doc).get(questionId);
    if (q instanceof Y.Map) q.set('phase', next);
  }, origin);
}

/** Makes a question the one participants are asked now. */
export function setCurrentQuestion(
  doc: Y.Doc,
  questionId: string,
  origin: DocOrigin = ORIGINS.command,
): void {
  doc.transact(() => {
    // Rewriting the same value would still send every screen a new item to apply.
    const m = workshopMap(doc);
    if (m.get('currentQuestionId') !== questionId) m.set('currentQuestionId', questionId);
  }, origin);
}

/** The brief's language (server only, after `workshop:update`; issue 14). */
export function setWorkshopLanguage(
  doc: Y.Doc,
  language: Lang,
  origin: DocOrigin = ORIGINS.command,
): void {
  doc.transact(() => {
    const m = workshopMap(doc);
    if (m.get('language') !== language) m.set('language', language);
  }, origin);
}

/** The series the workshop belongs to (server only: a workshop joins or leaves a series). */
export function setWorkshopSeries(
  doc: Y.Doc,
  series: string | null,
  origin: DocOrigin = ORIGINS.command,
): void {
  doc.transact(() => workshopMap(doc).set('series', series), origin);
}

/** The shared text of a question's notes (created with the workshop), for editors. */
export function notesText(doc: Y.Doc, questionId: string): Y.Text | null {
  const t = notesMap(doc).get(questionId);
  return t instanceof Y.Text ? t : null;
}

/** The shared text of a question's "Points of debate" note (issue 13), for editors. */
export function debateText(doc: Y.Doc, questionId: string): Y.Text | null {
  const t = debateMap(doc).get(questionId);
  return t instanceof Y.Text ? t : null;
}

/** A question's "Points of debate" note as plain text ('' when none), for readers and exports. */
export function readDebate(doc: Y.Doc, questionId: string): string {
  const t = debateMap(doc).get(questionId);
  return t instanceof Y.Text ? t.toString() : '';
}

/** Notes of a question as plain text ('' when none yet), for readers and exports. */
export function readNotes(doc: Y.Doc, questionId: string): string {
  const t = notesMap(doc).get(questionId);
  return t instanceof Y.Text ? t.toString() : '';
}

/** The workshop's lenses (issue 13; server only, after `workshop:lenses` is committed). */
export function setWorkshopLenses(
  doc: Y.Doc,
  lenses: LensConfig,
  origin: DocOrigin = ORIGINS.command,
): void {
  doc.transact(() => workshopMap(doc).set('lenses', lenses), origin);
}
