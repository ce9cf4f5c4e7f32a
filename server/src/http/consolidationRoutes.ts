import {
  CreateConsolidationSchema,
  type CreatedWorkshopWithSeries,
  describeZodError,
} from '@convene/shared';
import express, { type Router } from 'express';
import {
  ConsolidationError,
  consolidationState,
  createConsolidation,
} from '../workshops/consolidation.ts';
import type { BriefRouteDeps } from './briefRoutes.ts';
import { adminGuard, baseUrl, createdWorkshopReply, send, seriesGuard } from './guards.ts';

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
    let made: ReturnType<typeof createConsolidation>;
    try {
      made = createConsolidation(store, row, parsed.data, new Date(now()));
    } catch (err) {
      if (err instanceof ConsolidationError) {
        return send(res, err.code === 'nothing_to_carry' ? 409 : 400, err.code, err.message);
      }
      throw err;
    }
    const { record } = made;
    const base = baseUrl(req, deps.publicUrl);
    const body: CreatedWorkshopWithSeries & { carried: number } = {
      ...createdWorkshopReply(base, record),
      series: { id: row.id, name: row.name },
      carried: made.carried,
    };
    log.info('consolidation_created', { workshopId: record.id, carried: made.carried });
    res.status(201).json(body);
  });

  return router;
}
