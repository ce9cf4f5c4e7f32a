import { conveneApplyP50, conveneJoins, seededConvene } from './coldJoin.bench.ts';
import { connectRoom } from './lib/convene.ts';
import { conveneRig, conveneRigFor, type FanoutResult, relayRig, runFanout } from './lib/fanout.ts';
import { type ServerProcess, startServer } from './lib/proc.ts';
import { type BenchOptions, ms, num, Report } from './lib/report.ts';
import { logLogSlope, sleep } from './lib/stats.ts';

/**
 * 8. Growth: clients 10 → 500 and ideas 0 → 10,000. For each point, steady fan-out (2 ideas/s)
 * latency and the server's CPU per idea, and (ideas axis) the join time; then the log-log slope
 * of each against the growing quantity: 1 is linear, above 1 is worse than linear. Baseline B
 * is measured on the clients axis for comparison (the ideas axis has no equivalent in a relay
 * beyond the join, measured by benchmark 4).
 */

const SLOPE_LIMIT = 1.2;

interface Point {
  x: number;
  p50: number;
  p99: number;
  cpuMsPerIdea: number;
  join?: number;
  /** The join without the new client's own decode and apply (what the server does). */
  joinServer?: number;
}

/** The server's CPU time so far (ms), read inside it: /proc's 10 ms ticks are too coarse here. */
async function cpuMs(server: ServerProcess): Promise<number> {
  return (await server.request<{ ms: number }>('cpu')).ms;
}

/**
 * Steady fan-out at 2 ideas/s for the latency. CPU per idea comes from a separate window at
 * 10 ideas/s (at 2/s the server's background work — pings, timers — would swamp it), minus the
 * server's idle CPU with the same clients, taken as the lower of a window before and one after
 * (either may still hold the tail of a previous step).
 */
async function steady(
  server: ServerProcess,
  rig: Parameters<typeof runFanout>[0][number],
  ideas: number,
) {
  await runFanout([rig], 10, 5);
  await sleep(2000);
  const idleRate = async () => {
    const c0 = await cpuMs(server);
    const t0 = performance.now();
    await sleep(2000);
    return ((await cpuMs(server)) - c0) / (performance.now() - t0);
  };
  const before = await idleRate();
  const cpuIdeas = 60;
  const c0 = await cpuMs(server);
  const t0 = performance.now();
  await runFanout([rig], 10, cpuIdeas);
  const busy = (await cpuMs(server)) - c0;
  const wall = performance.now() - t0;
  await sleep(1000);
  const after = await idleRate();
  const busyMs = busy - Math.min(before, after) * wall;
  const r: FanoutResult = await runFanout([rig], 2, ideas);
  return { r, cpuMsPerIdea: busyMs > 0 ? busyMs / cpuIdeas : Number.NaN };
}

