import { createHash } from 'node:crypto';
import {
  type ActorGroupConfig,
  type BriefDraft,
  type BriefState,
  type CreatedWorkshopWithSeries,
  isEdited,
  type LensConfig,
  readBriefDraft,
  type SeriesReply,
  type SeriesWorkshop,
  type WorkshopSeriesRef,
} from '@convene/shared';
import { hashToken, newId, newToken } from '../auth/tokens.ts';
import { exportBlockedBy } from '../export/nameCheck.ts';
import { type SeriesRow, type SeriesStore, seriesStoreFor } from '../store/seriesStore.ts';
import type { Store } from '../store/store.ts';
import type { RoomRegistry } from '../sync/room.ts';

/**
 * Series of workshops. A series is an organiser's object: creating one is gated like creating
 * a workshop (ADMIN_TOKEN when set), and reading it (its page, its policy paper) needs a series
 * link, a capability token of its own. Workshop links never open a series: a facilitator of
 * one workshop cannot read the others through it.
 */

export function seriesLink(base: string, seriesId: string, token: string): string {
  return `${base}/series/${seriesId}#token=${token}`;
}

/** A new series with its first link token. */
export function createSeries(
  store: Store,
  name: string,
  description: string | null,
  now = new Date(),
  lenses: LensConfig | null = null,
  actorGroups: ActorGroupConfig[] | null = null,
): { series: SeriesRow; token: string } {
  const series = seriesStoreFor(store.db);
  return store.transaction(() => {
    const row: SeriesRow = { id: newId(), name, description, createdAt: now.toISOString() };
    series.insert(row);
    if (lenses) series.setLenses(row.id, lenses);
    if (actorGroups) series.setActorGroups(row.id, actorGroups);
    const token = newToken();
    series.insertToken(hashToken(token), row.id, row.createdAt);
    return { series: row, token };
  });
}

/** Another link to an existing series (for the server's administrator). */
export function mintSeriesToken(store: Store, seriesId: string, now = new Date()): string {
  const token = newToken();
  seriesStoreFor(store.db).insertToken(hashToken(token), seriesId, now.toISOString());
  return token;
}

/**
 * A workshop created with a series name joins the series of that name, which is created when
 * it does not exist yet; only then does the reply carry the series link (whoever created the
 * series holds its link; naming an existing series does not hand one out).
 */
/**
 * Puts a new workshop in the series of that name, creating the series (and its link) if there
 * is none. An existing series is joined only with its token or by the server's administrator:
 * otherwise whoever named a series first would read every workshop later filed under the name.
 * Returns null when the series exists and the request may not join it.
 */
export function joinSeriesByName(
  store: Store,
  workshopId: string,
  name: string,
  base: string,
  access: { token?: string | undefined; trusted: boolean },
  now = new Date(),
): WorkshopSeriesRef | null {
  const series = seriesStoreFor(store.db);
  const existing = series.byName(name);
  if (existing) {
    const allowed = access.trusted || seriesOfToken(store, access.token ?? null) === existing.id;
    if (!allowed) return null;
    series.attach(workshopId, existing);
    return { id: existing.id, name: existing.name };
  }
  const made = createSeries(store, name.trim(), null, now);
  series.attach(workshopId, made.series);
  return {
    id: made.series.id,
    name: made.series.name,
    token: made.token,
    link: seriesLink(base, made.series.id, made.token),
  };
}

/** The series a series token opens, if any. */
export function seriesOfToken(store: Store, token: string | null): string | null {
  if (!token || token.length < 20 || token.length > 200) return null;
  return seriesStoreFor(store.db).seriesOfToken(hashToken(token)) ?? null;
}

