import { z } from 'zod';
import type { SectionOutcome } from '../brief/regenerate.ts';
import { LIMITS } from '../domain/limits.ts';
import { ActorGroupsSchema } from './brief.ts';
import type { IdeaOrigin } from './origins.ts';
import {
  DateSchema,
  IdSchema,
  LangSchema,
  LensConfigSchema,
  OrganisersSchema,
  QuestionInputSchema,
  requiredText,
  textField,
} from './schemas.ts';

/**
 * The series as it is run (issue 15): its settings, its plan of topics with the history of
 * changes, the consolidation session and the policy paper co-edited section by section.
 * Every route here is opened by the series link token (or the ADMIN_TOKEN); see docs/api.md.
 */

export const SERIES_LIMITS = {
  topics: 30,
  topicTitle: LIMITS.title,
  plannedQuestions: LIMITS.questionsPerWorkshop,
  historyShown: 500,
  /** Ideas carried per question of a held workshop into a consolidation session. */
  carryPerQuestion: 10,
  carryPicks: 200,
  paperSection: 40_000,
} as const;

// ---- Settings ---------------------------------------------------------------------------

/** `PATCH /api/series/:id`: any subset; `null` clears (back to the defaults). */
export const UpdateSeriesSchema = z
  .strictObject({
    name: requiredText(LIMITS.title).optional(),
    description: textField(2000).nullable().optional(),
    /** Co-organisers in the order the paper names them; hosts rotate among them. */
    organisers: OrganisersSchema.optional(),
    /** The paper's language; new workshops of the series take it unless they say otherwise. */
    language: LangSchema.optional(),
    lenses: LensConfigSchema.nullable().optional(),
    actorGroups: ActorGroupsSchema.nullable().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'must change at least one field');
export type UpdateSeries = z.infer<typeof UpdateSeriesSchema>;

// ---- The plan ---------------------------------------------------------------------------

export const TOPIC_STATUSES = ['planned', 'scheduled', 'held', 'dropped'] as const;
export type TopicStatus = (typeof TOPIC_STATUSES)[number];
export const TopicStatusSchema = z.enum(TOPIC_STATUSES);

/** `POST /api/series/:id/topics`: a topic added at the end of the plan (or at `position`). */
export const AddTopicSchema = z.strictObject({
  title: requiredText(SERIES_LIMITS.topicTitle),
  /** The questions planned for it (prompts), carried into the workshop made from it. */
  questions: z
    .array(requiredText(LIMITS.questionPrompt))
    .max(SERIES_LIMITS.plannedQuestions)
    .optional(),
  plannedDate: DateSchema.nullable().optional(),
  /** Absent or null: the rotation among the co-organisers decides. */
  host: textField(LIMITS.host).nullable().optional(),
  status: TopicStatusSchema.optional(),
  /** 1-based place in the plan; absent: last. */
  position: z.number().int().min(1).max(SERIES_LIMITS.topics).optional(),
  /**
   * A workshop already in the series (created before the plan, or imported) that this topic
   * stands for; it keeps its own number. Absent: the topic has no workshop yet.
   */
  workshopId: IdSchema.optional(),
});
export type AddTopic = z.infer<typeof AddTopicSchema>;

/** `PATCH /api/series/:id/topics/:topicId`: rename, re-date, re-host, move, change status. */
export const UpdateTopicSchema = z
  .strictObject({
    title: requiredText(SERIES_LIMITS.topicTitle).optional(),
    questions: z
      .array(requiredText(LIMITS.questionPrompt))
      .max(SERIES_LIMITS.plannedQuestions)
      .optional(),
    plannedDate: DateSchema.nullable().optional(),
    host: textField(LIMITS.host).nullable().optional(),
    status: TopicStatusSchema.optional(),
    position: z.number().int().min(1).max(SERIES_LIMITS.topics).optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'must change at least one field');
export type UpdateTopic = z.infer<typeof UpdateTopicSchema>;

export interface SeriesTopic {
  id: string;
  /** Its number in the series (1 = first); null while dropped. */
  number: number | null;
  title: string;
  questions: string[];
  plannedDate: string | null;
  /** The host: the one set for it, else the rotation's. */
  host: string | null;
  /** Whether `host` comes from the rotation among co-organisers (not set by hand). */
  hostRotates: boolean;
  status: TopicStatus;
  /** The workshop made from it, if any. */
  workshopId: string | null;
}

export const PLAN_CHANGES = [
  'added',
  'renamed',
  'questions',
  'moved',
  'dated',
  'hosted',
  'status',
  'workshop',
] as const;
export type PlanChangeKind = (typeof PLAN_CHANGES)[number];

/** One change to the plan, as kept and shown (oldest first). */
export interface PlanChange {
  seq: number;
  at: string;
  topicId: string;
  /** The topic's title at the time of the change. */
  topic: string;
  change: PlanChangeKind;
  /** Values before and after, as text (a date, a host, a status, a position, a workshop id). */
  before: string | null;
  after: string | null;
}

/** `GET /api/series/:id/plan` and the reply of every plan edit. */
export interface SeriesPlanReply {
  topics: SeriesTopic[];
  history: PlanChange[];
}

/**
 * `POST /api/series/:id/topics/:topicId/workshop`: a workshop made from a planned topic in one
 * action — title, number, host, date, questions and the series' settings carried over; the
 * body may override any of them. Reply: `CreatedWorkshopWithSeries` (201).
 */
export const WorkshopFromTopicSchema = z.strictObject({
  questions: z.array(QuestionInputSchema).min(1).max(LIMITS.questionsPerWorkshop).optional(),
  date: DateSchema.optional(),
  durationMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .optional(),
});

/** `POST /api/series/:id/workshops/:workshopId/links`: a fresh role link for a workshop. */
export const SeriesNewLinkSchema = z.strictObject({
  role: z.enum(['facilitator', 'rapporteur', 'projector']),
});

/** Reply of that route (201): shown once; role tokens are stored hashed. */
export interface SeriesNewLink {
  role: 'facilitator' | 'rapporteur' | 'projector';
  token: string;
  link: string;
}

// ---- The consolidation session ----------------------------------------------------------

// IdeaOriginSchema lives in origins.ts: the archive schema (brief.ts) needs it, and brief.ts
// is imported by this module, so defining it here would make the two modules' loading circular.
export { type IdeaOrigin, IdeaOriginSchema } from './origins.ts';

/**
 * `POST /api/series/:id/consolidation`: a consolidation workshop carrying forward the ideas
 * with the strongest support in each held workshop (the top `perQuestion` of each question by
 * its ranking) or the ideas the organiser `picks`. Reply: `CreatedWorkshopWithSeries` (201).
 */
export const CreateConsolidationSchema = z.strictObject({
  title: requiredText(LIMITS.title).optional(),
  date: DateSchema.optional(),
  perQuestion: z.number().int().min(1).max(SERIES_LIMITS.carryPerQuestion).optional(),
  picks: z.array(IdSchema).min(1).max(SERIES_LIMITS.carryPicks).optional(),
});
export type CreateConsolidation = z.infer<typeof CreateConsolidationSchema>;

// Consolidation session replies (consol helper): what the series page's panel reads and gets.

/** One idea of a held workshop as the organiser sees it to pick: ranked, never its author. */
export interface CarryCandidateIdea {
  id: string;
  text: string;
  actor: string | null;
  /** 1-based place in its question's ranking (the brief's support order). */
  rank: number;
  /** Dots in the deciding round (0 when not voted). */
  votes: number;
}

/** A workshop whose ideas a consolidation session may carry forward. */
export interface CarrySource {
  workshopId: string;
  title: string;
  /** The origin each carried idea of it gets. */
  origin: IdeaOrigin;
  questions: { id: string; prompt: string; ideas: CarryCandidateIdea[] }[];
}

/** `GET /api/series/:id/consolidation`: what can be carried, and the sessions made so far. */
export interface ConsolidationReply {
  /** `plan`: the plan's held topics; `workshops`: no plan, every workshop with closed questions. */
  basis: 'plan' | 'workshops';
  sources: CarrySource[];
  sessions: { id: string; title: string; joinCode: string; ideas: number; createdAt: string }[];
}

// ---- The policy paper -------------------------------------------------------------------

export interface PaperSection {
  key: string;
  title: string;
  text: string;
  /** What the last generation wrote; null: never generated. */
  base: string | null;
  /** Whether a rapporteur changed it since (`text !== base`). */
  edited: boolean;
  /** Bumped by every write; an edit names the version it started from. */
  version: number;
  updatedAt: string;
}

/** `GET /api/series/:id/paper`: the sections in order (empty before the first generation). */
export interface PaperReply {
  language: 'en' | 'fr' | 'es';
  sections: PaperSection[];
}

/** `POST /api/series/:id/paper/generate`: keep-or-replace as the brief's regeneration. */
export const PaperGenerateSchema = z.strictObject({
  /** Edited sections whose rapporteurs confirmed the regenerated text should replace theirs. */
  replace: z.array(z.string().min(1).max(80)).max(100).optional(),
});

/** `PUT /api/series/:id/paper/sections/:key`: `409 edit_conflict` if `version` is not current. */
export const PaperSectionEditSchema = z.strictObject({
  text: textField(SERIES_LIMITS.paperSection),
  version: z.number().int().min(1),
});

// ---- The series page --------------------------------------------------------------------

/** A brief's state on the series page. */
export type BriefState = 'none' | 'draft' | 'checked' | 'exported';

// ---- The policy paper: replies (paper slice) ---------------------------------------------

/** What a generation did to one section (keep-or-replace, as the brief's regeneration). */
export interface PaperSectionOutcome {
  key: string;
  title: string;
  outcome: SectionOutcome;
  /** Whether the workshops now give something other than the section's generation record. */
  boardChanged: boolean;
}

/** `POST /api/series/:id/paper/generate`: the paper as stored now, and each section's outcome. */
export interface PaperGenerateReply extends PaperReply {
  outcomes: PaperSectionOutcome[];
}

/** `PUT /api/series/:id/paper/sections/:key`: the section as written. */
export interface PaperSectionReply {
  section: PaperSection;
}

/** The body of `409 edit_conflict`: the section as someone else left it. */
export interface PaperEditConflictBody {
  error: { code: 'edit_conflict'; message: string };
  section: PaperSection;
}
