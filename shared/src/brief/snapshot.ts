import type { LensConfig } from '../domain/lenses.ts';
import type { IdeaStatus, SubmissionMode } from '../protocol/commands.ts';

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

export interface BriefWorkshop {
  title: string;
  series: string | null;
  /** Host institution(s), as typed by the organiser. */
  host: string | null;
  /** `YYYY-MM-DD`. */
  date: string | null;
  durationMinutes: number | null;
  chathamHouse: boolean;
  voteBudget: number;
  maxVotesPerIdea: number;
  /** Lenses the ideas are tagged with (issue 13); absent: the defaults. */
  lenses?: LensConfig;
}

export interface BriefQuestion {
  id: string;
  position: number;
  prompt: string;
  plannedMinutes: number | null;
  actualMinutes: number;
  mode: SubmissionMode;
  /** The rapporteurs' notes for this question. */
  notes: string;
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
  // Lenses (issue 13).
  /** Country examples, ISO 3166-1 alpha-2 codes. */
  countries?: string[];
  /** Concerns the role of the Peacebuilding Commission. */
  pbc?: boolean;
  /** Custom lens id → values. */
  tags?: Record<string, string[]>;
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
