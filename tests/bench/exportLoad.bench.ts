import { connectRoom, participantsFor, seedWorkshops } from './lib/convene.ts';
import { conveneRigFor, type FanoutResult, runFanout } from './lib/fanout.ts';
import { newDataDir, type ServerProcess, startServer } from './lib/proc.ts';
import { type BenchOptions, ms, Report, ratio } from './lib/report.ts';
import { type Summary, sleep, summarize } from './lib/stats.ts';

/**
 * 7. Export under load: every format of a 1,000-idea board through the HTTP route
 * (GET /api/workshops/:id/export?format=…) of the server process, while its 60 participants
 * are connected and ideas keep arriving (5/s). Measured: the time of each export as the client
 * sees it, the server's longest event-loop delay (monitorEventLoopDelay in the server process),
 * and fan-out p99 of the ideas sent meanwhile, against the same load with no export running.
 * (tests/bench/export.bench.ts measures the export code itself on a richer board, in-process.)
 */

const FORMATS = ['md', 'html', 'docx', 'csv', 'json'] as const;
const BUDGET_MS: Partial<Record<(typeof FORMATS)[number], number>> = {
  md: 100,
  html: 200,
  docx: 1000,
};
const IDEA_RATE = 5;

interface FormatResult {
  format: string;
  available: boolean;
  status: number;
  times: Summary;
  bytes: number;
  /** The server's longest event-loop delay while an export of this format ran. */
  blockedMs: number;
}

async function exportOnce(server: ServerProcess, id: string, token: string, format: string) {
  const t0 = performance.now();
  const res = await fetch(`${server.url}/api/workshops/${id}/export?format=${format}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const body = await res.arrayBuffer();
  return { ms: performance.now() - t0, status: res.status, bytes: body.byteLength };
}

export async function run(opts: BenchOptions): Promise<Report> {
  const report = new Report('7. Export under load: HTTP route, 1,000 ideas, 60 clients active');
  const rounds = opts.full ? 20 : 5;
  const windowIdeas = opts.full ? 300 : 75;
  const dataDir = newDataDir();
  const [w] = seedWorkshops(dataDir, [
    { participants: participantsFor(1000, 60), ideas: 1000, phase: 'submit' },
  ]);
  if (!w) throw new Error('no workshop seeded');
  const server = await startServer('convene', { dataDir, removeDataDir: true });
  const results: FormatResult[] = [];
  let idle: FanoutResult;
  let during: FanoutResult;
  let idleLoop: { maxMs: number };
  let duringLoop: { maxMs: number };
  try {
    // The 60 participants in the room now (the seeded ideas' authors are not connected).
    const room = await connectRoom(server.url, { ...w, participants: w.participants.slice(-60) });
    const rig = conveneRigFor(room, w.questionIds[0] as string);
    await runFanout([rig], 10, 20); // warm-up
    for (const f of FORMATS) await exportOnce(server, w.id, w.facilitatorToken, f); // warm-up
    await sleep(500);
    await server.request('loop');
    idle = await runFanout([rig], IDEA_RATE, windowIdeas);
    idleLoop = await server.request<{ maxMs: number }>('loop');
    // The same load, with exports back to back in every format until the window closes.
    let exporting = true;
    const times = new Map<
      string,
      { ms: number[]; status: number; bytes: number; blocked: number }
    >();
    let loopMax = 0;
    const exporter = (async () => {
      for (let r = 0; exporting || r < rounds; r++) {
        for (const f of FORMATS) {
          // Event-loop delay is read (and reset) around each export, so it is told per format.
          loopMax = Math.max(loopMax, (await server.request<{ maxMs: number }>('loop')).maxMs);
          const e = await exportOnce(server, w.id, w.facilitatorToken, f);
          const blocked = (await server.request<{ maxMs: number }>('loop')).maxMs;
          loopMax = Math.max(loopMax, blocked);
          const t = times.get(f) ?? { ms: [], status: e.status, bytes: e.bytes, blocked: 0 };
          t.ms.push(e.ms);
          t.status = e.status;
          t.bytes = e.bytes;
          t.blocked = Math.max(t.blocked, blocked);
          times.set(f, t);
        }
      }
    })();
    await sleep(200);
    during = await runFanout([rig], IDEA_RATE, windowIdeas);
    exporting = false;
    await exporter;
    duringLoop = {
      maxMs: Math.max(loopMax, (await server.request<{ maxMs: number }>('loop')).maxMs),
    };
    for (const f of FORMATS) {
      const t = times.get(f);
      results.push({
        format: f,
        available: t?.status === 200,
        status: t?.status ?? 0,
        times: summarize(t?.ms ?? []),
        bytes: t?.bytes ?? 0,
        blockedMs: t?.blocked ?? Number.NaN,
      });
    }
    rig.close();
  } finally {
    await server.stop();
  }
  report.table(
    ['format', 'exports', 'p50 ms', 'max ms', 'longest event-loop delay', 'size', 'budget'],
    results.map((r) =>
      r.available
        ? [
            r.format,
            r.times.n,
            ms(r.times.p50),
            ms(r.times.max),
            ms(r.blockedMs),
            `${(r.bytes / 1024).toFixed(0)} KB`,
            BUDGET_MS[r.format as 'md'] ? `≤ ${BUDGET_MS[r.format as 'md']} ms` : '—',
          ]
        : [r.format, '—', 'not available', `HTTP ${r.status}`, '—', '—', '—'],
    ),
    'Each export timed by the client (request to last byte), back to back in every format, while ideas arrive; event-loop delay: the longest in the server while exports of that format ran (ms).',
  );
  report.table(
    ['', 'fan-out p50', 'fan-out p99', 'longest event-loop delay'],
    [
      ['idle (no export)', ms(idle.all.p50), ms(idle.all.p99), ms(idleLoop.maxMs)],
      ['during exports', ms(during.all.p50), ms(during.all.p99), ms(duringLoop.maxMs)],
      ['ratio', ratio(during.all.p50, idle.all.p50), ratio(during.all.p99, idle.all.p99), ''],
    ],
    `${IDEA_RATE} ideas/s to 60 clients (a socket and a Yjs connection each), ms.`,
  );
  for (const r of results) {
    const budget = BUDGET_MS[r.format as 'md'];
    if (!budget) continue;
    if (!r.available) {
      report.check(`${r.format} ≤ ${budget} ms`, `not available (HTTP ${r.status})`, null);
      continue;
    }
    report.check(
      `${r.format} ≤ ${budget} ms (median)`,
      `${ms(r.times.p50)} ms (max ${ms(r.times.max)})`,
      r.times.p50 <= budget,
    );
  }
  report.check(
    'event loop never blocked > 50 ms during exports',
    `${ms(duringLoop.maxMs)} ms`,
    duringLoop.maxMs <= 50,
  );
  const q = during.all.p99 / idle.all.p99;
  report.check(
    'fan-out p99 during export ≤ 2× idle',
    `${ms(during.all.p99)} vs ${ms(idle.all.p99)} ms = ${q.toFixed(2)}×`,
    q <= 2,
  );
  const errors = server.errors().trim();
  if (errors) report.note(`Server warnings/errors:\n${errors.slice(0, 2000)}`);
  report.finish();
  return report;
}
