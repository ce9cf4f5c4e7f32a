import { parentPort } from 'node:worker_threads';
import type { BriefDocument } from '@convene/shared';
import { renderDocx } from './docxExport.ts';

/** Renders DOCX files off the main thread (see docxPool.ts). */
parentPort?.on('message', (job: { id: number; doc: BriefDocument }) => {
  renderDocx(job.doc).then(
    (data) => parentPort?.postMessage({ id: job.id, data }),
    (err: unknown) => parentPort?.postMessage({ id: job.id, error: String(err) }),
  );
});
