import * as Y from 'yjs';
import { PHASES, type Phase } from '../domain/phases.ts';

/**
 * The only code that knows how a workshop's Y.Doc is laid out.
 *
 *   workshop  Y.Map   title, series, host, date, durationMinutes, chathamHouse, voteBudget,
 *                     maxVotesPerIdea, joinCode, currentQuestionId
 *   questions Y.Map   id → Y.Map { id, prompt, position, plannedMinutes, phase }
 *   ideas     Y.Map   id → Y.Map { id, questionId, text, actor, nextStep, clusterId, createdAt, seq }
 *   notes     Y.Map   questionId → Y.Text (rapporteurs' notes)
 *
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
}

export interface BoardSnapshot {
  workshop: WorkshopMeta;
  questions: BoardQuestion[];
  ideas: BoardIdea[];
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
    });
  }
  return out.sort((a, b) => a.position - b.position || a.id.localeCompare(b.id));
}

function readIdea(id: string, m: Y.Map<unknown>): BoardIdea {
  return {
    id,
    questionId: str(m.get('questionId')),
    text: str(m.get('text')),
    actor: strOrNull(m.get('actor')),
    nextStep: strOrNull(m.get('nextStep')),
    clusterId: strOrNull(m.get('clusterId')),
    createdAt: num(m.get('createdAt')),
    seq: num(m.get('seq')),
  };
}

export function readIdeas(doc: Y.Doc): BoardIdea[] {
  const out: BoardIdea[] = [];
  for (const [id, m] of ideasMap(doc)) if (m instanceof Y.Map) out.push(readIdea(id, m));
  return out.sort((a, b) => a.seq - b.seq || a.id.localeCompare(b.id));
}

export function hasIdea(doc: Y.Doc, ideaId: string): boolean {
  return ideasMap(doc).has(ideaId);
}

/** A plain, immutable snapshot of the whole board for rendering and exports. */
export function readBoard(doc: Y.Doc): BoardSnapshot {
  return { workshop: readWorkshop(doc), questions: readQuestions(doc), ideas: readIdeas(doc) };
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

/** Adds or replaces one idea. */
export function putIdea(doc: Y.Doc, idea: BoardIdea, origin: DocOrigin = ORIGINS.command): void {
  doc.transact(() => {
    const m = new Y.Map<unknown>();
    for (const [k, v] of Object.entries(idea)) m.set(k, v);
    ideasMap(doc).set(idea.id, m);
  }, origin);
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
  doc.transact(() => workshopMap(doc).set('currentQuestionId', questionId), origin);
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
