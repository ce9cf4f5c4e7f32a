import {
  type CarrySource,
  type ConsolidationReply,
  type CreateConsolidation,
  consolidationPrompt,
  consolidationTitle,
  type IdeaOrigin,
  isLang,
  type Lang,
  type LensConfig,
  questionSupport,
  readOrigins,
} from '@convene/shared';
import * as Y from 'yjs';
import { newId } from '../auth/tokens.ts';
import { CommandError } from '../commands/commandBus.ts';
import { buildBriefSnapshot } from '../export/briefSnapshot.ts';
import { type SeriesRow, seriesStoreFor } from '../store/seriesStore.ts';
import type { IdeaRow, Store } from '../store/store.ts';
import { type CreatedRecord, createWorkshop } from './workshops.ts';

/**
 * The consolidation session (issue 15, item 2): a workshop of the series that carries forward
 * the ideas with the strongest support in each held workshop — the top N of each question by
 * the brief's own ranking, or the ideas the organiser picks — each with its origin (the
 * workshop's number and topic). The new workshop's rows, carried ideas included, are written in
 * one transaction before any room loads it; its doc is projected from them on first load.
 *
 * A carried idea has no participant: nobody wrote it in this room, so it counts as nobody's
 * submission, nobody may edit it as its author (only facilitators may), and it names no one.
 * It is visible from the start whatever the question's mode: it was public in its workshop.
 */

/** Where the held workshops come from: the plan's held topics, or (no plan) the workshops. */
export type CarryBasis = ConsolidationReply['basis'];

interface HeldWorkshop {
  workshopId: string;
  title: string;
  origin: IdeaOrigin;
  /** Questions whose ideas are carried (a held topic: all; no plan: the closed ones). */
  questionIds: Set<string> | null;
}

interface TopicRow {
  status: string;
  title: string;
  workshopId: string | null;
}

/** Whether a workshop is a consolidation session (never a source of another). */
function isConsolidation(store: Store, workshopId: string): boolean {
  const r = store.db.prepare('SELECT consolidation FROM workshops WHERE id = ?').get(workshopId) as
    | { consolidation: number }
    | undefined;
  return r?.consolidation === 1;
}

/**
 * The series' held workshops in the series' order. With a plan, its topics marked held that
 * have a workshop (numbered as the plan numbers them: the workshop's own number, else the
 * topic's rank among topics not dropped); without one, every workshop of the series with at
 * least one closed question (numbered by its own number, else its place by date).
 */
export function heldWorkshops(
  store: Store,
  seriesId: string,
): { basis: CarryBasis; held: HeldWorkshop[] } {
  const topics = store.db
    .prepare(`SELECT status, title, workshop_id AS workshopId FROM series_topics
      WHERE series_id = ? ORDER BY position`)
    .all(seriesId) as TopicRow[];
  if (topics.length > 0) {
    const held: HeldWorkshop[] = [];
    let rank = 0;
    for (const t of topics) {
      if (t.status === 'dropped') continue;
      rank++;
      if (t.status !== 'held' || !t.workshopId) continue;
      const w = store.workshop(t.workshopId);
      if (!w || isConsolidation(store, w.id)) continue;
      held.push({
        workshopId: w.id,
        title: w.title,
        origin: { workshopId: w.id, number: w.seriesNumber ?? rank, topic: t.title },
        questionIds: null,
      });
    }
    return { basis: 'plan', held };
  }
  const held: HeldWorkshop[] = [];
  let place = 0;
  for (const id of seriesStoreFor(store.db).workshopIds(seriesId)) {
    if (isConsolidation(store, id)) continue;
    place++;
    const w = store.workshop(id);
    if (!w) continue;
    const closed = store.questions(id).filter((q) => q.phase === 'closed');
    if (closed.length === 0) continue;
    held.push({
      workshopId: id,
      title: w.title,
      origin: { workshopId: id, number: w.seriesNumber ?? place, topic: w.title },
      questionIds: new Set(closed.map((q) => q.id)),
    });
  }
  return { basis: 'workshops', held };
}

