import {
  type AddTopic,
  CreateWorkshopSchema,
  describeZodError,
  type PlanChange,
  type PlanChangeKind,
  SERIES_LIMITS,
  type SeriesPlanReply,
  type SeriesTopic,
  type UpdateSeries,
  type UpdateTopic,
  type WorkshopFromTopicSchema,
} from '@convene/shared';
import type { z } from 'zod';
import { newId } from '../auth/tokens.ts';
import { CommandError } from '../commands/commandBus.ts';
import { type SeriesRow, seriesStoreFor, type TopicRow } from '../store/seriesStore.ts';
import type { Store } from '../store/store.ts';
import { type CreatedRecord, createWorkshop } from './workshops.ts';

/**
 * The series plan (issue 15, item 1): numbered topics with date, host and status, edited as the
 * series goes on, every change kept in the plan's history. A series has no Y.Doc: each edit is
 * authorise and validate (the route) → the rule here, in the write pipeline's transaction
 * (commandBus.ts commitAndProject, with no room) → reply; a refusal is a CommandError. A
 * workshop made from a topic is written whole in the same transaction, before any room loads
 * it (its doc is projected from the rows on first load).
 */

/** The plan as shown: numbers and rotating hosts worked out, history with titles. */
export function planReply(store: Store, seriesId: string): SeriesPlanReply {
  const series = seriesStoreFor(store.db);
  const rows = series.topics(seriesId);
  const topics = numberTopics(store, rows, series.organisers(seriesId));
  // Each change names the topic as it was called then: walking back from today's titles,
  // a rename gives the title the topic had before it.
  const titles = new Map(rows.map((r) => [r.id, r.title]));
  const changes = series.history(seriesId, SERIES_LIMITS.historyShown);
  const history: PlanChange[] = [];
  for (let i = changes.length - 1; i >= 0; i--) {
    const h = changes[i] as (typeof changes)[number];
    if (h.change === 'renamed' && h.before !== null) titles.set(h.topicId, h.before);
    history.push({ ...h, topic: titles.get(h.topicId) ?? '' });
  }
  return { topics, history: history.reverse() };
}

/**
 * A topic's number is its rank among the topics that are not dropped; a topic with a workshop
 * keeps that workshop's number. A topic without a host takes the rotation's:
 * `organisers[(number - 1) % organisers.length]`.
 */
export function numberTopics(store: Store, rows: TopicRow[], organisers: string[]): SeriesTopic[] {
  let rank = 0;
  return rows.map((r) => {
    const number =
      r.status === 'dropped'
        ? null
        : ((r.workshopId ? store.workshop(r.workshopId)?.seriesNumber : null) ?? rank + 1);
    if (r.status !== 'dropped') rank++;
    const rotation =
      number !== null && organisers.length > 0
        ? (organisers[(number - 1) % organisers.length] ?? null)
        : null;
    return {
      id: r.id,
      number,
      title: r.title,
      questions: r.questions,
      plannedDate: r.plannedDate,
      host: r.host ?? rotation,
      hostRotates: r.host === null,
      status: r.status,
      workshopId: r.workshopId,
    };
  });
}

/** Rewrites positions 1..n in the order given. */
function renumber(store: Store, rows: TopicRow[]): void {
  const series = seriesStoreFor(store.db);
  rows.forEach((r, i) => {
    if (r.position !== i + 1) series.updateTopic({ ...r, position: i + 1 });
  });
}

export function updateSeriesSettings(store: Store, row: SeriesRow, body: UpdateSeries): void {
  const series = seriesStoreFor(store.db);
  store.transaction(() => {
    if (body.name !== undefined || body.description !== undefined) {
      const name = body.name?.trim() ?? row.name;
      const other = series.byName(name);
      if (other && other.id !== row.id) {
        throw new CommandError('series_exists', 'Another series has this name');
      }
      const description =
        body.description === undefined ? row.description : body.description?.trim() || null;
      series.setDetails(row.id, name, description);
    }
    if (body.organisers !== undefined) series.setOrganisers(row.id, body.organisers);
    if (body.language !== undefined) series.setLanguage(row.id, body.language);
    if (body.lenses !== undefined) series.setLenses(row.id, body.lenses);
    if (body.actorGroups !== undefined) series.setActorGroups(row.id, body.actorGroups);
  });
}

export function addTopic(store: Store, row: SeriesRow, body: AddTopic, now: Date): string {
  const series = seriesStoreFor(store.db);
  return store.transaction(() => {
    const rows = series.topics(row.id);
    if (rows.length >= SERIES_LIMITS.topics) {
      throw new CommandError('topic_state', `A plan has at most ${SERIES_LIMITS.topics} topics`);
    }
    if (body.workshopId !== undefined) {
      if (series.seriesOfWorkshop(body.workshopId) !== row.id) {
        throw new CommandError('not_found', 'This workshop is not in the series');
      }
      if (series.topicOfWorkshop(body.workshopId)) {
        throw new CommandError('topic_state', 'This workshop has a topic in the plan already');
      }
    }
    const at = now.toISOString();
    const topic: TopicRow = {
      id: newId(),
      position: rows.length + 1,
      title: body.title.trim(),
      questions: body.questions ?? [],
      plannedDate: body.plannedDate ?? null,
      host: body.host?.trim() || null,
      status: body.status ?? (body.workshopId ? 'scheduled' : 'planned'),
      workshopId: body.workshopId ?? null,
      createdAt: at,
    };
    series.insertTopic(row.id, topic);
    series.recordChange(row.id, topic.id, at, 'added', null, topic.title);
    if (body.position !== undefined && body.position < topic.position) {
      const ordered = rows.slice();
      ordered.splice(body.position - 1, 0, topic);
      renumber(store, ordered);
    }
    return topic.id;
  });
}

