import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { IdSchema, readBoard } from '@convene/shared';
import express, { type Router } from 'express';
import type * as Y from 'yjs';
import type { Authenticator } from '../auth/authenticator.ts';
import { bearerToken } from '../auth/tokens.ts';
import type { Store } from '../store/store.ts';
import type { RoomRegistry } from '../sync/room.ts';
import { send } from './guards.ts';

/**
 * `GET /api/workshops/:id/board` (issue 18): the board exactly as a screen reads it from its
 * Yjs replica — `readBoard` of the room's doc, as JSON — for any role's token of the workshop.
 *
 * A participant's or projector's page asks for it while it loads (client/src/boot/earlyYjs.ts)
 * and draws its first screen from it while its replica applies the same board from the Yjs
 * sync, which on a 1,000-idea board costs a phone tens of milliseconds more than parsing this.
 * It carries nothing the doc does not: every role holds the same doc (secrets never enter it:
 * hidden ideas, votes before reveal, authors), so the snapshot is the same for every role.
 *
 * Built once per change of the doc and kept gzipped (a reload of a whole room costs one build);
 * boards over `maxDocBytes` get 204 No Content instead — building their snapshot would hold the
 * server's thread for tens of milliseconds, and the screen reads its replica as before.
 */

/** Past this stored size (about 4,500 ideas) no snapshot is built: see above. */
export const SNAPSHOT_MAX_DOC_BYTES = 2 * 1024 * 1024;

const gzip = promisify(zlib.gzip);

interface Snapshot {
  json: string;
  gzipped: Promise<Buffer>;
}

export interface BoardSnapshotRouteDeps {
  store: Store;
  rooms: RoomRegistry;
  auth: Authenticator;
  maxDocBytes?: number;
}

export function createBoardSnapshotRouter(deps: BoardSnapshotRouteDeps): Router {
  const { store, rooms, auth } = deps;
  const maxDocBytes = deps.maxDocBytes ?? SNAPSHOT_MAX_DOC_BYTES;
  const router = express.Router();
  // Keyed by the doc: an unloaded room's doc, and its snapshot, go together.
  const snapshots = new WeakMap<Y.Doc, Snapshot>();
  const watched = new WeakSet<Y.Doc>();

  const snapshotOf = (doc: Y.Doc): Snapshot => {
    let snapshot = snapshots.get(doc);
    if (!snapshot) {
      const json = JSON.stringify(readBoard(doc));
      // Compressed on libuv's threads, not this one.
      const gzipped = gzip(json, { level: 4 });
      snapshot = { json, gzipped };
      snapshots.set(doc, snapshot);
      gzipped.catch(() => snapshots.delete(doc));
      if (!watched.has(doc)) {
        watched.add(doc);
        doc.on('update', () => snapshots.delete(doc));
      }
    }
    return snapshot;
  };

  router.get('/workshops/:id/board', async (req, res) => {
    const session = auth.fromToken(bearerToken(req.get('authorization')));
    if (!session) return send(res, 401, 'unauthorized', 'A valid Bearer token is required');
    const id = IdSchema.safeParse(req.params.id);
    if (!id.success || session.workshopId !== id.data) {
      return send(res, 403, 'forbidden', 'This token does not open that workshop');
    }
    if (!store.workshop(session.workshopId)) {
      return send(res, 404, 'not_found', 'This workshop no longer exists');
    }
    const snapshot = rooms.with(session.workshopId, (room) =>
      room.docBytes > maxDocBytes ? null : snapshotOf(room.doc),
    );
    if (!snapshot) {
      res.status(204).end();
      return;
    }
    res.vary('Accept-Encoding');
    if (!req.acceptsEncodings('gzip')) {
      res.type('json').send(snapshot.json);
      return;
    }
    try {
      const body = await snapshot.gzipped;
      res.set('Content-Encoding', 'gzip').type('json').send(body);
    } catch {
      res.type('json').send(snapshot.json);
    }
  });

  return router;
}
