import {
  type BoardSnapshot,
  type BriefDraft,
  debateText,
  hasBriefDraft,
  isCountryCode,
  LENS_LIMITS,
  LIMITS,
  notesText,
  PHASES,
  readBoard,
  readBriefBase,
  readBriefDraft,
  readDebate,
  readNotes,
  readPlacement,
  SECTION_KEY_PATTERN,
} from '@convene/shared';
import * as Y from 'yjs';
import { z } from 'zod';

/**
 * What the doc readers promise, as strict schemas: the types of shared/src/doc and the ranges
 * every screen may rely on (ids well-formed, counts whole and ≥ 0, text capped). The reader
 * tests check every reader's output against these whatever junk the doc holds.
 */

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const dots = z.number().int().min(1).max(LIMITS.maxVoteBudget);
const text = (max: number) => z.string().max(max);
const nonEmpty = (max: number) => z.string().min(1).max(max);

// Lenses (issue 13): what the lens readers promise.
const lensValue = nonEmpty(LENS_LIMITS.lensValue * 4);
export const LensConfigShape = z.strictObject({
  countries: z.boolean(),
  pbc: z.boolean(),
  custom: z
    .array(
      z.strictObject({
        id,
        name: nonEmpty(LENS_LIMITS.lensName * 4),
        values: z.array(lensValue).min(1).max(LENS_LIMITS.valuesPerLens),
      }),
    )
    .max(LENS_LIMITS.customLenses),
});
const countries = z
  .array(z.string().refine(isCountryCode))
  .refine((cs) => cs.every((c, i) => i === 0 || (cs[i - 1] as string) < c), 'sorted, unique');
const tags = z.record(id, z.array(lensValue).min(1).max(LENS_LIMITS.valuesPerLens));

export const WorkshopShape = z.strictObject({
  title: text(LIMITS.title * 4),
  series: nonEmpty(LIMITS.title * 4).nullable(),
  host: nonEmpty(LIMITS.host * 4).nullable(),
  date: z.iso.date().nullable(),
  durationMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .nullable(),
  chathamHouse: z.boolean(),
  voteBudget: dots,
  maxVotesPerIdea: dots,
  joinCode: z.union([z.literal(''), z.string().regex(/^[ACDEFGHJKMNPQRTUVWXY34679]{6}$/)]),
  currentQuestionId: id.nullable(),
  // Issue 14 (brief data): the brief's language.
  language: z.enum(['en', 'fr', 'es']),
  lenses: LensConfigShape,
});

export const QuestionShape = z.strictObject({
  id,
  prompt: text(LIMITS.questionPrompt * 4),
  position: count,
  plannedMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .nullable(),
  phase: z.enum(PHASES),
  mode: z.enum(['open', 'hidden']),
  hiddenCount: count,
  submitters: count,
  actualMs: count,
  activeSince: count.nullable(),
  // Issue 14 (brief data): the question's short title.
  shortTitle: text(320).nullable(),
});

export const IdeaShape = z.strictObject({
  id,
  questionId: z.union([z.literal(''), id]),
  text: text(LIMITS.ideaText * 4),
  actor: nonEmpty(LIMITS.ideaActor * 4).nullable(),
  nextStep: nonEmpty(LIMITS.ideaNextStep * 4).nullable(),
  clusterId: id.nullable(),
  createdAt: count,
  seq: count,
  mergedCount: count,
  // Points of debate (issue 13).
  contested: z.boolean(),
  contestNote: nonEmpty(LIMITS.contestNote * 4).nullable(),
  countries,
  pbc: z.boolean(),
  tags,
  // Consolidation session (issue 15): where a carried idea came from; never a person.
  origins: z
    .array(
      z.strictObject({
        workshopId: id.optional(),
        number: z.number().int().min(1).max(99).nullable(),
        topic: nonEmpty(LIMITS.title * 4),
      }),
    )
    .max(50),
});

export const ClusterShape = z.strictObject({
  id,
  questionId: z.union([z.literal(''), id]),
  label: text(LIMITS.clusterLabel * 4),
  position: count,
  // Points of debate (issue 13).
  contested: z.boolean(),
  contestNote: nonEmpty(LIMITS.contestNote * 4).nullable(),
});

export const RankedIdeaShape = z.strictObject({
  ideaId: id,
  votes: count,
  voters: count,
  seq: count,
  rank: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  tieBreak: z.enum(['voters', 'order']).nullable(),
});

export const ClusterScoreShape = z.strictObject({
  clusterId: id,
  votes: count,
  ideas: count,
  rank: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
});

export const ResultsShape = z.strictObject({
  ideas: z.array(RankedIdeaShape).max(20_000),
  clusters: z.array(ClusterScoreShape).max(5_000),
  voters: count,
});