/** Every visible idea of a held workshop's carried questions, ranked as the brief ranks them. */
function rankedSource(store: Store, h: HeldWorkshop): CarrySource {
  // Ranking reads ideas and rounds from the store only: an empty doc stands in for the
  // layout, so no room is loaded (and no doc is projected) just to read a ranking.
  const doc = new Y.Doc();
  try {
    const snapshot = buildBriefSnapshot(store, h.workshopId, doc);
    const questions = [...snapshot.questions]
      .filter((q) => h.questionIds === null || h.questionIds.has(q.id))
      .sort((a, b) => a.position - b.position)
      .map((q) => {
        const ideas = new Map(q.ideas.map((i) => [i.id, i]));
        return {
          id: q.id,
          prompt: q.prompt,
          ideas: questionSupport(q).ranking.flatMap((s, k) => {
            const idea = ideas.get(s.ideaId);
            return idea
              ? [{ id: idea.id, text: idea.text, actor: idea.actor, rank: k + 1, votes: s.votes }]
              : [];
          }),
        };
      });
    return { workshopId: h.workshopId, title: h.title, origin: h.origin, questions };
  } finally {
    doc.destroy();
  }
}

/** What the series page's panel shows: the sources with their ranked ideas, and the sessions. */
export function consolidationState(store: Store, series: SeriesRow): ConsolidationReply {
  const { basis, held } = heldWorkshops(store, series.id);
  const sessions = seriesStoreFor(store.db)
    .workshopIds(series.id)
    .filter((id) => isConsolidation(store, id))
    .flatMap((id) => {
      const w = store.workshop(id);
      if (!w) return [];
      const ideas = store.ideas(id).filter((i) => i.status === 'visible').length;
      return [{ id, title: w.title, joinCode: w.joinCode, ideas, createdAt: w.createdAt }];
    });
  return { basis, sources: held.map((h) => rankedSource(store, h)), sessions };
}

/** A refusal of the write pipeline (commandBus.ts) with one of the consolidation's own codes. */
export class ConsolidationError extends CommandError {
  constructor(code: 'nothing_to_carry' | 'unknown_idea', message: string) {
    super(code, message);
  }
}

/** The series' settings a new workshop of it takes (plan helper's columns, read here only). */
function seriesSettings(store: Store, seriesId: string, workshopIds: readonly string[]) {
  const r = store.db
    .prepare('SELECT language, organisers FROM series WHERE id = ?')
    .get(seriesId) as { language: string | null; organisers: string | null } | undefined;
  let language: Lang | null = r && isLang(r.language) ? r.language : null;
  if (!language) {
    // The language most of its workshops use; English when none.
    const counts = new Map<Lang, number>();
    for (const id of workshopIds) {
      const l = store.workshop(id)?.language;
      if (l) counts.set(l, (counts.get(l) ?? 0) + 1);
    }
    language = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'en';
  }
  let organisers: string[] = [];
  try {
    const parsed = r?.organisers ? (JSON.parse(r.organisers) as unknown) : null;
    if (Array.isArray(parsed)) organisers = parsed.filter((o) => typeof o === 'string');
  } catch {
    organisers = [];
  }
  const lenses = seriesStoreFor(store.db).lenses(seriesId);
  return { language, organisers, lenses };
}

/** Custom lens tags the new workshop knows (a tag of another workshop's own lens is dropped). */
function keptTags(tags: IdeaRow['tags'], lenses: LensConfig | null): IdeaRow['tags'] {
  const known = new Set((lenses?.custom ?? []).map((l) => l.id));
  return Object.fromEntries(Object.entries(tags).filter(([id]) => known.has(id)));
}

export interface CreatedConsolidation {
  record: CreatedRecord;
  carried: number;
}

/**
 * Creates the consolidation workshop of a series with its carried ideas, in one transaction.
 * Throws ConsolidationError: `unknown_idea` for a pick that is not a visible idea of one of the
 * series' workshops (a hidden idea is not: its text was never shown), `nothing_to_carry` when
 * no idea would be carried.
 */
