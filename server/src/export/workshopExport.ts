import {
  type ExportFormat,
  type PaperReply,
  paperDocument,
  type SeriesSnapshot,
} from '@convene/shared';
import type { SeriesRow } from '../store/seriesStore.ts';
import type { Store } from '../store/store.ts';
import type { RoomRegistry } from '../sync/room.ts';
import { buildBriefSnapshot, readDraft } from './briefSnapshot.ts';
import { renderOffThread } from './renderPool.ts';
import { storedSource } from './storedWorkshop.ts';

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
 * One workshop in any format, built on the export worker from the workshop's stored record
 * (storedWorkshop.ts): the main thread checks that the workshop exists and hands over where to
 * read it, so an export never loads a room or reads a whole board here, and the rooms keep
 * their fan-out while a brief is built.
 */
export async function exportWorkshop(
  store: Store,
  _rooms: RoomRegistry,
  workshopId: string,
  format: ExportFormat,
  now = new Date(),
): Promise<ExportFile> {
  const w = store.workshop(workshopId);
  if (!w) throw new Error('workshop not found');
  const slug = slugify(w.title);
  const source = storedSource(store, [workshopId]);
  if (format === 'json') {
    return {
      body: await renderOffThread({ kind: 'archive', source, now }),
      contentType: CONTENT_TYPES.json,
      filename: `${slug}.json`,
    };
  }
  return {
    body: await renderOffThread({ kind: 'storedBrief', format, source, now }),
    contentType: CONTENT_TYPES[format],
    filename: format === 'csv' ? `${slug}-ideas.csv` : `${slug}-brief.${format}`,
  };
}

/** The organisers' results annex of one workshop (issue 14), built on the export worker. */
export async function exportResultsAnnex(
  store: Store,
  workshopId: string,
  format: 'md' | 'docx' | 'csv',
  now = new Date(),
): Promise<ExportFile> {
  const w = store.workshop(workshopId);
  if (!w) throw new Error('workshop not found');
  const source = storedSource(store, [workshopId]);
  return {
    body: await renderOffThread({ kind: 'storedResults', format, source, now }),
    contentType: CONTENT_TYPES[format],
    filename: `${slugify(w.title)}-results-annex.${format}`,
  };
}

/**
 * The series' input: every workshop's snapshot and draft, read one room at a time, letting
 * other work run between workshops (benchmarks and tools; the HTTP route uses
 * exportStoredSeries, which loads no room).
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

/** The series' stored, co-edited policy paper (issue 15) rendered off the main thread. */
export async function exportPaper(
  series: SeriesRow,
  paper: PaperReply,
  format: 'md' | 'html' | 'docx',
): Promise<ExportFile> {
  const doc = paperDocument({
    language: paper.language,
    title: series.name,
    sections: paper.sections,
  });
  return {
    body: await renderOffThread({ kind: 'document', format, doc }),
    contentType: CONTENT_TYPES[format],
    filename: `${slugify(series.name)}-policy-paper.${format}`,
  };
}
