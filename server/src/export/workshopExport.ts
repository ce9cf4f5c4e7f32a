import type { ExportFormat, SeriesSnapshot } from '@convene/shared';
import type { SeriesRow } from '../store/seriesStore.ts';
import type { Store } from '../store/store.ts';
import type { RoomRegistry } from '../sync/room.ts';
import { buildBriefSnapshot, readDraft } from './briefSnapshot.ts';
import { buildJsonExport } from './jsonExport.ts';
import { renderOffThread } from './renderPool.ts';

/** A file ready to send. */
export interface ExportFile {
  body: Buffer | string;
  contentType: string;
  filename: string;
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug || 'workshop';
}

/**
 * One workshop in any format. The snapshot and draft are read synchronously while the room is
 * held (the doc must be loaded; ~5 ms at 1,000 ideas); composing and rendering them happens on
 * the export worker, so the rooms keep their fan-out while a brief is built.
 */
export async function exportWorkshop(
  store: Store,
  rooms: RoomRegistry,
  workshopId: string,
  format: ExportFormat,
  now = new Date(),
): Promise<ExportFile> {
  const w = store.workshop(workshopId);
  if (!w) throw new Error('workshop not found');
  const slug = slugify(w.title);
  if (format === 'json') {
    const archive = rooms.with(workshopId, (room) =>
      buildJsonExport(store, workshopId, room.doc, now),
    );
    return {
      body: JSON.stringify(archive),
      contentType: CONTENT_TYPES.json,
      filename: `${slug}.json`,
    };
  }
  const { snapshot, draft } = rooms.with(workshopId, (room) => ({
    snapshot: buildBriefSnapshot(store, workshopId, room.doc),
    draft: readDraft(room.doc),
  }));
  return {
    body: await renderOffThread({ kind: 'brief', format, snapshot, draft, now }),
    contentType: CONTENT_TYPES[format],
    filename: format === 'csv' ? `${slug}-ideas.csv` : `${slug}-brief.${format}`,
  };
}

/**
 * The series' input: every workshop's snapshot and draft, read one room at a time, letting
 * other work run between workshops (a series of large boards takes a while to read).
 */
export async function buildSeriesSnapshot(
  store: Store,
  rooms: RoomRegistry,
  series: SeriesRow,
  workshopIds: readonly string[],
): Promise<SeriesSnapshot> {
  const workshops: SeriesSnapshot['workshops'] = [];
  for (const id of workshopIds) {
    if (!store.workshop(id)) continue;
    workshops.push(
      rooms.with(id, (room) => ({
        snapshot: buildBriefSnapshot(store, id, room.doc),
        draft: readDraft(room.doc),
      })),
    );
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { series: { name: series.name, description: series.description }, workshops };
}

export async function exportSeries(
  snapshot: SeriesSnapshot,
  format: 'md' | 'html' | 'docx',
  now = new Date(),
): Promise<ExportFile> {
  return {
    body: await renderOffThread({ kind: 'series', format, snapshot, now }),
    contentType: CONTENT_TYPES[format],
    filename: `${slugify(snapshot.series.name)}-policy-paper.${format}`,
  };
}
