import {
  conveneRig,
  type FanoutResult,
  type FanoutRig,
  relayRig,
  runFanout,
} from './lib/fanout.ts';
import { meter, SERVER_LABEL, type ServerProcess, selfMeter, startServer } from './lib/proc.ts';
import { type BenchOptions, ms, pct, Report, ratio } from './lib/report.ts';
import { sleep } from './lib/stats.ts';

/**
 * 1. Fan-out: idea:submit → the idea in the doc of every one of N clients (each with its socket
 * and its Yjs connection), N = 60 and 500, steady (2 ideas/s) and burst (60 ideas/s for 5 s).
 * Baseline B (bare y-websocket relay, the writer edits its doc) runs in the same run, against
 * the same number of readers, with the same idea texts and the same schedule.
 */

interface Phase {
  name: string;
  rate: number;
  count: number;
}

/** Convene's commits in one phase (servers/convene.ts). */
interface CommitStats {
  p50: number;
  p99: number;
  max: number;
  perCommit: number;
}

interface Row {
  n: number;
  phase: string;
  convene: FanoutResult;
  relay: FanoutResult;
  conveneCpu: number;
  relayCpu: number;
  loadCpu: number;
  /** Convene's command transactions (commit and its disk flush included), ms. */
  commits: CommitStats;
}

async function measure(
  server: ServerProcess,
  rig: FanoutRig,
  phases: readonly Phase[],
): Promise<{
  results: FanoutResult[];
  cpu: number[];
  loadCpu: number[];
  commits: CommitStats[];
}> {
  // Warm-up: the first ideas pay for lazy compilation on both sides.
  await runFanout([rig], 10, 10);
  const results: FanoutResult[] = [];
  const cpu: number[] = [];
  const loadCpu: number[] = [];
  const commits: CommitStats[] = [];
  const commitStats = () =>
    server.kind === 'convene'
      ? server.request<CommitStats>('commits')
      : Promise.resolve({
          p50: Number.NaN,
          p99: Number.NaN,
          max: Number.NaN,
          perCommit: Number.NaN,
        });
  for (const phase of phases) {
    await sleep(500);
    await commitStats();
    const m = meter(server.pid);
    const self = selfMeter();
    results.push(await runFanout([rig], phase.rate, phase.count));
    cpu.push(m.stop().cpuPercent);
    loadCpu.push(self.stop());
    commits.push(await commitStats());
  }
  return { results, cpu, loadCpu, commits };
}

