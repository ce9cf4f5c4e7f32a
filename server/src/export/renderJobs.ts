import {
  type BriefDraft,
  type BriefSnapshot,
  composeBrief,
  composeSeriesPaper,
  type GeneratedSection,
  generateBrief,
  renderCsv,
  renderHtml,
  renderMarkdown,
  type SeriesSnapshot,
} from '@convene/shared';
import { renderDocx } from './docxExport.ts';
import { type NameJob, type NameJobResult, runNameJob } from './nameJobs.ts';

/**
 * The CPU-heavy half of every export: composing a brief or a series paper from plain data and
 * rendering it. Composition alone takes ~60 ms for a 1,000-idea board (near-duplicate grouping
 * and ranking), which on the main thread would stall every room of the server; so these jobs run
 * on a worker thread (renderPool.ts). Their input is plain, structured-cloneable data read on the
 * main thread (the snapshot and the draft), their output a string or bytes.
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
  | NameJob;

export type RenderResult = string | Uint8Array | GeneratedSection[] | NameJobResult;

export async function runRenderJob(job: RenderJob): Promise<RenderResult> {
  if (job.kind === 'generate') return generateBrief(job.snapshot, { now: job.now });
  if (job.kind === 'names:check' || job.kind === 'names:redact' || job.kind === 'names:undo') {
    return runNameJob(job);
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
