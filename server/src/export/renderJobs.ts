import {
  type BriefDocument,
  type BriefDraft,
  type BriefSnapshot,
  composeBrief,
  composeResultsAnnex,
  composeSeriesPaper,
  type GeneratedPaper,
  type GeneratedSection,
  generateBrief,
  generateSeriesPaper,
  type PaperPlanTopic,
  renderCsv,
  renderHtml,
  renderMarkdown,
  renderResultsCsv,
  type SeriesSnapshot,
} from '@convene/shared';
import { renderDocx } from './docxExport.ts';
import { type ImportOutcome, planImport } from './importArchive.ts';
import { renderArchive } from './jsonExport.ts';
import { type NameJob, type NameJobResult, runNameJob } from './nameJobs.ts';
import { runSenseJob, type SenseJob, type SenseJobResult } from './senseJobs.ts';
import { briefFromStored, loadOne, loadStored, type StoredSource } from './storedWorkshop.ts';

/**
 * The CPU-heavy half of every export: composing a brief or a series paper from plain data and
 * rendering it. Composition alone takes ~60 ms for a 1,000-idea board (near-duplicate grouping
 * and ranking), which on the main thread would stall every room of the server; so these jobs run
 * on a worker thread (renderPool.ts). Their input is plain, structured-cloneable data read on the
 * main thread (the snapshot and the draft) or the workshops' stored record, which the worker
 * reads itself (storedWorkshop.ts); their output a string or bytes. The JSON archive and the
 * checking and planning of an import run there too, for the same reason.
 */

export type DocumentFormat = 'md' | 'html' | 'docx';

export type RenderJob =
  | {
      kind: 'brief';
      format: DocumentFormat | 'csv';
      snapshot: BriefSnapshot;
      draft: BriefDraft;
      now: Date;
    }
  | { kind: 'series'; format: DocumentFormat; snapshot: SeriesSnapshot; now: Date }
  | { kind: 'generate'; snapshot: BriefSnapshot; now: Date }
  /** A workshop's brief, from its stored record (read by the worker). */
  | { kind: 'storedBrief'; format: DocumentFormat | 'csv'; source: StoredSource; now: Date }
  /** The organisers' results annex of a workshop, from its stored record (issue 14). */
  | { kind: 'storedResults'; format: 'md' | 'docx' | 'csv'; source: StoredSource; now: Date }
  /** A workshop's JSON archive, from its stored record (read by the worker). */
  | { kind: 'archive'; source: StoredSource; now: Date }
  | {
      kind: 'import';
      /** The request body as received (UTF-8 JSON, not parsed on the main thread). */
      body: Uint8Array;
      workshopId: string;
      joinCode: string;
      maxParticipants: number;
      now: Date;
    }
  /**
   * The series' policy paper generated from its workshops' stored record (issue 15): the
   * worker reads them; `consolidation` names the series' consolidation sessions.
   */
  | {
      kind: 'paperGenerate';
      series: SeriesSnapshot['series'];
      plan: PaperPlanTopic[];
      consolidation: string[];
      source: StoredSource;
      now: Date;
    }
  /** A document already composed (the stored, co-edited paper), rendered to a file. */
  | { kind: 'document'; format: DocumentFormat; doc: BriefDocument }
  | NameJob
  /** A sense query (issue 13): clustering help over one question's visible ideas. */
  | SenseJob;

export type RenderResult =
  | string
  | Uint8Array
  | GeneratedSection[]
  | GeneratedPaper
  | ImportOutcome
  | NameJobResult
  | SenseJobResult;

export async function runRenderJob(job: RenderJob): Promise<RenderResult> {
  if (job.kind === 'generate') return generateBrief(job.snapshot, { now: job.now });
  if (job.kind === 'archive') return renderArchive(loadOne(job.source), job.now);
  if (job.kind === 'import') return planImport(job.body, job);
  if (
    job.kind === 'names:gate' ||
    job.kind === 'names:check' ||
    job.kind === 'names:redact' ||
    job.kind === 'names:undo'
  ) {
    return runNameJob(job);
  }
  if (job.kind === 'sense:suggest' || job.kind === 'sense:belong' || job.kind === 'sense:name') {
    return runSenseJob(job);
  }
  if (job.kind === 'storedBrief') {
    const { snapshot, draft } = briefFromStored(loadOne(job.source));
    return runRenderJob({ kind: 'brief', format: job.format, snapshot, draft, now: job.now });
  }
  if (job.kind === 'storedResults') {
    const { snapshot } = briefFromStored(loadOne(job.source));
    if (job.format === 'csv') return renderResultsCsv(snapshot);
    const doc = composeResultsAnnex(snapshot);
    return job.format === 'md' ? renderMarkdown(doc) : new Uint8Array(await renderDocx(doc));
  }
  if (job.kind === 'paperGenerate') {
    const consolidation = new Set(job.consolidation);
    const workshops = loadStored(job.source).map((stored) => {
      const { snapshot, draft } = briefFromStored(stored);
      if (consolidation.has(stored.workshopId)) snapshot.workshop.consolidation = true;
      return { id: stored.workshopId, snapshot, draft };
    });
    return generateSeriesPaper({ series: job.series, workshops, plan: job.plan }, { now: job.now });
  }
  if (job.kind === 'document') {
    if (job.format === 'md') return renderMarkdown(job.doc);
    if (job.format === 'html') return renderHtml(job.doc);
    return new Uint8Array(await renderDocx(job.doc));
  }
  if (job.kind === 'brief' && job.format === 'csv') return renderCsv(job.snapshot);
  const doc =
    job.kind === 'brief'
      ? composeBrief(job.snapshot, job.draft, { now: job.now })
      : composeSeriesPaper(job.snapshot, { now: job.now });
  if (job.format === 'md') return renderMarkdown(doc);
  if (job.format === 'html') return renderHtml(doc);
  if (job.format === 'docx') return new Uint8Array(await renderDocx(doc));
  throw new Error(`unknown format ${String(job.format)}`);
}
