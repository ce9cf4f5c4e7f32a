import { z } from 'zod';
import { LIMITS } from '../domain/limits.ts';
import { IdSchema, textField } from './schemas.ts';

/** Where a carried-forward idea came from: its workshop's number and topic (never a name). */
export const IdeaOriginSchema = z.strictObject({
  workshopId: IdSchema.optional(),
  number: z.number().int().min(1).max(99).nullable(),
  topic: textField(LIMITS.title),
});
export type IdeaOrigin = z.infer<typeof IdeaOriginSchema>;
