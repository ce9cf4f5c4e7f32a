import {
  type CreatedWorkshopWithSeries,
  type ErrorCode,
  errorBody,
  IdSchema,
  isDocWriter,
  type Role,
} from '@convene/shared';
import type { Request, Response } from 'express';
import type { Authenticator, Session } from '../auth/authenticator.ts';
import { bearerToken, secretsEqual } from '../auth/tokens.ts';
import { type SeriesRow, seriesStoreFor } from '../store/seriesStore.ts';
import type { Store } from '../store/store.ts';
import { seriesOfToken } from '../workshops/series.ts';
import type { CreatedRecord } from '../workshops/workshops.ts';

/**
 * What the HTTP routes check before they act, in one place: the error reply, the
 * administrator's token and the series link. (Issue 16 folds the workshop-role guards in.)
 */

export const send = (res: Response, status: number, code: ErrorCode, message: string) =>
  res.status(status).json(errorBody(code, message));

// ---- Refusals of the write pipeline (issue 16, item 1) ------------------------------------

/** The HTTP status of a refusal the write pipeline (commandBus.ts) answers with. */
export const STATUS_OF_REFUSAL: Partial<Record<ErrorCode, number>> = {
  invalid_payload: 400,
  unknown_question: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  rate_limited: 429,
  storage_unavailable: 503,
  // Refusals of the access, series and plan writes (issue 16, item 1: their routes answer
  // through the pipeline too), each with the status those routes have always answered.
  unknown_idea: 400,
  unknown_topic: 404,
  series_exists: 409,
  too_many_links: 409,
  topic_state: 409,
  workshop_full: 409,
  nothing_to_carry: 409,
};

/**
 * Answers a pipeline refusal (`{code, message}` of its ack) with its status, 500 otherwise; a
 * store that refused says when to try again, as every 503 `storage_unavailable` does (app.ts).
 */
export const sendRefusal = (res: Response, error: { code: ErrorCode; message: string }) => {
  if (error.code === 'storage_unavailable') res.setHeader('Retry-After', '5');
  return send(res, STATUS_OF_REFUSAL[error.code] ?? 500, error.code, error.message);
};

/**
 * A pipeline refusal thrown on past an `await` to the route that answers it (with
 * `sendRefusal`), where the write sits deep in an asynchronous step (the paper's generation).
 */
export class PipelineRefusal extends Error {
  constructor(readonly error: { code: ErrorCode; message: string }) {
    super(error.message);
  }
}

/** The address links are built on: PUBLIC_URL when set, else the request's own host. */
export function baseUrl(req: Request, publicUrl: string | undefined): string {
  return publicUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

/** A link pasted whole (`…#token=…`), or the bare token. */
export function tokenFromLink(value: string): string {
  const m = /#token=([A-Za-z0-9_-]+)/.exec(value);
  return (m?.[1] ?? value).trim();
}

export interface AdminGuard {
  /** Whether the request carries the server's ADMIN_TOKEN (false when none is set). */
  isAdmin(req: Request): boolean;
  /** True when the request may act as an organiser; otherwise answers 401 and returns false. */
  requireAdmin(req: Request, res: Response): boolean;
}

export function adminGuard(adminToken: string | undefined): AdminGuard {
  const isAdmin = (req: Request) => {
    const token = bearerToken(req.get('authorization'));
    return Boolean(adminToken && token && secretsEqual(token, adminToken));
  };
  return {
    isAdmin,
    requireAdmin(req, res) {
      if (!adminToken || isAdmin(req)) return true;
      send(res, 401, 'unauthorized', 'This server needs the ADMIN_TOKEN as a Bearer token');
      return false;
    },
  };
}

/**
 * The series `:id` when the Bearer token is one of its links, or null after answering.
 * With `admin`, the server's ADMIN_TOKEN opens every series too (issue 15: the plan is read by
 * the series token or the administrator).
 */
export function seriesGuard(store: Store, admin?: AdminGuard) {
  const series = seriesStoreFor(store.db);
  return (req: Request, res: Response): SeriesRow | null => {
    const id = IdSchema.safeParse(req.params.id);
    if (admin?.isAdmin(req)) {
      const row = id.success ? series.byId(id.data) : undefined;
      if (!row) send(res, 404, 'not_found', 'No such series');
      return row ?? null;
    }
    const opened = seriesOfToken(store, bearerToken(req.get('authorization')));
    if (!opened) {
      send(res, 401, 'unauthorized', 'A valid series link token is required');
      return null;
    }
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
}

// ---- A workshop's role link (issue 16, item 6: one guard for the workshop routes) -------

/**
 * The session when the Bearer token opens workshop `:id` with one of `roles`, or null after
 * answering (401 without a valid token, 403 for another workshop or role, 404 when the
 * workshop is gone). `refusal` words the wrong-role answer.
 */
export function workshopGuard(store: Store, auth: Authenticator) {
  return (
    req: Request,
    res: Response,
    allowed: (role: Role) => boolean,
    refusal: (role: Role) => string,
  ): Session | null => {
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
    if (!allowed(session.role)) {
      send(res, 403, 'forbidden', refusal(session.role));
      return null;
    }
    if (!store.workshop(session.workshopId)) {
      send(res, 404, 'not_found', 'This workshop no longer exists');
      return null;
    }
    return session;
  };
}

/** A facilitator's or rapporteur's (a doc writer's) session for workshop `:id`, or null after answering. */
export function writerGuard(store: Store, auth: Authenticator) {
  const guard = workshopGuard(store, auth);
  return (req: Request, res: Response): Session | null =>
    guard(req, res, isDocWriter, () => 'Only facilitators and rapporteurs can do this');
}

/** A role's link to a workshop (the token in the fragment: never sent to a server or a log). */
export function roleLink(base: string, role: string, workshopId: string, token: string): string {
  return `${base}/${role}/${workshopId}#token=${token}`;
}

/**
 * The reply to every route that creates a workshop (`POST /workshops`, an import, a workshop
 * made from a series topic, a consolidation session): its id, join code, tokens and links.
 */
export function createdWorkshopReply(
  base: string,
  created: CreatedRecord,
): CreatedWorkshopWithSeries {
  return {
    id: created.id,
    joinCode: created.joinCode,
    facilitatorToken: created.tokens.facilitator,
    rapporteurToken: created.tokens.rapporteur,
    projectorToken: created.tokens.projector,
    questions: created.questions,
    links: {
      facilitator: roleLink(base, 'facilitator', created.id, created.tokens.facilitator),
      participant: `${base}/join/${created.joinCode}`,
      projector: roleLink(base, 'projector', created.id, created.tokens.projector),
      rapporteur: roleLink(base, 'rapporteur', created.id, created.tokens.rapporteur),
    },
  };
}
