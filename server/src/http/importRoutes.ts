import type { CreatedWorkshopWithSeries } from '@convene/shared';
import express, { type Router } from 'express';
import { newId } from '../auth/tokens.ts';
import { commitAndProject } from '../commands/commandBus.ts';
import { commitImport, freeJoinCode } from '../export/importArchive.ts';
import { importOffThread, RenderTimeoutError, timeoutReply } from '../export/renderPool.ts';
import { fileInSeries } from '../workshops/series.ts';
import type { BriefRouteDeps } from './briefRoutes.ts';
import { adminGuard, baseUrl, createdWorkshopReply, send, sendRefusal } from './guards.ts';

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
 * `POST /workshops/import`: a workshop made from an archive (an organiser's action). It creates
 * a workshop: its rows are written through the write pipeline before any room exists (see
 * importArchive.ts).
 */
export function createImportRouter(deps: BriefRouteDeps): Router {
  const { store, log } = deps;
  const now = deps.now ?? Date.now;
  const router = express.Router();
  const { isAdmin, requireAdmin } = adminGuard(deps.adminToken);

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
    const base = baseUrl(req, deps.publicUrl);
    const trusted = isAdmin(req);
    let body: CreatedWorkshopWithSeries | undefined;
    try {
      // A join code taken between choosing it and writing (two imports at once): plan again.
      for (let attempt = 0; attempt < 3 && !body; attempt++) {
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
        const done = commitAndProject<{ made?: CreatedWorkshopWithSeries }>(
          null,
          { store, log },
          'workshop:import',
          () => {
            const created = commitImport(store, outcome.rows, outcome.doc, importedAt);
            if (!created) return { reply: {} };
            const made = createdWorkshopReply(base, created);
            const series = store.workshop(created.id)?.series;
            if (series) fileInSeries(store, made, series, base, { trusted }, new Date(now()));
            return { reply: { made } };
          },
        );
        if (!done.ok) return sendRefusal(res, done.error);
        body = done.made;
      }
    } catch (err) {
      if (err instanceof RenderTimeoutError) {
        log.warn('import_timed_out', { limitMs: err.limitMs });
        const reply = timeoutReply(err);
        return send(res, reply.status, 'render_timeout', reply.message);
      }
      throw err;
    }
    if (!body) throw new Error('no free join code for the import');
    log.info('workshop_imported', { workshopId: body.id });
    res.status(201).json(body);
  });

  return router;
}
