import { parentPort } from 'node:worker_threads';
import { type RenderJob, runRenderJob } from './renderJobs.ts';

/** Runs export jobs off the main thread (see renderPool.ts). */
parentPort?.on('message', (msg: { id: number; job: RenderJob }) => {
  runRenderJob(msg.job).then(
    (result) => {
      const transfer = result instanceof Uint8Array ? [result.buffer as ArrayBuffer] : [];
      parentPort?.postMessage({ id: msg.id, result }, transfer);
    },
    (err: unknown) => parentPort?.postMessage({ id: msg.id, error: String(err) }),
  );
});
