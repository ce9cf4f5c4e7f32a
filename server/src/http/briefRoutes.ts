import {
  AttachWorkshopSchema,
  BriefGenerateSchema,
  type CreatedSeries,
  type CreatedWorkshopWithSeries,
  CreateSeriesSchema,
  describeZodError,
  type ErrorCode,
  errorBody,
  IdSchema,
  type NameCheckReply,
  type NameDecisionReply,
  NameDecisionSchema,
  type NamesFoundBody,
  type RedactionsReply,
  type RedactReply,
  RedactSchema,
  SeriesExportFormatSchema,
  setWorkshopSeries,
  type UndoRedactReply,
  UndoRedactSchema,
} from '@convene/shared';
import express, { type Request, type Response, type Router } from 'express';
import type { Authenticator, Session } from '../auth/authenticator.ts';
import { bearerToken, newId, secretsEqual } from '../auth/tokens.ts';
import { regenerateBrief } from '../export/briefDraft.ts';
import { commitImport, freeJoinCode, JoinCodeTaken } from '../export/importArchive.ts';
import {
  exportBlockedBy,
  recordNotNames,
  redactNames,
  runNameCheck,
  undoRedaction,
} from '../export/nameCheck.ts';
import { importOffThread, RenderTimeoutError, timeoutReply } from '../export/renderPool.ts';
import { type ExportFile, exportStoredSeries } from '../export/workshopExport.ts';
import { errorName, type Logger } from '../log.ts';
import {
  createSeries,
  fileInSeries,
  mintSeriesToken,
  seriesLink,
  seriesOfToken,
  seriesState,
} from '../series.ts';
import { seriesStoreFor } from '../store/seriesStore.ts';
import type { Store } from '../store/store.ts';
import type { RoomRegistry } from '../sync/room.ts';
import type { CreatedRecord } from '../workshops.ts';

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

const send = (res: Response, status: number, code: ErrorCode, message: string) =>
  res.status(status).json(errorBody(code, message));

/** Sends an export with a download name; nothing about it may be cached on the way. */
export function sendFile(res: Response, file: ExportFile): void {
  res.setHeader('Content-Type', file.contentType);
  res.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
  res.setHeader('Cache-Control', 'no-store');
  res.send(file.body);
}

