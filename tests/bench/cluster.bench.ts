import fs from 'node:fs';
import path from 'node:path';
import { type Cluster, haproxyBinary, startCluster } from '../helpers/cluster.ts';
import { type ConveneRoom, connectRoom, seedWorkshops } from './lib/convene.ts';
import { conveneRigFor, type FanoutResult, runFanout } from './lib/fanout.ts';
import { meter, newDataDir } from './lib/proc.ts';
import { type BenchOptions, ms, pct, Report, ratio } from './lib/report.ts';
import { mapLimit, percentile, sleep } from './lib/stats.ts';

/**
 * Cluster (issue 17): 600 clients over 20 workshops through HAProxy (deploy/haproxy.cfg's
 * routing), one node against three. Per workshop, p99 of its clients' submit→visible latency.
 *
 * The nodes are plain SQLite nodes until the PostgreSQL mode is merged: each starts from a copy
 * of one seeded database (every node knows every workshop, as a shared record would make it),
 * and HAProxy's hash keeps each workshop's traffic on one node, so what is measured is the
 * routing hop and the spread over processes — not yet the shipping of every commit to
 * PostgreSQL, which the cluster mode adds. On a two-core machine three nodes, HAProxy and the
 * load process share the same two cores: expect the three-node figure to show contention, not
 * capacity.
 */

const WORKSHOPS = 20;
const CLIENTS = 30;
const RATE = 1; // ideas/s in each workshop: 20 ideas/s, 600 deliveries/s in all

interface Outcome {
  nodes: number;
  result: FanoutResult;
  /** CPU of all nodes together, % of one core. */
  cpuPercent: number;
  /** Workshops per node (by X-Convene-Node). */
  spread: number[];
  connectSeconds: number;
}

function workshopP99s(r: FanoutResult): { worst: number; median: number } {
  const p99s = r.perRig.map((s) => s.p99);
  return { worst: Math.max(...p99s), median: percentile(p99s, 50) };
}

async function measure(
  haproxy: string,
  nodes: number,
  seedDb: string,
  workshops: ReturnType<typeof seedWorkshops>,
  count: number,
): Promise<Outcome> {
  const cluster: Cluster = await startCluster({
    haproxy,
    nodes,
    prepare: (dir) => fs.copyFileSync(seedDb, path.join(dir, 'convene.sqlite')),
  });
  try {
    const perNode = new Map<string, number>();
    for (const w of workshops) {
      const res = await fetch(`${cluster.url}/api/workshops/${w.id}/board`, {
        headers: { authorization: `Bearer ${w.facilitatorToken}` },
      });
      await res.arrayBuffer();
      const node = res.headers.get('x-convene-node') ?? '?';
      perNode.set(node, (perNode.get(node) ?? 0) + 1);
    }
    const t0 = performance.now();
    const rooms: ConveneRoom[] = await mapLimit(workshops, 4, (w) =>
      connectRoom(cluster.url, w, { concurrency: 10 }),
    );
    const connectSeconds = (performance.now() - t0) / 1000;
    const rigs = rooms.map((room) => conveneRigFor(room, room.workshop.questionIds[0] as string));
    await runFanout(rigs, 5, 1); // warm-up: one idea in every room
    await sleep(1000);
    const meters = cluster.nodes.map((n) => meter(n.pid as number));
    const result = await runFanout(rigs, RATE, count);
    const cpuPercent = meters.reduce((sum, m) => sum + m.stop().cpuPercent, 0);
    for (const rig of rigs) rig.close();
    return {
      nodes,
      result,
      cpuPercent,
      spread: [...perNode.values()].sort((a, b) => b - a),
      connectSeconds,
    };
  } finally {
    await cluster.close();
  }
}

export async function run(opts: BenchOptions): Promise<Report> {
  const report = new Report(
    `Cluster: ${WORKSHOPS} workshops × ${CLIENTS} clients behind HAProxy, ${RATE} idea/s each, one node and three`,
  );
  const haproxy = haproxyBinary('tests/bench/cluster.bench.ts');
  if (!haproxy) {
    report.note('Not run: no haproxy binary (install the Debian package haproxy).');
    report.finish();
    return report;
  }
  const seconds = opts.full ? 60 : 20;
  const count = Math.round(seconds * RATE);
  const seedDir = newDataDir();
  let one: Outcome;
  let three: Outcome;
  try {
    const workshops = seedWorkshops(
      seedDir,
      Array.from({ length: WORKSHOPS }, () => ({
        participants: CLIENTS,
        phase: 'submit' as const,
      })),
    );
    const seedDb = path.join(seedDir, 'convene.sqlite');
    one = await measure(haproxy, 1, seedDb, workshops, count);
    three = await measure(haproxy, 3, seedDb, workshops, count);
  } finally {
    fs.rmSync(seedDir, { recursive: true, force: true });
  }

  const row = (o: Outcome) => {
    const w = workshopP99s(o.result);
    return [
      `${o.nodes} node${o.nodes > 1 ? 's' : ''}`,
      o.spread.join(' / '),
      o.result.all.n,
      ms(o.result.all.p50),
      ms(o.result.all.p99),
      ms(w.worst),
      ms(w.median),
      pct(o.cpuPercent),
      `${(o.result.delivered * 100).toFixed(1)} %`,
      o.result.failures,
    ];
  };
  const w1 = workshopP99s(one.result);
  const w3 = workshopP99s(three.result);
  report.table(
    [
      'behind HAProxy',
      'workshops per node',
      'samples',
      'p50',
      'p99',
      'worst workshop p99',
      'median workshop p99',
      'CPU (nodes)',
      'delivered',
      'failed',
    ],
    [
      row(one),
      row(three),
      [
        '3 / 1',
        '',
        '',
        ratio(three.result.all.p50, one.result.all.p50),
        ratio(three.result.all.p99, one.result.all.p99),
        ratio(w3.worst, w1.worst),
        ratio(w3.median, w1.median),
        ratio(three.cpuPercent, one.cpuPercent),
        '',
        '',
      ],
    ],
    `${seconds} s window, ${count} ideas per workshop; ms from a participant's idea:submit to the idea in each client's doc, every client through HAProxy (socket.io with ?workshopId=, Yjs at /yjs/<id>). Plain SQLite nodes started from one seeded database (the PostgreSQL mode is not merged yet). CPU: all nodes together, % of one core. Connecting took ${one.connectSeconds.toFixed(0)} s and ${three.connectSeconds.toFixed(0)} s.`,
  );
  // The issue asks for the figure against the single node, not for a budget: reported, not
  // judged (on two cores, three nodes measure contention, not capacity).
  report.check(
    'three nodes against one: p99 submit→visible reported (no budget)',
    `p99 ${ms(three.result.all.p99)} ms vs ${ms(one.result.all.p99)} ms; worst workshop ${ms(w3.worst)} ms vs ${ms(w1.worst)} ms; delivered ${(three.result.delivered * 100).toFixed(1)} %, ${three.result.failures} failed`,
    null,
  );
  report.finish();
  return report;
}
