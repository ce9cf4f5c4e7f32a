import { RawYjsClient, relayUrl } from './lib/clients.ts';
import { type ConveneRoom, connectRoom, seedWorkshops } from './lib/convene.ts';
import {
  conveneRigFor,
  type FanoutResult,
  type FanoutRig,
  relayRigFor,
  runFanout,
} from './lib/fanout.ts';
import { type CpuWindow, meter, newDataDir, SERVER_LABEL, startServer } from './lib/proc.ts';
import { type BenchOptions, mb, ms, pct, Report, ratio } from './lib/report.ts';
import { mapLimit, percentile, sleep } from './lib/stats.ts';

/**
 * 6. Many rooms: 200 workshops × 30 clients in one server process, 0.5 ideas/s in each
 * (100 ideas/s in all, staggered). Per workshop: p99 of its clients' fan-out latency; for the
 * process: CPU and RSS. Baseline B: the bare relay with 200 rooms × 30 readers and a writer each.
 */

const WORKSHOPS = 200;
const CLIENTS = 30;
const RATE = 0.5;

interface Outcome {
  result: FanoutResult;
  cpu: CpuWindow;
  connectSeconds: number;
}

function describe(r: FanoutResult) {
  const p99s = r.perRig.map((s) => s.p99);
  return { worst: Math.max(...p99s), median: percentile(p99s, 50) };
}

export async function run(opts: BenchOptions): Promise<Report> {
  const report = new Report(
    `6. Many rooms: ${WORKSHOPS} workshops × ${CLIENTS} clients, ${RATE} ideas/s each`,
  );
  const seconds = opts.full ? 120 : 30;
  const harnessHeap = { convene: 0, relay: 0 };
  const count = Math.round(seconds * RATE);

  // Baseline B first.
  const relay = await startServer('yjs');
  let b: Outcome;
  try {
    const t0 = performance.now();
    const rigs: FanoutRig[] = await mapLimit(Array.from({ length: WORKSHOPS }), 4, async (_, w) => {
      const url = relayUrl(relay.url, `room-${w}`);
      const writer = new RawYjsClient(url, { writer: true });
      await writer.synced;
      const readers = await mapLimit(Array.from({ length: CLIENTS }), 10, async () => {
        const c = new RawYjsClient(url);
        await c.synced;
        return c;
      });
      return relayRigFor(writer, readers);
    });
    const connectSeconds = (performance.now() - t0) / 1000;
    await runFanout(rigs, 5, 1); // warm-up: one idea in every room
    await sleep(1000);
    const m = meter(relay.pid);
    const result = await runFanout(rigs, RATE, count);
    b = { result, cpu: m.stop(), connectSeconds };
    harnessHeap.relay = process.memoryUsage().heapUsed / 2 ** 20;
    for (const rig of rigs) rig.close();
  } finally {
    await relay.stop();
  }

  const dataDir = newDataDir();
  const workshops = seedWorkshops(
    dataDir,
    Array.from({ length: WORKSHOPS }, () => ({ participants: CLIENTS, phase: 'submit' as const })),
  );
  const server = await startServer('convene', { dataDir, removeDataDir: true });
  let c: Outcome;
  try {
    const t0 = performance.now();
    const rooms: ConveneRoom[] = await mapLimit(workshops, 4, (w) =>
      connectRoom(server.url, w, { concurrency: 10 }),
    );
    const connectSeconds = (performance.now() - t0) / 1000;
    const rigs = rooms.map((room) => conveneRigFor(room, room.workshop.questionIds[0] as string));
    await runFanout(rigs, 5, 1);
    await sleep(1000);
    const m = meter(server.pid);
    const result = await runFanout(rigs, RATE, count);
    c = { result, cpu: m.stop(), connectSeconds };
    harnessHeap.convene = process.memoryUsage().heapUsed / 2 ** 20;
    for (const rig of rigs) rig.close();
  } finally {
    await server.stop();
  }

  const cd = describe(c.result);
  const bd = describe(b.result);
  report.table(
    [
      'server',
      'samples',
      'p50',
      'p99',
      'worst workshop p99',
      'median workshop p99',
      'CPU',
      'RSS',
      'peak RSS',
      'delivered',
    ],
    [
      [
        'Convene',
        c.result.all.n,
        ms(c.result.all.p50),
        ms(c.result.all.p99),
        ms(cd.worst),
        ms(cd.median),
        pct(c.cpu.cpuPercent),
        mb(c.cpu.rssMb),
        mb(c.cpu.peakRssMb),
        `${(c.result.delivered * 100).toFixed(1)} %`,
      ],
      [
        SERVER_LABEL.yjs,
        b.result.all.n,
        ms(b.result.all.p50),
        ms(b.result.all.p99),
        ms(bd.worst),
        ms(bd.median),
        pct(b.cpu.cpuPercent),
        mb(b.cpu.rssMb),
        mb(b.cpu.peakRssMb),
        `${(b.result.delivered * 100).toFixed(1)} %`,
      ],
      [
        'Convene / B',
        '',
        ratio(c.result.all.p50, b.result.all.p50),
        ratio(c.result.all.p99, b.result.all.p99),
        ratio(cd.worst, bd.worst),
        ratio(cd.median, bd.median),
        ratio(c.cpu.cpuPercent, b.cpu.cpuPercent),
        ratio(c.cpu.rssMb, b.cpu.rssMb),
        '',
        '',
      ],
    ],
    `${seconds} s window, ${count} ideas per workshop; ms from the send to the idea in each client's doc. CPU in % of one core. Connecting everyone took ${c.connectSeconds.toFixed(0)} s (Convene: a socket.io and a Yjs connection per client) and ${b.connectSeconds.toFixed(0)} s (B: Yjs only; here its load process does not hold idle socket.io companions, to keep the run short).`,
  );
  report.note(
    `Load process heap in use at the end of each window: ${mb(harnessHeap.convene)} (Convene's clients), ${mb(harnessHeap.relay)} (B's).`,
  );
  report.check(
    'every workshop p99 ≤ 100 ms',
    `worst ${ms(cd.worst)} ms, median ${ms(cd.median)} ms`,
    cd.worst <= 100 && c.result.delivered === 1 && c.result.failures === 0,
  );
  const errors = server.errors().trim();
  if (errors) report.note(`Server warnings/errors:\n${errors.slice(0, 2000)}`);
  report.finish();
  return report;
}
