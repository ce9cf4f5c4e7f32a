import { z } from 'zod';
import { LENS_LIMITS } from '../domain/lenses.ts';
import { CommandIdSchema, IdSchema, LensConfigSchema } from './schemas.ts';

/**
 * Schemas of lenses (issue 13): the configuration a workshop or series carries, and the tag
 * commands. Whether a code is a known country, a lens exists or is on, and a value belongs to
 * the lens is checked by the server against the workshop (error codes `unknown_country`,
 * `unknown_lens`, `unknown_lens_value`, `lens_off`); these check shape and bounds.
 */

/** `idea:tag` — tag or untag one or more ideas on one lens. */
export const IdeaTagSchema = z
  .strictObject({
    /** The ideas to change (each once). */
    ideaIds: z.array(IdSchema).min(1).max(LENS_LIMITS.ideasPerTag),
    /** `countries`, `pbc`, or a custom lens's id. */
    lens: IdSchema,
    /** Values to add: country codes, or values of the custom lens. */
    add: z
      .array(
        z
          .string()
          .min(1)
          .max(LENS_LIMITS.lensValue * 4),
      )
      .max(LENS_LIMITS.valuesPerLens * 2)
      .optional(),
    /** Values to remove. */
    remove: z
      .array(
        z
          .string()
          .min(1)
          .max(LENS_LIMITS.lensValue * 4),
      )
      .max(LENS_LIMITS.valuesPerLens * 2)
      .optional(),
    /** For `pbc`: yes or no. */
    value: z.boolean().optional(),
    commandId: CommandIdSchema.optional(),
  })
  .refine((p) => (p.lens === 'pbc') === (p.value !== undefined), {
    message: 'value (true/false) is given for the pbc lens, and only for it',
    path: ['value'],
  })
  .refine((p) => p.lens === 'pbc' || (p.add?.length ?? 0) + (p.remove?.length ?? 0) > 0, {
    message: 'give values to add or remove',
    path: ['add'],
  });
export type IdeaTag = z.infer<typeof IdeaTagSchema>;

/** `workshop:lenses` — the facilitator changes which lenses the workshop uses. */
export const WorkshopLensesSchema = z.strictObject({
  lenses: LensConfigSchema,
  commandId: CommandIdSchema.optional(),
});
export type WorkshopLenses = z.infer<typeof WorkshopLensesSchema>;
