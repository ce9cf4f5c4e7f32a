import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { GeneratedPaper, GeneratedSection } from '@convene/shared';
import type { ImportOutcome } from './importArchive.ts';
import type { NameJob, NameJobResult } from './nameJobs.ts';
import { type RenderJob, type RenderResult, runRenderJob } from './renderJobs.ts';
import type { SenseJob, SenseJobResult } from './senseJobs.ts';

/**
 * Export jobs on a worker thread. Composing and rendering a 1,000-idea brief is 60–300 ms of
 * synchronous work (more for DOCX); on the main thread it would delay every room's fan-out by as
 * much. One worker, started on first use and unreferenced (it never keeps the process alive),
 * takes the jobs one at a time from a queue here, and exits after a quiet minute so that the
 * memory an export needed goes back to the system between exports. If it dies, the job it held
 * runs on the main thread (slower for everyone, but the export still works) and the next job
 * starts a new worker; after three failures in a row without a finished job, or if it cannot
 * start at all, every job runs on the main thread.
 *
 * A job that runs past its time limit (20 s by default; a 5,000-idea DOCX takes 1.5–3 s) is
 * not waited for: the worker is terminated, the job fails with `RenderTimeoutError`, and the
 * next job in the queue starts on a new worker. A job that ran away once is never retried on
 * the main thread, where it would stall every room instead. One job at a time is what makes the
 * limit mean something: a job's clock starts when the worker takes it, not while it waits behind
 * another workshop's export.
 */

let idleExitMs = 60_000;
let jobTimeoutMs = 20_000;

/** A job stopped at its time limit (the worker that ran it was replaced). */
export class RenderTimeoutError extends Error {
  constructor(
    readonly kind: RenderJob['kind'],
    readonly limitMs: number,
  ) {
    super(`the ${kind} job ran longer than ${limitMs} ms and was stopped`);
    this.name = 'RenderTimeoutError';
  }
}

/** The answer to a job stopped at its limit: 503 `render_timeout`, in words a user understands. */
export function timeoutReply(err: RenderTimeoutError): { status: 503; message: string } {
  const what = JOB_WORDS[err.kind] ?? 'The export';
  const seconds = Math.max(1, Math.round(err.limitMs / 1000));
  return {
    status: 503,
    message: `${what} took longer than ${seconds} seconds and was stopped; other work was not held up`,
  };
}

/** How a reply names a job that is not an export. */
const JOB_WORDS: Partial<Record<string, string>> = {
  generate: 'Generating the draft',
  import: 'The import',
  'names:check': 'The name check',
  'names:redact': 'Replacing the names',
  'names:undo': 'Undoing the replacement',
  'sense:suggest': 'Suggesting groups',
  'sense:belong': 'Ranking the ideas for this cluster',
  'sense:name': 'Suggesting a name',
};

interface Pending {
  job: RenderJob;
  resolve: (result: RenderResult) => void;
  reject: (err: Error) => void;
}

let worker: Worker | null = null;
/** Whether the current worker has loaded its modules (its jobs' clocks start then). */
let workerReady = false;
/** Time a new worker may take to load (tsx compiles the export modules) on top of a job's limit. */
const BOOT_ALLOWANCE_MS = 15_000;
/** A worker that failed this many times in a row is not started again (jobs run in process). */
const MAX_FAILURES = 3;
let failures = 0;
let nextId = 0;
let idleTimer: NodeJS.Timeout | null = null;
/** Jobs waiting for the worker, oldest first. */
const queue: Pending[] = [];
/** The job the worker is running, with its deadline. */
let running: { id: number; p: Pending; deadline: NodeJS.Timeout } | null = null;
const counts = { onWorker: 0, inProcess: 0, workersStarted: 0, timedOut: 0 };

function inProcess(p: Pending): void {
  counts.inProcess++;
  runRenderJob(p.job).then(p.resolve, p.reject);
}

/** Takes the running job back from a worker that is gone (crashed, or stopped on purpose). */
function takeBackRunning(): Pending | null {
  const r = running;
  running = null;
  if (!r) return null;
  clearTimeout(r.deadline);
  return r.p;
}

