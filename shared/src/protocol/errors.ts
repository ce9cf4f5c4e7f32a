/** Every error code a client can receive, from HTTP or from a socket acknowledgement. */
export const ERROR_CODES = [
  'invalid_payload',
  'invalid_json',
  'payload_too_large',
  'unknown_command',
  'unauthorized',
  'forbidden',
  /** The request named a host this server does not answer for (a DNS-rebinding page). */
  'misdirected_request',
  /** A workshop has as many live screen links of that role as it allows. */
  'too_many_links',
  'not_found',
  'unknown_join_code',
  'wrong_phase',
  'invalid_transition',
  'unknown_idea',
  'not_your_idea',
  'idea_not_votable',
  'over_budget',
  'over_idea_limit',
  /** A participant reached the most ideas one person may send to a question. */
  'too_many_ideas',
  'no_vote',
  'timer_state',
  'unknown_question',
  'unsupported_format',
  /** A series of that name exists already (its link is held by whoever created it). */
  'series_exists',
  'rate_limited',
  /** The workshop has as many participants as one workshop accepts. */
  'workshop_full',
  'storage_unavailable',
  /**
   * Cluster mode (issue 17): another server holds this workshop now (its lease); try again in
   * a moment — the proxy sends the retry to the owner, or this server takes it when it is free.
   */
  'not_owner',
  /** An export, draft generation or import ran past its time limit on the export worker. */
  'render_timeout',
  /** An archive holds more ideas than one import accepts (MAX_IMPORT_IDEAS). */
  'archive_too_large',
  'internal_error',
  /**
   * Under the Chatham House Rule: the name check found names (or name-like references) that
   * are neither replaced nor marked "not a participant's name"; the export waits (issue 14).
   */
  'names_found',
  // Lenses (issue 13).
  /** A country code that is not an ISO 3166-1 alpha-2 code this server knows. */
  'unknown_country',
  /** A lens the workshop does not have. */
  'unknown_lens',
  /** A value that is not one of the lens's values. */
  'unknown_lens_value',
  /** A lens the organiser switched off for this workshop. */
  'lens_off',
  // The series as it is run (issue 15).
  /** A topic of the series plan that does not exist (or belongs to another series). */
  'unknown_topic',
  /** The plan refuses the change in this state (e.g. a workshop already made from a topic). */
  'topic_state',
  /** A paper section changed since the editor read it (its version): reload and merge. */
  'edit_conflict',
  /** Nothing to carry into a consolidation session (no held workshop with ranked ideas). */
  'nothing_to_carry',
  /** Client-side: no acknowledgement arrived in time (the command may still be applied). */
  'timeout',
] as const;

/** A machine-readable error code. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The error body used by HTTP responses and failed acknowledgements. */
export interface ErrorBody {
  /** Stable, machine-readable code. */
  code: ErrorCode;
  /** Human-readable explanation; never a stack trace. */
  message: string;
  /** With `rate_limited` on a socket acknowledgement: seconds to wait before trying again. */
  retryAfter?: number;
}

/** Builds the `{error:{code,message}}` envelope. */
export function errorBody(code: ErrorCode, message: string): { error: ErrorBody } {
  return { error: { code, message } };
}
