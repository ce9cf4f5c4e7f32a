import {
  BriefGenerateSchema,
  describeZodError,
  IdSchema,
  type NameCheckReply,
  type NameDecisionReply,
  NameDecisionSchema,
  type NamesFoundBody,
  type RedactionsReply,
  type RedactReply,
  RedactSchema,
  type UndoRedactReply,
  UndoRedactSchema,
} from '@convene/shared';
import express, { type Request, type Response, type Router } from 'express';
import type { Authenticator, Session } from '../auth/authenticator.ts';
import { bearerToken, newId } from '../auth/tokens.ts';
import { regenerateBrief } from '../export/briefDraft.ts';
import { commitImport, freeJoinCode, JoinCodeTaken } from '../export/importArchive.ts';
import { recordNotNames, redactNames, runNameCheck, undoRedaction } from '../export/nameCheck.ts';
import { importOffThread, RenderTimeoutError, timeoutReply } from '../export/renderPool.ts';
import type { ExportFile } from '../export/workshopExport.ts';
import { errorName, type Logger } from '../log.ts';
import { fileInSeries } from '../series.ts';
import type { Store } from '../store/store.ts';
import type { RoomRegistry } from '../sync/room.ts';
import type { CreatedRecord } from '../workshops.ts';
import { adminGuard, baseUrl, createdWorkshopReply, send } from './guards.ts';

export interface BriefRouteDeps {
  store: Store;
  rooms: RoomRegistry;
  auth: Authenticator;
  adminToken: string | undefined;
  publicUrl: string | undefined;
  /** Participants one workshop accepts: an import may not claim more. */
  maxParticipants: number;
  log: Logger;
  now?: () => number;
}

/** Sends an export with a download name; nothing about it may be cached on the way. */
export function sendFile(res: Response, file: ExportFile): void {
  res.setHeader('Content-Type', file.contentType);
  res.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
  res.setHeader('Cache-Control', 'no-store');
  res.send(file.body);
}

/** The charset parameter of a Content-Type header, lower case (null when there is none). */
function charsetOf(contentType: string | undefined): string | null {
  for (const part of (contentType ?? '').split(';').slice(1)) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim().toLowerCase() !== 'charset') continue;
    return part
      .slice(eq + 1)
      .trim()
      .replace(/^"|"$/g, '')
      .toLowerCase();
  }
  return null;
}

/**
 * 409 `names_found`: an export under the Chatham House Rule refused while the name check has
 * open findings; the body carries the check so the rapporteur can resolve them (issue 14).
 */
export function sendNamesFound(
  res: Response,
  workshopId: string,
  check: NameCheckReply,
  opts: { withFindings: boolean } = { withFindings: true },
): void {
  const body: NamesFoundBody = {
    error: {
      code: 'names_found',
      message: `The name check found ${check.total} possible name${check.total === 1 ? '' : 's'}: replace each or mark it "not a participant's name" before exporting`,
    },
    workshopId,
    total: check.total,
    ...(opts.withFindings ? { check } : {}),
  };
  res.setHeader('Cache-Control', 'no-store');
  res.status(409).json(body);
}

/**
 * Routes of the brief and its exports (besides `GET /workshops/:id/export`, in api.ts): the
 * draft's generation, the name check and redaction, and import (series: seriesRoutes.ts).
 */
