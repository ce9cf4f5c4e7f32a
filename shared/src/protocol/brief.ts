import { z } from 'zod';
import { SECTION_KEY_PATTERN } from '../brief/sections.ts';
import type { ActorGroupConfig } from '../brief/snapshot.ts';
import { countryFromName } from '../domain/countries.ts';
import type { LensConfig } from '../domain/lenses.ts';
import { LENS_LIMITS } from '../domain/lenses.ts';
import { LIMITS } from '../domain/limits.ts';
import { IDEA_STATUSES } from './commands.ts';
import type { CreatedWorkshop } from './http.ts';
import { IdeaOriginSchema } from './origins.ts';
import {
  DateSchema,
  DETAIL_LIMITS,
  IdSchema,
  isOneLine,
  LangSchema,
  LensConfigSchema,
  ParticipantTypesSchema,
  PhaseSchema,
  SeriesNumberSchema,
  safeString,
  textField,
  typedText,
} from './schemas.ts';
import type { BriefState } from './series.ts';

/**
 * Bodies and replies of the brief, export, import and series routes. Every body is a strict
 * object: unknown keys are refused, every string and array is bounded.
 */

/** A section of the brief draft: `header`, `opening`, `takeaways`, `question:<id>`, … */
export const SectionKeySchema = z
  .string()
  .max(80)
  .regex(SECTION_KEY_PATTERN, 'must be a section of the brief');

/** `POST /api/workshops/:id/brief` — generate the draft, or regenerate it from the board. */
export const BriefGenerateSchema = z.strictObject({
  /** Only these sections (default: all). */
  sections: z.array(SectionKeySchema).max(40).optional(),
  /** Edited sections the rapporteur agreed to overwrite with the regenerated text. */
  replace: z.array(SectionKeySchema).max(40).optional(),
});
export type BriefGenerate = z.infer<typeof BriefGenerateSchema>;

/** One section in the reply of `POST /api/workshops/:id/brief`. */
export interface BriefSectionResult {
  key: string;
  title: string;
  /** created | updated | unchanged | kept (edited: needs a decision) | replaced. */
  outcome: 'created' | 'updated' | 'unchanged' | 'kept' | 'replaced';
  /** The regenerated text, for kept sections (so the rapporteur can compare before replacing). */
  generated?: string;
  /**
   * For kept sections: whether the board changed since the section was last generated (the
   * regenerated text differs from its generation record). False means replacing would only
   * undo the edits.
   */
  boardChanged?: boolean;
}

export interface BriefGenerateReply {
  sections: BriefSectionResult[];
}

/** `POST /api/workshops/:id/redact` — replace names found by the check with "a participant". */
export const RedactSchema = z.strictObject({
  /** Findings to redact, by id. */
  ids: z.array(safeString(300).min(1)).max(2000).optional(),
  /**
   * Names the rapporteur confirmed: every redactable finding that may refer to one of them.
   * With neither `ids` nor `names`, every redactable finding of the check run now.
   */
  names: z.array(safeString(200).min(1)).max(2000).optional(),
});
export type Redact = z.infer<typeof RedactSchema>;

/** `POST /api/workshops/:id/redact/undo` — put back the words a replacement took out. */
export const UndoRedactSchema = z.strictObject({
  /** Which replacement (from `undoable` or `GET …/redactions`); default: the latest one. */
  id: safeString(64).min(1).optional(),
});
export type UndoRedact = z.infer<typeof UndoRedactSchema>;

/** Where a name was found, in words a rapporteur understands, and precisely. */
export interface NameCheckFinding {
  id: string;
  /** idea | notes | debate | draft | cluster | question | workshop | rendered (the brief as exported) */
  kind: string;
  /** e.g. "Question 2 · idea", "Question 1 · notes", "Draft · Key takeaways". */
  where: string;
  /** The participants the text may refer to (shown to the rapporteur only, never stored). */
  names: string[];
  match: string;
  before: string;
  after: string;
  /** Whether "redact" can change this text (workshop settings cannot be redacted here). */
  redactable: boolean;
  /** The same name in the section's generation record: redacted along with this one. */
  alsoIds?: string[];
}

