import {
  AddTopicSchema,
  AttachWorkshopSchema,
  type CreatedSeries,
  type CreatedWorkshopWithSeries,
  CreateSeriesSchema,
  describeZodError,
  IdSchema,
  SeriesExportFormatSchema,
  type SeriesNewLink,
  SeriesNewLinkSchema,
  setWorkshopSeries,
  UpdateSeriesSchema,
  UpdateTopicSchema,
  WorkshopFromTopicSchema,
} from '@convene/shared';
import express, { type Router } from 'express';
import { commitAndProject } from '../commands/commandBus.ts';
import { exportBlockedBy } from '../export/nameCheck.ts';
import { RenderTimeoutError, timeoutReply } from '../export/renderPool.ts';
import { exportPaper } from '../export/workshopExport.ts';
import { errorName } from '../log.ts';
import { type SeriesRow, seriesStoreFor } from '../store/seriesStore.ts';
import { createSeries, mintSeriesToken, seriesLink, seriesPage } from '../workshops/series.ts';
import {
  addTopic,
  planReply,
  updateSeriesSettings,
  updateTopic,
  workshopFromTopic,
} from '../workshops/seriesPlan.ts';
import { mintRoleToken, refuseTooManyLinks } from '../workshops/workshops.ts';
import { type BriefRouteDeps, sendFile, sendNamesFound } from './briefRoutes.ts';
import {
  adminGuard,
  baseUrl,
  createdWorkshopReply,
  PipelineRefusal,
  roleLink,
  send,
  sendRefusal,
  seriesGuard,
  tokenFromLink,
} from './guards.ts';
import { checkPaper, storedPaper } from './paperRoutes.ts';

/**
 * Routes of a series (`/api/series…`): creating one, its page, its workshops and its
 * policy-paper export. A series is opened by its own link token (or the ADMIN_TOKEN).
 */