export function createConsolidation(
  store: Store,
  series: SeriesRow,
  input: CreateConsolidation,
  now: Date,
): CreatedConsolidation {
  const ids = seriesStoreFor(store.db).workshopIds(series.id);
  const { held } = heldWorkshops(store, series.id);
  // What is carried, grouped by source workshop (one question each), in the series' order.
  const groups: { origin: IdeaOrigin; ideas: IdeaRow[] }[] = [];
  if (input.picks) {
    const byWorkshop = new Map<string, IdeaRow[]>();
    const members = new Set(ids.filter((id) => !isConsolidation(store, id)));
    const picked = new Set<string>();
    const workshopOf = store.db.prepare('SELECT workshop_id AS workshopId FROM ideas WHERE id = ?');
    for (const pick of input.picks) {
      if (picked.has(pick)) continue;
      picked.add(pick);
      const row = workshopOf.get(pick) as { workshopId: string } | undefined;
      const idea =
        row && members.has(row.workshopId) ? store.idea(row.workshopId, pick) : undefined;
      if (idea?.status !== 'visible') {
        throw new ConsolidationError(
          'unknown_idea',
          `Idea ${pick} is not an idea on the board of a workshop of this series`,
        );
      }
      const list = byWorkshop.get(idea.workshopId) ?? [];
      list.push(idea);
      byWorkshop.set(idea.workshopId, list);
    }
    const heldOrigin = new Map(held.map((h) => [h.workshopId, h.origin]));
    let place = 0;
    for (const id of ids) {
      if (!members.has(id)) continue;
      place++;
      const list = byWorkshop.get(id);
      const w = store.workshop(id);
      if (!list || !w) continue;
      const origin = heldOrigin.get(id) ?? {
        workshopId: id,
        number: w.seriesNumber ?? place,
        topic: w.title,
      };
      groups.push({ origin, ideas: list.sort((a, b) => a.seq - b.seq) });
    }
  } else {
    const perQuestion = input.perQuestion ?? 3;
    for (const h of held) {
      const source = rankedSource(store, h);
      const ideas = source.questions.flatMap((q) =>
        q.ideas.slice(0, perQuestion).flatMap((c) => store.idea(h.workshopId, c.id) ?? []),
      );
      if (ideas.length > 0) groups.push({ origin: h.origin, ideas });
    }
  }
  const carried = groups.reduce((n, g) => n + g.ideas.length, 0);
  if (carried === 0) {
    throw new ConsolidationError(
      'nothing_to_carry',
      'No held workshop of this series has ideas on its board to carry forward',
    );
  }
  const settings = seriesSettings(store, series.id, ids);
  return store.transaction(() => {
    const record = createWorkshop(
      store,
      {
        title: input.title ?? consolidationTitle(settings.language, series.name),
        questions: groups.map((g) => ({
          prompt: consolidationPrompt(settings.language, g.origin.topic),
        })),
        ...(input.date ? { date: input.date } : {}),
        chathamHouse: true,
        voteBudget: 3,
        maxVotesPerIdea: 1,
        language: settings.language,
        organisers: settings.organisers,
        ...(settings.lenses ? { lenses: settings.lenses } : {}),
      },
      now,
    );
    const seriesRows = seriesStoreFor(store.db);
    seriesRows.attach(record.id, series);
    seriesRows.markConsolidation(record.id);
    groups.forEach((g, k) => {
      const question = record.questions[k];
      if (!question) return;
      for (const idea of g.ideas) {
        store.insertIdea({
          id: newId(),
          workshopId: record.id,
          questionId: question.id,
          // Nobody in this room wrote it: no participant, no name (see the module comment).
          participantId: null,
          seq: store.nextIdeaSeq(record.id),
          text: idea.text,
          actor: idea.actor,
          nextStep: idea.nextStep,
          // Visible from the start, in hidden mode too: it was public where it came from.
          status: 'visible',
          createdAt: now.getTime(),
          commandId: null,
          mergedInto: null,
          moderationReason: null,
          originalText: null,
          updatedAt: null,
          countries: [...idea.countries],
          pbc: idea.pbc,
          tags: keptTags(idea.tags, settings.lenses),
          origins: readOrigins([g.origin]),
        });
      }
    });
    return { record, carried };
  });
}

/**
 * Names the name check of a workshop looks for beyond its own room's (Chatham House): a
 * consolidation session carries ideas written in other workshops of its series, so a name
 * written there travels with the idea; the names of the workshops its ideas came from are
 * checked too. Only for a consolidation session, and only workshops of its own series: an
 * imported archive's origins may name any id, and must not reach another workshop's names.
 */
export function carriedNames(store: Store, workshopId: string): string[] {
  if (!isConsolidation(store, workshopId)) return [];
  const series = seriesStoreFor(store.db);
  const own = series.seriesOfWorkshop(workshopId);
  if (!own) return [];
  const sources = new Set<string>();
  for (const idea of store.ideas(workshopId)) {
    for (const o of idea.origins ?? []) if (o.workshopId) sources.add(o.workshopId);
  }
  sources.delete(workshopId);
  return [...sources]
    .filter((id) => series.seriesOfWorkshop(id) === own)
    .flatMap((id) => [...store.participantNames(id), ...store.participantList(id)]);
}
