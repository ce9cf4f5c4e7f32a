import {
  createCluster,
  notesText,
  ORIGINS,
  questionOfSection,
  questionSectionKey,
  type RoundResults,
  restoreBriefSection,
  type WorkshopArchive,
} from '@convene/shared';
import { newId } from '../auth/tokens.ts';
import type { IdeaRow, Store } from '../store/store.ts';
import type { RoomRegistry } from '../sync/room.ts';
import { type CreatedRecord, createWorkshop } from '../workshops.ts';

/**
 * Recreates a workshop from a JSON archive (already validated by `WorkshopArchiveSchema`).
 * Everything gets new ids — importing the same archive twice makes two workshops — and new
 * role tokens; the join code is new too. Participants come back as a count (anonymous rows,
 * without tokens): the archive never had names or authorship to restore.
 *
 * The store part is one transaction; then the room loads the new workshop (projecting ideas,
 * phases and rounds into a fresh doc) and the board layout, notes and draft are written into it.
 */
export function importWorkshop(
  store: Store,
  rooms: RoomRegistry,
  archive: WorkshopArchive,
  now = new Date(),
): CreatedRecord {
  const questions = [...archive.questions].sort((a, b) => a.position - b.position);
  const ids = new Map<string, string>();
  const map = (old: string) => {
    let id = ids.get(old);
    if (!id) {
      id = newId();
      ids.set(old, id);
    }
    return id;
  };
  const w = archive.workshop;

  const created = store.transaction(() => {
    const record = createWorkshop(
      store,
      {
        title: w.title,
        questions: questions.map((q) => ({
          prompt: q.prompt,
          ...(q.plannedMinutes ? { plannedMinutes: q.plannedMinutes } : {}),
        })),
        ...(w.series ? { series: w.series } : {}),
        ...(w.host ? { host: w.host } : {}),
        ...(w.date ? { date: w.date } : {}),
        ...(w.durationMinutes ? { durationMinutes: w.durationMinutes } : {}),
        chathamHouse: w.chathamHouse,
        voteBudget: w.voteBudget,
        maxVotesPerIdea: w.maxVotesPerIdea,
      },
      w.createdAt ? new Date(w.createdAt) : now,
    );
    const workshopId = record.id;
    // createWorkshop made the questions in agenda order: adopt their ids.
    questions.forEach((q, i) => {
      const made = record.questions[i];
      if (made) ids.set(q.id, made.id);
    });
    const createdAt = now.toISOString();
    for (let i = 0; i < (archive.participantCount ?? 0); i++) {
      store.insertParticipant(newId(), workshopId, null, createdAt);
    }

    let maxSeq = 0;
    let fallbackSeq = 0;
    for (const q of questions) {
      const qid = map(q.id);
      if (q.mode) store.setMode(workshopId, qid, q.mode);
      store.setQuestionTime(workshopId, qid, (q.actualMinutes ?? 0) * 60_000, null);
      if (q.nextRound) {
        store.setVoteSettings(
          workshopId,
          qid,
          q.nextRound.budget,
          q.nextRound.maxPerIdea,
          q.nextRound.topN,
        );
      }
      store.setPhase(workshopId, qid, q.phase);
      for (const idea of q.ideas) {
        fallbackSeq++;
        const seq = idea.seq ?? fallbackSeq;
        maxSeq = Math.max(maxSeq, seq);
        const row: IdeaRow = {
          id: map(idea.id),
          workshopId,
          questionId: qid,
          participantId: null,
          seq,
          text: idea.text,
          actor: idea.actor,
          nextStep: idea.nextStep,
          status: idea.status,
          createdAt: Date.parse(idea.createdAt),
          commandId: null,
          mergedInto: null,
          moderationReason: null,
          originalText: null,
          updatedAt: null,
        };
        store.insertIdea(row);
      }
      // Second pass: merge targets may come later in the list.
      for (const idea of q.ideas) {
        const row = store.idea(workshopId, map(idea.id));
        if (!row) continue;
        store.updateIdea({
          ...row,
          mergedInto: idea.mergedInto ? map(idea.mergedInto) : null,
          moderationReason: idea.moderationReason ?? null,
          originalText: idea.originalText ?? null,
        });
      }
      for (const r of [...(q.rounds ?? [])].sort((a, b) => a.number - b.number)) {
        const roundId = newId();
        const openedAt = now.getTime();
        store.insertRound({
          id: roundId,
          workshopId,
          questionId: qid,
          number: r.number,
          status: 'open',
          budget: r.budget,
          maxPerIdea: r.maxPerIdea,
          candidates: r.candidates ? r.candidates.map(map) : null,
          openedAt,
        });
        const results: RoundResults | null =
          r.status === 'closed'
            ? {
                ideas: r.ranking.map((x) => ({ ...x, ideaId: map(x.ideaId) })),
                clusters: r.clusters.map((c) => ({ ...c, clusterId: map(c.clusterId) })),
                voters: r.voters,
              }
            : null;
        store.finishRound(roundId, r.status, results, openedAt);
      }
    }
    store.setIdeaSeq(workshopId, maxSeq);
    const first = record.questions[0];
    if (first) store.setCurrentQuestion(workshopId, first.id);
    return record;
  });

  // The board layout, notes and draft live in the doc.
  rooms.with(created.id, (room) => {
    const doc = room.doc;
    doc.transact(() => {
      for (const q of questions) {
        const qid = map(q.id);
        q.clusters.forEach((c, i) => {
          const members = q.ideas
            .filter((idea) => idea.clusterId === c.id && idea.status === 'visible')
            .map((idea) => map(idea.id));
          createCluster(
            doc,
            { id: map(c.id), questionId: qid, label: c.label, position: c.position ?? i },
            members,
            ORIGINS.command,
          );
        });
        const notes = notesText(doc, qid);
        if (notes && q.notes) notes.insert(0, q.notes);
      }
      for (const s of archive.draft?.sections ?? []) {
        const q = questionOfSection(s.key);
        const key = q ? questionSectionKey(map(q)) : s.key;
        restoreBriefSection(doc, key, s.text, s.generated, now.getTime(), ORIGINS.command);
      }
    }, ORIGINS.command);
  });
  return created;
}
