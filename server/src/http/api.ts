import {
  CreateWorkshopSchema,
  describeZodError,
  ExportFormatSchema,
  ExportPartSchema,
  IdSchema,
  isWellFormedJoinCode,
  type Joined,
  JoinSchema,
  type NewLink,
  NewLinkSchema,
  normalizeJoinCode,
  RESULTS_FORMATS,
  readBriefDraft,
  type SessionReply,
  type WorkshopSummary,
} from '@convene/shared';
import express, { type Request, type Response, type Router } from 'express';
import type { Authenticator, Session } from '../auth/authenticator.ts';
import { bearerToken } from '../auth/tokens.ts';
import { CommandError, commitAndProject } from '../commands/commandBus.ts';
import { exportBlockedBy } from '../export/nameCheck.ts';
import { RenderTimeoutError, timeoutReply } from '../export/renderPool.ts';
import { exportResultsAnnex, exportWorkshop } from '../export/workshopExport.ts';
import { clientAddress, sendRateLimited } from '../limits/httpLimits.ts';
import type { JoinGuard } from '../limits/joinGuard.ts';
import { errorName, type Logger } from '../log.ts';
import type { Store } from '../store/store.ts';
import type { RoomRegistry } from '../sync/room.ts';
import { fileInSeries, recordBriefExport, settleSeriesLenses } from '../workshops/series.ts';
import {
  createWorkshop,
  joinWorkshop,
  mintRoleToken,
  refuseTooManyLinks,
} from '../workshops/workshops.ts';
import { sendFile, sendNamesFound } from './briefRoutes.ts';
import {
  adminGuard,
  baseUrl,
  createdWorkshopReply,
  roleLink,
  send,
  sendRefusal,
} from './guards.ts';

export interface ApiDeps {
  store: Store;
  rooms: RoomRegistry;
  auth: Authenticator;
  adminToken: string | undefined;
  publicUrl: string | undefined;
  /** Participants one workshop accepts. */
  maxParticipants?: number;
  /** Live projector or rapporteur links per role and workshop (see limits.ts). */
  linksPerRole: number;
  /** Counts wrong join codes (absent: unlimited, for tests that build the router alone). */
  joinGuard?: JoinGuard;
  log: Logger;
  /** Cluster mode (issue 17): the organiser's list from PostgreSQL, across every node. */
  listWorkshops?: (() => Promise<WorkshopSummary[]>) | undefined;
}

/** The API's error reply (guards.ts); app.ts answers with it too. */
export const sendError = send;

/** Exports that are the brief itself (json and csv are the board's data). */
const BRIEF_FORMATS: ReadonlySet<string> = new Set(['md', 'docx', 'html']);