export async function run(opts: BenchOptions): Promise<Report> {
  const report = new Report('8. Growth: clients 10 → 500, ideas 0 → 10,000');
  const ideas = opts.full ? 60 : 16;
  const clientSteps = opts.full ? [10, 30, 100, 300, 500] : [10, 100, 500];
  const ideaSteps = [0, 1000, 4000, 10_000];

  // Clients axis.
  const convene = await startServer('convene');
  const relay = await startServer('yjs');
  const bareIo = await startServer('socketio'); // B's idle companion sockets (idleCompanions)
  const byClients: { convene: Point[]; relay: Point[] } = { convene: [], relay: [] };
  try {
    for (const n of clientSteps) {
      const bRig = await relayRig(relay, n, `growth-${n}`, bareIo);
      const b = await steady(relay, bRig, ideas);
      bRig.close();
      byClients.relay.push({
        x: n,
        p50: b.r.all.p50,
        p99: b.r.all.p99,
        cpuMsPerIdea: b.cpuMsPerIdea,
      });
      const cRig = await conveneRig(convene, n);
      const c = await steady(convene, cRig, ideas);
      cRig.close();
      byClients.convene.push({
        x: n,
        p50: c.r.all.p50,
        p99: c.r.all.p99,
        cpuMsPerIdea: c.cpuMsPerIdea,
      });
      await sleep(500);
    }
  } finally {
    await convene.stop();
    await relay.stop();
    await bareIo.stop();
  }

  // Ideas axis: boards seeded with 0 … 10,000 ideas, 60 clients each.
  const byIdeas: Point[] = [];
  const { server, workshops } = await seededConvene(ideaSteps);
  try {
    const joins = await conveneJoins(server, workshops, ideaSteps, opts.full ? 20 : 8);
    for (const [i, w] of workshops.entries()) {
      // The 60 participants who have not written the seeded ideas (the others are at the limit).
      const room = await connectRoom(server.url, { ...w, participants: w.participants.slice(-60) });
      const rig = conveneRigFor(room, w.questionIds[0] as string);
      const c = await steady(server, rig, ideas);
      rig.close();
      byIdeas.push({
        x: ideaSteps[i] as number,
        p50: c.r.all.p50,
        p99: c.r.all.p99,
        cpuMsPerIdea: c.cpuMsPerIdea,
        join: joins[i]?.joins.p50 ?? Number.NaN,
        joinServer: (joins[i]?.joins.p50 ?? Number.NaN) - conveneApplyP50(ideaSteps[i] as number),
      });
      await sleep(500);
    }
  } finally {
    await server.stop();
  }

  report.table(
    ['clients', 'Convene p50', 'p99', 'CPU ms/idea', 'B p50', 'B p99', 'B CPU ms/idea'],
    clientSteps.map((n, i) => {
      const c = byClients.convene[i] as Point;
      const b = byClients.relay[i] as Point;
      return [
        n,
        ms(c.p50),
        ms(c.p99),
        num(c.cpuMsPerIdea),
        ms(b.p50),
        ms(b.p99),
        num(b.cpuMsPerIdea),
      ];
    }),
    `Steady fan-out, ${ideas} ideas at 2/s per point; CPU: server process CPU time per idea (from 60 ideas at 10/s, read inside the server, idle CPU subtracted).`,
  );
  report.table(
    ['ideas on the board', 'fan-out p50', 'p99', 'CPU ms/idea', 'join p50'],
    byIdeas.map((p) => [p.x, ms(p.p50), ms(p.p99), num(p.cpuMsPerIdea), ms(p.join ?? Number.NaN)]),
    '60 clients; steady fan-out as above; join: a new client to synced (benchmark 4).',
  );
  const slope = (points: Point[], key: 'p50' | 'p99' | 'cpuMsPerIdea' | 'join' | 'joinServer') =>
    logLogSlope(points.map((p) => ({ x: p.x, y: p[key] ?? Number.NaN })));
  const rows: [string, number, number | null][] = [
    ['latency p50 vs clients', slope(byClients.convene, 'p50'), slope(byClients.relay, 'p50')],
    ['latency p99 vs clients', slope(byClients.convene, 'p99'), slope(byClients.relay, 'p99')],
    [
      'CPU per idea vs clients',
      slope(byClients.convene, 'cpuMsPerIdea'),
      slope(byClients.relay, 'cpuMsPerIdea'),
    ],
    ['latency p50 vs ideas', slope(byIdeas, 'p50'), null],
    ['latency p99 vs ideas', slope(byIdeas, 'p99'), null],
    ['CPU per idea vs ideas', slope(byIdeas, 'cpuMsPerIdea'), null],
    ['join time vs ideas', slope(byIdeas, 'join'), null],
  ];
  const joinServerSlope = slope(byIdeas, 'joinServer');
  report.table(
    ['log-log slope', 'Convene', 'B'],
    rows.map(([name, c, b]) => [name, num(c), b === null ? '—' : num(b)]),
    'Least-squares slope of log(y) on log(x) (points with x = 0 left out): 1 = linear; ≤ 0 = flat.',
  );
  for (const [name, c] of rows) {
    const extra =
      name === 'join time vs ideas'
        ? ` (without the new client's own decode and apply: ${num(joinServerSlope)})`
        : '';
    report.check(
      `${name}: not worse than linear (slope ≤ ${SLOPE_LIMIT})`,
      `slope ${num(c)}${extra}`,
      c <= SLOPE_LIMIT,
    );
  }
  report.finish();
  return report;
}
