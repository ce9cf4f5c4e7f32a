import type { Socket } from 'socket.io-client';
import { connectSocket, conveneYjsUrl, RawYjsClient, relayUrl } from './lib/clients.ts';
import { seedRelayBoard, seedWorkshops } from './lib/convene.ts';
import { newDataDir, readProc, type ServerProcess, startServer } from './lib/proc.ts';
import { type BenchOptions, kb, mb, Report, ratio } from './lib/report.ts';
import { mapLimit, sleep } from './lib/stats.ts';

/**
 * 5. Memory: per connection and per loaded workshop (60 participants, 1,000 ideas), and whether
 * RSS comes back once idle workshops unload. Every reading follows a full garbage collection in
 * the server (--expose-gc, asked over IPC). RSS itself moves with V8's heap sizing — between two
 * stages V8 may give back or take 20–30 MB of heap pages whatever was added — so the cost of a
 * connection or a workshop is the memory it retains: V8 heap used plus external (buffers)
 * memory, after the collection. RSS is shown for every stage and judged for the return to
 * baseline. Baselines: a bare socket.io server (A) and the bare relay (B) holding the same
 * connections and boards.
 */

const WORKSHOPS = 10;
const PARTICIPANTS = 60;
const IDEAS = 1000;
const UNLOAD_DELAY_MS = 1500;

/** V8 heap and off-heap memory at each stage (to tell the JS heap from native memory). */
const heaps: string[] = [];

/** Resident memory (from /proc) and retained memory (V8 heap used + external), in MB. */
interface Mem {
  rss: number;
  live: number;
}

async function settled(server: ServerProcess, stage = ''): Promise<Mem> {
  await sleep(500);
  await server.request('gc');
  await sleep(300);
  await server.request('gc');
  const m = await server.request<NodeJS.MemoryUsage>('memory');
  if (stage) {
    const f = (v: number) => (v / 2 ** 20).toFixed(1);
    heaps.push(
      `${stage}: rss ${f(m.rss)}, heap used ${f(m.heapUsed)} / total ${f(m.heapTotal)}, external ${f(m.external)} (array buffers ${f(m.arrayBuffers)}) MB`,
    );
  }
  return { rss: readProc(server.pid).rssKb / 1024, live: (m.heapUsed + m.external) / 2 ** 20 };
}

/**
 * RSS at each stage. Each quantity is measured twice, over the first half and over the second
 * half of what is added: memory freed by an earlier stage (and kept by the allocator) is reused
 * by the first half, so the second half shows the cost without that slack. Verdicts take the
 * larger of the two.
 */
interface Stages {
  base: Mem;
  loadedHalf: Mem;
  loaded: Mem;
  connectedHalf: Mem;
  connected: Mem;
  unloaded: Mem;
}

