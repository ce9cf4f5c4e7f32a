import * as Y from 'yjs';
import { PHASES, type Phase } from '../domain/phases.ts';
import type { ClusterScore, RankedIdea } from '../domain/ranking.ts';
import { IDLE_TIMER, type TimerState } from '../domain/timer.ts';
import type { SubmissionMode } from '../protocol/commands.ts';

/**
 * The only code that knows how a workshop's Y.Doc is laid out.
 *
 *   workshop  Y.Map   title, series, host, date, durationMinutes, chathamHouse, voteBudget,
 *                     maxVotesPerIdea, joinCode, currentQuestionId
 *   questions Y.Map   id → Y.Map { id, prompt, position, plannedMinutes, phase }
 *   ideas     Y.Map   id → Y.Map { id, questionId, text, actor, nextStep, clusterId, createdAt, seq }
 *   notes     Y.Map   questionId → Y.Text (rapporteurs' notes)
 *   clusters  Y.Map   id → Y.Map { id, questionId, label, position }     (facilitators write)
 *   placement Y.Map   ideaId → clusterId                                 (facilitators write)
 *   timer     Y.Map   status, durationMs, endsAt, remainingMs, autoAdvance
 *   rounds    Y.Map   id → Y.Map { id, questionId, number, status, budget, maxPerIdea,
 *                     candidates, votersStarted, votersDone, results }
 *   display   Y.Map   spotlight: { kind: 'idea' | 'cluster', id } | null  (facilitators write)
 *
 * Server-owned keys (workshop, questions, ideas, timer, rounds) are written only by the server
 * after a command is committed; clusters, placement and notes are written by trusted writers.
 * Readers are defensive: a trusted writer's bug must not crash every screen, so each field is
 * coerced to its type with a default. Mutators wrap one `transact` with a typed origin.
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

export interface WorkshopMeta {
  title: string;
  series: string | null;
  host: string | null;
  date: string | null;
  durationMinutes: number | null;
  chathamHouse: boolean;
  voteBudget: number;
  maxVotesPerIdea: number;
  joinCode: string;
  currentQuestionId: string | null;
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
}

export interface BoardCluster {
  id: string;
  questionId: string;
  label: string;
  position: number;
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
}

/** What the facilitator has put in the spotlight on the projector. */
export interface Spotlight {
  kind: 'idea' | 'cluster';
  id: string;
}

export interface BoardSnapshot {
  workshop: WorkshopMeta;
  spotlight: Spotlight | null;
  questions: BoardQuestion[];
  /** Visible ideas, with `clusterId` resolved from the placement map. */
  ideas: BoardIdea[];
  clusters: BoardCluster[];
  rounds: BoardRound[];
  timer: TimerState;
}

const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);
const strOrNull = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown, fallback = 0): number =>
  typeof v === 'number' && Number.isFinite(v) ? v : fallback;
const numOrNull = (v: unknown): number | null =>
  typeof v === 'number' && Number.isFinite(v) ? v : null;
const phase = (v: unknown): Phase =>
  typeof v === 'string' && (PHASES as readonly string[]).includes(v) ? (v as Phase) : 'lobby';

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
const stringArrayOrNull = (v: unknown): string[] | null =>
  Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : null;

export function readWorkshop(doc: Y.Doc): WorkshopMeta {
  const m = workshopMap(doc);
  return {
    title: str(m.get('title')),
    series: strOrNull(m.get('series')),
    host: strOrNull(m.get('host')),
    date: strOrNull(m.get('date')),
    durationMinutes: numOrNull(m.get('durationMinutes')),
    chathamHouse: m.get('chathamHouse') !== false,
    voteBudget: num(m.get('voteBudget'), 3),
    maxVotesPerIdea: num(m.get('maxVotesPerIdea'), 1),
    joinCode: str(m.get('joinCode')),
    currentQuestionId: strOrNull(m.get('currentQuestionId')),
  };
}

export function readQuestions(doc: Y.Doc): BoardQuestion[] {
  const out: BoardQuestion[] = [];
  for (const [id, q] of questionsMap(doc)) {
    if (!(q instanceof Y.Map)) continue;
    out.push({
      id,
      prompt: str(q.get('prompt')),
      position: num(q.get('position')),
      plannedMinutes: numOrNull(q.get('plannedMinutes')),
      phase: phase(q.get('phase')),
      mode: mode(q.get('mode')),
      hiddenCount: num(q.get('hiddenCount')),
      submitters: num(q.get('submitters')),
      actualMs: num(q.get('actualMs')),
      activeSince: numOrNull(q.get('activeSince')),
    });
  }
  return out.sort((a, b) => a.position - b.position || a.id.localeCompare(b.id));
}

function readIdea(id: string, m: Y.Map<unknown>, clusterId: string | null): BoardIdea {
  return {
    id,
    questionId: str(m.get('questionId')),
    text: str(m.get('text')),
    actor: strOrNull(m.get('actor')),
    nextStep: strOrNull(m.get('nextStep')),
    clusterId,
    createdAt: num(m.get('createdAt')),
    seq: num(m.get('seq')),
    mergedCount: num(m.get('mergedCount')),
  };
}

