import { z } from 'zod';
import { LANGS } from '../domain/language.ts';
import { LENS_LIMITS } from '../domain/lenses.ts';
import { LIMITS } from '../domain/limits.ts';
import { PHASES } from '../domain/phases.ts';
import { hasNoncharacters } from '../domain/unicodeText.ts';
import { DETAIL_LIMITS, PARTICIPANT_TYPES } from './detailLimits.ts';

/** Server-generated identifiers: url-safe, bounded. */
export const IdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'must contain only letters, digits, "-" and "_"');

/** A client-generated id carried by every command so that a retry is applied once only. */
export const CommandIdSchema = z
  .string()
  .min(8)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'must contain only letters, digits, "-" and "_"');

export const PhaseSchema = z.enum(PHASES);

/**
 * Every string an inbound payload may carry, whatever it means: bounded, and free of
 * noncharacters (U+FFFF, U+FDD0, …) and lone surrogates, which no well-formed export can hold
 * (see domain/unicodeText.ts). Every string field of every schema is built on this.
 */
export function safeString(max: number) {
  return z
    .string()
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !hasNoncharacters(s), {
      message: 'must not contain noncharacters (such as U+FFFF) or unpaired surrogates',
    });
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** A string typed by a person, as stored (not trimmed): `safeString` without control characters. */
export function typedText(max: number) {
  return safeString(max).refine((s) => !CONTROL.test(s), {
    message: 'must not contain control characters',
  });
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: a line break or tab is what "one line" refuses
const NOT_ONE_LINE = /[\u0000-\u001F\u007F]/;

/**
 * Whether typed text is one line: no line break, tab or other control character. The note of a
 * point of debate (issue 13) is one line wherever it is written — a command, an archive, a
 * writer's cluster — so that what one path accepts, every other path (and every screen) takes.
 */
export function isOneLine(s: string): boolean {
  return !NOT_ONE_LINE.test(s);
}

/** A free-text field typed by a person: trimmed, bounded, control characters refused. */
export function textField(max: number) {
  return z
    .string()
    .max(max * 4, `must be at most ${max} characters`)
    .transform((s) => s.trim())
    .pipe(typedText(max));
}

export function requiredText(max: number) {
  return textField(max).pipe(z.string().min(1, 'must not be empty'));
}

// ---- Lenses (issue 13): shapes shared by idea:submit/edit, workshop creation and idea:tag. ----

/** An ISO 3166-1 alpha-2 code as written on the wire: two capital letters. */
export const CountryCodeSchema = z
  .string()
  .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code');

/** The countries of one idea (codes; the server checks each is known). */
export const CountriesSchema = z.array(CountryCodeSchema).max(LENS_LIMITS.countriesPerIdea);

/** A custom lens: an id the client makes, a name, and at least one value, each once. */
export const CustomLensSchema = z
  .strictObject({
    /** Client-made id; not `countries` or `pbc`. */
    id: IdSchema.refine((id) => id !== 'countries' && id !== 'pbc', 'is a built-in lens name'),
    /** What the lens asks, as shown on cards and in exports. */
    name: requiredText(LENS_LIMITS.lensName),
    /** The values an idea may take, in display order. */
    values: z.array(requiredText(LENS_LIMITS.lensValue)).min(1).max(LENS_LIMITS.valuesPerLens),
  })
  .refine((l) => new Set(l.values.map((v) => v.toLowerCase())).size === l.values.length, {
    message: 'values must differ from each other',
    path: ['values'],
  });

/** Which lenses are on: the two built-in ones (default on) and up to 8 custom ones. */
export const LensConfigSchema = z
  .strictObject({
    /** "Country examples". */
    countries: z.boolean(),
    /** "Role of the Peacebuilding Commission". */
    pbc: z.boolean(),
    /** Lenses the organiser added. */
    custom: z.array(CustomLensSchema).max(LENS_LIMITS.customLenses),
  })
  .refine((c) => new Set(c.custom.map((l) => l.id)).size === c.custom.length, {
    message: 'custom lens ids must differ',
    path: ['custom'],
  });

/** `idea:submit` — a participant's idea for a question. */
export const IdeaSubmitSchema = z.strictObject({
  /** The question the idea answers. */
  questionId: IdSchema,
  /** The idea itself. */
  text: requiredText(LIMITS.ideaText),
  /** Who should act on it (optional). */
  actor: textField(LIMITS.ideaActor).optional(),
  /** The first concrete step (optional). */
  nextStep: textField(LIMITS.ideaNextStep).optional(),
  /** Country examples the idea gives (ISO 3166-1 alpha-2 codes; optional). */
  countries: CountriesSchema.optional(),
  /** Whether the idea concerns the role of the Peacebuilding Commission (optional). */
  pbc: z.boolean().optional(),
  /** Client-generated id; a retry with the same id returns the first result. */
  commandId: CommandIdSchema.optional(),
});
export type IdeaSubmit = z.infer<typeof IdeaSubmitSchema>;

/** `phase:set` — the facilitator moves a question to a phase. */
export const PhaseSetSchema = z.strictObject({
  /** The question whose phase changes; it becomes the current question. */
  questionId: IdSchema,
  /** The new phase. */
  phase: PhaseSchema,
  /** Client-generated id (optional). */
  commandId: CommandIdSchema.optional(),
});
export type PhaseSet = z.infer<typeof PhaseSetSchema>;

/** A calendar date, `YYYY-MM-DD`, that exists. */
export const DateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  // Date.parse rolls 2025-02-30 over to March 2nd; a real date survives the round trip.
  .refine((s) => {
    const t = Date.parse(`${s}T00:00:00Z`);
    return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s;
  }, 'must be a real date');

// ---- The brief's details (issue 14, data of the brief's front matter; see workshopDetails.ts) ----

// Issue 18: DETAIL_LIMITS, PARTICIPANT_TYPES and RESULTS_FORMATS live in detailLimits.ts (the
// client reads them without bundling zod); re-exported here as before.
export { DETAIL_LIMITS, PARTICIPANT_TYPES, RESULTS_FORMATS } from './detailLimits.ts';

/** The brief's language. */
export const LangSchema = z.enum(LANGS);

/** How many participants of each kind took part (counts only: never linked to ideas). */
export const ParticipantTypesSchema = z.strictObject({
  memberStates: z.number().int().min(0).max(DETAIL_LIMITS.participantsPerType).optional(),
  unSystem: z.number().int().min(0).max(DETAIL_LIMITS.participantsPerType).optional(),
  research: z.number().int().min(0).max(DETAIL_LIMITS.participantsPerType).optional(),
  civilSociety: z.number().int().min(0).max(DETAIL_LIMITS.participantsPerType).optional(),
  other: z.number().int().min(0).max(DETAIL_LIMITS.participantsPerType).optional(),
});
export type ParticipantTypes = z.infer<typeof ParticipantTypesSchema>;
// Every kind listed is a key of the schema (a type check only).
PARTICIPANT_TYPES satisfies readonly (keyof ParticipantTypes)[];

/** A list of short texts, each trimmed; empty entries dropped, duplicates (any case) once. */
function textList(maxItems: number, maxChars: number, what: string) {
  return z
    .array(textField(maxChars))
    .max(maxItems, `at most ${maxItems} ${what}`)
    .transform((items) => {
      const seen = new Set<string>();
      return items.filter((s) => {
        const k = s.toLocaleLowerCase();
        if (!s || seen.has(k)) return false;
        seen.add(k);
        return true;
      });
    });
}

/** Co-organisers, in the order the brief names them. */
export const OrganisersSchema = textList(
  DETAIL_LIMITS.organisers,
  DETAIL_LIMITS.organiser,
  'organisers',
);
/** Names the organiser expects in the room (checked before export; never exported). */
export const ParticipantListSchema = textList(
  DETAIL_LIMITS.participantList,
  DETAIL_LIMITS.participantName,
  'names',
);
/** The workshop's number in its series (1 = the first). */
export const SeriesNumberSchema = z.number().int().min(1).max(DETAIL_LIMITS.seriesNumber);
/** The context paragraph; empty clears it. */
export const ContextSchema = textField(DETAIL_LIMITS.context);
/** A question's short title, used as its section heading; empty clears it. */
export const ShortTitleSchema = textField(DETAIL_LIMITS.shortTitle);

/** The fields `POST /api/workshops` accepts besides the board's settings (all optional). */
export const WorkshopDetailsShape = {
  /** The brief's language (default `en`; the app sends the creator's interface language). */
  language: LangSchema.optional(),
  organisers: OrganisersSchema.optional(),
  seriesNumber: SeriesNumberSchema.optional(),
  participantTypes: ParticipantTypesSchema.optional(),
  context: ContextSchema.optional(),
  participantList: ParticipantListSchema.optional(),
};

/** One question in a workshop being created. */
export const QuestionInputSchema = z.strictObject({
  /** The question participants answer. */
  prompt: requiredText(LIMITS.questionPrompt),
  /** Minutes planned for this question on the agenda. */
  plannedMinutes: z.number().int().min(1).max(600).optional(),
  /** A short title for the brief's section heading (else derived from the prompt). */
  shortTitle: ShortTitleSchema.optional(),
});

/** `POST /api/workshops` body. */
export const CreateWorkshopSchema = z
  .strictObject({
    /** The workshop's topic. */
    title: requiredText(LIMITS.title),
    /** The questions, in agenda order. */
    questions: z.array(QuestionInputSchema).min(1).max(LIMITS.questionsPerWorkshop),
    /** Series name, when the workshop is one of several. */
    series: textField(LIMITS.title).optional(),
    /**
     * The token of that series (from its link): needed to add a workshop to a series that
     * exists already, so nobody can pull others' workshops into a series they hold the link of.
     */
    seriesToken: safeString(200).min(20).optional(),
    /** Host institution(s). */
    host: textField(LIMITS.host).optional(),
    /** Date of the meeting. */
    date: DateSchema.optional(),
    /** Planned length in minutes. */
    durationMinutes: z
      .number()
      .int()
      .min(5)
      .max(24 * 60)
      .optional(),
    /** Whether the Chatham House Rule applies (default true). */
    chathamHouse: z.boolean().default(true),
    /** Dots per participant per question and round (default 3). */
    voteBudget: z.number().int().min(1).max(LIMITS.maxVoteBudget).default(3),
    /** Most dots one participant may put on one idea (default 1). */
    maxVotesPerIdea: z.number().int().min(1).max(LIMITS.maxVoteBudget).default(1),
    ...WorkshopDetailsShape,
    /** Lenses to tag ideas with (default: both built-in ones, or the series' lenses). */
    lenses: LensConfigSchema.optional(),
  })
  .refine((w) => w.maxVotesPerIdea <= w.voteBudget, {
    message: 'maxVotesPerIdea must not exceed voteBudget',
    path: ['maxVotesPerIdea'],
  })
  // The agenda may leave time for an opening and a close, but not plan more than the meeting.
  .refine(
    (w) =>
      w.durationMinutes === undefined ||
      w.questions.reduce((sum, q) => sum + (q.plannedMinutes ?? 0), 0) <= w.durationMinutes,
    {
      message: "the questions' planned minutes add up to more than durationMinutes",
      path: ['questions'],
    },
  );
export type CreateWorkshopInput = z.input<typeof CreateWorkshopSchema>;
export type CreateWorkshop = z.output<typeof CreateWorkshopSchema>;

/** `POST /api/join` body. */
export const JoinSchema = z.strictObject({
  /** The code shown on the projector; case, spaces and dashes are ignored. */
  joinCode: safeString(32).min(1),
  /** Optional name; under the Chatham House Rule it is never shown or exported. */
  name: textField(LIMITS.participantName).optional(),
});
export type JoinInput = z.infer<typeof JoinSchema>;

/** `POST /api/workshops/:id/links` body: a fresh link for a screen role (facilitator only). */
export const NewLinkSchema = z.strictObject({
  /** The role the new link opens. */
  role: z.enum(['projector', 'rapporteur']),
});

/** `GET /api/workshops/:id/export` query. */
export const ExportFormatSchema = z.enum(['md', 'docx', 'html', 'json', 'csv']);
export type ExportFormat = z.infer<typeof ExportFormatSchema>;

/**
 * `GET /api/workshops/:id/export?part=` (issue 14): `brief` (default) is the publishable brief
 * and its data; `results` the organisers' results annex (vote tables, rounds, method), in
 * md, docx or csv only.
 */
export const ExportPartSchema = z.enum(['brief', 'results']);
export type ExportPart = z.infer<typeof ExportPartSchema>;

/** Formats a zod error into one short human-readable sentence. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => {
      const path = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
      return `${path}${issue.message}`;
    })
    .join('; ');
}