async function convene(): Promise<Stages> {
  const dataDir = newDataDir();
  const workshops = seedWorkshops(
    dataDir,
    Array.from({ length: WORKSHOPS }, () => ({
      participants: PARTICIPANTS,
      ideas: IDEAS,
      phase: 'submit' as const,
    })),
  );
  const server = await startServer('convene', {
    dataDir,
    removeDataDir: true,
    env: { BENCH_UNLOAD_DELAY_MS: String(UNLOAD_DELAY_MS) },
  });
  try {
    const waitUnloaded = async () => {
      while ((await server.request<{ loaded: number }>('rooms')).loaded > 0) await sleep(200);
    };
    // Load each seeded board once (projecting its rows) and let it unload: the state a real
    // server is in, with every code path warmed up.
    for (const w of workshops) {
      const c = new RawYjsClient(conveneYjsUrl(server.url, w.id, w.facilitatorToken));
      await c.synced;
      const s = await connectSocket(server.url, { token: w.participants[0]?.token });
      s.disconnect();
      c.close();
    }
    await waitUnloaded();
    const base = await settled(server, 'base');
    const hold = (list: typeof workshops) =>
      mapLimit(list, 5, async (w) => {
        const c = new RawYjsClient(conveneYjsUrl(server.url, w.id, w.facilitatorToken));
        await c.synced;
        return c;
      });
    const holders = await hold(workshops.slice(0, WORKSHOPS / 2));
    const loadedHalf = await settled(server, 'half the workshops loaded');
    holders.push(...(await hold(workshops.slice(WORKSHOPS / 2))));
    const loaded = await settled(server, 'loaded');
    const connect = (half: 0 | 1) =>
      mapLimit(
        workshops.flatMap((w) =>
          w.participants
            .slice(half * (PARTICIPANTS / 2), (half + 1) * (PARTICIPANTS / 2))
            .map((p) => ({ w, p })),
        ),
        25,
        async ({ w, p }) => {
          const yjs = new RawYjsClient(conveneYjsUrl(server.url, w.id, p.token));
          const socket = await connectSocket(server.url, { token: p.token });
          await yjs.synced;
          return { yjs, socket };
        },
      );
    const clients = await connect(0);
    const connectedHalf = await settled(server, 'half the participants connected');
    clients.push(...(await connect(1)));
    const connected = await settled(server, 'connected');
    for (const c of clients) {
      c.socket.disconnect();
      c.yjs.close();
    }
    for (const h of holders) h.close();
    await sleep(UNLOAD_DELAY_MS);
    await waitUnloaded();
    const unloaded = await settled(server, 'unloaded');
    return { base, loadedHalf, loaded, connectedHalf, connected, unloaded };
  } finally {
    await server.stop();
  }
}

/** Baseline A (socket.io connections) and B (relay rooms with the same boards, ws connections). */
async function baselines(): Promise<{ a: Stages; b: Stages }> {
  const bareIo = await startServer('socketio');
  const relay = await startServer('yjs');
  const conns = WORKSHOPS * PARTICIPANTS;
  try {
    const aBase = await settled(bareIo);
    const sockets: Socket[] = [];
    const connectA = async (from: number, to: number) => {
      const list = Array.from({ length: to - from }, (_, k) => from + k);
      sockets.push(
        ...(await mapLimit(list, 25, (i) =>
          connectSocket(bareIo.url, { room: `r${i % WORKSHOPS}` }),
        )),
      );
    };
    await connectA(0, conns / 2);
    const aHalf = await settled(bareIo);
    await connectA(conns / 2, conns);
    const aConnected = await settled(bareIo);
    for (const s of sockets) s.disconnect();
    const aAfter = await settled(bareIo);

    const bBase = await settled(relay);
    const board = (w: number) => seedRelayBoard(relay.url, `board-${w}`, IDEAS);
    const rooms = Array.from({ length: WORKSHOPS }, (_, w) => w);
    const writers = await mapLimit(rooms.slice(0, WORKSHOPS / 2), 5, board);
    const bLoadedHalf = await settled(relay);
    writers.push(...(await mapLimit(rooms.slice(WORKSHOPS / 2), 5, board)));
    const bLoaded = await settled(relay);
    const readers: RawYjsClient[] = [];
    const connectB = async (from: number, to: number) => {
      const list = Array.from({ length: to - from }, (_, k) => from + k);
      readers.push(
        ...(await mapLimit(list, 25, async (i) => {
          const c = new RawYjsClient(relayUrl(relay.url, `board-${i % WORKSHOPS}`));
          await c.synced;
          return c;
        })),
      );
    };
    await connectB(0, conns / 2);
    const bHalf = await settled(relay);
    await connectB(conns / 2, conns);
    const bConnected = await settled(relay);
    for (const r of readers) r.close();
    for (const w of writers) w.close();
    const bAfter = await settled(relay);
    return {
      a: {
        base: aBase,
        loadedHalf: aBase,
        loaded: aBase,
        connectedHalf: aHalf,
        connected: aConnected,
        unloaded: aAfter,
      },
      // The bare relay never unloads a room: "after" is with its docs still in memory.
      b: {
        base: bBase,
        loadedHalf: bLoadedHalf,
        loaded: bLoaded,
        connectedHalf: bHalf,
        connected: bConnected,
        unloaded: bAfter,
      },
    };
  } finally {
    await bareIo.stop();
    await relay.stop();
  }
}