/** Visible ideas in order of arrival; an idea placed in a cluster that no longer exists is unclustered. */
export function readIdeas(doc: Y.Doc): BoardIdea[] {
  const clusters = clustersMap(doc);
  const placement = placementMap(doc);
  const out: BoardIdea[] = [];
  for (const [id, m] of ideasMap(doc)) {
    if (!(m instanceof Y.Map)) continue;
    const placed = strOrNull(placement.get(id));
    const cluster = placed ? clusters.get(placed) : undefined;
    const clusterId =
      cluster instanceof Y.Map && cluster.get('questionId') === m.get('questionId') ? placed : null;
    out.push(readIdea(id, m, clusterId));
  }
  return out.sort((a, b) => a.seq - b.seq || a.id.localeCompare(b.id));
}

export function readClusters(doc: Y.Doc): BoardCluster[] {
  const out: BoardCluster[] = [];
  for (const [id, m] of clustersMap(doc)) {
    if (!(m instanceof Y.Map)) continue;
    out.push({
      id,
      questionId: str(m.get('questionId')),
      label: str(m.get('label')),
      position: num(m.get('position')),
    });
  }
  return out.sort((a, b) => a.position - b.position || a.id.localeCompare(b.id));
}

function readResults(v: unknown): RoundResults | null {
  if (!v || typeof v !== 'object') return null;
  const r = v as Partial<RoundResults>;
  if (!Array.isArray(r.ideas) || !Array.isArray(r.clusters)) return null;
  return { ideas: r.ideas, clusters: r.clusters, voters: num(r.voters) };
}

export function readRounds(doc: Y.Doc): BoardRound[] {
  const out: BoardRound[] = [];
  for (const [id, m] of roundsMap(doc)) {
    if (!(m instanceof Y.Map)) continue;
    const status = m.get('status');
    out.push({
      id,
      questionId: str(m.get('questionId')),
      number: num(m.get('number'), 1),
      status: status === 'closed' || status === 'cancelled' ? status : 'open',
      budget: num(m.get('budget'), 3),
      maxPerIdea: num(m.get('maxPerIdea'), 1),
      candidates: stringArrayOrNull(m.get('candidates')),
      votersStarted: num(m.get('votersStarted')),
      votersDone: num(m.get('votersDone')),
      results: readResults(m.get('results')),
    });
  }
  return out.sort((a, b) => a.questionId.localeCompare(b.questionId) || a.number - b.number);
}

export function readSpotlight(doc: Y.Doc): Spotlight | null {
  const v = displayMap(doc).get('spotlight');
  if (!v || typeof v !== 'object') return null;
  const { kind, id } = v as Partial<Spotlight>;
  return (kind === 'idea' || kind === 'cluster') && typeof id === 'string' ? { kind, id } : null;
}

/** Puts an idea or a cluster in the spotlight on the projector, or clears it (null). */
export function setSpotlight(
  doc: Y.Doc,
  spotlight: Spotlight | null,
  origin: DocOrigin = ORIGINS.local,
): void {
  doc.transact(() => displayMap(doc).set('spotlight', spotlight), origin);
}

export function readTimer(doc: Y.Doc): TimerState {
  const m = timerMap(doc);
  const status = m.get('status');
  if (status !== 'running' && status !== 'paused') return IDLE_TIMER;
  return {
    status,
    durationMs: num(m.get('durationMs')),
    endsAt: numOrNull(m.get('endsAt')),
    remainingMs: numOrNull(m.get('remainingMs')),
    autoAdvance: m.get('autoAdvance') === true,
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
  }, origin);
}

/** The fields of an idea the server writes (its cluster is the facilitators' business). */
export type DocIdea = Omit<BoardIdea, 'clusterId'>;

/** Adds an idea, or updates the fields of one already on the board. */
export function putIdea(doc: Y.Doc, idea: DocIdea, origin: DocOrigin = ORIGINS.command): void {
  doc.transact(() => {
    const ideas = ideasMap(doc);
    let m = ideas.get(idea.id);
    if (!(m instanceof Y.Map)) {
      m = new Y.Map<unknown>();
      ideas.set(idea.id, m);
    }
    for (const [k, v] of Object.entries(idea)) if (m.get(k) !== v) m.set(k, v);
  }, origin);
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
  Pick<BoardQuestion, 'phase' | 'mode' | 'hiddenCount' | 'submitters' | 'actualMs' | 'activeSince'>
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

export function createCluster(
  doc: Y.Doc,
  cluster: BoardCluster,
  ideaIds: readonly string[] = [],
  origin: DocOrigin = ORIGINS.local,
): void {
  doc.transact(() => {
    const m = new Y.Map<unknown>();
    for (const [k, v] of Object.entries(cluster)) m.set(k, v);
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

/** Notes of a question as plain text ('' when none yet), for readers and exports. */
export function readNotes(doc: Y.Doc, questionId: string): string {
  const t = notesMap(doc).get(questionId);
  return t instanceof Y.Text ? t.toString() : '';
}
