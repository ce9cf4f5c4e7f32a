import {
  type BoardCluster,
  briefSectionKeys,
  readBriefBase,
  readBriefDraft,
  readClusters,
  readDebate,
  readNotes,
  readPlacement,
  stripUnsafeText,
  workshopSettingsOf,
} from '@convene/shared';
import type * as Y from 'yjs';
import { type StoredWorkshop, storedDoc } from './storedWorkshop.ts';

export const ARCHIVE_FORMAT = 'convene-workshop';
export const ARCHIVE_VERSION = 1;

/** Ideas that are part of the record; withdrawn ones were taken back, hidden ones not revealed. */
const EXPORTED = new Set(['visible', 'merged', 'moderated']);

/**
 * The complete archive of a workshop, without people: who wrote an idea, who voted for what and
 * participants' names never leave the server. Idea texts come from the store (the record);
 * board layout, notes and the brief draft from the doc. Tallies appear only for rounds that
 * have closed. `POST /api/workshops/import` recreates a workshop from it, and exporting that
 * workshop again gives the same archive (with new ids and export time).
 *
 * Built on the export worker from the stored workshop (storedWorkshop.ts), every lookup
 * through a Map: a JSON export of a large board held the main thread 7.6 s (issue 11, item 9),
 * its room load included, with idea-to-vote lookups that were quadratic.
 */

/** What the archive takes from the doc. */
export interface ArchiveLayout {
  placement: [ideaId: string, clusterId: string | null][];
  clusters: BoardCluster[];
  notes: Record<string, string>;
  /** Points-of-debate notes by question (issue 13). */
  debate: Record<string, string>;
  draft: { key: string; text: string; generated: string | null }[];
}

