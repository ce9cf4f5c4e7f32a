import {
  describeZodError,
  IdSchema,
  RemoveParticipantSchema,
  type Revoked,
  RevokeLinksSchema,
} from '@convene/shared';
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import type { Authenticator, Session } from '../auth/authenticator.ts';
import type { ConnectionRegistry } from '../auth/connections.ts';
import { CommandError, commitAndProject } from '../commands/commandBus.ts';
import { errorName, type Logger } from '../log.ts';
import type { Store } from '../store/store.ts';
import type { RoomRegistry } from '../sync/room.ts';
import { adminGuard, send, sendRefusal, workshopGuard } from './guards.ts';

export interface AdminRouteDeps {
  store: Store;
  auth: Authenticator;
  rooms: RoomRegistry;
  connections: ConnectionRegistry;
  adminToken: string | undefined;
  log: Logger;
  /** Called once a workshop is gone (the timer scheduler forgets it). */
  workshopDeleted: (workshopId: string) => void;
  /** Rate limit of these routes (per address). */
  limit: RequestHandler;
}

/**
 * The facilitator's retention and revocation routes: delete a workshop with all its data,
 * purge participants' names, remove a participant, revoke the links of a screen role. Each is
 * written through the write pipeline (commandBus.ts commitAndProject; no doc holds these rows)
 * and takes effect at once: once committed, live connections that the change concerns are cut,
 * not left running.
 */
export function createAdminRouter(deps: AdminRouteDeps): Router {
  const { store, auth, connections } = deps;
  const pipeline = { store, log: deps.log };
  const router = express.Router();

  const guard = workshopGuard(store, auth);
  /** The facilitator's session for workshop `:id` (or null after answering 401/403/404). */
  const facilitatorOf = (req: Request, res: Response): Session | null =>
    guard(
      req,
      res,
      (role) => role === 'facilitator',
      () => 'Only the facilitator can do this',
    );

  /**
   * Deleted rows are overwritten in place (secure_delete), but the write-ahead log still holds
   * the pages as they were until a checkpoint: run one now, so erased means erased on disk.
   */
  const checkpoint = () => {
    try {
      store.db.pragma('wal_checkpoint(TRUNCATE)');
    } catch (err) {
      deps.log.warn('checkpoint_after_erase_failed', { err: errorName(err) });
    }
  };

  const { isAdmin } = adminGuard(deps.adminToken);

  router.delete('/workshops/:id', deps.limit, (req, res) => {
    // The server's administrator may delete any workshop; a facilitator their own.
    let workshopId: string;
    if (isAdmin(req)) {
      const id = IdSchema.safeParse(req.params.id);
      if (!id.success || !store.workshop(id.data)) {
        return send(res, 404, 'not_found', 'No such workshop');
      }
      workshopId = id.data;
    } else {
      const session = facilitatorOf(req, res);
      if (!session) return;
      workshopId = session.workshopId;
    }
    const done = commitAndProject(null, pipeline, 'workshop:delete', () => {
      if (!store.deleteWorkshop(workshopId))
        throw new CommandError('not_found', 'No such workshop');
      return { reply: {} };
    });
    if (!done.ok) return sendRefusal(res, done.error);
    // Gone from the store: now from memory and from every screen.
    connections.cut(workshopId, 'deleted');
    deps.rooms.evict(workshopId);
    deps.workshopDeleted(workshopId);
    checkpoint();
    deps.log.info('workshop_deleted', { workshopId });
    res.json({ deleted: true });
  });

  router.post('/workshops/:id/purge-names', deps.limit, (req, res) => {
    const session = facilitatorOf(req, res);
    if (!session) return;
    const done = commitAndProject(null, pipeline, 'names:purge', () => ({
      reply: { purged: store.purgeNames(session.workshopId) },
    }));
    if (!done.ok) return sendRefusal(res, done.error);
    const { purged } = done;
    checkpoint();
    deps.log.info('names_purged', { workshopId: session.workshopId, purged });
    res.json({ purged });
  });

  router.post('/workshops/:id/remove-participant', deps.limit, (req, res) => {
    const session = facilitatorOf(req, res);
    if (!session) return;
    const parsed = RemoveParticipantSchema.safeParse(req.body);
    if (!parsed.success) return send(res, 400, 'invalid_payload', describeZodError(parsed.error));
    const workshopId = session.workshopId;
    let participantId: string | null;
    if ('ideaId' in parsed.data) {
      const idea = store.idea(workshopId, parsed.data.ideaId);
      if (!idea) return send(res, 404, 'not_found', 'No idea with this id in this workshop');
      // Who wrote an idea is never told, not even by a difference in answers: an idea a
      // facilitator wrote and one whose author was removed already both revoke nothing.
      participantId = idea.participantId ?? null;
    } else {
      participantId = parsed.data.participantId;
      if (!store.isParticipantOf(workshopId, participantId)) {
        return send(res, 404, 'not_found', 'No such participant in this workshop');
      }
    }
    const author = participantId;
    const done = commitAndProject(null, pipeline, 'participant:remove', () => ({
      reply: { revoked: author ? store.revokeParticipantTokens(workshopId, author, nowIso()) : 0 },
    }));
    if (!done.ok) return sendRefusal(res, done.error);
    const { revoked } = done;
    const disconnected = author
      ? connections.cut(workshopId, 'revoked', (s) => s.participantId === author)
      : 0;
    deps.log.info('participant_removed', { workshopId, revoked, disconnected });
    const body: Revoked = { revoked, disconnected };
    res.json(body);
  });

  router.post('/workshops/:id/revoke-links', deps.limit, (req, res) => {
    const session = facilitatorOf(req, res);
    if (!session) return;
    const parsed = RevokeLinksSchema.safeParse(req.body);
    if (!parsed.success) return send(res, 400, 'invalid_payload', describeZodError(parsed.error));
    const { role } = parsed.data;
    const workshopId = session.workshopId;
    const done = commitAndProject(null, pipeline, 'links:revoke', () => ({
      reply: { revoked: store.revokeRoleTokens(workshopId, role, nowIso()) },
    }));
    if (!done.ok) return sendRefusal(res, done.error);
    const { revoked } = done;
    const disconnected = connections.cut(workshopId, 'revoked', (s) => s.role === role);
    deps.log.info('links_revoked', { workshopId, role, revoked, disconnected });
    const body: Revoked = { revoked, disconnected };
    res.json(body);
  });

  return router;
}

const nowIso = () => new Date().toISOString();
