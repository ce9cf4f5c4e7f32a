import fs from 'node:fs';
import path from 'node:path';
import { readIdeas } from '@convene/shared';
import { emitAck } from './lib/clients.ts';
import { connectRoom, setPhase } from './lib/convene.ts';
import { conveneRigFor, type FanoutResult, runFanout } from './lib/fanout.ts';
import { loadAverage, meter, REPO_ROOT, readProc, startServer } from './lib/proc.ts';
import { mb, ms, pct, Report } from './lib/report.ts';

/**
 * 9. Soak (`npm run bench:soak`, not part of `npm run bench` or CI): two hours of a server at
 * workshop load — 60 participants, one idea a second, and every ten minutes an export in every
 * format and the question moved on (cluster → vote with every participant's dots → results →
 * the next question collecting ideas). Workshops run back to back, two questions (twenty
 * minutes) each, as a day of a series would: the people of one leave, its room unloads, the next
 * one's 60 people join. A single workshop fed an idea a second for two hours would hold 7,200
 * ideas and grow by design (the live board is kept in memory), which would hide a leak behind
 * legitimate growth; back-to-back workshops keep the data per room realistic, so what memory
 * remains at the end is what the server failed to give back.
 *
 * Per interval: fan-out p50/p99, server CPU, RSS and the size of the SQLite WAL. Budgets: RSS
 * drift ≤ 10 %, p99 drift ≤ 20 % (first third of the run vs last third), the WAL bounded (it
 * stops growing once SQLite checkpoints).
 *
 * `--minutes 120` (default) and `--interval 10` (minutes between exports) shorten it for a try;
 * `--per-workshop 2` sets how many intervals (questions) each workshop lasts;
 * `--formats md,json` limits the exports.
 */

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const MINUTES = arg('minutes', 120);
const INTERVAL = arg('interval', 10);
const PER_WORKSHOP = arg('per-workshop', 2);
const PARTICIPANTS = 60;
const RATE = 1;
/** `--formats md,json` exports only those (to tell which export a drift comes from). */
const FORMATS = (
  process.argv.includes('--formats')
    ? String(process.argv[process.argv.indexOf('--formats') + 1])
    : 'md,html,docx,csv,json'
).split(',');

interface Interval {
  at: number;
  /** Which workshop of the run (1, 2, …). */
  workshop: number;
  fanout: FanoutResult;
  cpu: number;
  rssMb: number;
  /** RSS and retained memory (V8 heap used + external) after a full garbage collection. */
  gcRssMb: number;
  liveMb: number;
  walMb: number;
  exportMs: number;
}