/**
 * Retained KB per connection and MB per workshop: over everything, and over the second half
 * only (a check that the cost is linear).
 */
function costs(s: Stages) {
  const conns = WORKSHOPS * PARTICIPANTS;
  const perConn = ((s.connected.live - s.loaded.live) * 1024) / conns;
  const perConnHalf = ((s.connected.live - s.connectedHalf.live) * 1024) / (conns / 2);
  const perWorkshop = (s.loaded.live - s.base.live) / WORKSHOPS;
  const perWorkshopHalf = (s.loaded.live - s.loadedHalf.live) / (WORKSHOPS / 2);
  return {
    perConn,
    perConnHalf,
    conn: Math.max(perConn, perConnHalf),
    perWorkshop,
    perWorkshopHalf,
    workshop: Math.max(perWorkshop, perWorkshopHalf),
  };
}

export async function run(_opts: BenchOptions): Promise<Report> {
  const report = new Report('5. Memory: per connection and per loaded workshop');
  const c = await convene();
  const { a, b } = await baselines();
  const conns = WORKSHOPS * PARTICIPANTS;
  const cc = costs(c);
  const ac = costs(a);
  const bc = costs(b);
  const both = (x: number, y: number, unit: (v: number) => string) => `${unit(x)} / ${unit(y)}`;
  report.table(
    [
      'server',
      'RSS base',
      'loaded',
      'connected',
      'after',
      'per loaded workshop (all / 2nd half)',
      'per connection (all / 2nd half)',
    ],
    [
      [
        'Convene',
        mb(c.base.rss),
        mb(c.loaded.rss),
        mb(c.connected.rss),
        mb(c.unloaded.rss),
        both(cc.perWorkshop, cc.perWorkshopHalf, mb),
        both(cc.perConn, cc.perConnHalf, kb),
      ],
      [
        'A: bare socket.io',
        mb(a.base.rss),
        '',
        mb(a.connected.rss),
        mb(a.unloaded.rss),
        '',
        both(ac.perConn, ac.perConnHalf, kb),
      ],
      [
        'B: bare relay',
        mb(b.base.rss),
        mb(b.loaded.rss),
        mb(b.connected.rss),
        mb(b.unloaded.rss),
        both(bc.perWorkshop, bc.perWorkshopHalf, mb),
        both(bc.perConn, bc.perConnHalf, kb),
      ],
      [
        'Convene / (A + B)',
        '',
        '',
        '',
        '',
        ratio(cc.workshop, bc.workshop),
        ratio(cc.conn, ac.conn + bc.conn),
      ],
    ],
    `${WORKSHOPS} workshops of ${IDEAS} ideas, ${PARTICIPANTS} participants each (${conns} clients; a Convene client = a socket.io and a Yjs connection). RSS columns: /proc after a full GC. Per workshop and per connection: retained memory (V8 heap used + external) added, over all of them and over the second half alone. "after": every client gone and (Convene) every room unloaded. Ratios and verdicts use the larger of the two.`,
  );
  report.note(`Convene server memory by stage (after GC):\n${heaps.join('\n')}`);
  report.check('≤ 64 KB per connection (retained)', kb(cc.conn), cc.conn <= 64);
  report.check('≤ 15 MB per loaded workshop (retained)', mb(cc.workshop), cc.workshop <= 15);
  const back = (c.unloaded.rss - c.base.rss) / c.base.rss;
  report.check(
    'RSS back within 10 % of its baseline after idle workshops unload',
    `${mb(c.unloaded.rss)} vs ${mb(c.base.rss)} (${(back * 100).toFixed(1)} %)`,
    back <= 0.1,
  );
  report.finish();
  return report;
}
