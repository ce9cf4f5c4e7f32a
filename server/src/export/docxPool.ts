import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BriefDocument } from '@convene/shared';
import { renderDocx } from './docxExport.ts';

/**
 * DOCX rendering on a worker thread. Packing a 1,000-idea brief takes the `docx` package a few
 * hundred milliseconds of synchronous work; on the main thread that would stall every room of
 * the server for as long. One worker, started on first use and unreferenced (it never keeps the
 * process alive), takes the jobs in turn. If it cannot start or dies, jobs are rendered on the
 * main thread instead: slower for everyone, but the export still works.
 */

interface Job {
  doc: BriefDocument;
  resolve: (data: Buffer) => void;
  reject: (err: Error) => void;
}

let worker: Worker | null = null;
let broken = false;
let nextId = 0;
const pending = new Map<number, Job>();

function inProcess(job: Job): void {
  renderDocx(job.doc).then(job.resolve, job.reject);
}

function failAll(): void {
  broken = true;
  worker = null;
  const jobs = [...pending.values()];
  pending.clear();
  for (const job of jobs) inProcess(job);
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

function start(): Worker | null {
  if (worker || broken) return worker;
  try {
    // The worker runs the TypeScript source, as the server does. Node 20 does not apply an
    // `--import tsx` loader to a worker's entry file, so the worker registers tsx itself.
    const target = new URL('./docxWorker.ts', import.meta.url).href;
    const code = `import(${JSON.stringify(tsxApiUrl())})
      .then((tsx) => { tsx.register(); return import(${JSON.stringify(target)}); })`;
    const w = new Worker(code, { eval: true });
    w.unref();
    w.on('message', (msg: { id: number; data?: Uint8Array; error?: string }) => {
      const job = pending.get(msg.id);
      if (!job) return;
      pending.delete(msg.id);
      if (msg.data) job.resolve(Buffer.from(msg.data));
      else job.reject(new Error(msg.error ?? 'docx rendering failed'));
    });
    w.on('error', failAll);
    w.on('exit', () => {
      if (pending.size > 0) failAll();
      worker = null;
    });
    worker = w;
  } catch {
    broken = true;
  }
  return worker;
}

export function renderDocxOffThread(doc: BriefDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const job: Job = { doc, resolve, reject };
    const w = start();
    if (!w) return inProcess(job);
    const id = ++nextId;
    pending.set(id, job);
    w.postMessage({ id, doc });
  });
}