export const RoundShape = z.strictObject({
  id,
  questionId: z.union([z.literal(''), id]),
  number: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  status: z.enum(['open', 'closed', 'cancelled']),
  budget: dots,
  maxPerIdea: dots,
  candidates: z.array(id).max(20_000).nullable(),
  votersStarted: count,
  votersDone: count,
  results: ResultsShape.nullable(),
});

export const TimerShape = z.strictObject({
  status: z.enum(['idle', 'running', 'paused']),
  durationMs: count,
  endsAt: count.nullable(),
  remainingMs: count.nullable(),
  autoAdvance: z.boolean(),
  questionId: id.nullable(),
  phase: z.enum(PHASES).nullable(),
});

export const SpotlightShape = z.strictObject({ kind: z.enum(['idea', 'cluster']), id });

/** Ids of a list must be unique: they are React keys and lookup keys on every screen. */
const uniqueIds = <T extends { id: string }>(items: T[]) =>
  new Set(items.map((i) => i.id)).size === items.length;

export const BoardShape = z.strictObject({
  workshop: WorkshopShape,
  spotlight: SpotlightShape.nullable(),
  wallMode: z.enum(['page', 'newest']),
  questions: z.array(QuestionShape).refine(uniqueIds),
  ideas: z.array(IdeaShape).refine(uniqueIds),
  clusters: z.array(ClusterShape).refine(uniqueIds),
  rounds: z
    .array(RoundShape)
    .refine(uniqueIds)
    .refine((rs) =>
      rs.every(
        (r) =>
          !r.results ||
          (new Set(r.results.ideas.map((i) => i.ideaId)).size === r.results.ideas.length &&
            new Set(r.results.clusters.map((c) => c.clusterId)).size === r.results.clusters.length),
      ),
    ),
  timer: TimerShape,
});

const DraftSectionShape = z.strictObject({ text: z.string(), base: z.string().nullable() });

/** Strings that are not sections (`__proto__` above all) never reach the draft object. */
export const BriefDraftShape = z
  .custom<BriefDraft>(
    (v) => typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype,
    'the draft must be a plain object',
  )
  .pipe(z.record(z.string().regex(SECTION_KEY_PATTERN), DraftSectionShape));

export const BriefBaseShape = z.strictObject({ text: z.string(), at: count }).nullable();

/** Section keys worth asking about: every real one, and some a writer could make up. */
function briefKeysToAsk(doc: Y.Doc, board: BoardSnapshot): string[] {
  return [
    'header',
    'opening',
    'takeaways',
    'recommendations',
    'annex',
    ...board.questions.map((q) => `question:${q.id}`),
    ...doc.getMap('brief').keys(),
    ...doc.getMap('briefBase').keys(),
    '__proto__',
    'constructor',
  ];
}

/**
 * Runs every reader of shared/src/doc over a doc and checks each result against its shape.
 * Returns the board so that a test can add exact expectations; throws (failing the test) on
 * a reader that throws or returns anything out of shape.
 */
export function readEverything(doc: Y.Doc, what = ''): BoardSnapshot {
  const board = readBoard(doc);
  const checked = BoardShape.safeParse(board);
  if (!checked.success) {
    throw new Error(`${what}: board out of shape: ${z.prettifyError(checked.error)}`);
  }
  const questionIds = [
    ...board.questions.map((q) => q.id),
    ...doc.getMap('notes').keys(),
    ...doc.getMap('debate').keys(),
    'missing',
  ];
  for (const q of questionIds) {
    const notes = readNotes(doc, q);
    if (typeof notes !== 'string') throw new Error(`${what}: notes of ${q} are not a string`);
    const t = notesText(doc, q);
    if (t !== null && !(t instanceof Y.Text)) throw new Error(`${what}: notesText not a Y.Text`);
    // Points of debate (issue 13): read like notes.
    if (typeof readDebate(doc, q) !== 'string') throw new Error(`${what}: debate of ${q}`);
    const d = debateText(doc, q);
    if (d !== null && !(d instanceof Y.Text)) throw new Error(`${what}: debateText not a Y.Text`);
  }
  const placement = readPlacement(doc);
  for (const [ideaId, clusterId] of placement) {
    if (!id.safeParse(ideaId).success || !id.nullable().safeParse(clusterId).success) {
      throw new Error(`${what}: placement out of shape: ${ideaId} → ${String(clusterId)}`);
    }
  }
  const draft = readBriefDraft(doc);
  const draftChecked = BriefDraftShape.safeParse(draft);
  if (!draftChecked.success) {
    throw new Error(`${what}: brief draft out of shape: ${z.prettifyError(draftChecked.error)}`);
  }
  for (const key of briefKeysToAsk(doc, board)) {
    const base = BriefBaseShape.safeParse(readBriefBase(doc, key));
    if (!base.success) throw new Error(`${what}: brief base of ${key} out of shape`);
  }
  if (typeof hasBriefDraft(doc) !== 'boolean') throw new Error(`${what}: hasBriefDraft`);
  return board;
}
