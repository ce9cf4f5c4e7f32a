import fs from 'node:fs';
import path from 'node:path';
import type { CreatedWorkshop } from '@convene/shared';
import { type Cluster, haproxyBinary, startCluster } from '../helpers/cluster.ts';
import { type ScratchDatabase, scratchDatabase } from '../helpers/postgres.ts';
import { startScratchPostgres } from '../helpers/postgresSetup.ts';
import {
  type BenchWorkshop,
  benchWorkshopOf,
  type ConveneRoom,
  connectRoom,
  joinOverHttp,
  seedWorkshops,
  setPhase,
} from './lib/convene.ts';
import { conveneRigFor, type FanoutResult, runFanout } from './lib/fanout.ts';
import { meter, newDataDir } from './lib/proc.ts';
import { type BenchOptions, ms, pct, Report, ratio } from './lib/report.ts';
import { mapLimit, percentile, sleep } from './lib/stats.ts';

/**
 * Cluster (issue 17): 600 clients over 20 workshops through HAProxy (deploy/haproxy.cfg's
 * routing). Per workshop, p99 of its clients' submit→visible latency, in three set-ups measured
 * in the same run:
 * - one plain SQLite node (the single-node figure, the default mode);
 * - three plain SQLite nodes, each from a copy of one seeded database (every node knows every
 *   workshop, and HAProxy's hash keeps each workshop on one): the routing hop and the spread
 *   over processes alone;
 * - three cluster nodes (DATABASE_URL) on a scratch PostgreSQL: the cluster mode, where every
 *   group of commands is shipped to PostgreSQL before it is relayed and answered.
 * On a two-core machine the nodes, HAProxy, PostgreSQL and the load process share the same two
 * cores: expect the three-node figures to show contention, not capacity.
 */

const WORKSHOPS = 20;
const CLIENTS = 30;
const RATE = 1; // ideas/s in each workshop: 20 ideas/s, 600 deliveries/s in all

interface Outcome {
  label: string;
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

type Setup =
  | { kind: 'sqlite'; nodes: number; seedDb: string; workshops: BenchWorkshop[] }
  | { kind: 'postgres'; nodes: number; databaseUrl: string };

async function measure(haproxy: string, setup: Setup, count: number): Promise<Outcome> {
  const cluster: Cluster = await startCluster({
    haproxy,
    nodes: setup.nodes,
    ...(setup.kind === 'sqlite'
      ? {
          prepare: (dir: string) => fs.copyFileSync(setup.seedDb, path.join(dir, 'convene.sqlite')),
        }
      : { databaseUrl: setup.databaseUrl }),
  });
  try {
    const workshops =
      setup.kind === 'sqlite' ? setup.workshops : await createOnOwners(cluster, WORKSHOPS);
    const perNode = new Map<string, number>();
    for (const w of workshops) {
      const res = await fetch(`${cluster.url}/api/workshops/${w.id}/board`, {
        headers: { authorization: `Bearer ${w.facilitatorToken}` },
      });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`board of ${w.id} through HAProxy → ${res.status}`);
      const node = res.headers.get('x-convene-node') ?? '?';
      perNode.set(node, (perNode.get(node) ?? 0) + 1);
    }
    const t0 = performance.now();
    const rooms: ConveneRoom[] = await mapLimit(workshops, 4, (w) =>
      connectRoom(cluster.url, w, { concurrency: 10 }),
    );
    const connectSeconds = (performance.now() - t0) / 1000;
    if (setup.kind === 'postgres') {
      for (const room of rooms)
        await setPhase(room, room.workshop.questionIds[0] as string, 'submit');
    }
    const rigs = rooms.map((room) => conveneRigFor(room, room.workshop.questionIds[0] as string));
    await runFanout(rigs, 5, 1); // warm-up: one idea in every room
    await sleep(1000);
    const meters = cluster.nodes.map((n) => meter(n.pid as number));
    const result = await runFanout(rigs, RATE, count);
    const cpuPercent = meters.reduce((sum, m) => sum + m.stop().cpuPercent, 0);
    for (const rig of rigs) rig.close();
    return {
      label: `${setup.nodes} node${setup.nodes > 1 ? 's' : ''}, ${setup.kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'}`,
      result,
      cpuPercent,
      spread: [...perNode.values()].sort((a, b) => b - a),
      connectSeconds,
    };
  } finally {
    await cluster.close();
  }
}

/**
 * Cluster mode: workshops made through the API, each kept only if it was made on the node
 * HAProxy routes it to — the node that makes a workshop holds it while it is in use, so a
 * workshop made elsewhere would be refused `not_owner` through HAProxy until its maker let it
 * go (30 s idle). Its participants join on that node directly (POST /api/join names no
 * workshop in its URL, so HAProxy could send it to any node, and one that does not hold the
 * workshop refuses).
 */
