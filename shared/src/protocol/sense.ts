import { z } from 'zod';
import { CommandIdSchema, IdSchema } from './schemas.ts';

/**
 * Schemas of the sense queries (issue 13, clustering help): read-only, for the facilitator and
 * the rapporteur. They read only the visible ideas of the question (never hidden, withdrawn,
 * moderated or merged ones); groups and "may belong here" only among unclustered ideas.
 */
const query = <T extends z.core.$ZodLooseShape>(shape: T) =>
  z.strictObject({ ...shape, commandId: CommandIdSchema.optional() });

/** `sense:suggest` — proposed groups among the unclustered ideas, and near-duplicate pairs. */
export const SenseSuggestSchema = query({ questionId: IdSchema });

/** `sense:belong` — the unclustered ideas ranked by likeness to a cluster. */
export const SenseBelongSchema = query({ questionId: IdSchema, clusterId: IdSchema });

/** `sense:name` — a name for a group of ideas from its key terms. */
export const SenseNameSchema = query({
  questionId: IdSchema,
  ideaIds: z.array(IdSchema).min(1).max(200),
});

export type SenseSuggest = z.infer<typeof SenseSuggestSchema>;
export type SenseBelong = z.infer<typeof SenseBelongSchema>;
export type SenseName = z.infer<typeof SenseNameSchema>;

export interface SenseGroup {
  ideaIds: string[];
  name: string;
  terms: string[];
}

export interface SenseSuggestReply {
  groups: SenseGroup[];
  duplicates: { a: string; b: string; score: number }[];
}

export interface SenseBelongReply {
  ideas: { ideaId: string; score: number }[];
}

export interface SenseNameReply {
  name: string;
  terms: string[];
}
