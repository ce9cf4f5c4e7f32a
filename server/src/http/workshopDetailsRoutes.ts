import type { WorkshopDetails } from '@convene/shared';
import express, { type Request, type Response, type Router } from 'express';
import type { Authenticator, Session } from '../auth/authenticator.ts';
import { actorKeyOf, type CommandBusDeps, executeCommand } from '../commands/commandBus.ts';
import { workshopUpdate } from '../commands/workshopCommands.ts';
import { retryAfterSeconds, secondsText } from '../limits/rateLimiter.ts';
import type { Store } from '../store/store.ts';
import type { RoomRegistry } from '../sync/room.ts';
import { send, sendRefusal, workshopGuard } from './guards.ts';

/**
 * The brief's details over HTTP (issue 14): `GET /api/workshops/:id/details` for the screens
 * that edit them, and `PATCH /api/workshops/:id`, which runs the `workshop:update` command
 * through the command bus exactly as a socket does (validation, role, rate limit, one store
 * transaction, then the doc) — never writing the store here.
 */

export interface DetailsRouteDeps {
  store: Store;
  rooms: RoomRegistry;
  auth: Authenticator;
  bus: CommandBusDeps;
}

export function createDetailsRouter(deps: DetailsRouteDeps): Router {
  const { store, rooms, auth, bus } = deps;
  const router = express.Router();

  const guard = workshopGuard(store, auth);
  /** The session when its token opens workshop `:id` with one of `roles`; else answers. */
  const sessionFor = (req: Request, res: Response, roles: readonly string[]): Session | null =>
    guard(
      req,
      res,
      (role) => roles.includes(role),
      (role) => `The ${role} role cannot do this`,
    );

  const details = (workshopId: string): WorkshopDetails | null => {
    const w = store.workshop(workshopId);
    if (!w) return null;
    return {
      language: w.language,
      organisers: w.organisers,
      seriesNumber: w.seriesNumber,
      participantTypes: w.participantTypes,
      context: w.context,
      participantList: store.participantList(workshopId),
      questions: store
        .questions(workshopId)
        .map((q) => ({ id: q.id, prompt: q.prompt, shortTitle: q.shortTitle })),
    };
  };

  router.get('/workshops/:id/details', (req, res) => {
    const session = sessionFor(req, res, ['facilitator', 'rapporteur']);
    if (!session) return;
    // The organiser's list of names is in this answer: never cached (api.ts sets no-store).
    res.json(details(session.workshopId));
  });

  router.patch('/workshops/:id', (req, res) => {
    const session = sessionFor(req, res, ['facilitator']);
    if (!session) return;
    // The same allowance as the actor's socket commands: PATCH is not a way around it.
    const allowed = bus.limiter?.take(actorKeyOf(session)) ?? { ok: true };
    if (!allowed.ok) {
      const seconds = retryAfterSeconds(allowed.retryAfterMs);
      res.setHeader('Retry-After', String(seconds));
      return send(
        res,
        429,
        'rate_limited',
        `Too many commands; try again in ${secondsText(seconds)}`,
      );
    }
    const ack = rooms.with(session.workshopId, (room) =>
      executeCommand(workshopUpdate, req.body ?? {}, session, room, bus),
    );
    if (!ack.ok) return sendRefusal(res, ack.error);
    res.json(details(session.workshopId));
  });

  return router;
}