/** A participant's name the check found, for the rapporteur to confirm (or not). */
export interface NameCandidate {
  name: string;
  /** Places that may name them. */
  count: number;
  /** Of those, places "redact" can change. */
  redactable: number;
}

/** A replacement that can be undone. */
export interface RedactionSummary {
  id: string;
  /** When it was made (ISO time). */
  at: string;
  /** How many places it replaced. */
  count: number;
  /** Set once undone. */
  undoneAt?: string;
}

/** A recorded "not a participant's name" decision, as the check shows it (issue 14). */
export interface NameDecisionSummary {
  id: string;
  /** The kind of place and where it was when decided ("Question 2 · idea"). */
  kind: string;
  where: string;
  /** The words judged not to be a participant's name. */
  match: string;
  /** When it was decided (ISO time). */
  at: string;
  /** Findings it resolves now (0: the text around it changed, or was replaced). */
  resolves: number;
}

/** `POST /api/workshops/:id/name-decisions` — mark findings "not a participant's name". */
export const NameDecisionSchema = z.strictObject({
  /** Findings of the current check, by id. */
  ids: z.array(safeString(300).min(1)).min(1).max(500),
});

export interface NameCheckReply {
  /** Whether the workshop is held under the Chatham House Rule. */
  chathamHouse: boolean;
  /** How many names were checked: given at join and on the organiser's list. */
  namesChecked: number;
  /** The first open findings (at most 500; `total` counts them all). */
  findings: NameCheckFinding[];
  /**
   * How many findings are open: neither replaced nor marked "not a participant's name". Under
   * the Chatham House Rule every export waits until this is 0 (409 `names_found`).
   */
  total: number;
  /** The decisions recorded for this workshop, oldest first (issue 14). */
  decisions: NameDecisionSummary[];
  /** Every name found, most often first: what the rapporteur confirms before replacing. */
  candidates: NameCandidate[];
  /** Replacements that can still be undone, latest first. */
  undoable: RedactionSummary[];
}

export interface NameDecisionReply {
  /** Decisions newly recorded. */
  recorded: number;
  check: NameCheckReply;
}

/** The body of a 409 `names_found` answer to an export. */
export interface NamesFoundBody {
  error: { code: 'names_found'; message: string };
  /** The workshop the findings are in (a series paper names which of its workshops). */
  workshopId: string;
  /** How many findings are open. */
  total: number;
  /**
   * The check that refused it, for the workshop's facilitator or rapporteur. Absent for a
   * series link: its holder is not shown participants' names; the workshop's rapporteur
   * resolves them.
   */
  check?: NameCheckReply;
}

export interface RedactReply {
  redacted: number;
  /** Findings not replaced because their text changed while the replacement was computed. */
  skipped: number;
  /** The replacement, for `POST …/redact/undo` (null when nothing was replaced). */
  redactionId: string | null;
  /** The check run again after redaction. */
  check: NameCheckReply;
}

export interface UndoRedactReply {
  /** Places where the original words are back. */
  restored: number;
  /** Places left as "a participant" because their text was edited since. */
  skipped: number;
  check: NameCheckReply;
}

/** `GET /api/workshops/:id/redactions` — every replacement of the workshop, latest first. */
export interface RedactionsReply {
  redactions: RedactionSummary[];
}

// ---- Series -----------------------------------------------------------------------------

/**
 * The groups a series' briefs gather recommendations under (issue 14, item 6): at most five
 * (the brief's MAX_ACTOR_GROUPS), each a heading and the words or phrases of an actor (or of an
 * idea's text) that place a recommendation in it. Actors that match none go to the closest
 * group or "Others".
 */
export const ActorGroupsSchema = z
  .array(
    z.strictObject({
      label: textField(80).pipe(z.string().min(1, 'must not be empty')),
      match: z
        .array(textField(80).pipe(z.string().min(1, 'must not be empty')))
        .min(1)
        .max(30),
    }),
  )
  .min(1)
  .max(5);

