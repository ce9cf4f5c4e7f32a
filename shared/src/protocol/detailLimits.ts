/**
 * Plain constants of the protocol that screens use to bound and list their fields, apart from
 * the zod schemas built on them (schemas.ts re-exports them, so imports stay as they were).
 * Apart because the client bundles every top-level statement of a module it imports anything
 * from: a constant read from schemas.ts brought every schema's definition, and all of zod, into
 * every screen's first load (issue 18).
 */

/** Bounds of the brief's details (issue 14; see ParticipantTypesSchema and the rest). */
export const DETAIL_LIMITS = {
  organisers: 10,
  organiser: 200,
  seriesNumber: 99,
  participantsPerType: 10_000,
  context: 3000,
  participantList: 500,
  participantName: 80,
  shortTitle: 80,
} as const;

/** The kinds of participant counted in a brief, in display order (ParticipantTypesSchema's keys). */
export const PARTICIPANT_TYPES = [
  'memberStates',
  'unSystem',
  'research',
  'civilSociety',
  'other',
] as const;

/** Formats the organisers' results annex comes in (ExportPartSchema's `results`). */
export const RESULTS_FORMATS = ['md', 'docx', 'csv'] as const;
