import {
  type BriefDraft,
  type BriefIdea,
  type BriefSnapshot,
  type RecordedStatus,
  readBriefDraft,
  readClusters,
  readDebate,
  readNotes,
  readPlacement,
  workshopSettingsOf,
} from '@convene/shared';
import type * as Y from 'yjs';
import type { Store } from '../store/store.ts';

/** Ideas that are part of the record; withdrawn ones were taken back, hidden ones not revealed. */
const RECORDED = new Set<string>(['visible', 'merged', 'moderated']);

/** What a snapshot reads from the store: the Store itself, or rows copied out of it. */
export type SnapshotRows = Pick<
  Store,
  'workshop' | 'ideas' | 'roundsOfWorkshop' | 'participantCount' | 'questions'
>;

/**
 * The brief's input, from the store (ideas, rounds, the number of participants) and the doc
 * (clusters, placement, notes). Fields are copied one by one into a fresh object: who wrote an
 * idea (`participant_id`), ballots and names are never read here, so they cannot leak into any
 * format built from the snapshot.
 */
export function buildBriefSnapshot(
  store: SnapshotRows,
  workshopId: string,
  doc: Y.Doc,
): BriefSnapshot {
  const w = store.workshop(workshopId);
  if (!w) throw new Error('workshop not found');
  const placement = readPlacement(doc);
  const clusters = readClusters(doc);
  const rows = store.ideas(workshopId).filter((i) => RECORDED.has(i.status));
  const mergedCount = new Map<string, number>();
  for (const r of rows) {
    if (r.status === 'merged' && r.mergedInto) {
      mergedCount.set(r.mergedInto, (mergedCount.get(r.mergedInto) ?? 0) + 1);
    }
  }
  const rounds = store.roundsOfWorkshop(workshopId);
  return {
    workshop: {
      ...workshopSettingsOf(w),
      // The front matter (issue 14). Never the organiser's list of names: not on the row.
      language: w.language,
      organisers: [...w.organisers],
      seriesTitle: w.series,
      seriesNumber: w.seriesNumber,
      participantTypes: w.participantTypes ? { ...w.participantTypes } : null,
      context: w.context,
      ...(w.lenses ? { lenses: w.lenses } : {}),
      // The series' actor groups for recommendations (issue 14); the brief's defaults otherwise.
      ...(w.actorGroups ? { actorGroups: w.actorGroups.map((g) => ({ ...g })) } : {}),
    },
    participantCount: store.participantCount(workshopId),
    questions: store.questions(workshopId).map((q) => ({
      id: q.id,
      position: q.position,
      prompt: q.prompt,
      shortTitle: q.shortTitle,
      plannedMinutes: q.plannedMinutes,
      actualMinutes: Math.round(q.actualMs / 60_000),
      mode: q.mode,
      notes: readNotes(doc, q.id),
      debateNote: readDebate(doc, q.id),
      clusters: clusters
        .filter((c) => c.questionId === q.id)
        .map((c) => ({
          id: c.id,
          label: c.label,
          position: c.position,
          contested: c.contested,
          contestNote: c.contestNote,
        })),
      ideas: rows
        .filter((r) => r.questionId === q.id)
        .map(
          (r): BriefIdea => ({
            id: r.id,
            seq: r.seq,
            text: r.text,
            actor: r.actor,
            nextStep: r.nextStep,
            clusterId: r.status === 'visible' ? (placement.get(r.id) ?? null) : null,
            status: r.status as RecordedStatus,
            mergedInto: r.mergedInto,
            mergedCount: mergedCount.get(r.id) ?? 0,
            contested: r.contested === true,
            contestNote: r.contested ? (r.contestNote ?? null) : null,
            countries: r.countries,
            pbc: r.pbc,
            tags: r.tags,
            // Consolidation (issue 15): the paper cites the workshops a recommendation came from.
            ...(r.origins && r.origins.length > 0
              ? { origins: r.origins.map((o) => ({ ...o })) }
              : {}),
          }),
        ),
      rounds: rounds
        .filter((r) => r.questionId === q.id && r.status === 'closed' && r.results)
        .map((r) => ({
          number: r.number,
          budget: r.budget,
          maxPerIdea: r.maxPerIdea,
          restrictedTo: r.candidates ? r.candidates.length : null,
          voters: r.results?.voters ?? 0,
          results: (r.results?.ideas ?? []).map((x) => ({
            ideaId: x.ideaId,
            votes: x.votes,
            voters: x.voters,
          })),
        })),
    })),
  };
}

/** The rapporteurs' draft as plain data (sections never generated are absent). */
export function readDraft(doc: Y.Doc): BriefDraft {
  return readBriefDraft(doc);
}
