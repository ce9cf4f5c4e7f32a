import {
  type BriefGenerateReply,
  ORIGINS,
  planRegeneration,
  writeBriefSection,
} from '@convene/shared';
import { CommandError, commitAndProject } from '../commands/commandBus.ts';
import { createLogger, type Logger } from '../log.ts';
import type { Store } from '../store/store.ts';
import type { RoomRegistry } from '../sync/room.ts';
import { buildBriefSnapshot, readDraft } from './briefSnapshot.ts';
import { generateOffThread } from './renderPool.ts';

/**
 * Generates the brief draft into the doc, or regenerates it from the board. Runs on the server
 * so that it happens once however many rapporteurs click at the same moment (two clients
 * rewriting the same Y.Text concurrently would duplicate it), and because the participant
 * count is only known here. Sections nobody edited are brought up to date; an edited section is
 * kept unless its key is in `replace` (the rapporteur confirmed for that section).
 *
 * The text is generated on the export worker (~60 ms at 1,000 ideas); which sections to write
 * is decided against the draft as it is when the text comes back, so an edit made meanwhile is
 * seen as an edit and kept.
 */
export async function regenerateBrief(
  store: Store,
  rooms: RoomRegistry,
  workshopId: string,
  opts: { sections?: readonly string[]; replace?: readonly string[] },
  now = new Date(),
  log: Logger = createLogger(),
): Promise<BriefGenerateReply> {
  const snapshot = rooms.with(workshopId, (room) =>
    buildBriefSnapshot(store, workshopId, room.doc),
  );
  const generated = await generateOffThread({ kind: 'generate', snapshot, now });
  if (!store.workshop(workshopId)) throw new Error('workshop not found');
  return rooms.with(workshopId, (room) => {
    // The draft lives in the doc (its record): a write through the pipeline, flushed before
    // the reply, decided against the draft as it is in this same turn.
    const done = commitAndProject(room, { store, log }, 'brief:generate', () => {
      const doc = room.doc;
      const plan = planRegeneration(readDraft(doc), generated, {
        replace: new Set(opts.replace ?? []),
        ...(opts.sections ? { only: new Set(opts.sections) } : {}),
      });
      const reply: BriefGenerateReply = {
        sections: plan.map((p) => ({
          key: p.key,
          title: p.title,
          outcome: p.outcome,
          ...(p.outcome === 'kept' ? { generated: p.generated, boardChanged: p.boardChanged } : {}),
        })),
      };
      return {
        reply,
        write: () => {
          for (const p of plan) {
            if (p.write) writeBriefSection(doc, p.key, p.generated, now.getTime(), ORIGINS.command);
          }
        },
      };
    });
    if (!done.ok) throw new CommandError(done.error.code, done.error.message);
    const { ok: _ok, ...reply } = done;
    return reply;
  });
}