function failAll(): void {
  failures++;
  worker = null;
  const p = takeBackRunning();
  if (p) inProcess(p);
  pump();
}

/** The running job passed its deadline: end the worker that holds it, fail the job, go on. */
function timeOut(id: number): void {
  if (running?.id !== id) return;
  const p = takeBackRunning();
  const w = worker;
  worker = null;
  counts.timedOut++;
  if (w) void w.terminate();
  p?.reject(new RenderTimeoutError(p.job.kind, jobTimeoutMs));
  pump();
}

/** Hands the next queued job to the worker (starting one if needed). */
function pump(): void {
  if (running || queue.length === 0) {
    scheduleIdleExit();
    return;
  }
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = null;
  const w = start();
  if (!w) {
    for (const p of queue.splice(0)) inProcess(p);
    return;
  }
  const p = queue.shift() as Pending;
  const id = ++nextId;
  running = { id, p, deadline: armDeadline(id, workerReady ? 0 : BOOT_ALLOWANCE_MS) };
  try {
    w.postMessage({ id, job: p.job });
  } catch (err) {
    // A job that cannot be copied to the worker fails alone; the queue goes on.
    takeBackRunning();
    p.reject(err instanceof Error ? err : new Error(String(err)));
    pump();
  }
}

function armDeadline(id: number, extraMs: number): NodeJS.Timeout {
  const deadline = setTimeout(() => timeOut(id), jobTimeoutMs + extraMs);
  deadline.unref();
  return deadline;
}

/** tsx's ESM API, resolved from here (the worker's own resolution would start at the cwd). */
function tsxApiUrl(): string {
  const require = createRequire(import.meta.url);
  const pkgFile = require.resolve('tsx/package.json');
  const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8')) as {
    exports: Record<string, { import: { default: string } }>;
  };
  const entry = pkg.exports['./esm/api']?.import.default;
  if (!entry) throw new Error('tsx has no ESM API');
  return pathToFileURL(path.join(path.dirname(pkgFile), entry)).href;
}

function scheduleIdleExit(): void {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = null;
  if (running || queue.length > 0 || !worker) return;
  const w = worker;
  idleTimer = setTimeout(() => {
    idleTimer = null;
    if (worker === w && !running && queue.length === 0) {
      worker = null;
      void w.terminate();
    }
  }, idleExitMs);
  idleTimer.unref();
}

function start(): Worker | null {
  if (worker || failures >= MAX_FAILURES) return worker;
  try {
    // The worker runs the TypeScript source, as the server does. Node 20 does not apply an
    // `--import tsx` loader to a worker's entry file, so the worker registers tsx itself.
    const target = new URL('./renderWorker.ts', import.meta.url).href;
    const code = `import(${JSON.stringify(tsxApiUrl())})
      .then((tsx) => { tsx.register(); return import(${JSON.stringify(target)}); })`;
    const w = new Worker(code, { eval: true });
    w.unref();
    w.on('message', (msg: { id: number; result?: RenderResult; error?: string; ready?: true }) => {
      if (worker !== w) return;
      if (msg.ready) {
        // The job's own clock starts now, not while the worker was still loading.
        workerReady = true;
        if (running) {
          clearTimeout(running.deadline);
          running.deadline = armDeadline(running.id, 0);
        }
        return;
      }
      if (running?.id !== msg.id) return;
      const p = takeBackRunning() as Pending;
      counts.onWorker++;
      failures = 0;
      if (msg.result !== undefined) p.resolve(msg.result);
      else p.reject(new Error(msg.error ?? 'rendering failed'));
      pump();
    });
    w.on('error', () => {
      if (worker === w) failAll();
    });
    w.on('exit', () => {
      if (worker !== w) return;
      worker = null;
      if (running) failAll();
    });
    worker = w;
    workerReady = false;
    counts.workersStarted++;
  } catch {
    failures = MAX_FAILURES;
  }
  return worker;
}

function submit(job: RenderJob): Promise<RenderResult> {
  return new Promise((resolve, reject) => {
    queue.push({ job, resolve, reject });
    pump();
  });
}

