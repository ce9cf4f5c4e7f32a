import type { Db } from '../db.ts';
import type { CommandLog } from '../records.ts';

/** Results of applied commands by (actor, command id), over one SQLite connection. */
export function sqliteCommandLog(db: Db): CommandLog {
  const s = {
    commandResult: db.prepare(
      'SELECT name, result FROM commands WHERE actor_key = ? AND command_id = ?',
    ),
    insertCommand: db.prepare(`INSERT INTO commands (actor_key, command_id, workshop_id, name,
        result, created_at) VALUES (?, ?, ?, ?, ?, ?)`),
  };

  return {
    commandResult(actorKey, commandId) {
      const r = s.commandResult.get(actorKey, commandId) as
        | { name: string; result: string }
        | undefined;
      return r && { name: r.name, result: JSON.parse(r.result) as unknown };
    },

    recordCommand(actorKey, commandId, workshopId, name, result) {
      s.insertCommand.run(
        actorKey,
        commandId,
        workshopId,
        name,
        JSON.stringify(result),
        new Date().toISOString(),
      );
    },
  };
}
