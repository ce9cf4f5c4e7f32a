import os from 'node:os';
import { parentPort } from 'node:worker_threads';
import { type RenderJob, type RenderResult, runRenderJob } from './renderJobs.ts';

/**
 * Runs export jobs off the main thread (see renderPool.ts). An export is background work next to
 * a room's fan-out: on Linux, setting the priority of "process 0" from a thread lowers that
 * thread alone, so the rooms' thread wins a contended core (a two-core room server is the norm).
 */
try {
  os.setPriority(10);
} catch {
  // Not permitted or not supported: the worker runs at the process's priority.
}

/** Bytes in a result are moved to the main thread, not copied (a plan's doc is megabytes). */
function transferables(result: RenderResult): ArrayBuffer[] {
  if (result instanceof Uint8Array) return [result.buffer as ArrayBuffer];
  if (typeof result === 'object' && 'ok' in result && result.ok)
    return [result.doc.buffer as ArrayBuffer];
  return [];
}

parentPort?.on('message', (msg: { id: number; job: RenderJob }) => {
  runRenderJob(msg.job).then(
    (result) => {
      parentPort?.postMessage({ id: msg.id, result }, transferables(result));
    },
    (err: unknown) => parentPort?.postMessage({ id: msg.id, error: String(err) }),
  );
});

// Loaded: a job's time limit counts from here (see renderPool.ts).
parentPort?.postMessage({ ready: true });
