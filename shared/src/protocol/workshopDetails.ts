import { z } from 'zod';
import type { Lang } from '../domain/language.ts';
import {
  CommandIdSchema,
  ContextSchema,
  IdSchema,
  LangSchema,
  OrganisersSchema,
  ParticipantListSchema,
  type ParticipantTypes,
  ParticipantTypesSchema,
  SeriesNumberSchema,
  ShortTitleSchema,
} from './schemas.ts';

/**
 * What a meeting brief in the genre says about its workshop besides the board (issue 14): the
 * brief's language, every co-organiser, the workshop's number in its series, participants by
 * type, a context paragraph, short titles of the questions, and the organiser's list of names
 * for the Chatham House check. Set when a workshop is created and changed with
 * `workshop:update` (or `PATCH /api/workshops/:id`, which runs that command).
 */

/**
 * `workshop:update` — the facilitator changes the brief's details. An absent field is left as
 * it is; `null` (or an empty text or list) clears it. `shortTitles` maps question ids to their
 * short title (null or empty: derived from the prompt again).
 */
export const WorkshopUpdateSchema = z
  .strictObject({
    language: LangSchema.optional(),
    organisers: OrganisersSchema.nullable().optional(),
    seriesNumber: SeriesNumberSchema.nullable().optional(),
    participantTypes: ParticipantTypesSchema.nullable().optional(),
    context: ContextSchema.nullable().optional(),
    participantList: ParticipantListSchema.nullable().optional(),
    shortTitles: z
      .record(IdSchema, ShortTitleSchema.nullable())
      .refine((r) => Object.keys(r).length <= 20, 'at most 20 short titles at once')
      .optional(),
    commandId: CommandIdSchema.optional(),
  })
  .refine((p) => Object.keys(p).some((k) => k !== 'commandId'), {
    message: 'nothing to update: give at least one field',
  });
export type WorkshopUpdate = z.infer<typeof WorkshopUpdateSchema>;

/** The brief's details as the facilitator and rapporteur see them (`GET …/details`). */
export interface WorkshopDetails {
  language: Lang;
  organisers: string[];
  seriesNumber: number | null;
  participantTypes: ParticipantTypes | null;
  context: string | null;
  /** The organiser's list of names (only facilitators and rapporteurs ever see it). */
  participantList: string[];
  questions: { id: string; prompt: string; shortTitle: string | null }[];
}