/**
 * A brief (md, html, docx), the ideas table (csv) or the JSON archive, composed and rendered off
 * the main thread.
 */
export async function renderOffThread(
  job: Extract<
    RenderJob,
    {
      kind: 'brief' | 'storedBrief' | 'storedResults' | 'series' | 'archive' | 'document';
    }
  >,
): Promise<Buffer | string> {
  const result = await submit(job);
  if (typeof result === 'string') return result;
  if (result instanceof Uint8Array)
    return Buffer.from(result.buffer, result.byteOffset, result.length);
  throw new Error('rendering returned no file');
}

/** The series' policy paper generated from its workshops, off the main thread (issue 15). */
export async function generatePaperOffThread(
  job: Extract<RenderJob, { kind: 'paperGenerate' }>,
): Promise<GeneratedPaper> {
  const result = await submit(job);
  if (typeof result !== 'object' || result === null || !('sections' in result)) {
    throw new Error('generation returned no paper');
  }
  return result as GeneratedPaper;
}

/** The generated text of every brief section, computed off the main thread. */
export async function generateOffThread(
  job: Extract<RenderJob, { kind: 'generate' }>,
): Promise<GeneratedSection[]> {
  const result = await submit(job);
  if (!Array.isArray(result)) throw new Error('generation returned no sections');
  return result;
}

/** A name check, a replacement or its undo, computed off the main thread (nameJobs.ts). */
export async function nameJobOffThread<K extends NameJob['kind']>(
  job: Extract<NameJob, { kind: K }>,
): Promise<Extract<NameJobResult, { kind: K }>> {
  const result = await submit(job);
  if (
    typeof result !== 'object' ||
    result === null ||
    !('kind' in result) ||
    result.kind !== job.kind
  ) {
    throw new Error('the name check returned nothing');
  }
  return result as Extract<NameJobResult, { kind: K }>;
}

/** A sense query (issue 13) computed off the main thread (senseJobs.ts). */
export async function senseOffThread<K extends SenseJob['kind']>(
  job: Extract<SenseJob, { kind: K }>,
): Promise<Extract<SenseJobResult, { kind: K }>> {
  const result = await submit(job);
  if (
    typeof result !== 'object' ||
    result === null ||
    !('kind' in result) ||
    result.kind !== job.kind
  ) {
    throw new Error('the sense query returned nothing');
  }
  return result as Extract<SenseJobResult, { kind: K }>;
}

/** An import body checked and planned off the main thread: rows and doc to write, or a refusal. */
export async function importOffThread(
  job: Extract<RenderJob, { kind: 'import' }>,
): Promise<ImportOutcome> {
  const result = await submit(job);
  if (typeof result !== 'object' || result === null || !('ok' in result)) {
    throw new Error('import planning returned nothing');
  }
  return result;
}

/** Ends the worker now (tests and shutdown); jobs not done yet finish on the main thread. */
export async function stopRenderWorker(): Promise<void> {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = null;
  const w = worker;
  worker = null;
  const held = takeBackRunning();
  if (w) await w.terminate();
  for (const p of [...(held ? [held] : []), ...queue.splice(0)]) inProcess(p);
  failures = 0;
}

/** What the pool has done so far (for tests and diagnostics). */
export function renderPoolState(): {
  running: boolean;
  pending: number;
  onWorker: number;
  inProcess: number;
  workersStarted: number;
  timedOut: number;
} {
  return { running: worker !== null, pending: queue.length + (running ? 1 : 0), ...counts };
}

/** How long one job may run on the worker before it is stopped (tests shorten it). */
export function setRenderJobTimeout(ms: number): void {
  jobTimeoutMs = ms;
}

/** How long an idle worker is kept before it exits (tests shorten it). */
export function setRenderWorkerIdleExit(ms: number): void {
  idleExitMs = ms;
}

/**
 * Ends the worker as a crash would, leaving its jobs pending (tests of the recovery path: the
 * jobs complete on the main thread, and the next one starts a new worker).
 */
export async function crashRenderWorker(): Promise<void> {
  await worker?.terminate();
}
