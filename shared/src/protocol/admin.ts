import { z } from 'zod';
import { IdSchema } from './schemas.ts';

/**
 * Bodies of the facilitator's retention and revocation routes. A participant is named either by
 * id or, since facilitators never see who wrote what, as "the author of this idea".
 */

/** `POST /api/workshops/:id/remove-participant` body. */
export const RemoveParticipantSchema = z.union([
  z.strictObject({ participantId: IdSchema }),
  z.strictObject({ ideaId: IdSchema }),
]);
export type RemoveParticipant = z.infer<typeof RemoveParticipantSchema>;

/** `POST /api/workshops/:id/revoke-links` body: every link of a screen role stops working. */
export const RevokeLinksSchema = z.strictObject({
  role: z.enum(['projector', 'rapporteur']),
});
export type RevokeLinks = z.infer<typeof RevokeLinksSchema>;

/** Reply of the revocation routes. */
export interface Revoked {
  /** Tokens that stopped working. */
  revoked: number;
  /** Live connections cut at once. */
  disconnected: number;
}
