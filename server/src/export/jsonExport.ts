import { readIdeas, readNotes } from '@convene/shared';
import type * as Y from 'yjs';
import type { Store } from '../store/store.ts';

export const ARCHIVE_FORMAT = 'convene-workshop';
export const ARCHIVE_VERSION = 1;

/**
 * The complete archive of a workshop, without people: who wrote an idea and participants'
 * names never leave the server. Idea texts come from the store (the record); board layout and
 * notes from the doc.
 */
export function buildJsonExport(store: Store, workshopId: string, doc: Y.Doc, now = new Date()) {
  const w = store.workshop(workshopId);
  if (!w) throw new Error('workshop not found');
  const clusterOf = new Map(readIdeas(doc).map((i) => [i.id, i.clusterId]));
  const ideas = store.ideas(workshopId);
  return {
    format: ARCHIVE_FORMAT,
    version: ARCHIVE_VERSION,
    exportedAt: now.toISOString(),
    workshop: {
      id: w.id,
      title: w.title,
      series: w.series,
      host: w.host,
      date: w.date,
      durationMinutes: w.durationMinutes,
      chathamHouse: w.chathamHouse,
      voteBudget: w.voteBudget,
      maxVotesPerIdea: w.maxVotesPerIdea,
      createdAt: w.createdAt,
    },
    questions: store.questions(workshopId).map((q) => ({
      id: q.id,
      position: q.position,
      prompt: q.prompt,
      plannedMinutes: q.plannedMinutes,
      phase: q.phase,
      notes: readNotes(doc, q.id),
      clusters: [] as { id: string; label: string }[],
      ideas: ideas
        .filter((i) => i.questionId === q.id)
        .map((i) => ({
          id: i.id,
          text: i.text,
          actor: i.actor,
          nextStep: i.nextStep,
          clusterId: clusterOf.get(i.id) ?? null,
          status: i.status,
          createdAt: new Date(i.createdAt).toISOString(),
        })),
    })),
  };
}
