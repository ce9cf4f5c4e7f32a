import {
  CreateConsolidationSchema,
  type CreatedWorkshopWithSeries,
  describeZodError,
} from '@convene/shared';
import express, { type Router } from 'express';
import { commitAndProject } from '../commands/commandBus.ts';
import { consolidationState, createConsolidation } from '../workshops/consolidation.ts';
import type { BriefRouteDeps } from './briefRoutes.ts';
import {
  adminGuard,
  baseUrl,
  createdWorkshopReply,
  send,
  sendRefusal,
  seriesGuard,
} from './guards.ts';

/**
 * The consolidation session of a series (issue 15, item 2): what its held workshops can carry
 * forward, and creating the session. Opened by the series link token (or the ADMIN_TOKEN).
 */
export function createConsolidationRouter(deps: BriefRouteDeps): Router {
  const { store, log } = deps;
  const now = deps.now ?? Date.now;
  const router = express.Router();
  const seriesOf = seriesGuard(store, adminGuard(deps.adminToken));

  router.get('/series/:id/consolidation', (req, res) => {
    const row = seriesOf(req, res);
    if (!row) return;
    res.json(consolidationState(store, row));
  });

  router.post('/series/:id/consolidation', (req, res) => {
    const row = seriesOf(req, res);
    if (!row) return;
    const parsed = CreateConsolidationSchema.safeParse(req.body ?? {});
    if (!parsed.success) return send(res, 400, 'invalid_payload', describeZodError(parsed.error));
    if (parsed.data.picks && parsed.data.perQuestion !== undefined) {
      return send(res, 400, 'invalid_payload', 'Give either perQuestion or picks, not both');
    }
    const base = baseUrl(req, deps.publicUrl);
    // A new workshop: no room holds it yet, its doc is projected from the rows on first load.
    const done = commitAndProject(null, { store, log }, 'consolidation:create', () => {
      const made = createConsolidation(store, row, parsed.data, new Date(now()));
      const body: CreatedWorkshopWithSeries & { carried: number } = {
        ...createdWorkshopReply(base, made.record),
        series: { id: row.id, name: row.name },
        carried: made.carried,
      };
      return { reply: body };
    });
    if (!done.ok) return sendRefusal(res, done.error);
    const { ok: _ok, ...body } = done;
    log.info('consolidation_created', { workshopId: body.id, carried: body.carried });
    res.status(201).json(body);
  });

  return router;
}
