import type { Lang } from '../domain/language.ts';
import type { LensConfig } from '../domain/lenses.ts';
import type { WorkshopSettings } from '../domain/workshopSettings.ts';
import type { IdeaStatus, SubmissionMode } from '../protocol/commands.ts';
import type { ParticipantTypes } from '../protocol/schemas.ts';
import type { IdeaOrigin } from '../protocol/series.ts';

/** The brief's language (issue 14): every fixed word, and dates, are written in it. */
export type BriefLanguage = Lang;

/** How many participants came from each kind of institution (counts only, never who). */
export type BriefParticipantTypes = ParticipantTypes;

/** One group recommendations are gathered under, and the actors typed that belong to it. */
export interface ActorGroupConfig {
  /** The heading, as written in the brief. */
  label: string;
  /** Words or phrases of an actor (or an idea's text) that place it here. */
  match: string[];
}

/**
 * Everything the brief is built from, as plain data: no Yjs, no database, no people. The server
 * builds it from its store (ideas, rounds, the participant count) and the doc (clusters, notes);
 * tests build it from fixtures. By construction it cannot say who wrote or voted for what: it
 * has no field for it.
 */
export interface BriefSnapshot {
  workshop: BriefWorkshop;
  /** How many people joined the workshop (a count, never who). */
  participantCount: number;
  questions: BriefQuestion[];
}

export interface BriefWorkshop extends WorkshopSettings {
  // ---- Front matter and language (issue 14). Optional: older stores and archives lack them.
  /** The brief's language; English when absent. */
  language?: BriefLanguage;
  /** Every co-organiser, in the organiser's order; `host` is used when absent or empty. */
  organisers?: string[];
  /** The series' name as the brief prints it (falls back to `series`). */
  seriesTitle?: string | null;
  /** The workshop's number in its series. */
  seriesNumber?: number | null;
  participantTypes?: BriefParticipantTypes | null;
  /** Why now: a sentence or two from the organiser or the rapporteur. */
  context?: string | null;
  /**
   * At most five groups for recommendations by actor (configurable per series); the default
   * list (`DEFAULT_ACTOR_GROUPS`) when absent.
   */
  actorGroups?: ActorGroupConfig[] | null;
  /** Lenses the ideas are tagged with (issue 13); absent: the defaults. */
  lenses?: LensConfig;
  /** Issue 15: the series' consolidation session (its ranking gives the paper's recommendations). */
  consolidation?: boolean;
}

export interface BriefQuestion {
  id: string;
  position: number;
  prompt: string;
  /** The organiser's short title of the question (issue 14); absent or null: derived. */
  shortTitle?: string | null;
  plannedMinutes: number | null;
  actualMinutes: number;
  mode: SubmissionMode;
  /** The rapporteurs' notes for this question. */
  notes: string;
  /** The rapporteurs' "Points of debate" note (issue 13); absent in snapshots made before it. */
  debateNote?: string;
  clusters: BriefCluster[];
  /** Ideas on record: on the board (visible), merged into another, or hidden by moderation. */
  ideas: BriefIdea[];
  /** Closed voting rounds, in order, with their published tallies. */
  rounds: BriefRound[];
}

export interface BriefCluster {
  id: string;
  label: string;
  position: number;
  /** Points of debate (issue 13): views on this theme differed. */
  contested?: boolean;
  /** The positions in one line, without names. */
  contestNote?: string | null;
}

/** Statuses that are part of the record (withdrawn and unrevealed ideas are not). */
export type RecordedStatus = Extract<IdeaStatus, 'visible' | 'merged' | 'moderated'>;

export interface BriefIdea {
  id: string;
  /** Order of arrival within the workshop. */
  seq: number;
  text: string;
  actor: string | null;
  nextStep: string | null;
  clusterId: string | null;
  status: RecordedStatus;
  mergedInto: string | null;
  /** How many duplicates were merged into this idea. */
  mergedCount: number;
  /** Countries the idea is about: ISO 3166-1 alpha-2, upper case. */
  countries?: string[];
  /** The idea concerns the Peacebuilding Commission (lens tag). */
  pbc?: boolean;
  /** Points of debate (issue 13): views on this idea differed. */
  contested?: boolean;
  /** The positions in one line, without names. */
  contestNote?: string | null;
  /** Custom lens id → values (issue 13). */
  tags?: Record<string, string[]>;
  /**
   * Consolidation session (issue 15): the workshops of the series this idea was carried
   * forward from (number and topic); absent or empty for an idea written in the room.
   */
  origins?: IdeaOrigin[];
}

export interface BriefRound {
  number: number;
  budget: number;
  maxPerIdea: number;
  /** How many ideas were on the ballot when it was restricted to the best of the last round. */
  restrictedTo: number | null;
  /** Participants who voted. */
  voters: number;
  /** Every idea on the ballot with its dots and distinct supporters. */
  results: { ideaId: string; votes: number; voters: number }[];
}

/** The rapporteurs' draft of one section, as stored in the doc. */
export interface DraftSection {
  /** What the section says now. */
  text: string;
  /** What generation last wrote into it; null when it was never generated. */
  base: string | null;
}

/** The draft by section key (see `briefSectionKeys`). */
export type BriefDraft = Record<string, DraftSection>;