/** `POST /api/series` body. */
export const CreateSeriesSchema = z.strictObject({
  name: textField(LIMITS.title).pipe(z.string().min(1, 'must not be empty')),
  description: textField(2000).optional(),
  /** Lenses the series' new workshops get (issue 13). */
  lenses: LensConfigSchema.optional(),
  /** The series' actor groups for recommendations (issue 14); absent: the brief's defaults. */
  actorGroups: ActorGroupsSchema.optional(),
});
export type CreateSeries = z.infer<typeof CreateSeriesSchema>;

/** `POST /api/series/:id/workshops` body: proof that the caller runs the workshop. */
export const AttachWorkshopSchema = z.strictObject({
  /** The facilitator token (or the whole facilitator link) of the workshop to add. */
  facilitatorToken: safeString(2000).min(20),
});

/** Reply of `POST /api/series`: the series link is a capability, like a role link. */
export interface CreatedSeries {
  id: string;
  name: string;
  token: string;
  link: string;
}

/** `POST /api/workshops` reply extension when the body names a series. */
export interface WorkshopSeriesRef {
  id: string;
  name: string;
  /** Present only when this request created the series. */
  token?: string;
  link?: string;
}

export type CreatedWorkshopWithSeries = CreatedWorkshop & {
  /** The series the workshop joined (with its link when this request created it). */
  series?: WorkshopSeriesRef;
  /** Set when a series of that name exists and the request did not carry its token. */
  seriesNotJoined?: { name: string; reason: string };
};

/** The state of a workshop, as the series page shows it. */
export interface SeriesWorkshop {
  id: string;
  title: string;
  host: string | null;
  date: string | null;
  questions: number;
  /** Questions by phase group: not started, running, done. */
  notStarted: number;
  running: number;
  done: number;
  ideas: number;
  participants: number;
  /** Sections of the brief draft that exist / that rapporteurs edited. */
  draftSections: number;
  editedSections: number;
  // Issue 15 (the series as it is run): filled by the series page's reply.
  /** Its number in the series. */
  number?: number | null;
  /** The plan's topic it was made from. */
  topicId?: string | null;
  /** Whether it is the series' consolidation session. */
  consolidation?: boolean;
  /** Its join code (participants' link: /join/<code>). */
  joinCode?: string;
  /** none: no draft; draft; checked: no open name finding; exported: exported since. */
  brief?: BriefState;
  lastExportAt?: string | null;
}

export interface SeriesReply {
  id: string;
  name: string;
  description: string | null;
  workshops: SeriesWorkshop[];
  // Issue 15: the series' settings (shared with its workshops).
  organisers?: string[];
  language?: 'en' | 'fr' | 'es';
  lenses?: LensConfig | null;
  actorGroups?: ActorGroupConfig[] | null;
}

// ---- Import -----------------------------------------------------------------------------

/**
 * Most ideas one archive may hold. The reference workshops have 60–250 ideas and the
 * benchmarks' largest board 2,000; 3,000 is a full room of 60 each writing 50 ideas (the most one
 * person may send to a question). Past that, an archive is not a workshop but a way to make the
 * server work: 30,000 ideas held it 9.4 s. The cap also bounds what cannot leave the main thread:
 * writing the rows is one transaction there (about 50 ms at 3,000 ideas on a small server).
 * Exports are not capped: a live board may grow larger, and its archive then needs splitting.
 */
export const MAX_IMPORT_IDEAS = 3000;

/** Stored text as the forms accept it: the same limits as the schemas of the commands. */
const text = (max: number) => typedText(max);
const nullableText = (max: number) => text(max).nullable();
/** A title or prompt: as the create-workshop form accepts it, not blank. */
const requiredText = (max: number) =>
  text(max).refine((s) => s.trim() !== '', { message: 'must not be empty' });
const isoTime = safeString(40).refine((s) => !Number.isNaN(Date.parse(s)), 'must be a time');
const count = z.number().int().min(0).max(1_000_000);

