import type { NameCheckReply, NamesFoundBody } from '@convene/shared';
import express, { type Response, type Router } from 'express';
import type { Authenticator } from '../auth/authenticator.ts';
import type { ExportFile } from '../export/workshopExport.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/store.ts';
import type { RoomRegistry } from '../sync/room.ts';
import { createBriefDraftRouter } from './briefDraftRoutes.ts';
import { createImportRouter } from './importRoutes.ts';
import { createNameCheckRouter } from './nameCheckRoutes.ts';

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
 * Routes of the brief and its exports (besides `GET /workshops/:id/export`, in api.ts), one
 * file per thing served: import (importRoutes.ts), the draft's generation
 * (briefDraftRoutes.ts), the name check with its replacements and decisions
 * (nameCheckRoutes.ts). Series: seriesRoutes.ts.
 */
export function createBriefRouter(deps: BriefRouteDeps): Router {
  const router = express.Router();
  router.use(createImportRouter(deps));
  router.use(createBriefDraftRouter(deps));
  router.use(createNameCheckRouter(deps));
  return router;
}
