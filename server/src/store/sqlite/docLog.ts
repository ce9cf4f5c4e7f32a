import type { Db } from '../db.ts';
import type { DocLog } from '../records.ts';

/** The Yjs snapshot and update log, over one SQLite connection. */
export function sqliteDocLog(db: Db, transaction: <T>(fn: () => T) => T): DocLog {
  // 2 = FULL (db.ts). Only then do projected doc updates commit without a flush of their own.
  const fullSync = db.pragma('synchronous', { simple: true }) === 2;
  const s = {
    snapshot: db.prepare('SELECT state FROM yjs_snapshots WHERE workshop_id = ?'),
    putSnapshot: db.prepare(`INSERT INTO yjs_snapshots (workshop_id, state, updated_at)
        VALUES (?, ?, ?) ON CONFLICT(workshop_id) DO UPDATE SET state = excluded.state,
        updated_at = excluded.updated_at`),
    updatesOf: db.prepare('SELECT data FROM yjs_updates WHERE workshop_id = ? ORDER BY id'),
    appendUpdate: db.prepare('INSERT INTO yjs_updates (workshop_id, data) VALUES (?, ?)'),
    syncNormal: db.prepare('PRAGMA synchronous = NORMAL'),
    syncFull: db.prepare('PRAGMA synchronous = FULL'),
    clearUpdates: db.prepare('DELETE FROM yjs_updates WHERE workshop_id = ?'),
  };

  const appendUpdate: DocLog['appendUpdate'] = (workshopId, update) => {
    s.appendUpdate.run(workshopId, Buffer.from(update));
  };

  return {
    docState(workshopId) {
      const snap = s.snapshot.get(workshopId) as { state: Buffer } | undefined;
      const updates = (s.updatesOf.all(workshopId) as { data: Buffer }[]).map((r) => r.data);
      return { snapshot: snap ? snap.state : null, updates };
    },

    appendUpdate,

    /*
     * A doc update the server derived from rows already committed (a command's projection, a
     * room's reconcile, the timer) is not worth a second disk flush per command: committed with
     * synchronous=NORMAL it is in the WAL, safe from a process crash, and the next FULL commit
     * (the next command, a writer's update, a compaction) flushes it with everything before it,
     * since SQLite's WAL is durable as a prefix. Power lost before that flush loses only
     * projections, which the next load of the room rebuilds from the tables (reconcile).
     * Inside a caller's transaction it simply joins that transaction.
     */
    appendProjectedUpdate(workshopId, update) {
      if (db.inTransaction || !fullSync) {
        appendUpdate(workshopId, update);
        return;
      }
      s.syncNormal.run();
      try {
        appendUpdate(workshopId, update);
      } finally {
        s.syncFull.run();
      }
    },

    compact(workshopId, state) {
      transaction(() => {
        s.putSnapshot.run(workshopId, Buffer.from(state), new Date().toISOString());
        s.clearUpdates.run(workshopId);
      });
    },
  };
}
