import {
  briefSectionKeys,
  readBriefBase,
  readBriefDraft,
  readClusters,
  readNotes,
  readPlacement,
} from '@convene/shared';
import type * as Y from 'yjs';
import type { Store } from '../store/store.ts';

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
 */
export function buildJsonExport(store: Store, workshopId: string, doc: Y.Doc, now = new Date()) {
  const w = store.workshop(workshopId);
  if (!w) throw new Error('workshop not found');
  const placement = readPlacement(doc);
  const clusters = readClusters(doc);
  const ideas = store.ideas(workshopId);
  const rounds = store.roundsOfWorkshop(workshopId);
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
    participantCount: store.participantCount(workshopId),
    questions: store.questions(workshopId).map((q) => {
      const closed = rounds.filter((r) => r.questionId === q.id && r.status === 'closed');
      const votesIn = (ideaId: string) =>
        closed.map((r) => ({
          round: r.number,
          votes: r.results?.ideas.find((i) => i.ideaId === ideaId)?.votes ?? 0,
        }));
      const last = closed[closed.length - 1];
      return {
        id: q.id,
        position: q.position,
        prompt: q.prompt,
        plannedMinutes: q.plannedMinutes,
        actualMinutes: Math.round(q.actualMs / 60_000),
        phase: q.phase,
        mode: q.mode,
        nextRound: { budget: q.voteBudget, maxPerIdea: q.maxVotesPerIdea, topN: q.topN },
        notes: readNotes(doc, q.id),
        clusters: clusters
          .filter((c) => c.questionId === q.id)
          .map((c) => ({ id: c.id, label: c.label, position: c.position })),
        ideas: ideas
          .filter((i) => i.questionId === q.id && EXPORTED.has(i.status))
          .map((i) => ({
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
            createdAt: new Date(i.createdAt).toISOString(),
            ...(last
              ? {
                  votes: last.results?.ideas.find((r) => r.ideaId === i.id)?.votes ?? 0,
                  votesByRound: votesIn(i.id),
                }
              : {}),
          })),
        rounds: rounds
          .filter((r) => r.questionId === q.id && r.status !== 'open')
          .map((r) => ({
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
        readBriefDraft(doc),
        store.questions(workshopId).map((q) => q.id),
      ).map(([key, section]) => ({
        key,
        text: section.text,
        generated: readBriefBase(doc, key)?.text ?? null,
      })),
    },
  };
}

/** Draft sections in the brief's order (unknown keys last), whatever order the doc holds them in. */
function orderedSections<T>(draft: Record<string, T>, questionIds: string[]): [string, T][] {
  const order = briefSectionKeys(questionIds);
  const rank = (k: string) => {
    const i = order.indexOf(k);
    return i < 0 ? order.length : i;
  };
  return Object.entries(draft).sort((a, b) => rank(a[0]) - rank(b[0]) || a[0].localeCompare(b[0]));
}

export type WorkshopArchiveOut = ReturnType<typeof buildJsonExport>;