async function createOnOwners(cluster: Cluster, count: number): Promise<BenchWorkshop[]> {
  const out: BenchWorkshop[] = [];
  for (let tries = 0; out.length < count; tries++) {
    if (tries > count * 10) throw new Error('too few workshops made on the node they route to');
    const res = await fetch(`${cluster.url}/api/workshops`, {
      method: 'POST',
      // An address of its own for each attempt: one address may create 20 workshops per node,
      // and about three attempts are made for each workshop kept.
      headers: {
        'content-type': 'application/json',
        'x-forwarded-for': `198.18.${1 + Math.floor(tries / 250)}.${(tries % 250) + 1}`,
      },
      body: JSON.stringify({
        title: `Bench workshop ${out.length + 1}`,
        questions: [
          { prompt: 'Question 1: what should change first?' },
          { prompt: 'Question 2: what should change first?' },
        ],
        chathamHouse: true,
        voteBudget: 3,
        maxVotesPerIdea: 1,
      }),
    });
    if (res.status !== 201) throw new Error(`POST /api/workshops → ${res.status}`);
    const maker = res.headers.get('x-convene-node');
    const w = (await res.json()) as CreatedWorkshop;
    const probe = await fetch(`${cluster.url}/api/workshops/${w.id}/board`, {
      headers: { authorization: `Bearer ${w.facilitatorToken}` },
    });
    await probe.arrayBuffer();
    if (probe.status !== 200 || probe.headers.get('x-convene-node') !== maker) continue;
    const owner = cluster.byNodeId(maker as string);
    // Each room from an address of its own (the venue's; RFC 2544's benchmark range): 600
    // joins from one address would meet the per-address join limit, which a real room never does.
    const participants = await joinOverHttp(owner.url, w.joinCode, CLIENTS, {
      concurrency: 8,
      forwardedFor: `198.18.0.${out.length + 1}`,
    });
    out.push(benchWorkshopOf(w, participants));
  }
  return out;
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
  let postgres: Outcome | null = null;
  let postgresWhy = '';
  try {
    const workshops = seedWorkshops(
      seedDir,
      Array.from({ length: WORKSHOPS }, () => ({
        participants: CLIENTS,
        phase: 'submit' as const,
      })),
    );
    const seedDb = path.join(seedDir, 'convene.sqlite');
    one = await measure(haproxy, { kind: 'sqlite', nodes: 1, seedDb, workshops }, count);
    three = await measure(haproxy, { kind: 'sqlite', nodes: 3, seedDb, workshops }, count);
  } finally {
    fs.rmSync(seedDir, { recursive: true, force: true });
  }
  let scratch: { url: string; stopSync(): void } | null = null;
  let database: ScratchDatabase | null = null;
  try {
    // A database of its own, on the scratch PostgreSQL or on yours (CONVENE_TEST_PG_URL).
    const external = process.env.CONVENE_TEST_PG_URL;
    if (!external) scratch = await startScratchPostgres();
    database = await scratchDatabase(external ?? (scratch as { url: string }).url);
    postgres = await measure(
      haproxy,
      { kind: 'postgres', nodes: 3, databaseUrl: database.url },
      count,
    );
  } catch (err) {
    postgresWhy = err instanceof Error ? err.message : String(err);
    report.note(`The PostgreSQL run did not happen: ${postgresWhy}`);
  } finally {
    await database?.drop().catch(() => {});
    scratch?.stopSync();
  }

  const row = (o: Outcome) => {
    const w = workshopP99s(o.result);
    return [
      o.label,
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
  const against = (o: Outcome) => {
    const w = workshopP99s(o.result);
    return [
      `${o.label} / 1 node`,
      '',
      '',
      ratio(o.result.all.p50, one.result.all.p50),
      ratio(o.result.all.p99, one.result.all.p99),
      ratio(w.worst, w1.worst),
      ratio(w.median, w1.median),
      ratio(o.cpuPercent, one.cpuPercent),
      '',
      '',
    ];
  };
  const measured = postgres ? [one, three, postgres] : [one, three];
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
    [...measured.map(row), ...measured.slice(1).map(against)],
    `${seconds} s window, ${count} ideas per workshop; ms from a participant's idea:submit to the idea in each client's doc, every client through HAProxy (socket.io with ?workshopId=, Yjs at /yjs/<id>). SQLite nodes start from one seeded database; PostgreSQL nodes (DATABASE_URL, a scratch PostgreSQL with fsync off on the same machine) ship every group of commands to PostgreSQL before relaying and answering it, their workshops made through the API on the node HAProxy routes them to. CPU: the Convene nodes together, % of one core (PostgreSQL's own CPU is not counted). Connecting took ${measured.map((o) => `${o.connectSeconds.toFixed(0)} s`).join(', ')}.`,
  );
  // The issue asks for the figure against the single node, not for a budget: reported, not
  // judged (on two cores, three nodes measure contention, not capacity).
  const versus = (o: Outcome) => {
    const w = workshopP99s(o.result);
    return `${o.label}: p99 ${ms(o.result.all.p99)} ms vs ${ms(one.result.all.p99)} ms; worst workshop ${ms(w.worst)} ms vs ${ms(w1.worst)} ms; delivered ${(o.result.delivered * 100).toFixed(1)} %, ${o.result.failures} failed`;
  };
  report.check(
    'three nodes against one: p99 submit→visible reported (no budget)',
    measured.slice(1).map(versus).join('; ') +
      (postgres ? '' : ` (no PostgreSQL run: ${postgresWhy})`),
    null,
  );
  report.finish();
  return report;
}
