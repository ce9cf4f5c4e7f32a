import fs from 'node:fs';
import { threadId } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type RenderJob, runRenderJob } from '../../server/src/export/renderJobs.ts';
import {
  crashRenderWorker,
  generateOffThread,
  RenderTimeoutError,
  renderOffThread,
  renderPoolState,
  setRenderJobTimeout,
  setRenderWorkerIdleExit,
  stopRenderWorker,
} from '../../server/src/export/renderPool.ts';
import { fixtureSeries, fixtureSnapshot } from '../helpers/fixtureBoard.ts';
import { docxParagraphs, unzip } from '../helpers/unzip.ts';

/**
 * Exports are composed and rendered on a worker thread so that a 1,000-idea brief does not stall
 * every room's fan-out (tests/bench/exportLoad.bench.ts measures the effect). Here: the worker
 * really does the work, its files are the same as the main thread's, it exits when idle and
 * comes back on the next export, and a job caught by a stopping worker still completes.
 */

const now = new Date('2017-06-01T09:00:00Z');
const snapshot = fixtureSnapshot(0);
const draft = {};

const brief = (format: 'md' | 'html' | 'docx' | 'csv'): Extract<RenderJob, { kind: 'brief' }> => ({
  kind: 'brief',
  format,
  snapshot,
  draft,
  now,
});

async function waitFor(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('export render worker', () => {
  beforeAll(async () => {
    await stopRenderWorker();
  });
  afterAll(async () => {
    setRenderWorkerIdleExit(60_000);
    setRenderJobTimeout(20_000);
    await stopRenderWorker();
  });

  test('md, html and csv from the worker equal the main thread’s, and ran on the worker', async () => {
    const before = renderPoolState();
    for (const format of ['md', 'html', 'csv'] as const) {
      const offThread = await renderOffThread(brief(format));
      expect(offThread).toBe(await runRenderJob(brief(format)));
      expect(String(offThread).length).toBeGreaterThan(1000);
    }
    const after = renderPoolState();
    expect(threadId).toBe(0);
    expect(after.onWorker - before.onWorker).toBe(3);
    expect(after.inProcess).toBe(before.inProcess);
    expect(after.running).toBe(true);
  });

  test('the worker runs at a lower priority than the rooms’ thread (Linux)', async () => {
    await renderOffThread(brief('md'));
    const niceOf = (task: string) =>
      Number(
        fs.readFileSync(`/proc/self/task/${task}/stat`, 'utf8').split(') ')[1]?.split(' ')[16],
      );
    const tasks = fs.readdirSync('/proc/self/task');
    expect(niceOf(String(process.pid))).toBe(0);
    expect(tasks.map(niceOf)).toContain(10);
  });

  test('a DOCX and a series paper come back as real files', async () => {
    const file = await renderOffThread(brief('docx'));
    expect(Buffer.isBuffer(file)).toBe(true);
    const xml =
      unzip(file as Buffer)
        .get('word/document.xml')
        ?.toString('utf8') ?? '';
    const paragraphs = docxParagraphs(xml);
    expect(paragraphs.join('\n')).toContain('Meeting brief');
    const paper = await renderOffThread({
      kind: 'series',
      format: 'md',
      snapshot: fixtureSeries(),
      now,
    });
    expect(paper).toBe(
      await runRenderJob({ kind: 'series', format: 'md', snapshot: fixtureSeries(), now }),
    );
  });

  test('draft generation on the worker gives the same sections', async () => {
    const sections = await generateOffThread({ kind: 'generate', snapshot, now });
    expect(sections).toEqual(await runRenderJob({ kind: 'generate', snapshot, now }));
    expect(sections.length).toBeGreaterThan(3);
  });

  test('an idle worker exits, and the next export starts a new one', async () => {
    setRenderWorkerIdleExit(50);
    await renderOffThread(brief('md'));
    const started = renderPoolState().workersStarted;
    await waitFor(() => !renderPoolState().running);
    const md = await renderOffThread(brief('md'));
    expect(md).toContain('Meeting brief');
    expect(renderPoolState().workersStarted).toBe(started + 1);
    setRenderWorkerIdleExit(60_000);
  });

  test('a job caught by a stopping worker still completes (on the main thread)', async () => {
    const before = renderPoolState();
    const job = renderOffThread(brief('html'));
    await stopRenderWorker();
    expect(await job).toBe(await runRenderJob(brief('html')));
    expect(renderPoolState().inProcess).toBe(before.inProcess + 1);
    // The pool is usable again afterwards, on a worker.
    await renderOffThread(brief('csv'));
    expect(renderPoolState().onWorker).toBeGreaterThan(before.onWorker);
  });

  test('a worker that dies mid-job: the job completes on the main thread, the next gets a new worker', async () => {
    await renderOffThread(brief('csv'));
    const before = renderPoolState();
    const job = renderOffThread(brief('md'));
    await crashRenderWorker();
    expect(await job).toBe(await runRenderJob(brief('md')));
    const after = renderPoolState();
    expect(after.inProcess).toBe(before.inProcess + 1);
    expect(after.running).toBe(false);
    await renderOffThread(brief('csv'));
    expect(renderPoolState().workersStarted).toBe(before.workersStarted + 1);
    expect(renderPoolState().onWorker).toBe(before.onWorker + 1);
  });

  test('a job past its time limit fails, its worker is replaced, and the queued job succeeds', async () => {
    // A 60,000-idea Word brief: ~200 ms of work on a quiet machine (the genre's brief lists a
    // few ideas per theme, so it is quick for its size), far past the 30 ms limit set here.
    const q0 = snapshot.questions[0];
    if (!q0) throw new Error('fixture question expected');
    const ideas = Array.from({ length: 60_000 }, (_, k) => {
      const i = q0.ideas[k % q0.ideas.length] as (typeof q0.ideas)[number];
      return { ...i, id: `big-${k}`, seq: k + 1, text: `${i.text} (${k})` };
    });
    const big: RenderJob = {
      kind: 'brief',
      format: 'docx',
      snapshot: { ...snapshot, questions: [{ ...q0, ideas, rounds: [] }] },
      draft,
      now,
    };
    await renderOffThread(brief('csv'));
    const before = renderPoolState();
    setRenderJobTimeout(30);
    const stuck = renderOffThread(big as Extract<RenderJob, { kind: 'brief' }>);
    // Another workshop's export, queued behind the stuck one.
    const next = renderOffThread(brief('md'));
    const t0 = performance.now();
    await expect(stuck).rejects.toBeInstanceOf(RenderTimeoutError);
    const waited = performance.now() - t0;
    // The next job's clock starts once its new worker has loaded, after this line.
    setRenderJobTimeout(20_000);
    expect(await next).toBe(await runRenderJob(brief('md')));
    const after = renderPoolState();
    expect(after.timedOut).toBe(before.timedOut + 1);
    expect(after.workersStarted).toBe(before.workersStarted + 1);
    expect(after.onWorker).toBe(before.onWorker + 1);
    // Never retried on the main thread, where it would stall every room.
    expect(after.inProcess).toBe(before.inProcess);
    // Stopped at its limit, not when it would have finished.
    expect(waited).toBeLessThan(5000);
  });
});
