import {
  describeZodError,
  IdSchema,
  type NameDecisionReply,
  NameDecisionSchema,
  type RedactionsReply,
  type RedactReply,
  RedactSchema,
  type UndoRedactReply,
  UndoRedactSchema,
} from '@convene/shared';
import express, { type Response, type Router } from 'express';
import { CommandError } from '../commands/commandBus.ts';
import {
  recordNotNames,
  redactNames,
  runNameCheck,
  undoRedaction,
  withdrawNotName,
} from '../export/nameCheck.ts';
import { RenderTimeoutError, timeoutReply } from '../export/renderPool.ts';
import { errorName } from '../log.ts';
import type { BriefRouteDeps } from './briefRoutes.ts';
import { send, sendRefusal, writerGuard } from './guards.ts';

/**
 * The name check of a workshop under the Chatham House Rule (issue 14): the check, the
 * replacement of names and its undo, the "not a participant's name" decisions, the list of
 * replacements.
 */
export function createNameCheckRouter(deps: BriefRouteDeps): Router {
  const { store, rooms, auth, log } = deps;
  const now = deps.now ?? Date.now;
  const router = express.Router();
  const writerOf = writerGuard(store, auth);

  const nameCheckFailed = (res: Response, workshopId: string, err: unknown) => {
    if (!store.workshop(workshopId))
      return send(res, 404, 'not_found', 'This workshop no longer exists');
    // Refused by the write pipeline (the store could not save, say): nothing half-done to hide.
    if (err instanceof CommandError) return sendRefusal(res, err);
    if (err instanceof RenderTimeoutError) {
      log.warn('name_check_timeout', { workshopId, limitMs: err.limitMs });
      const reply = timeoutReply(err);
      return send(res, reply.status, 'render_timeout', reply.message);
    }
    log.error('name_check_failed', { err: errorName(err) });
    send(res, 500, 'internal_error', 'The name check failed on the server');
  };

  router.get('/workshops/:id/name-check', async (req, res) => {
    const session = writerOf(req, res);
    if (!session) return;
    try {
      const reply = await runNameCheck(store, rooms, session.workshopId, new Date(now()));
      // Names are in this answer: it must not stay in any cache.
      res.setHeader('Cache-Control', 'no-store');
      res.json(reply);
    } catch (err) {
      nameCheckFailed(res, session.workshopId, err);
    }
  });

  router.post('/workshops/:id/redact', async (req, res) => {
    const session = writerOf(req, res);
    if (!session) return;
    const parsed = RedactSchema.safeParse(req.body ?? {});
    if (!parsed.success) return send(res, 400, 'invalid_payload', describeZodError(parsed.error));
    try {
      const at = new Date(now());
      const done = await redactNames(store, rooms, session.workshopId, parsed.data, at, log);
      const check = await runNameCheck(store, rooms, session.workshopId, at);
      const body: RedactReply = { ...done, check };
      log.info('names_redacted', {
        workshopId: session.workshopId,
        count: done.redacted,
        skipped: done.skipped,
      });
      res.setHeader('Cache-Control', 'no-store');
      res.json(body);
    } catch (err) {
      nameCheckFailed(res, session.workshopId, err);
    }
  });

  router.post('/workshops/:id/redact/undo', async (req, res) => {
    const session = writerOf(req, res);
    if (!session) return;
    const parsed = UndoRedactSchema.safeParse(req.body ?? {});
    if (!parsed.success) return send(res, 400, 'invalid_payload', describeZodError(parsed.error));
    try {
      const at = new Date(now());
      const done = await undoRedaction(store, rooms, session.workshopId, parsed.data.id, at, log);
      if (!done) return send(res, 404, 'not_found', 'There is no replacement to undo');
      const body: UndoRedactReply = {
        ...done,
        check: await runNameCheck(store, rooms, session.workshopId, at),
      };
      log.info('names_unredacted', { workshopId: session.workshopId, count: done.restored });
      res.setHeader('Cache-Control', 'no-store');
      res.json(body);
    } catch (err) {
      nameCheckFailed(res, session.workshopId, err);
    }
  });

  // Issue 14: "not a participant's name", recorded per finding, and withdrawn.
  router.post('/workshops/:id/name-decisions', async (req, res) => {
    const session = writerOf(req, res);
    if (!session) return;
    const parsed = NameDecisionSchema.safeParse(req.body ?? {});
    if (!parsed.success) return send(res, 400, 'invalid_payload', describeZodError(parsed.error));
    try {
      const at = new Date(now());
      const ids = parsed.data.ids;
      const recorded = await recordNotNames(store, rooms, session.workshopId, ids, at, log);
      const body: NameDecisionReply = {
        recorded,
        check: await runNameCheck(store, rooms, session.workshopId, at),
      };
      log.info('names_decided', { workshopId: session.workshopId, count: recorded });
      res.setHeader('Cache-Control', 'no-store');
      res.json(body);
    } catch (err) {
      nameCheckFailed(res, session.workshopId, err);
    }
  });

  router.delete('/workshops/:id/name-decisions/:decisionId', async (req, res) => {
    const session = writerOf(req, res);
    if (!session) return;
    const id = IdSchema.safeParse(req.params.decisionId);
    try {
      if (!id.success || !withdrawNotName(store, session.workshopId, id.data, log)) {
        return send(res, 404, 'not_found', 'There is no such decision');
      }
      const check = await runNameCheck(store, rooms, session.workshopId, new Date(now()));
      res.setHeader('Cache-Control', 'no-store');
      res.json({ check });
    } catch (err) {
      nameCheckFailed(res, session.workshopId, err);
    }
  });

  router.get('/workshops/:id/redactions', (req, res) => {
    const session = writerOf(req, res);
    if (!session) return;
    const body: RedactionsReply = {
      redactions: store.redactions(session.workshopId).map((r) => ({
        id: r.id,
        at: r.at,
        count: r.count,
        ...(r.undoneAt ? { undoneAt: r.undoneAt } : {}),
      })),
    };
    res.setHeader('Cache-Control', 'no-store');
    res.json(body);
  });

  return router;
}
