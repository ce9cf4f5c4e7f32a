import { BriefGenerateSchema, describeZodError } from '@convene/shared';
import express, { type Router } from 'express';
import { CommandError } from '../commands/commandBus.ts';
import { regenerateBrief } from '../export/briefDraft.ts';
import { RenderTimeoutError, timeoutReply } from '../export/renderPool.ts';
import { errorName } from '../log.ts';
import type { BriefRouteDeps } from './briefRoutes.ts';
import { send, sendRefusal, writerGuard } from './guards.ts';

/** `POST /workshops/:id/brief`: the draft generated, or regenerated, from the board. */
export function createBriefDraftRouter(deps: BriefRouteDeps): Router {
  const { store, rooms, auth, log } = deps;
  const now = deps.now ?? Date.now;
  const router = express.Router();
  const writerOf = writerGuard(store, auth);

  router.post('/workshops/:id/brief', async (req, res) => {
    const session = writerOf(req, res);
    if (!session) return;
    const parsed = BriefGenerateSchema.safeParse(req.body ?? {});
    if (!parsed.success) return send(res, 400, 'invalid_payload', describeZodError(parsed.error));
    try {
      const reply = await regenerateBrief(
        store,
        rooms,
        session.workshopId,
        {
          ...(parsed.data.sections ? { sections: parsed.data.sections } : {}),
          ...(parsed.data.replace ? { replace: parsed.data.replace } : {}),
        },
        new Date(now()),
        log,
      );
      res.json(reply);
    } catch (err) {
      if (!store.workshop(session.workshopId)) {
        return send(res, 404, 'not_found', 'This workshop no longer exists');
      }
      if (err instanceof CommandError) return sendRefusal(res, err);
      if (err instanceof RenderTimeoutError) {
        log.warn('brief_generation_timed_out', { limitMs: err.limitMs });
        const reply = timeoutReply(err);
        return send(res, reply.status, 'render_timeout', reply.message);
      }
      log.error('brief_generation_failed', { err: errorName(err) });
      send(res, 500, 'internal_error', 'The draft could not be generated on the server');
    }
  });

  return router;
}