export function createSeriesRouter(
  deps: BriefRouteDeps & {
    /** Live links per role and workshop (limits.ts); minting from the series page counts too. */
    linksPerRole?: number;
  },
): Router {
  const { store, rooms, auth, log } = deps;
  /** Series rows are in no doc: their writes run through the pipeline with no room. */
  const pipeline = { store, log };
  const now = deps.now ?? Date.now;
  const series = seriesStoreFor(store.db);
  const router = express.Router();
  const { isAdmin, requireAdmin } = adminGuard(deps.adminToken);
  const seriesOf = seriesGuard(store, adminGuard(deps.adminToken));

  /**
   * Workshop `id`'s doc shows the series its row names now, through the write pipeline; with
   * `attach`, filing the row in that series (or out of any) is committed in the same run.
   */
  const projectSeries = (id: string, attach?: { to: SeriesRow | null }) =>
    rooms.with(id, (room) =>
      commitAndProject(room, { store, log }, 'series:attach', () => {
        if (attach) series.attach(id, attach.to);
        return {
          reply: {},
          apply: (r) => setWorkshopSeries(r.doc, store.workshop(id)?.series ?? null),
        };
      }),
    );

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
      const done = commitAndProject(null, pipeline, 'series:link', () => {
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
        return { reply: body };
      });
      if (!done.ok) return sendRefusal(res, done.error);
      const { ok: _ok, ...body } = done;
      return res.status(200).json(body);
    }
    const done = commitAndProject(null, pipeline, 'series:create', () => {
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
      return { reply: body };
    });
    if (!done.ok) return sendRefusal(res, done.error);
    const { ok: _ok, ...body } = done;
    res.status(201).json(body);
  });

  /** The series page's reply (its drafts' name checks run on the export worker). */
  const page = async (row: SeriesRow) => seriesPage(store, rooms, row, new Date(now()));

  router.get('/series/:id', async (req, res) => {
    const row = seriesOf(req, res);
    if (!row) return;
    res.json(await page(row));
  });

  router.post('/series/:id/workshops', async (req, res) => {
    const row = seriesOf(req, res);
    if (!row) return;
    const parsed = AttachWorkshopSchema.safeParse(req.body);
    if (!parsed.success) return send(res, 400, 'invalid_payload', describeZodError(parsed.error));
    const session = auth.fromToken(tokenFromLink(parsed.data.facilitatorToken));
    if (session?.role !== 'facilitator') {
      return send(res, 403, 'forbidden', 'A facilitator link of the workshop is needed to add it');
    }
    const done = projectSeries(session.workshopId, { to: row });
    if (!done.ok) return sendRefusal(res, done.error);
    res.json(await page(row));
  });

  router.delete('/series/:id/workshops/:workshopId', async (req, res) => {
    const row = seriesOf(req, res);
    if (!row) return;
    const id = IdSchema.safeParse(req.params.workshopId);
    if (!id.success || series.seriesOfWorkshop(id.data) !== row.id) {
      return send(res, 404, 'not_found', 'This workshop is not in the series');
    }
    const done = projectSeries(id.data, { to: null });
    if (!done.ok) return sendRefusal(res, done.error);
    res.json(await page(row));
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
      // Issue 15: the stored, co-edited paper (generated first if it never was), its own text
      // checked for names too: rapporteurs may have typed one into a section.
      const stored = await storedPaper(store, log, row, new Date(now()));
      const own = await checkPaper(store, row);
      if (own.chathamHouse && own.total > 0) {
        res.setHeader('Cache-Control', 'no-store');
        return res.status(409).json({
          error: {
            code: 'names_found',
            message: `The paper's own text has ${own.total} possible name${own.total === 1 ? '' : 's'}: replace each or mark it "not a participant's name" before exporting`,
          },
          paper: true,
          total: own.total,
        });
      }
      sendFile(res, await exportPaper(row, stored, format.data));
    } catch (err) {
      if (err instanceof PipelineRefusal) return sendRefusal(res, err.error);
      if (err instanceof RenderTimeoutError) {
        log.warn('series_export_timed_out', { limitMs: err.limitMs });
        const reply = timeoutReply(err);
        return send(res, reply.status, 'render_timeout', reply.message);
      }
      log.error('series_export_failed', { err: errorName(err) });
      send(res, 500, 'internal_error', 'The export failed on the server');
    }
  });

  // ---- The plan and the organisers' page (issue 15, items 1 and 4: plan slice) -----------

  router.patch('/series/:id', async (req, res) => {
    const row = seriesOf(req, res);
    if (!row) return;
    const parsed = UpdateSeriesSchema.safeParse(req.body);
    if (!parsed.success) return send(res, 400, 'invalid_payload', describeZodError(parsed.error));
    const done = commitAndProject(null, pipeline, 'series:update', () => {
      updateSeriesSettings(store, row, parsed.data);
      return { reply: {} };
    });
    if (!done.ok) return sendRefusal(res, done.error);
    const updated = series.byId(row.id) ?? row;
    // Each workshop's doc shows the series' name: a rename follows, as attaching does.
    if (updated.name !== row.name) {
      // The rows were relabelled with the series (seriesStore.setDetails); each doc follows.
      for (const id of series.workshopIds(row.id)) projectSeries(id);
    }
    res.json(await page(updated));
  });

  router.get('/series/:id/plan', (req, res) => {
    const row = seriesOf(req, res);
    if (!row) return;
    res.json(planReply(store, row.id));
  });

  router.post('/series/:id/topics', (req, res) => {
    const row = seriesOf(req, res);
    if (!row) return;
    const parsed = AddTopicSchema.safeParse(req.body);
    if (!parsed.success) return send(res, 400, 'invalid_payload', describeZodError(parsed.error));
    const done = commitAndProject(null, pipeline, 'topic:add', () => {
      addTopic(store, row, parsed.data, new Date(now()));
      return { reply: {} };
    });
    if (!done.ok) return sendRefusal(res, done.error);
    res.status(201).json(planReply(store, row.id));
  });

  /** The `:topicId` of the path when well formed; else answers 404. */
  const topicIdOf = (req: express.Request, res: express.Response): string | null => {
    const id = IdSchema.safeParse(req.params.topicId);
    if (!id.success) send(res, 404, 'unknown_topic', 'No such topic in this series');
    return id.success ? id.data : null;
  };

  router.patch('/series/:id/topics/:topicId', (req, res) => {
    const row = seriesOf(req, res);
    if (!row) return;
    const topicId = topicIdOf(req, res);
    if (!topicId) return;
    const parsed = UpdateTopicSchema.safeParse(req.body);
    if (!parsed.success) return send(res, 400, 'invalid_payload', describeZodError(parsed.error));
    const done = commitAndProject(null, pipeline, 'topic:update', () => {
      updateTopic(store, row, topicId, parsed.data, new Date(now()));
      return { reply: {} };
    });
    if (!done.ok) return sendRefusal(res, done.error);
    res.json(planReply(store, row.id));
  });

  router.post('/series/:id/topics/:topicId/workshop', (req, res) => {
    const row = seriesOf(req, res);
    if (!row) return;
    const topicId = topicIdOf(req, res);
    if (!topicId) return;
    const parsed = WorkshopFromTopicSchema.safeParse(req.body ?? {});
    if (!parsed.success) return send(res, 400, 'invalid_payload', describeZodError(parsed.error));
    const base = baseUrl(req, deps.publicUrl);
    // A new workshop: no room holds it yet, its doc is projected from the rows on first load.
    const done = commitAndProject(null, pipeline, 'topic:workshop', () => {
      const { created } = workshopFromTopic(store, row, topicId, parsed.data, new Date(now()));
      const body: CreatedWorkshopWithSeries = {
        ...createdWorkshopReply(base, created),
        series: { id: row.id, name: row.name },
      };
      return { reply: body };
    });
    if (!done.ok) return sendRefusal(res, done.error);
    const { ok: _ok, ...body } = done;
    log.info('workshop_from_topic', { workshopId: body.id });
    res.status(201).json(body);
  });

  router.post('/series/:id/workshops/:workshopId/links', (req, res) => {
    const row = seriesOf(req, res);
    if (!row) return;
    const id = IdSchema.safeParse(req.params.workshopId);
    if (!id.success || series.seriesOfWorkshop(id.data) !== row.id) {
      return send(res, 404, 'not_found', 'This workshop is not in the series');
    }
    const parsed = SeriesNewLinkSchema.safeParse(req.body);
    if (!parsed.success) return send(res, 400, 'invalid_payload', describeZodError(parsed.error));
    const { role } = parsed.data;
    const base = baseUrl(req, deps.publicUrl);
    const done = commitAndProject(null, pipeline, 'link:mint', () => {
      // The same allowance as the facilitator's own "new link" (api.ts): each live link is a
      // writer or a screen, and a leaked series link must not mint them without end.
      refuseTooManyLinks(store, id.data, role, deps.linksPerRole);
      const token = mintRoleToken(store, id.data, role, new Date(now()));
      const body: SeriesNewLink = { role, token, link: roleLink(base, role, id.data, token) };
      return { reply: body };
    });
    if (!done.ok) return sendRefusal(res, done.error);
    const { ok: _ok, ...body } = done;
    log.info('series_link_minted', { workshopId: id.data, role });
    res.status(201).json(body);
  });

  return router;
}