const text = (v: string | null | undefined) => (v === undefined || v === '' ? null : v);

export function updateTopic(
  store: Store,
  row: SeriesRow,
  topicId: string,
  body: UpdateTopic,
  now: Date,
): void {
  const series = seriesStoreFor(store.db);
  store.transaction(() => {
    const rows = series.topics(row.id);
    const index = rows.findIndex((r) => r.id === topicId);
    const before = rows[index];
    if (!before) throw new CommandError('unknown_topic', 'No such topic in this series');
    const at = now.toISOString();
    const after: TopicRow = { ...before };
    const changed = (kind: PlanChangeKind, from: string | null, to: string | null) => {
      if (from !== to) series.recordChange(row.id, topicId, at, kind, from, to);
    };
    if (body.title !== undefined) after.title = body.title.trim();
    if (body.questions !== undefined) after.questions = body.questions;
    if (body.plannedDate !== undefined) after.plannedDate = body.plannedDate;
    if (body.host !== undefined) after.host = body.host?.trim() || null;
    if (body.status !== undefined) {
      // A topic's workshop exists: it cannot go back to merely planned, and dropping it would
      // leave a workshop the plan no longer shows (take the workshop out of the series first).
      if (after.workshopId && (body.status === 'planned' || body.status === 'dropped')) {
        throw new CommandError(
          'topic_state',
          'This topic has a workshop: it can only be scheduled or held',
        );
      }
      after.status = body.status;
    }
    changed('renamed', before.title, after.title);
    if (JSON.stringify(before.questions) !== JSON.stringify(after.questions)) {
      changed('questions', before.questions.join('\n'), after.questions.join('\n'));
    }
    changed('dated', text(before.plannedDate), text(after.plannedDate));
    changed('hosted', before.host, after.host);
    changed('status', before.status, after.status);
    series.updateTopic(after);
    if (body.position !== undefined) {
      const target = Math.min(body.position, rows.length);
      if (target !== index + 1) {
        const ordered = rows.slice();
        ordered.splice(index, 1);
        ordered.splice(target - 1, 0, after);
        renumber(store, ordered);
        changed('moved', String(index + 1), String(target));
      }
    }
  });
}

/**
 * A workshop made from a planned topic in one action: title, questions, date, the host (its
 * own or the rotation's), number, and the series' settings (language, co-organisers, lenses;
 * actor groups are read from the series with the workshop's row). The topic becomes
 * `scheduled` and points at it.
 */
export function workshopFromTopic(
  store: Store,
  row: SeriesRow,
  topicId: string,
  body: z.infer<typeof WorkshopFromTopicSchema>,
  now: Date,
): { created: CreatedRecord; number: number | null } {
  const series = seriesStoreFor(store.db);
  return store.transaction(() => {
    const rows = series.topics(row.id);
    const organisers = series.organisers(row.id);
    const topic = rows.find((r) => r.id === topicId);
    const shown = numberTopics(store, rows, organisers).find((t) => t.id === topicId);
    if (!topic || !shown) throw new CommandError('unknown_topic', 'No such topic in this series');
    if (topic.workshopId) {
      throw new CommandError('topic_state', 'This topic has a workshop already');
    }
    if (topic.status === 'dropped') {
      throw new CommandError('topic_state', 'This topic was dropped from the plan');
    }
    const questions = body.questions ?? topic.questions.map((prompt) => ({ prompt }));
    const input = CreateWorkshopSchema.safeParse({
      title: topic.title,
      questions,
      series: row.name,
      ...(shown.host ? { host: shown.host } : {}),
      ...((body.date ?? topic.plannedDate) ? { date: body.date ?? topic.plannedDate } : {}),
      ...(body.durationMinutes ? { durationMinutes: body.durationMinutes } : {}),
      language: series.language(row.id),
      organisers,
      ...(shown.number !== null ? { seriesNumber: shown.number } : {}),
      ...(series.lenses(row.id) ? { lenses: series.lenses(row.id) } : {}),
    });
    if (!input.success) {
      const message =
        questions.length === 0
          ? 'The topic has no planned questions: send questions'
          : describeZodError(input.error);
      throw new CommandError('invalid_payload', message);
    }
    const created = createWorkshop(store, input.data, now);
    series.attach(created.id, row);
    const at = now.toISOString();
    series.updateTopic({ ...topic, workshopId: created.id, status: 'scheduled' });
    series.recordChange(row.id, topic.id, at, 'workshop', null, created.id);
    if (topic.status !== 'scheduled') {
      series.recordChange(row.id, topic.id, at, 'status', topic.status, 'scheduled');
    }
    return { created, number: shown.number };
  });
}