export function createBriefRouter(deps: BriefRouteDeps): Router {
  const { store, rooms, auth, log } = deps;
  const now = deps.now ?? Date.now;
  const router = express.Router();

  const { isAdmin, requireAdmin } = adminGuard(deps.adminToken);

  /** A facilitator's or rapporteur's session for workshop `:id`, or null after answering. */
  const writerOf = (req: Request, res: Response): Session | null => {
    const session = auth.fromToken(bearerToken(req.get('authorization')));
    if (!session) {
      send(res, 401, 'unauthorized', 'A valid Bearer token is required');
      return null;
    }
    const id = IdSchema.safeParse(req.params.id);
    if (!id.success || session.workshopId !== id.data) {
      send(res, 403, 'forbidden', 'This token does not open that workshop');
      return null;
    }
    if (session.role !== 'facilitator' && session.role !== 'rapporteur') {
      send(res, 403, 'forbidden', 'Only facilitators and rapporteurs can do this');
      return null;
    }
    if (!store.workshop(session.workshopId)) {
      send(res, 404, 'not_found', 'This workshop no longer exists');
      return null;
    }
    return session;
  };

  // ---- Import ----------------------------------------------------------------------------

  router.post('/workshops/import', async (req, res) => {
    if (!requireAdmin(req, res)) return;
    // The body arrives as bytes (app.ts): parsing and checking up to 8 MB of JSON is the
    // worker's job, so that an import never holds the rooms' thread (issue 11, item 9).
    if (!Buffer.isBuffer(req.body)) {
      return send(res, 400, 'invalid_payload', 'An archive is sent as application/json');
    }
    const charset = charsetOf(req.get('content-type'));
    if (charset !== null && charset !== 'utf-8' && charset !== 'utf8') {
      return send(res, 400, 'invalid_payload', 'An archive is sent as UTF-8');
    }
    let created: CreatedRecord | null = null;
    try {
      // A join code taken between choosing it and writing (two imports at once): plan again.
      for (let attempt = 0; attempt < 3 && !created; attempt++) {
        const importedAt = new Date(now());
        const outcome = await importOffThread({
          kind: 'import',
          body: req.body,
          workshopId: newId(),
          joinCode: freeJoinCode(store),
          maxParticipants: deps.maxParticipants,
          now: importedAt,
        });
        if (!outcome.ok) return send(res, outcome.status, outcome.code, outcome.message);
        try {
          created = commitImport(store, outcome.rows, outcome.doc, importedAt);
        } catch (err) {
          if (!(err instanceof JoinCodeTaken)) throw err;
        }
      }
    } catch (err) {
      if (err instanceof RenderTimeoutError) {
        log.warn('import_timed_out', { limitMs: err.limitMs });
        const reply = timeoutReply(err);
        return send(res, reply.status, 'render_timeout', reply.message);
      }
      throw err;
    }
    if (!created) throw new Error('no free join code for the import');
    const base = baseUrl(req, deps.publicUrl);
    const body = createdWorkshopReply(base, created);
    const series = store.workshop(created.id)?.series;
    if (series) {
      fileInSeries(store, body, series, base, { trusted: isAdmin(req) }, new Date(now()));
    }
    log.info('workshop_imported', { workshopId: created.id });
    res.status(201).json(body);
  });

  // ---- The draft -------------------------------------------------------------------------

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
      );
      res.json(reply);
    } catch (err) {
      if (!store.workshop(session.workshopId)) {
        return send(res, 404, 'not_found', 'This workshop no longer exists');
      }
      if (err instanceof RenderTimeoutError) {
        log.warn('brief_generation_timed_out', { limitMs: err.limitMs });
        const reply = timeoutReply(err);
        return send(res, reply.status, 'render_timeout', reply.message);
      }
      log.error('brief_generation_failed', { err: errorName(err) });
      send(res, 500, 'internal_error', 'The draft could not be generated on the server');
    }
  });

  // ---- The name check --------------------------------------------------------------------

  const nameCheckFailed = (res: Response, workshopId: string, err: unknown) => {
    if (!store.workshop(workshopId))
      return send(res, 404, 'not_found', 'This workshop no longer exists');
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
      const done = await redactNames(store, rooms, session.workshopId, parsed.data, at);
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
      const done = await undoRedaction(store, rooms, session.workshopId, parsed.data.id, at);
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
      const recorded = await recordNotNames(store, rooms, session.workshopId, parsed.data.ids, at);
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
    if (!id.success || !store.deleteNameDecision(session.workshopId, id.data)) {
      return send(res, 404, 'not_found', 'There is no such decision');
    }
    try {
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