/** The archive's part of a doc. */
export function readLayout(doc: Y.Doc, questionIds: readonly string[]): ArchiveLayout {
  return {
    placement: [...readPlacement(doc)],
    clusters: readClusters(doc),
    notes: Object.fromEntries(questionIds.map((id) => [id, readNotes(doc, id)])),
    debate: Object.fromEntries(questionIds.map((id) => [id, readDebate(doc, id)])),
    draft: Object.entries(readBriefDraft(doc)).map(([key, section]) => ({
      key,
      text: section.text,
      generated: readBriefBase(doc, key)?.text ?? null,
    })),
  };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** The archive as an object (linear in the board's size). */
export function buildArchive(stored: StoredWorkshop, now = new Date()) {
  const doc = storedDoc(stored);
  let layout: ArchiveLayout;
  try {
    layout = readLayout(
      doc,
      stored.questions.map((q) => q.id),
    );
  } finally {
    doc.destroy();
  }
  const w = stored.workshop;
  const placement = new Map(layout.placement);
  const clustersOf = groupBy(layout.clusters, (c) => c.questionId);
  const ideasOf = groupBy(
    stored.ideas.filter((i) => EXPORTED.has(i.status)),
    (i) => i.questionId,
  );
  const roundsOf = groupBy(
    stored.rounds.filter((r) => r.status !== 'open'),
    (r) => r.questionId,
  );
  return {
    format: ARCHIVE_FORMAT,
    version: ARCHIVE_VERSION,
    exportedAt: now.toISOString(),
    workshop: {
      id: w.id,
      ...workshopSettingsOf(w),
      createdAt: w.createdAt,
      // The brief's details (issue 14). The organiser's list of names is never exported.
      language: w.language,
      organisers: w.organisers,
      seriesNumber: w.seriesNumber,
      participantTypes: w.participantTypes,
      context: w.context,
      // Lenses (issue 13): the configuration the ideas' tags refer to.
      ...(w.lenses ? { lenses: w.lenses } : {}),
    },
    participantCount: stored.participantCount,
    nameCheck: {
      decisions: stored.nameDecisions.map((d) => ({
        key: d.key,
        kind: d.kind,
        where: d.where,
        match: d.match,
        decidedAt: d.at,
      })),
    },
    questions: stored.questions.map((q) => {
      const rounds = roundsOf.get(q.id) ?? [];
      const closed = rounds.filter((r) => r.status === 'closed');
      // Votes of every idea in every closed round, looked up once per round.
      const tallies = closed.map(
        (r) => new Map((r.results?.ideas ?? []).map((x) => [x.ideaId, x.votes])),
      );
      const last = tallies[tallies.length - 1];
      return {
        id: q.id,
        position: q.position,
        prompt: q.prompt,
        plannedMinutes: q.plannedMinutes,
        actualMinutes: Math.round(q.actualMs / 60_000),
        phase: q.phase,
        mode: q.mode,
        shortTitle: q.shortTitle,
        nextRound: { budget: q.voteBudget, maxPerIdea: q.maxVotesPerIdea, topN: q.topN },
        notes: layout.notes[q.id] ?? '',
        debateNote: layout.debate[q.id] ?? '',
        clusters: (clustersOf.get(q.id) ?? []).map((c) => ({
          id: c.id,
          label: c.label,
          position: c.position,
          contested: c.contested,
          contestNote: c.contestNote,
        })),
        ideas: (ideasOf.get(q.id) ?? []).map((i) => ({
          id: i.id,
          seq: i.seq,
          text: i.text,
          actor: i.actor,
          nextStep: i.nextStep,
          clusterId: placement.get(i.id) ?? null,
          status: i.status,
          mergedInto: i.mergedInto,
          ...(i.status === 'moderated' ? { moderationReason: i.moderationReason } : {}),
          ...(i.originalText ? { originalText: i.originalText } : {}),
          contested: i.contested === true,
          contestNote: i.contested ? (i.contestNote ?? null) : null,
          createdAt: new Date(i.createdAt).toISOString(),
          // Lenses (issue 13): always present, so that a reader need not guess.
          countries: i.countries,
          pbc: i.pbc,
          tags: i.tags,
          // Consolidation (issue 15): the workshops a carried idea came from, when it has any.
          ...(i.origins && i.origins.length > 0 ? { origins: i.origins } : {}),
          ...(last
            ? {
                votes: last.get(i.id) ?? 0,
                votesByRound: closed.map((r, k) => ({
                  round: r.number,
                  votes: tallies[k]?.get(i.id) ?? 0,
                })),
              }
            : {}),
        })),
        rounds: rounds.map((r) => ({
          number: r.number,
          status: r.status,
          budget: r.budget,
          maxPerIdea: r.maxPerIdea,
          candidates: r.candidates,
          voters: r.results?.voters ?? 0,
          ranking: r.results?.ideas ?? [],
          clusters: r.results?.clusters ?? [],
        })),
      };
    }),
    draft: {
      sections: orderedSections(
        layout.draft,
        stored.questions.map((q) => q.id),
      ),
    },
  };
}

/**
 * The archive as JSON. Noncharacters and lone surrogates are left out of every string (an older
 * row or a writer's notes may hold one; the import refuses them, so an archive that kept them
 * could never come back); control characters stay, escaped by JSON.
 */
export function renderArchive(stored: StoredWorkshop, now = new Date()): string {
  return JSON.stringify(buildArchive(stored, now), (_key, value: unknown) =>
    typeof value === 'string' ? stripUnsafeText(value, { controls: false }) : value,
  );
}

/** Draft sections in the brief's order (unknown keys last), whatever order the doc holds them in. */
function orderedSections<T extends { key: string }>(sections: T[], questionIds: string[]): T[] {
  const order = new Map(briefSectionKeys(questionIds).map((k, i) => [k, i]));
  const rank = (k: string) => order.get(k) ?? order.size;
  return [...sections].sort((a, b) => rank(a.key) - rank(b.key) || a.key.localeCompare(b.key));
}

export type WorkshopArchiveOut = ReturnType<typeof buildArchive>;
