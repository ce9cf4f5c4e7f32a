import {
  IDLE_TIMER,
  type IdeaOrigin,
  isLang,
  type ParticipantTypes,
  type RoundResults,
  readIdeaTags,
  readLensConfig,
  readOrigins,
  type TimerState,
} from '@convene/shared';
import type { IdeaRow, RoundRow, WorkshopDetailsRow, WorkshopRow } from '../records.ts';
import { readActorGroups } from '../seriesStore.ts';

// How the SQLite implementation's rows map to the record's types: the columns each aggregate
// selects and the codecs of its JSON and 0/1 columns, shared by the modules that read them.

/** A stored timer; one written before timers had an owner reads as unbound (questionId null). */
export function storedTimer(json: string): TimerState {
  return { ...IDLE_TIMER, ...(JSON.parse(json) as Partial<TimerState>) };
}

/** The brief's details given in a partial row (absent and undefined ones left out). */
export function definedOnly(w: Partial<WorkshopDetailsRow>): Partial<WorkshopDetailsRow> {
  const out: Partial<WorkshopDetailsRow> = {};
  if (w.language !== undefined) out.language = w.language;
  if (w.organisers !== undefined) out.organisers = w.organisers;
  if (w.seriesNumber !== undefined) out.seriesNumber = w.seriesNumber;
  if (w.participantTypes !== undefined) out.participantTypes = w.participantTypes;
  if (w.context !== undefined) out.context = w.context;
  return out;
}

export const WORKSHOP_COLUMNS = `id, join_code AS joinCode, title, series, host, date,
  duration_minutes AS durationMinutes, chatham_house AS chathamHouse, vote_budget AS voteBudget,
  max_votes_per_idea AS maxVotesPerIdea, current_question_id AS currentQuestionId,
  created_at AS createdAt, language, organisers, series_number AS seriesNumber,
  participant_types AS participantTypes, context, lenses,
  (SELECT actor_groups FROM series WHERE series.id = workshops.series_id) AS actorGroups`;
export const QUESTION_COLUMNS = `id, workshop_id AS workshopId, position, prompt,
  planned_minutes AS plannedMinutes, phase, mode, actual_ms AS actualMs,
  active_since AS activeSince, vote_budget AS voteBudget,
  max_votes_per_idea AS maxVotesPerIdea, top_n AS topN, short_title AS shortTitle`;
export const IDEA_COLUMNS = `id, workshop_id AS workshopId, question_id AS questionId,
  participant_id AS participantId, seq, text, actor, next_step AS nextStep, status,
  created_at AS createdAt, command_id AS commandId, merged_into AS mergedInto,
  moderation_reason AS moderationReason, original_text AS originalText,
  updated_at AS updatedAt,
  contested, contest_note AS contestNote, countries, pbc, tags, origins`;
export const ROUND_COLUMNS = `id, workshop_id AS workshopId, question_id AS questionId, number,
  status, budget, max_per_idea AS maxPerIdea, candidates, results, opened_at AS openedAt,
  closed_at AS closedAt`;

export type RawRound = Omit<RoundRow, 'candidates' | 'results'> & {
  candidates: string | null;
  results: string | null;
};
export const toRound = (r: RawRound): RoundRow => ({
  ...r,
  candidates: r.candidates ? (JSON.parse(r.candidates) as string[]) : null,
  results: r.results ? (JSON.parse(r.results) as RoundResults) : null,
});

export type RawWorkshop = Omit<
  WorkshopRow,
  'chathamHouse' | 'organisers' | 'participantTypes' | 'lenses' | 'actorGroups'
> & {
  actorGroups: string | null;
  chathamHouse: number;
  organisers: string | null;
  participantTypes: string | null;
  lenses: string | null;
};
/** A JSON column written by this store from validated input; anything else reads as absent. */
export function jsonColumn(raw: string | null): unknown {
  if (!raw) return null;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return null;
  }
}
export const toWorkshop = (r: RawWorkshop): WorkshopRow => {
  const organisers = jsonColumn(r.organisers);
  const types = jsonColumn(r.participantTypes);
  const lenses = jsonColumn(r.lenses);
  return {
    ...r,
    chathamHouse: r.chathamHouse === 1,
    language: isLang(r.language) ? r.language : 'en',
    organisers: Array.isArray(organisers)
      ? organisers.filter((o): o is string => typeof o === 'string')
      : [],
    participantTypes:
      types && typeof types === 'object' && !Array.isArray(types)
        ? (types as ParticipantTypes)
        : null,
    lenses: lenses === null ? null : readLensConfig(lenses),
    actorGroups: readActorGroups(r.actorGroups),
  };
};

// Points of debate (issue 13): SQLite keeps the mark as 0/1. Lenses (issue 13): ideas' tag
// columns are JSON (countries, tags) and 0/1 (pbc).
export type RawIdea = Omit<IdeaRow, 'contested' | 'countries' | 'pbc' | 'tags' | 'origins'> & {
  contested: number;
  contestNote: string | null;
  countries: string | null;
  pbc: number;
  tags: string | null;
  origins: string | null;
};
export const toIdea = (r: RawIdea): IdeaRow => ({
  ...r,
  contested: r.contested === 1,
  ...readIdeaTags(jsonColumn(r.countries) ?? [], r.pbc === 1, jsonColumn(r.tags) ?? {}),
  // Consolidation (issue 15): read with the doc's own reader, so both agree on what is valid.
  origins: readOrigins(jsonColumn(r.origins)),
});
/** An idea's origins as stored (null for none, as most ideas have). */
export const originsColumn = (origins: readonly IdeaOrigin[] | undefined) =>
  origins && origins.length > 0 ? JSON.stringify(origins) : null;
/** An idea's tags as stored (null for "none", so untagged ideas cost nothing). */
export const tagColumns = (t: Pick<IdeaRow, 'countries' | 'pbc' | 'tags'>) => ({
  countries: t.countries.length > 0 ? JSON.stringify(t.countries) : null,
  pbc: t.pbc ? 1 : 0,
  tags: Object.keys(t.tags).length > 0 ? JSON.stringify(t.tags) : null,
});