function baseUrl(req: Request, publicUrl: string | undefined): string {
  return publicUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
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

/** A facilitator link pasted whole, or the bare token. */
function tokenFromLink(value: string): string {
  const m = /#token=([A-Za-z0-9_-]+)/.exec(value);
  return (m?.[1] ?? value).trim();
}

/**
 * Routes of the brief and its exports (besides `GET /workshops/:id/export`, in api.ts): the
 * draft's generation, the name check and redaction, import, and series.
 */
export function createBriefRouter(deps: BriefRouteDeps): Router {
  const { store, rooms, auth, log } = deps;
  const now = deps.now ?? Date.now;
  const series = seriesStoreFor(store.db);
  const router = express.Router();

  const isAdmin = (req: Request) => {
    const token = bearerToken(req.get('authorization'));
    return Boolean(deps.adminToken && token && secretsEqual(token, deps.adminToken));
  };
  const requireAdmin = (req: Request, res: Response): boolean => {
    if (!deps.adminToken || isAdmin(req)) return true;
    send(res, 401, 'unauthorized', 'This server needs the ADMIN_TOKEN as a Bearer token');
    return false;
  };

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

  /** The series `:id` when the Bearer token is one of its links, or null after answering. */
  const seriesOf = (req: Request, res: Response) => {
    const token = bearerToken(req.get('authorization'));
    const opened = seriesOfToken(store, token);
    if (!opened) {
      send(res, 401, 'unauthorized', 'A valid series link token is required');
      return null;
    }
    const id = IdSchema.safeParse(req.params.id);
    if (!id.success || id.data !== opened) {
      send(res, 403, 'forbidden', 'This token does not open that series');
      return null;
    }
    const row = series.byId(opened);
    if (!row) {
      send(res, 404, 'not_found', 'No such series');
      return null;
    }
    return row;
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
    const link = (role: string, token: string) => `${base}/${role}/${created.id}#token=${token}`;
    const body: CreatedWorkshopWithSeries = {
      id: created.id,
      joinCode: created.joinCode,
      facilitatorToken: created.tokens.facilitator,
      rapporteurToken: created.tokens.rapporteur,
      projectorToken: created.tokens.projector,
      questions: created.questions,
      links: {
        facilitator: link('facilitator', created.tokens.facilitator),
        participant: `${base}/join/${created.joinCode}`,
        projector: link('projector', created.tokens.projector),
        rapporteur: link('rapporteur', created.tokens.rapporteur),
      },
    };
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

  // ---- Series ----------------------------------------------------------------------------

  router.post('/series', (req, res) => {
    if (!requireAdmin(req, res)) return;
    const parsed = CreateSeriesSchema.safeParse(req.body);
    if (!parsed.success) return send(res, 400, 'invalid_payload', describeZodError(parsed.error));
    const base = baseUrl(req, deps.publicUrl);
    const existing = series.byName(parsed.data.name);
    if (existing) {
      // Only the server's administrator may get another link to an existing series: anyone
      // else naming it would otherwise read every workshop in it.
      if (!isAdmin(req)) {
        return send(res, 409, 'series_exists', 'A series with this name exists already');
      }
      // The administrator's way to change a series' lenses (for its workshops created next).
      if (parsed.data.lenses) series.setLenses(existing.id, parsed.data.lenses);
      // Likewise its actor groups (issue 14), for every brief of the series from now on.
      if (parsed.data.actorGroups) series.setActorGroups(existing.id, parsed.data.actorGroups);
      const token = mintSeriesToken(store, existing.id, new Date(now()));
      const body: CreatedSeries = {
        id: existing.id,
        name: existing.name,
        token,
        link: seriesLink(base, existing.id, token),
      };
      return res.status(200).json(body);
    }
    const made = createSeries(
      store,
      parsed.data.name,
      parsed.data.description || null,
      new Date(now()),
      parsed.data.lenses ?? null,
      parsed.data.actorGroups ?? null,
    );
    const body: CreatedSeries = {
      id: made.series.id,
      name: made.series.name,
      token: made.token,
      link: seriesLink(base, made.series.id, made.token),
    };
    res.status(201).json(body);
  });

  router.get('/series/:id', (req, res) => {
    const row = seriesOf(req, res);
    if (!row) return;
    res.json(seriesState(store, rooms, row));
  });

  router.post('/series/:id/workshops', (req, res) => {
    const row = seriesOf(req, res);
    if (!row) return;
    const parsed = AttachWorkshopSchema.safeParse(req.body);
    if (!parsed.success) return send(res, 400, 'invalid_payload', describeZodError(parsed.error));
    const session = auth.fromToken(tokenFromLink(parsed.data.facilitatorToken));
    if (session?.role !== 'facilitator') {
      return send(res, 403, 'forbidden', 'A facilitator link of the workshop is needed to add it');
    }
    series.attach(session.workshopId, row);
    rooms.with(session.workshopId, (room) => setWorkshopSeries(room.doc, row.name));
    res.json(seriesState(store, rooms, row));
  });

  router.delete('/series/:id/workshops/:workshopId', (req, res) => {
    const row = seriesOf(req, res);
    if (!row) return;
    const id = IdSchema.safeParse(req.params.workshopId);
    if (!id.success || series.seriesOfWorkshop(id.data) !== row.id) {
      return send(res, 404, 'not_found', 'This workshop is not in the series');
    }
    series.attach(id.data, null);
    rooms.with(id.data, (room) => setWorkshopSeries(room.doc, null));
    res.json(seriesState(store, rooms, row));
  });

  router.get('/series/:id/export', async (req, res) => {
    const row = seriesOf(req, res);
    if (!row) return;
    const format = SeriesExportFormatSchema.safeParse(req.query.format ?? 'md');
    if (!format.success) {
      return send(res, 400, 'unsupported_format', 'format must be md, docx or html');
    }
    try {
      const ids = series.workshopIds(row.id);
      // Every workshop under the Rule is checked first: the paper quotes them all (issue 14).
      for (const id of ids) {
        const blocked = await exportBlockedBy(store, id, new Date(now()));
        if (blocked) return sendNamesFound(res, id, blocked, { withFindings: false });
      }
      sendFile(res, await exportStoredSeries(store, row, ids, format.data, new Date(now())));
    } catch (err) {
      if (err instanceof RenderTimeoutError) {
        log.warn('series_export_timed_out', { limitMs: err.limitMs });
        const reply = timeoutReply(err);
        return send(res, reply.status, 'render_timeout', reply.message);
      }
      log.error('series_export_failed', { err: errorName(err) });
      send(res, 500, 'internal_error', 'The export failed on the server');
    }
  });

  return router;
}