/** The one-line note of a point of debate (issue 13), as `idea:contest` and writers accept it. */
const contestNote = text(LIMITS.contestNote).refine(isOneLine, 'must be one line').nullable();

const RankedSchema = z.strictObject({
  ideaId: IdSchema,
  votes: count,
  voters: count,
  seq: count,
  rank: z.number().int().min(1).max(1_000_000),
  tieBreak: z.enum(['voters', 'order']).nullable(),
});
const ClusterScoreSchema = z.strictObject({
  clusterId: IdSchema,
  votes: count,
  ideas: count,
  rank: z.number().int().min(1).max(1_000_000),
});

const ArchiveIdeaSchema = z.strictObject({
  id: IdSchema,
  seq: count.optional(),
  text: requiredText(LIMITS.ideaText),
  actor: nullableText(LIMITS.ideaActor),
  nextStep: nullableText(LIMITS.ideaNextStep),
  clusterId: IdSchema.nullable(),
  status: z.enum(IDEA_STATUSES).refine((s) => s !== 'hidden' && s !== 'withdrawn', {
    message: 'only visible, merged and moderated ideas are archived',
  }),
  mergedInto: IdSchema.nullable(),
  moderationReason: nullableText(LIMITS.moderationReason).optional(),
  originalText: text(LIMITS.ideaText).optional(),
  createdAt: isoTime,
  votes: count.optional(),
  votesByRound: z
    .array(z.strictObject({ round: count, votes: count }))
    .max(100)
    .optional(),
  /** Points of debate (issue 13): views differed, and the positions in one line. */
  contested: z.boolean().optional(),
  contestNote: contestNote.optional(),
  // Lenses (issue 13).
  /** Country examples: ISO codes, or names in English, French or Spanish (mapped to codes). */
  countries: z.array(text(100)).max(LENS_LIMITS.countriesPerIdea).optional(),
  /** Concerns the role of the Peacebuilding Commission. */
  pbc: z.boolean().optional(),
  /** Custom lens id → values (the lens must be in the workshop's `lenses`). */
  tags: z
    .record(IdSchema, z.array(text(LENS_LIMITS.lensValue)).max(LENS_LIMITS.valuesPerLens))
    .optional(),
  /** Consolidation session (issue 15): the workshops it was carried forward from. */
  origins: z.array(IdeaOriginSchema).max(50).optional(),
});

const ArchiveRoundSchema = z.strictObject({
  number: z.number().int().min(1).max(100),
  status: z.enum(['closed', 'cancelled']),
  budget: z.number().int().min(1).max(LIMITS.maxVoteBudget),
  maxPerIdea: z.number().int().min(1).max(LIMITS.maxVoteBudget),
  candidates: z.array(IdSchema).max(MAX_IMPORT_IDEAS).nullable(),
  voters: count,
  ranking: z.array(RankedSchema).max(MAX_IMPORT_IDEAS),
  clusters: z.array(ClusterScoreSchema).max(5_000),
});

const ArchiveQuestionSchema = z.strictObject({
  id: IdSchema,
  position: z.number().int().min(0).max(1000),
  prompt: requiredText(LIMITS.questionPrompt),
  plannedMinutes: z.number().int().min(1).max(600).nullable(),
  actualMinutes: z.number().int().min(0).max(100_000).optional(),
  phase: PhaseSchema,
  mode: z.enum(['open', 'hidden']).optional(),
  nextRound: z
    .strictObject({
      budget: z.number().int().min(1).max(LIMITS.maxVoteBudget).nullable(),
      maxPerIdea: z.number().int().min(1).max(LIMITS.maxVoteBudget).nullable(),
      topN: z.number().int().min(2).max(200).nullable(),
    })
    .optional(),
  notes: text(200_000),
  /** The rapporteurs' "Points of debate" note (issue 13). */
  debateNote: text(LIMITS.notesText).optional(),
  clusters: z
    .array(
      z.strictObject({
        id: IdSchema,
        label: text(LIMITS.clusterLabel),
        position: z.number().int().min(0).max(100_000).optional(),
        contested: z.boolean().optional(),
        contestNote: contestNote.optional(),
      }),
    )
    .max(5_000),
  ideas: z.array(ArchiveIdeaSchema).max(MAX_IMPORT_IDEAS),
  rounds: z.array(ArchiveRoundSchema).max(100).optional(),
  /** The brief's heading for this question (issue 14). */
  shortTitle: nullableText(DETAIL_LIMITS.shortTitle).optional(),
});

