import { z } from 'zod';
import { LIMITS } from '../domain/limits.ts';
import { MAX_TIMER_MS } from '../domain/timer.ts';
import { CommandIdSchema, CountriesSchema, IdSchema, isOneLine, textField } from './schemas.ts';

/**
 * Schemas of the facilitation-loop commands. Every payload is a strict object and may carry a
 * client-generated `commandId`, so a retry is answered once and applied once.
 */
const withCommandId = <T extends z.core.$ZodLooseShape>(shape: T) =>
  z.strictObject({ ...shape, commandId: CommandIdSchema.optional() });

export const SUBMISSION_MODES = ['open', 'hidden'] as const;
export type SubmissionMode = (typeof SUBMISSION_MODES)[number];

/** `question:mode` — open (ideas appear live) or hidden (each sees only their own). */
export const QuestionModeSchema = withCommandId({
  questionId: IdSchema,
  mode: z.enum(SUBMISSION_MODES),
});

/** `ideas:reveal` — publish every hidden idea of a question at once, unattributed. */
export const IdeasRevealSchema = withCommandId({ questionId: IdSchema });

/** `idea:edit` — the author (until clustering) or a facilitator (any time) changes an idea. */
export const IdeaEditSchema = withCommandId({
  ideaId: IdSchema,
  text: textField(LIMITS.ideaText).pipe(z.string().min(1, 'must not be empty')),
  actor: textField(LIMITS.ideaActor).optional(),
  nextStep: textField(LIMITS.ideaNextStep).optional(),
  /** Country examples (absent: unchanged). */
  countries: CountriesSchema.optional(),
  /** Role of the Peacebuilding Commission (absent: unchanged). */
  pbc: z.boolean().optional(),
});

/** `idea:withdraw` — the author takes their idea back (until clustering). */
export const IdeaWithdrawSchema = withCommandId({ ideaId: IdSchema });

/** `idea:hide` — moderation by a facilitator; the reason is kept for the record. */
export const IdeaHideSchema = withCommandId({
  ideaId: IdSchema,
  reason: textField(LIMITS.moderationReason).pipe(z.string().min(1, 'a reason is required')),
});

/** `idea:restore` — undo a moderation. */
export const IdeaRestoreSchema = withCommandId({ ideaId: IdSchema });

/** `idea:merge` — fold a duplicate into another idea; both texts stay on record. */
export const IdeaMergeSchema = withCommandId({ ideaId: IdSchema, intoId: IdSchema });

// ---- Points of debate (issue 13, helper B) ----

/**
 * `idea:contest` — a facilitator or rapporteur marks a visible idea as contested ("views
 * differed"), with an optional one-line note of the positions (no names), or unmarks it (which
 * drops the note).
 */
export const IdeaContestSchema = withCommandId({
  ideaId: IdSchema,
  contested: z.boolean(),
  note: textField(LIMITS.contestNote).refine(isOneLine, 'must be one line').optional(),
}).refine((p) => p.contested || !p.note, {
  message: 'a note goes only with contested: true',
  path: ['note'],
});

/** `vote:configure` — settings of the next round of a question (before it opens). */
export const VoteConfigureSchema = withCommandId({
  questionId: IdSchema,
  budget: z.number().int().min(1).max(LIMITS.maxVoteBudget).optional(),
  maxPerIdea: z.number().int().min(1).max(LIMITS.maxVoteBudget).optional(),
  /** Restrict the next round to the N best ideas of the previous round (null: all ideas). */
  topN: z.number().int().min(2).max(200).nullable().optional(),
});

/**
 * `round:start` — from Results, open another voting round straight away on a shortlist: the top
 * N of the last round, or the ideas the facilitator picked (exactly one of the two).
 */
export const RoundStartSchema = withCommandId({
  questionId: IdSchema,
  /** The ideas ranked N or better in the last round (ties at N included). */
  topN: z.number().int().min(2).max(200).optional(),
  /** Or these ideas of the question. */
  ideaIds: z.array(IdSchema).min(2).max(200).optional(),
}).refine((p) => (p.topN === undefined) !== (p.ideaIds === undefined), {
  message: 'give either topN or ideaIds',
});

/** `vote:cast` / `vote:retract` — one dot on / off an idea. */
export const VoteSchema = withCommandId({ ideaId: IdSchema });

/** `vote:mine` — the caller's ballot in the open round of a question. */
export const VoteMineSchema = withCommandId({ questionId: IdSchema });

/** `timer:start` — start (or restart) the workshop's timer. */
export const TimerStartSchema = withCommandId({
  durationSeconds: z
    .number()
    .int()
    .min(1)
    .max(MAX_TIMER_MS / 1000),
  /** Move the current question to its next phase when time runs out. */
  autoAdvance: z.boolean().optional(),
});

/** `timer:add` — add (or remove, negative) seconds. */
export const TimerAddSchema = withCommandId({
  seconds: z
    .number()
    .int()
    .min(-MAX_TIMER_MS / 1000)
    .max(MAX_TIMER_MS / 1000)
    .refine((n) => n !== 0, 'must not be zero'),
});

/** Commands without fields: `timer:pause`, `timer:resume`, `timer:stop`, `clock:sync`, `idea:mine`. */
export const EmptySchema = withCommandId({});

export type QuestionMode = z.infer<typeof QuestionModeSchema>;
export type IdeasReveal = z.infer<typeof IdeasRevealSchema>;
export type IdeaEdit = z.infer<typeof IdeaEditSchema>;
export type IdeaWithdraw = z.infer<typeof IdeaWithdrawSchema>;
export type IdeaHide = z.infer<typeof IdeaHideSchema>;
export type IdeaRestore = z.infer<typeof IdeaRestoreSchema>;
export type IdeaMerge = z.infer<typeof IdeaMergeSchema>;
export type IdeaContest = z.infer<typeof IdeaContestSchema>;
export type VoteConfigure = z.infer<typeof VoteConfigureSchema>;
export type RoundStart = z.infer<typeof RoundStartSchema>;
export type Vote = z.infer<typeof VoteSchema>;
export type VoteMine = z.infer<typeof VoteMineSchema>;
export type TimerStart = z.infer<typeof TimerStartSchema>;
export type TimerAdd = z.infer<typeof TimerAddSchema>;
export type Empty = z.infer<typeof EmptySchema>;

/** An idea as its author sees it (includes hidden and withdrawn ones). */
export interface OwnIdea {
  id: string;
  questionId: string;
  text: string;
  actor: string | null;
  nextStep: string | null;
  status: IdeaStatus;
  commandId: string | null;
  /** Lens tags (issue 13): country codes, Peacebuilding Commission, custom lens values. */
  countries?: string[];
  pbc?: boolean;
  tags?: Record<string, string[]>;
}

export const IDEA_STATUSES = ['visible', 'hidden', 'withdrawn', 'moderated', 'merged'] as const;
/** visible: on the board; hidden: waiting for reveal; the rest: off the board, kept on record. */
export type IdeaStatus = (typeof IDEA_STATUSES)[number];

/** A participant's ballot in the open round. */
export interface BallotReply {
  roundId: string | null;
  ballot: Record<string, number>;
  remaining: number;
  budget: number;
  maxPerIdea: number;
}