/** The series page: its workshops by date, each with its state. */
export function seriesState(store: Store, rooms: RoomRegistry, row: SeriesRow): SeriesReply {
  const series = seriesStoreFor(store.db);
  const ids = series.workshopIds(row.id);
  const workshops: SeriesWorkshop[] = [];
  for (const id of ids) {
    const w = store.workshop(id);
    if (!w) continue;
    const questions = store.questions(id);
    const draft = rooms.with(id, (room) => readBriefDraft(room.doc));
    const sections = Object.values(draft);
    workshops.push({
      id,
      title: w.title,
      host: w.host,
      date: w.date,
      questions: questions.length,
      notStarted: questions.filter((q) => q.phase === 'lobby').length,
      running: questions.filter((q) => q.phase !== 'lobby' && q.phase !== 'closed').length,
      done: questions.filter((q) => q.phase === 'closed').length,
      ideas: store.ideas(id).filter((i) => i.status === 'visible').length,
      participants: store.participantCount(id),
      draftSections: sections.filter((s) => s.base !== null).length,
      editedSections: sections.filter((s) => isEdited(s)).length,
      // Issue 15 (plan slice): what the organisers' page shows of each workshop.
      number: w.seriesNumber,
      topicId: series.topicOfWorkshop(id),
      consolidation: series.isConsolidation(id),
      joinCode: w.joinCode,
      brief: briefStateOf(series, id, draft),
      lastExportAt: series.lastBriefExport(id)?.at ?? null,
    });
  }
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    workshops,
    organisers: series.organisers(row.id),
    language: series.language(row.id),
    lenses: series.lenses(row.id),
    actorGroups: series.actorGroups(row.id),
  };
}

// ---- Brief states on the series page (issue 15, plan slice) ------------------------------

/** A fingerprint of a brief draft's texts: an export is current while the draft still has it. */
export function draftHash(draft: BriefDraft): string {
  const texts = Object.keys(draft)
    .sort()
    .map((k) => [k, draft[k]?.text ?? '']);
  return createHash('sha256').update(JSON.stringify(texts)).digest('base64url');
}

/** none, draft or exported (exported: the last brief export was of the draft as it is now). */
function briefStateOf(series: SeriesStore, workshopId: string, draft: BriefDraft): BriefState {
  if (Object.keys(draft).length === 0) return 'none';
  const last = series.lastBriefExport(workshopId);
  return last?.draftHash === draftHash(draft) ? 'exported' : 'draft';
}

/**
 * Notes that a workshop's brief was exported, with the fingerprint of its draft (read by the
 * caller before its write-pipeline run: reading it may load the room).
 */
export function recordBriefExport(
  store: Store,
  workshopId: string,
  draft: BriefDraft,
  format: string,
  at: Date,
): void {
  if (Object.keys(draft).length === 0) return;
  seriesStoreFor(store.db).recordBriefExport(
    workshopId,
    format,
    at.toISOString(),
    draftHash(draft),
  );
}

/**
 * The series page with each draft's name check run: a draft whose check has no open finding is
 * `checked` (the export would go through). The checks run on the export worker, one workshop
 * after another, so the page never holds the rooms' thread.
 */
export async function seriesPage(
  store: Store,
  rooms: RoomRegistry,
  row: SeriesRow,
  now: Date,
): Promise<SeriesReply> {
  const reply = seriesState(store, rooms, row);
  for (const w of reply.workshops) {
    if (w.brief !== 'draft') continue;
    if ((await exportBlockedBy(store, w.id, now)) === null) w.brief = 'checked';
  }
  return reply;
}

/**
 * Lenses of a workshop just created in a series (issue 13): a workshop created without lenses
 * takes its series' lenses; a series created by naming it takes the first workshop's lenses,
 * so that the next workshops of the series get them too. The workshop is new, so no room has
 * loaded it yet: its doc is projected from these rows when one does.
 */
export function settleSeriesLenses(
  store: Store,
  workshopId: string,
  joined: WorkshopSeriesRef | undefined,
  lenses: LensConfig | undefined,
): void {
  if (!joined) return;
  const series = seriesStoreFor(store.db);
  if (joined.token !== undefined) {
    if (lenses) series.setLenses(joined.id, lenses);
    return;
  }
  if (lenses) return;
  const inherited = series.lenses(joined.id);
  if (inherited) store.setLenses(workshopId, inherited);
}

/** Files a newly created workshop in its series and says in the reply what happened. */
export function fileInSeries(
  store: Store,
  body: CreatedWorkshopWithSeries,
  name: string,
  base: string,
  access: { token?: string | undefined; trusted: boolean },
  now = new Date(),
): void {
  const joined = joinSeriesByName(store, body.id, name, base, access, now);
  if (joined) body.series = joined;
  else {
    body.seriesNotJoined = {
      name,
      reason: 'A series with this name exists: send its seriesToken to add this workshop to it',
    };
  }
}