/** A recorded "not a participant's name" decision of the name check (issue 14). */
const ArchiveNameDecisionSchema = z.strictObject({
  key: safeString(64).regex(/^[A-Za-z0-9_-]+$/),
  kind: safeString(20),
  where: text(300),
  match: text(200),
  decidedAt: isoTime,
});

/** `POST /api/workshops/import` body: a `format=json` export, checked field by field. */
export const WorkshopArchiveSchema = z
  .strictObject({
    format: z.literal('convene-workshop'),
    version: z.literal(1),
    exportedAt: isoTime.optional(),
    workshop: z.strictObject({
      id: IdSchema.optional(),
      title: requiredText(LIMITS.title),
      series: nullableText(LIMITS.title),
      host: nullableText(LIMITS.host),
      date: DateSchema.nullable(),
      durationMinutes: z
        .number()
        .int()
        .min(5)
        .max(24 * 60)
        .nullable(),
      chathamHouse: z.boolean(),
      voteBudget: z.number().int().min(1).max(LIMITS.maxVoteBudget),
      maxVotesPerIdea: z.number().int().min(1).max(LIMITS.maxVoteBudget),
      createdAt: isoTime.optional(),
      // The brief's details (issue 14); the organiser's list of names is never archived.
      language: LangSchema.optional(),
      organisers: z.array(text(DETAIL_LIMITS.organiser)).max(DETAIL_LIMITS.organisers).optional(),
      seriesNumber: SeriesNumberSchema.nullable().optional(),
      participantTypes: ParticipantTypesSchema.nullable().optional(),
      context: nullableText(DETAIL_LIMITS.context).optional(),
      /** Lenses (issue 13); absent: the defaults. */
      lenses: LensConfigSchema.optional(),
    }),
    participantCount: z.number().int().min(0).max(100_000).optional(),
    /** The name check's decisions (issue 14). */
    nameCheck: z
      .strictObject({ decisions: z.array(ArchiveNameDecisionSchema).max(5_000) })
      .optional(),
    questions: z.array(ArchiveQuestionSchema).min(1).max(LIMITS.questionsPerWorkshop),
    draft: z
      .strictObject({
        sections: z
          .array(
            z.strictObject({
              key: SectionKeySchema,
              text: text(500_000),
              generated: text(500_000).nullable(),
            }),
          )
          .max(60),
      })
      .optional(),
  })
  .superRefine((a, ctx) => {
    // References must stay inside the archive: a cluster, a merge target or a ballot entry
    // that points elsewhere would otherwise attach the import to some other workshop's data.
    // Ids are unique across kinds too: an idea id equal to a question id made one map key
    // stand for two things when the import translated ids.
    const issue = (message: string, path: (string | number)[]) =>
      ctx.addIssue({ code: 'custom', message, path });
    if (a.workshop.maxVotesPerIdea > a.workshop.voteBudget) {
      issue('maxVotesPerIdea must not exceed voteBudget', ['workshop', 'maxVotesPerIdea']);
    }
    const ideaCount = a.questions.reduce((n, q) => n + q.ideas.length, 0);
    if (ideaCount > MAX_IMPORT_IDEAS) {
      issue(`an archive may hold at most ${MAX_IMPORT_IDEAS} ideas`, ['questions']);
    }
    const questionIds = new Set<string>();
    const allIds = new Set<string>();
    const claim = (id: string, path: (string | number)[]) => {
      if (allIds.has(id)) issue(`id ${id} is used twice in the archive`, path);
      allIds.add(id);
    };
    a.questions.forEach((q, qi) => {
      claim(q.id, ['questions', qi, 'id']);
      questionIds.add(q.id);
    });
    a.questions.forEach((q, qi) => {
      const clusters = new Set<string>();
      q.clusters.forEach((c, ci) => {
        claim(c.id, ['questions', qi, 'clusters', ci, 'id']);
        clusters.add(c.id);
      });
      const ideas = new Set<string>();
      const mergedInto = new Map<string, string>();
      q.ideas.forEach((i, ii) => {
        claim(i.id, ['questions', qi, 'ideas', ii, 'id']);
        ideas.add(i.id);
        if (i.mergedInto) mergedInto.set(i.id, i.mergedInto);
      });
      // Lenses (issue 13): every country resolves to a code, every tag to a lens value.
      const customLenses = new Map((a.workshop.lenses?.custom ?? []).map((l) => [l.id, l]));
      q.ideas.forEach((i, ii) => {
        for (const name of i.countries ?? []) {
          if (countryFromName(name) === null) {
            issue(`unknown country "${name.slice(0, 40)}"`, [
              'questions',
              qi,
              'ideas',
              ii,
              'countries',
            ]);
          }
        }
        for (const [lensId, values] of Object.entries(i.tags ?? {})) {
          const lens = customLenses.get(lensId);
          if (!lens) issue(`unknown lens ${lensId}`, ['questions', qi, 'ideas', ii, 'tags']);
          else if (values.some((v) => !lens.values.includes(v))) {
            issue(`a value is not one of lens ${lensId}'s`, ['questions', qi, 'ideas', ii, 'tags']);
          }
        }
      });
      q.ideas.forEach((i, ii) => {
        if (i.clusterId && !clusters.has(i.clusterId)) {
          issue('clusterId is not a cluster of this question', ['questions', qi, 'ideas', ii]);
        }
        if (i.mergedInto && (i.mergedInto === i.id || !ideas.has(i.mergedInto))) {
          issue('mergedInto is not another idea of this question', ['questions', qi, 'ideas', ii]);
        }
      });
      // A merge chain that comes back to where it started has no idea left standing.
      const settled = new Set<string>();
      for (const start of mergedInto.keys()) {
        const path = new Set<string>();
        let at: string | undefined = start;
        while (at !== undefined && !settled.has(at)) {
          if (path.has(at)) {
            issue('merges go round in a circle', ['questions', qi, 'ideas']);
            break;
          }
          path.add(at);
          at = mergedInto.get(at);
        }
        for (const id of path) settled.add(id);
      }
      const numbers = new Set<number>();
      (q.rounds ?? []).forEach((r, ri) => {
        const at = ['questions', qi, 'rounds', ri];
        if (numbers.has(r.number)) issue('duplicate round number', at);
        numbers.add(r.number);
        const ranked = r.ranking.map((x) => x.ideaId);
        const refs = [...ranked, ...(r.candidates ?? [])];
        if (refs.some((id) => !ideas.has(id))) {
          issue('a round refers to an idea of another question', at);
        }
        if (r.clusters.some((c) => !clusters.has(c.clusterId))) {
          issue('a round refers to a cluster of another question', at);
        }
        const once = (ids: readonly string[]) => new Set(ids).size === ids.length;
        if (
          !once(ranked) ||
          !once(r.candidates ?? []) ||
          !once(r.clusters.map((c) => c.clusterId))
        ) {
          issue('a round lists an idea or a cluster twice', at);
        }
      });
    });
    a.draft?.sections.forEach((s, si) => {
      const q = s.key.startsWith('question:') ? s.key.slice('question:'.length) : null;
      if (q !== null && !questionIds.has(q)) {
        issue('a draft section refers to another question', ['draft', 'sections', si, 'key']);
      }
    });
  });
export type WorkshopArchive = z.infer<typeof WorkshopArchiveSchema>;

/** Largest import body accepted (a 1,000-idea archive is about 0.5 MB). */
export const MAX_IMPORT_BYTES = 8 * 1024 * 1024;

/** Formats of `GET /api/series/:id/export`. */
export const SeriesExportFormatSchema = z.enum(['md', 'docx', 'html']);