export function createApiRouter(deps: ApiDeps): Router {
  const { store, rooms, auth } = deps;
  /** The write pipeline's needs (commandBus.ts commitAndProject): every write here goes through it. */
  const pipeline = { store, log: deps.log };
  const router = express.Router();

  const { isAdmin, requireAdmin } = adminGuard(deps.adminToken);

  const requireSession = (req: Request, res: Response): Session | null => {
    const session = auth.fromToken(bearerToken(req.get('authorization')));
    if (!session) sendError(res, 401, 'unauthorized', 'A valid Bearer token is required');
    return session;
  };

  router.post('/workshops', (req, res) => {
    if (!requireAdmin(req, res)) return;
    const parsed = CreateWorkshopSchema.safeParse(req.body);
    if (!parsed.success) {
      return sendError(res, 400, 'invalid_payload', describeZodError(parsed.error));
    }
    const base = baseUrl(req, deps.publicUrl);
    const trusted = isAdmin(req);
    // No room holds a new workshop yet: its doc is projected from these rows on first load.
    const done = commitAndProject(null, pipeline, 'workshop:create', () => {
      const body = createdWorkshopReply(base, createWorkshop(store, parsed.data));
      if (parsed.data.series) {
        fileInSeries(store, body, parsed.data.series, base, {
          token: parsed.data.seriesToken,
          trusted,
        });
        settleSeriesLenses(store, body.id, body.series, parsed.data.lenses);
      }
      return { reply: body };
    });
    if (!done.ok) return sendRefusal(res, done.error);
    const { ok: _ok, ...body } = done;
    res.status(201).json(body);
  });

  router.get('/workshops', (req, res) => {
    // Titles alone say who meets about what: the list is for an administrator only, and on an
    // open server (no ADMIN_TOKEN) nobody can be one, so it is not served at all.
    if (!deps.adminToken) {
      return sendError(
        res,
        403,
        'forbidden',
        'This server has no ADMIN_TOKEN, so it does not list its workshops',
      );
    }
    if (!requireAdmin(req, res)) return;
    if (deps.listWorkshops) {
      deps.listWorkshops().then(
        (workshops) => res.json({ workshops }),
        (err: unknown) => {
          deps.log.error('list_workshops_failed', { err: errorName(err) });
          res.setHeader('Retry-After', '2');
          sendError(res, 503, 'storage_unavailable', 'The server cannot reach its database');
        },
      );
      return;
    }
    res.json({ workshops: store.listWorkshops() });
  });

  router.post('/join', (req, res) => {
    const parsed = JoinSchema.safeParse(req.body);
    if (!parsed.success) {
      return sendError(res, 400, 'invalid_payload', describeZodError(parsed.error));
    }
    const address = clientAddress(req);
    const allowed = deps.joinGuard?.mayCheck(address) ?? { ok: true };
    if (!allowed.ok) return sendRateLimited(res, allowed);
    const code = normalizeJoinCode(parsed.data.joinCode);
    const workshop = isWellFormedJoinCode(code) ? store.workshopByJoinCode(code) : undefined;
    if (!workshop) {
      const counted = deps.joinGuard?.failed(address) ?? { ok: true };
      if (!counted.ok) return sendRateLimited(res, counted);
      return sendError(res, 404, 'unknown_join_code', 'No workshop has this code');
    }
    const done = commitAndProject(null, pipeline, 'join', () => {
      if (
        deps.maxParticipants !== undefined &&
        store.participantCount(workshop.id) >= deps.maxParticipants
      ) {
        throw new CommandError('workshop_full', 'This workshop has no room for more participants');
      }
      const joined = joinWorkshop(store, workshop.id, parsed.data.name || null);
      return { reply: { workshopId: workshop.id, ...joined } satisfies Joined };
    });
    if (!done.ok) return sendRefusal(res, done.error);
    const { ok: _ok, ...body } = done;
    res.json(body);
  });

  router.get('/session', (req, res) => {
    const session = requireSession(req, res);
    if (!session) return;
    const w = store.workshop(session.workshopId);
    if (!w) return sendError(res, 404, 'not_found', 'This workshop no longer exists');
    const body: SessionReply = {
      workshopId: w.id,
      role: session.role,
      participantId: session.participantId,
      title: w.title,
      joinCode: w.joinCode,
    };
    res.json(body);
  });

  /** The session, when its token opens workshop `:id`; otherwise answers 401/403. */
  const requireWorkshop = (req: Request, res: Response): Session | null => {
    const session = requireSession(req, res);
    if (!session) return null;
    const id = IdSchema.safeParse(req.params.id);
    if (!id.success || session.workshopId !== id.data) {
      sendError(res, 403, 'forbidden', 'This token does not open that workshop');
      return null;
    }
    return session;
  };

  router.post('/workshops/:id/links', (req, res) => {
    const session = requireWorkshop(req, res);
    if (!session) return;
    if (session.role !== 'facilitator') {
      return sendError(res, 403, 'forbidden', 'Only the facilitator can make new links');
    }
    const parsed = NewLinkSchema.safeParse(req.body);
    if (!parsed.success) {
      return sendError(res, 400, 'invalid_payload', describeZodError(parsed.error));
    }
    const { role } = parsed.data;
    const base = baseUrl(req, deps.publicUrl);
    const done = commitAndProject(null, pipeline, 'link:mint', () => {
      // Each live rapporteur link is a writer that can fill the doc; a leaked facilitator link
      // must not mint them without end. Revoking the role's links frees the allowance.
      refuseTooManyLinks(store, session.workshopId, role, deps.linksPerRole);
      const token = mintRoleToken(store, session.workshopId, role);
      const body: NewLink = {
        role,
        token,
        link: roleLink(base, role, session.workshopId, token),
      };
      return { reply: body };
    });
    if (!done.ok) return sendRefusal(res, done.error);
    const { ok: _ok, ...body } = done;
    res.status(201).json(body);
  });

  router.get('/workshops/:id/export', (req, res) => {
    const session = requireWorkshop(req, res);
    if (!session) return;
    const workshopId = session.workshopId;
    if (session.role !== 'facilitator' && session.role !== 'rapporteur') {
      return sendError(res, 403, 'forbidden', 'Exports are for facilitators and rapporteurs');
    }
    const format = ExportFormatSchema.safeParse(req.query.format ?? 'json');
    if (!format.success) {
      return sendError(
        res,
        400,
        'unsupported_format',
        'format must be md, docx, html, json or csv',
      );
    }
    const part = ExportPartSchema.safeParse(req.query.part ?? 'brief');
    if (!part.success) {
      return sendError(res, 400, 'invalid_payload', 'part must be brief or results');
    }
    const resultsFormat = RESULTS_FORMATS.find((f) => f === format.data);
    if (part.data === 'results' && !resultsFormat) {
      return sendError(
        res,
        400,
        'unsupported_format',
        'the results annex is exported as md, docx or csv',
      );
    }
    if (!store.workshop(workshopId)) {
      return sendError(res, 404, 'not_found', 'This workshop no longer exists');
    }
    // Under the Chatham House Rule the name check runs first; open findings refuse it (issue 14).
    exportBlockedBy(store, workshopId, new Date())
      .then(async (blocked) => {
        if (blocked) return sendNamesFound(res, workshopId, blocked);
        sendFile(
          res,
          part.data === 'results' && resultsFormat
            ? await exportResultsAnnex(store, workshopId, resultsFormat)
            : await exportWorkshop(store, rooms, workshopId, format.data),
        );
        // Issue 15 (plan slice): the series page shows a brief as exported while its draft is
        // still the one exported (a document format of the brief, not the data exports).
        // The file is sent already: a failure to note it is logged by the pipeline, no more.
        if (part.data === 'brief' && BRIEF_FORMATS.has(format.data)) {
          const draft = rooms.with(workshopId, (room) => readBriefDraft(room.doc));
          commitAndProject(null, pipeline, 'brief:exported', () => {
            recordBriefExport(store, workshopId, draft, format.data, new Date());
            return { reply: {} };
          });
        }
      })
      .catch((err: unknown) => {
        if (!store.workshop(workshopId)) {
          return sendError(res, 404, 'not_found', 'This workshop no longer exists');
        }
        if (err instanceof RenderTimeoutError) {
          deps.log.warn('export_timed_out', { format: format.data, limitMs: err.limitMs });
          const reply = timeoutReply(err);
          return sendError(res, reply.status, 'render_timeout', reply.message);
        }
        deps.log.error('export_failed', { format: format.data, err: errorName(err) });
        sendError(res, 500, 'internal_error', 'The export failed on the server');
      });
  });

  router.use((_req, res) => sendError(res, 404, 'not_found', 'No such API route'));
  return router;
}
