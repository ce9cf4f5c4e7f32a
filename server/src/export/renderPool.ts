import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { GeneratedSection } from '@convene/shared';
import type { NameJob, NameJobResult } from './nameJobs.ts';
import { type RenderJob, type RenderResult, runRenderJob } from './renderJobs.ts';

/**
 * Export jobs on a worker thread. Composing and rendering a 1,000-idea brief is 60–300 ms of
 * synchronous work (more for DOCX); on the main thread it would delay every room's fan-out by as
 * much. One worker, started on first use and unreferenced (it never keeps the process alive),
 * takes the jobs in turn, and exits after a quiet minute so that the memory an export needed
 * goes back to the system between exports. If it dies, the jobs it held run on the main thread
 * (slower for everyone, but the export still works) and the next job starts a new worker; after
 * three failures in a row without a finished job, or if it cannot start at all, every job runs
 * on the main thread.
 */

let idleExitMs = 60_000;

interface Pending {
  job: RenderJob;
  resolve: (result: RenderResult) => void;
  reject: (err: Error) => void;
}

let worker: Worker | null = null;
/** A worker that failed this many times in a row is not started again (jobs run in process). */
const MAX_FAILURES = 3;
let failures = 0;
let nextId = 0;
let idleTimer: NodeJS.Timeout | null = null;
const pending = new Map<number, Pending>();
const counts = { onWorker: 0, inProcess: 0, workersStarted: 0 };

function inProcess(p: Pending): void {
  counts.inProcess++;
  runRenderJob(p.job).then(p.resolve, p.reject);
}

function failAll(): void {
  failures++;
  worker = null;
  const jobs = [...pending.values()];
  pending.clear();
  for (const p of jobs) inProcess(p);
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
  if (pending.size > 0 || !worker) return;
  const w = worker;
  idleTimer = setTimeout(() => {
    idleTimer = null;
    if (worker === w && pending.size === 0) {
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
    w.on('message', (msg: { id: number; result?: RenderResult; error?: string }) => {
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      counts.onWorker++;
      failures = 0;
      if (msg.result !== undefined) p.resolve(msg.result);
      else p.reject(new Error(msg.error ?? 'rendering failed'));
      scheduleIdleExit();
    });
    w.on('error', () => {
      if (worker === w) failAll();
    });
    w.on('exit', () => {
      if (worker !== w) return;
      worker = null;
      if (pending.size > 0) failAll();
    });
    worker = w;
    counts.workersStarted++;
  } catch {
    failures = MAX_FAILURES;
  }
  return worker;
}

function submit(job: RenderJob): Promise<RenderResult> {
  return new Promise((resolve, reject) => {
    const p: Pending = { job, resolve, reject };
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = null;
    const w = start();
    if (!w) return inProcess(p);
    const id = ++nextId;
    pending.set(id, p);
    w.postMessage({ id, job });
  });
}

/** A brief (md, html, docx) or the ideas table (csv), composed and rendered off the main thread. */
export async function renderOffThread(
  job: Extract<RenderJob, { kind: 'brief' | 'series' }>,
): Promise<Buffer | string> {
  const result = await submit(job);
  if (typeof result === 'string') return result;
  if (result instanceof Uint8Array)
    return Buffer.from(result.buffer, result.byteOffset, result.length);
  throw new Error('rendering returned no file');
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

/** Ends the worker now (tests and shutdown); the next job starts a new one. */
export async function stopRenderWorker(): Promise<void> {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = null;
  const w = worker;
  worker = null;
  if (w) await w.terminate();
  if (pending.size > 0) failAll();
  failures = 0;
}

/** What the pool has done so far (for tests and diagnostics). */
export function renderPoolState(): {
  running: boolean;
  pending: number;
  onWorker: number;
  inProcess: number;
  workersStarted: number;
} {
  return { running: worker !== null, pending: pending.size, ...counts };
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
