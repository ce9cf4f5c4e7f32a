import type { Socket } from 'socket.io-client';
import { connectSocket, RawYjsClient, relayUrl } from './lib/clients.ts';
import { type ConveneRoom, connectRoom, createWorkshopOverHttp } from './lib/convene.ts';
import { meter, SERVER_LABEL, type ServerProcess, startServer } from './lib/proc.ts';
import { type BenchOptions, pct, Report, ratio } from './lib/report.ts';
import { mapLimit, settleHarness, sleep } from './lib/stats.ts';

/**
 * 3. Presence: 500 connected clients, server CPU and message rate with presence off (connected,
 * idle) and on. "On" is what a y-websocket provider does plus people coming and going: every
 * client publishes its awareness state on a 15 s cycle (the provider's renewal), and one client a
 * second leaves and comes back (a phone waking up). In Convene, awareness is answered and not
 * relayed, and presence travels as a participant count over socket.io (sent on each arrival and
 * departure); in baseline B every awareness message is relayed to the whole room — O(N²).
 */

const N = 500;
const AWARENESS_PERIOD_MS = 15_000;
const CHURN_PER_SECOND = 1;

interface Window {
  cpu: number;
  msgsIn: number;
  msgsOut: number;
}

interface Counters {
  sent(): number;
  received(): number;
}

async function window(
  server: ServerProcess,
  seconds: number,
  counters: Counters,
  presence: ((stop: () => boolean) => Promise<void>) | null,
): Promise<Window> {
  await settleHarness();
  const in0 = counters.sent();
  const out0 = counters.received();
  const m = meter(server.pid);
  let stopped = false;
  const running = presence?.(() => stopped);
  await sleep(seconds * 1000);
  stopped = true;
  const w = m.stop();
  await running;
  return {
    cpu: w.cpuPercent,
    msgsIn: (counters.sent() - in0) / (w.wallMs / 1000),
    msgsOut: (counters.received() - out0) / (w.wallMs / 1000),
  };
}

/** Awareness renewals spread evenly over the period, plus churn, until stopped. */
async function drive(
  n: number,
  renew: (i: number) => void,
  churn: (i: number) => Promise<void>,
  stopped: () => boolean,
): Promise<void> {
  const tickMs = 100;
  const perTick = (n * tickMs) / AWARENESS_PERIOD_MS;
  let due = 0;
  let next = 0;
  let churnDue = 0;
  const churns: Promise<void>[] = [];
  while (!stopped()) {
    due += perTick;
    while (due >= 1) {
      renew(next++ % n);
      due--;
    }
    churnDue += (CHURN_PER_SECOND * tickMs) / 1000;
    while (churnDue >= 1) {
      churns.push(churn(Math.floor(Math.random() * n)));
      churnDue--;
    }
    await sleep(tickMs);
  }
  await Promise.all(churns);
}

async function convenePresence(server: ServerProcess, seconds: number) {
  const workshop = await createWorkshopOverHttp(server.url, N);
  const room: ConveneRoom = await connectRoom(server.url, workshop);
  let socketIn = 0;
  let socketOut = 0;
  const count = (s: Socket) => {
    s.onAny(() => socketIn++);
    s.onAnyOutgoing(() => socketOut++);
  };
  for (const c of room.clients) if (c.socket) count(c.socket);
  const counters: Counters = {
    sent: () => socketOut + room.clients.reduce((n, c) => n + c.yjs.framesOut, 0),
    received: () => socketIn + room.clients.reduce((n, c) => n + c.yjs.framesIn, 0),
  };
  await sleep(1000);
  const off = await window(server, seconds, counters, null);
  const on = await window(server, seconds, counters, (stopped) =>
    drive(
      N,
      (i) => room.clients[i]?.yjs.sendAwareness({ user: { name: `p${i}`, color: '#30bced' } }),
      async (i) => {
        const c = room.clients[i];
        const p = workshop.participants[i];
        if (!c?.socket || !p) return;
        c.socket.disconnect();
        c.socket = await connectSocket(server.url, { token: p.token });
        count(c.socket);
      },
      stopped,
    ),
  );
  room.close();
  return { off, on };
}

async function relayPresence(server: ServerProcess, seconds: number) {
  const url = relayUrl(server.url, 'presence');
  const clients = await mapLimit(Array.from({ length: N }), 25, async () => {
    const c = new RawYjsClient(url);
    await c.synced;
    return c;
  });
  // Everyone has a state when the room is "on"; first publish them all (not measured).
  const counters: Counters = {
    sent: () => clients.reduce((n, c) => n + c.framesOut, 0),
    received: () => clients.reduce((n, c) => n + c.framesIn, 0),
  };
  await sleep(1000);
  const off = await window(server, seconds, counters, null);
  for (const [i, c] of clients.entries()) {
    c.sendAwareness({ user: { name: `p${i}`, color: '#30bced' } });
  }
  await sleep(3000);
  const on = await window(server, seconds, counters, (stopped) =>
    drive(
      N,
      (i) => clients[i]?.sendAwareness({ user: { name: `p${i}`, color: '#30bced' } }),
      async (i) => {
        // Leaving and coming back, as the room sees it: the state removed, then published again.
        clients[i]?.sendAwareness(null);
        await sleep(50);
        clients[i]?.sendAwareness({ user: { name: `p${i}`, color: '#30bced' } });
      },
      stopped,
    ),
  );
  for (const c of clients) c.close();
  return { off, on };
}

export async function run(opts: BenchOptions): Promise<Report> {
  const report = new Report(`3. Presence: ${N} connected clients`);
  const seconds = opts.full ? 60 : 15;
  const relay = await startServer('yjs');
  const convene = await startServer('convene');
  let b: { off: Window; on: Window };
  let c: { off: Window; on: Window };
  try {
    b = await relayPresence(relay, seconds);
    c = await convenePresence(convene, seconds);
  } finally {
    await relay.stop();
    await convene.stop();
  }
  const costC = c.on.cpu - c.off.cpu;
  const costB = b.on.cpu - b.off.cpu;
  const rate = (v: number) => `${Math.round(v)}/s`;
  report.table(
    [
      'server',
      'CPU off',
      'CPU on',
      'presence cost',
      'msgs in (on)',
      'msgs out (on)',
      'msgs out (off)',
    ],
    [
      [
        'Convene',
        pct(c.off.cpu),
        pct(c.on.cpu),
        pct(costC),
        rate(c.on.msgsIn),
        rate(c.on.msgsOut),
        rate(c.off.msgsOut),
      ],
      [
        SERVER_LABEL.yjs,
        pct(b.off.cpu),
        pct(b.on.cpu),
        pct(costB),
        rate(b.on.msgsIn),
        rate(b.on.msgsOut),
        rate(b.off.msgsOut),
      ],
      [
        'Convene / B',
        '',
        '',
        ratio(Math.max(costC, 0.01), Math.max(costB, 0.01)),
        '',
        ratio(c.on.msgsOut, b.on.msgsOut),
        '',
      ],
    ],
    `${seconds} s windows; CPU in % of one core; presence cost = CPU on − CPU off. "On": awareness renewed every ${AWARENESS_PERIOD_MS / 1000} s by every client and ${CHURN_PER_SECOND} departure + return per second; messages counted at the clients (frames sent and received).`,
  );
  report.check('presence costs ≤ 20 % of a core at 500 clients', pct(costC), costC <= 20);
  report.finish();
  return report;
}