export async function run(opts: BenchOptions): Promise<Report> {
  const report = new Report('1. Fan-out: idea:submit → idea in every client’s doc');
  const steadySeconds = opts.full ? 60 : 15;
  const phases: Phase[] = [
    { name: 'steady 2/s', rate: 2, count: 2 * steadySeconds },
    { name: 'burst 60/s×5s', rate: 60, count: 300 },
  ];
  const convene = await startServer('convene');
  const relay = await startServer('yjs');
  // Holds baseline B's idle companion sockets (see idleCompanions); never measured.
  const bareIo = await startServer('socketio');
  const rows: Row[] = [];
  const diagnostic: { phase: string; result: FanoutResult }[] = [];
  try {
    for (const n of [60, 500]) {
      // The baseline first, then Convene, each alone on the machine while it runs.
      const rRig = await relayRig(relay, n, `fanout-${n}`, bareIo);
      const r = await measure(relay, rRig, phases);
      rRig.close();
      const cRig = await conveneRig(convene, n);
      const c = await measure(convene, cRig, phases);
      cRig.close();
      phases.forEach((p, i) => {
        rows.push({
          n,
          phase: p.name,
          convene: c.results[i] as FanoutResult,
          relay: r.results[i] as FanoutResult,
          conveneCpu: c.cpu[i] as number,
          relayCpu: r.cpu[i] as number,
          loadCpu: Math.max(c.loadCpu[i] as number, r.loadCpu[i] as number),
          commits: c.commits[i] as CommitStats,
        });
      });
      await sleep(1000);
    }
    // Diagnostic: the same N=60 phases against a Convene that commits without waiting for the
    // disk (synchronous=NORMAL; not how Convene runs), to show what the durable commit costs.
    const noSync = await startServer('convene', { env: { BENCH_SYNC: 'normal' } });
    try {
      const rig = await conveneRig(noSync, 60);
      const d = await measure(noSync, rig, phases);
      rig.close();
      phases.forEach((p, i) => {
        diagnostic.push({ phase: p.name, result: d.results[i] as FanoutResult });
      });
    } finally {
      await noSync.stop();
    }
  } finally {
    await convene.stop();
    await relay.stop();
    await bareIo.stop();
  }
  report.table(
    [
      'N',
      'load',
      'samples',
      'Convene p50',
      'p99',
      'B p50',
      'B p99',
      'p99 ratio',
      'Convene CPU',
      'B CPU',
      'delivered',
      'harness CPU',
      'harness µs/update C',
      'B',
      'commit p50',
      'commit max',
      'commands per commit',
    ],
    rows.map((r) => [
      r.n,
      r.phase,
      r.convene.all.n,
      ms(r.convene.all.p50),
      ms(r.convene.all.p99),
      ms(r.relay.all.p50),
      ms(r.relay.all.p99),
      ratio(r.convene.all.p99, r.relay.all.p99),
      pct(r.conveneCpu),
      pct(r.relayCpu),
      `${(r.convene.delivered * 100).toFixed(1)} %`,
      pct(r.loadCpu),
      r.convene.harnessUsPerDelivery.toFixed(0),
      r.relay.harnessUsPerDelivery.toFixed(0),
      ms(r.commits.p50),
      ms(r.commits.max),
      r.commits.perCommit.toFixed(1),
    ]),
    `Latency in ms from the send to the idea in each client's doc; baseline B = ${SERVER_LABEL.yjs} (its load process also holds N idle socket.io connections, as Convene's clients have). CPU: the server process, % of one core. Harness: the load process's CPU, and its time to handle one idea in one client's doc (µs; at N=500 burst 60 ideas/s × 500 docs asks more than one core can apply). Commit: Convene's commits in the server (synchronous=FULL, so each waits for the disk), ms — a group of socket commands (group commit: the commit, then their projections and replies) or another transaction; commands per commit: socket commands over commits.`,
  );
  report.table(
    ['N', 'load', 'Convene without disk wait p50', 'p99', 'B p99', 'p99 ratio', 'with it (above)'],
    diagnostic.map((d) => {
      const b = rows.find((r) => r.n === 60 && r.phase === d.phase);
      return [
        60,
        d.phase,
        ms(d.result.all.p50),
        ms(d.result.all.p99),
        b ? ms(b.relay.all.p99) : '—',
        b ? ratio(d.result.all.p99, b.relay.all.p99) : '—',
        b ? ratio(b.convene.all.p99, b.relay.all.p99) : '—',
      ];
    }),
    'Diagnostic, not a budget: the same N=60 load against a Convene server started with synchronous=NORMAL, so that a command commits without waiting for the disk (an acknowledged idea could then be lost on power loss; Convene never runs so). The difference from the main table is what durability costs.',
  );
  for (const r of rows) {
    const limit = r.n <= 60 ? 1.5 : 2;
    const q = r.convene.all.p99 / r.relay.all.p99;
    report.check(
      `N=${r.n} ${r.phase}: p99 ≤ ${limit}× B`,
      `${ms(r.convene.all.p99)} ms vs ${ms(r.relay.all.p99)} ms = ${q.toFixed(2)}×`,
      q <= limit,
    );
    if (r.n <= 60) {
      report.check(
        `N=${r.n} ${r.phase}: p99 ≤ 50 ms`,
        `${ms(r.convene.all.p99)} ms`,
        r.convene.all.p99 <= 50,
      );
    }
    if (r.convene.delivered < 1 || r.convene.failures > 0) {
      report.check(
        `N=${r.n} ${r.phase}: every idea acknowledged and delivered`,
        `${(r.convene.delivered * 100).toFixed(2)} % delivered, ${r.convene.failures} refused`,
        false,
      );
    }
  }
  const errors = convene.errors().trim();
  if (errors) report.note(`Server warnings/errors:\n${errors.slice(0, 2000)}`);
  report.finish();
  return report;
}