async function main(): Promise<void> {
  const report = new Report(
    `9. Soak: ${MINUTES} min, ${PARTICIPANTS} participants, ${RATE} idea/s, export every ${INTERVAL} min`,
  );
  console.log(`load average at start: ${loadAverage()}`);
  const server = await startServer('convene');
  const intervals: Interval[] = [];
  try {
    let workshops = 0;
    /** A new workshop with its participants joined and connected, its first question open. */
    const nextWorkshop = async () => {
      workshops++;
      const res = await fetch(`${server.url}/api/workshops`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          title: `Soak workshop ${workshops}`,
          questions: Array.from({ length: PER_WORKSHOP }, (_, k) => ({
            prompt: `Question ${k + 1}`,
          })),
        }),
      });
      const created = (await res.json()) as {
        id: string;
        joinCode: string;
        facilitatorToken: string;
        questions: { id: string }[];
      };
      const participants = [];
      for (let i = 0; i < PARTICIPANTS; i++) {
        const r = await fetch(`${server.url}/api/join`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ joinCode: created.joinCode }),
        });
        const j = (await r.json()) as { participantId: string; participantToken: string };
        participants.push({ id: j.participantId, token: j.participantToken });
      }
      const workshop = {
        id: created.id,
        joinCode: created.joinCode,
        facilitatorToken: created.facilitatorToken,
        projectorToken: '',
        rapporteurToken: '',
        questionIds: created.questions.map((q) => q.id),
        participants,
      };
      const room = await connectRoom(server.url, workshop);
      await setPhase(room, workshop.questionIds[0] as string, 'submit');
      return { workshop, room };
    };
    let { workshop, room } = await nextWorkshop();
    let q = 0;
    const started = performance.now();
    const perInterval = INTERVAL * 60 * RATE;
    while (performance.now() - started < MINUTES * 60_000) {
      const questionId = workshop.questionIds[q] as string;
      const workshopNumber = workshops;
      const rig = conveneRigFor(room, questionId);
      const m = meter(server.pid);
      const fanout = await runFanout([rig], RATE, perInterval);
      const cpu = m.stop().cpuPercent;
      // Every format, then the question moves on through voting to the next one.
      const t0 = performance.now();
      for (const f of FORMATS) {
        const r = await fetch(`${server.url}/api/workshops/${workshop.id}/export?format=${f}`, {
          headers: { authorization: `Bearer ${workshop.facilitatorToken}` },
        });
        await r.arrayBuffer();
      }
      const exportMs = performance.now() - t0;
      await setPhase(room, questionId, 'cluster');
      await setPhase(room, questionId, 'vote');
      const doc = room.clients[0]?.yjs.doc;
      const own = doc
        ? readIdeas(doc)
            .filter((idea) => idea.questionId === questionId)
            .map((idea) => idea.id)
        : [];
      await Promise.all(
        room.clients.map(async (c, k) => {
          for (let d = 0; d < 3 && own.length > 0; d++) {
            await emitAck(c.socket ?? room.facilitator, 'vote:cast', {
              ideaId: own[(k + d * 7) % own.length],
            });
          }
        }),
      );
      await setPhase(room, questionId, 'results');
      q++;
      if (q < workshop.questionIds.length) {
        await setPhase(room, workshop.questionIds[q] as string, 'submit');
      } else {
        // The workshop is over: its people leave (its room unloads once idle) and the next
        // workshop's people join.
        await setPhase(room, questionId, 'closed');
        room.close();
        ({ workshop, room } = await nextWorkshop());
        q = 0;
      }
      const wal = await server.request<{ walBytes: number }>('wal');
      const rssMb = readProc(server.pid).rssKb / 1024;
      // A full collection, to tell memory still in use from garbage V8 has not collected yet.
      await server.request('gc');
      const gcRssMb = readProc(server.pid).rssKb / 1024;
      const mem = await server.request<NodeJS.MemoryUsage>('memory');
      const liveMb = (mem.heapUsed + mem.external) / 2 ** 20;
      const interval: Interval = {
        at: (performance.now() - started) / 60_000,
        workshop: workshopNumber,
        fanout,
        cpu,
        rssMb,
        gcRssMb,
        liveMb,
        walMb: wal.walBytes / 2 ** 20,
        exportMs,
      };
      intervals.push(interval);
      console.log(
        `${interval.at.toFixed(1)} min: p50 ${ms(fanout.all.p50)} p99 ${ms(fanout.all.p99)} ms, CPU ${pct(cpu)}, RSS ${mb(rssMb)} (after GC ${mb(gcRssMb)}, retained ${mb(liveMb)}), WAL ${mb(interval.walMb)}, exports ${ms(exportMs)} ms, load ${loadAverage()}`,
      );
    }
    room.close();
  } finally {
    await server.stop();
  }
  report.table(
    [
      'minute',
      'workshop',
      'ideas',
      'p50',
      'p99',
      'CPU',
      'RSS',
      'RSS after GC',
      'retained',
      'WAL',
      'all exports',
    ],
    intervals.map((i) => [
      i.at.toFixed(1),
      i.workshop,
      i.fanout.sent,
      ms(i.fanout.all.p50),
      ms(i.fanout.all.p99),
      pct(i.cpu),
      mb(i.rssMb),
      mb(i.gcRssMb),
      mb(i.liveMb),
      mb(i.walMb),
      `${ms(i.exportMs)} ms`,
    ]),
    'Per interval: fan-out latency (ms) to 60 clients, server CPU; at its end RSS, RSS after a full GC, retained memory (V8 heap used + external) and WAL size; time for one export in every format.',
  );
  if (intervals.length >= 3) {
    // First third against last third of the run, so that one noisy interval decides nothing.
    const third = Math.max(1, Math.floor(intervals.length / 3));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const head = intervals.slice(0, third);
    const tail = intervals.slice(-third);
    // RSS after a full GC: without it, RSS mostly says when V8 last chose to collect.
    const rss0 = mean(head.map((i) => i.gcRssMb));
    const rss1 = mean(tail.map((i) => i.gcRssMb));
    const p990 = mean(head.map((i) => i.fanout.all.p99));
    const p991 = mean(tail.map((i) => i.fanout.all.p99));
    const rssDrift = (rss1 - rss0) / rss0;
    const p99Drift = (p991 - p990) / p990;
    report.check(
      'RSS drift ≤ 10 % (after GC; first third → last third)',
      `${mb(rss0)} → ${mb(rss1)} (${(rssDrift * 100).toFixed(1)} %)`,
      rssDrift <= 0.1,
    );
    report.check(
      'p99 drift ≤ 20 % (first third → last third)',
      `${ms(p990)} → ${ms(p991)} ms (${(p99Drift * 100).toFixed(1)} %)`,
      p99Drift <= 0.2,
    );
    const half = intervals.slice(0, Math.ceil(intervals.length / 2));
    const walFirstHalf = Math.max(...half.map((i) => i.walMb));
    const walMax = Math.max(...intervals.map((i) => i.walMb));
    report.check(
      'WAL bounded (no growth after the first half)',
      `max ${mb(walMax)}, first half ${mb(walFirstHalf)}`,
      walMax <= Math.max(walFirstHalf * 1.1, 8),
    );
  } else {
    report.note('Too short for drift: run at least three intervals.');
  }
  report.finish();
  const dir = path.join(REPO_ROOT, 'test-artifacts/bench');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'soak.md'), `${report.markdown.join('\n')}\n`);
  process.exit(0);
}

void main();
