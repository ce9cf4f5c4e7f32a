import { readQuestions, readRounds, readTimer } from '@convene/shared';
import type { Socket } from 'socket.io-client';
import { connectSocket, emitAck, idleCompanions } from './lib/clients.ts';
import { connectRoom, createWorkshopOverHttp, setPhase } from './lib/convene.ts';
import { SERVER_LABEL, type ServerProcess, startServer } from './lib/proc.ts';
import { type BenchOptions, ms, Report, ratio } from './lib/report.ts';
import { mapLimit, type Summary, settleHarness, sleep, summarize } from './lib/stats.ts';

/**
 * 2. Control events: phase change, timer start, vote cast → acknowledged and visible on every
 * client, at N = 60 and 500. One event at a time: it is sent, and each client records when it
 * sees it (Convene: in its Yjs doc; baseline A: the echo of a bare socket.io server). A sample is
 * the later of the sender's acknowledgement and the client seeing it.
 */

export type EventKind = 'phase change' | 'timer start' | 'vote cast';
export const KINDS: EventKind[] = ['phase change', 'timer start', 'vote cast'];

export interface Sample {
  visible: number[];
  acks: number[];
  missed: number;
}

/** A room that can fire one control event and tell when each client has seen it. */
export interface ControlRig {
  clientCount: number;
  /** Load-process time spent applying what the clients received so far (ms), if known. */
  harnessBusyMs?: () => number;
  /** Gets the room ready for a kind of event (not measured). */
  prepare(kind: EventKind): Promise<void>;
  /** Fires event k of a kind; resolves with the ack latency; calls seen(i, t) per client. */
  fire(kind: EventKind, k: number, seen: (client: number, at: number) => void): Promise<number>;
  /** Diagnostic (Convene): from now on, clients count an update as seen without applying it. */
  receiveOnly?: () => void;
  close(): void;
}

export async function measure(rig: ControlRig, kind: EventKind, count: number): Promise<Sample> {
  const out: Sample = { visible: [], acks: [], missed: 0 };
  await rig.prepare(kind);
  await settleHarness();
  for (let k = 0; k < count; k++) {
    const seenAt = new Map<number, number>();
    const t0 = performance.now();
    let ack = Number.NaN;
    const acked = rig.fire(kind, k, (client, at) => {
      if (!seenAt.has(client)) seenAt.set(client, at - t0);
    });
    ack = await acked;
    const deadline = performance.now() + 10_000;
    while (seenAt.size < rig.clientCount && performance.now() < deadline) await sleep(2);
    out.acks.push(ack);
    out.missed += rig.clientCount - seenAt.size;
    for (const v of seenAt.values()) out.visible.push(Math.max(v, ack));
    await sleep(50);
  }
  return out;
}

export async function conveneControlRig(server: ServerProcess, n: number): Promise<ControlRig> {
  const workshop = await createWorkshopOverHttp(server.url, n);
  const room = await connectRoom(server.url, workshop);
  const q = workshop.questionIds[0] as string;
  await setPhase(room, q, 'submit');
  // Ideas on the ballot (as a room has by the time it votes).
  const ideaIds: string[] = [];
  for (let i = 0; i < 20; i++) {
    const ack = await emitAck(room.facilitator, 'idea:submit', {
      questionId: q,
      text: `Idea ${i}`,
    });
    ideaIds.push(String(ack.ideaId));
  }
  let phase = 'submit';
  let voters = 0;
  const watch = (
    predicate: (c: (typeof room.clients)[number]) => boolean,
    seen: (i: number, at: number) => void,
  ) => {
    room.clients.forEach((c, i) => {
      c.yjs.onChange = (at) => {
        if (c.yjs.receiveOnly || predicate(c)) {
          seen(i, at);
          c.yjs.onChange = null;
        }
      };
    });
  };
  const ackTime = async (socket: Socket, name: string, payload: unknown) => {
    const t0 = performance.now();
    const ack = await emitAck(socket, name, payload);
    if (!ack.ok) throw new Error(`${name} refused: ${ack.error?.code} ${ack.error?.message}`);
    return performance.now() - t0;
  };
  return {
    clientCount: n,
    harnessBusyMs: () => room.clients.reduce((t, c) => t + c.yjs.busyMs, 0),
    async prepare(kind) {
      if (kind !== 'vote cast' || phase === 'vote') return;
      if (phase === 'submit') await setPhase(room, q, 'cluster');
      await setPhase(room, q, 'vote');
      phase = 'vote';
      await sleep(300);
    },
    async fire(kind, k, seen) {
      if (kind === 'phase change') {
        const to = phase === 'submit' ? 'cluster' : 'submit';
        phase = to;
        watch((c) => readQuestions(c.yjs.doc).find((x) => x.id === q)?.phase === to, seen);
        return ackTime(room.facilitator, 'phase:set', { questionId: q, phase: to });
      }
      if (kind === 'timer start') {
        const first = room.clients[0];
        const before = first ? readTimer(first.yjs.doc).endsAt : null;
        watch((c) => readTimer(c.yjs.doc).endsAt !== before, seen);
        return ackTime(room.facilitator, 'timer:start', { durationSeconds: 600 + k });
      }
      // Each vote from the next participant (one dot each, on a different idea in turn), so that
      // every vote moves the round's progress that the screens show.
      const v = voters++;
      const target = voters;
      watch(
        (c) =>
          (readRounds(c.yjs.doc).find((r) => r.status === 'open')?.votersStarted ?? 0) >= target,
        seen,
      );
      const voter = room.clients[v % room.clients.length]?.socket as Socket;
      return ackTime(voter, 'vote:cast', { ideaId: ideaIds[v % ideaIds.length] });
    },
    receiveOnly() {
      for (const c of room.clients) c.yjs.receiveOnly = true;
    },
    close: () => room.close(),
  };
}

/**
 * Baseline A: N socket.io clients in one room of the bare server. With `companions` (baseline B's
 * relay), the load process also holds N idle Yjs connections, as Convene's clients have.
 */
async function bareControlRig(
  server: ServerProcess,
  n: number,
  roomName: string,
  companions?: ServerProcess,
): Promise<ControlRig> {
  const idle = companions ? await idleCompanions('yjs', companions.url, n, roomName) : null;
  const sender = await connectSocket(server.url, { room: roomName });
  const clients = await mapLimit(Array.from({ length: n }), 25, () =>
    connectSocket(server.url, { room: roomName }),
  );
  await sleep(300);
  let current: { tag: string; seen: (i: number, at: number) => void } | null = null;
  clients.forEach((socket, i) => {
    socket.on('echo', (msg: { payload?: { tag?: string } }) => {
      if (current && msg.payload?.tag === current.tag) current.seen(i, performance.now());
    });
  });
  const names: Record<EventKind, string> = {
    'phase change': 'phase:set',
    'timer start': 'timer:start',
    'vote cast': 'vote:cast',
  };
  return {
    clientCount: n,
    prepare: async () => undefined,
    async fire(kind, k, seen) {
      const tag = `${kind}-${k}`;
      current = { tag, seen };
      // Votes come from participants, phase and timer from the facilitator, as in Convene.
      const socket = kind === 'vote cast' ? (clients[k % clients.length] as Socket) : sender;
      const t0 = performance.now();
      await emitAck(socket, names[kind], { tag });
      return performance.now() - t0;
    },
    close() {
      sender.disconnect();
      for (const c of clients) c.disconnect();
      idle?.close();
    },
  };
}

export async function run(opts: BenchOptions): Promise<Report> {
  const report = new Report('2. Control events: acknowledged and visible on all clients');
  const count = opts.full ? 60 : 20;
  const convene = await startServer('convene');
  const bare = await startServer('socketio');
  // Holds baseline A's idle companion Yjs connections (see idleCompanions); never measured.
  const relay = await startServer('yjs');
  const rows: {
    n: number;
    kind: EventKind;
    c: Sample;
    a: Sample;
    commits: { p50: number; p99: number };
    harnessMsPerEvent: number;
    /** Diagnostic: Convene with clients that do not apply the update. */
    arrival?: Sample;
  }[] = [];
  try {
    for (const n of [60, 500]) {
      const aRig = await bareControlRig(bare, n, `control-${n}`, relay);
      const cRig = await conveneControlRig(convene, n);
      for (const kind of KINDS) {
        const a = await measure(aRig, kind, count);
        await convene.request('commits');
        const busy0 = cRig.harnessBusyMs?.() ?? 0;
        const c = await measure(cRig, kind, count);
        const commits = await convene.request<{ p50: number; p99: number }>('commits');
        const harnessMsPerEvent = ((cRig.harnessBusyMs?.() ?? 0) - busy0) / count;
        rows.push({ n, kind, c, a, commits, harnessMsPerEvent });
      }
      // Diagnostic: the same events, with Convene's clients counting the update on arrival
      // instead of applying it (their docs go stale; this rig is closed right after).
      cRig.receiveOnly?.();
      for (const kind of KINDS) {
        const d = await measure(cRig, kind, count);
        const row = rows.find((r) => r.n === n && r.kind === kind);
        if (row) row.arrival = d;
      }
      aRig.close();
      cRig.close();
      await sleep(1000);
    }
  } finally {
    await convene.stop();
    await bare.stop();
    await relay.stop();
  }
  const s = (v: number[]): Summary => summarize(v);
  report.table(
    [
      'N',
      'event',
      'samples',
      'Convene p50',
      'p99',
      'A p50',
      'A p99',
      'p99 ratio',
      'Convene ack p50',
      'ack p99',
      'A ack p99',
      'commit p50',
      'commit p99',
      'Yjs apply/event',
      'missed',
    ],
    rows.map((r) => {
      const c = s(r.c.visible);
      const a = s(r.a.visible);
      return [
        r.n,
        r.kind,
        c.n,
        ms(c.p50),
        ms(c.p99),
        ms(a.p50),
        ms(a.p99),
        ratio(c.p99, a.p99),
        ms(s(r.c.acks).p50),
        ms(s(r.c.acks).p99),
        ms(s(r.a.acks).p99),
        ms(r.commits.p50),
        ms(r.commits.p99),
        ms(r.harnessMsPerEvent),
        r.c.missed,
      ];
    }),
    `ms from the send to each client seeing the event (and the sender having its ack), ${count} events of each kind one after another; baseline A = ${SERVER_LABEL.socketio} (its load process also holds N idle Yjs connections, as Convene's clients have). Where Convene's time goes: commit = the command's SQLite transaction in the server (synchronous=FULL: it waits for the disk); Yjs apply/event = load-process time to apply the event's update in all N clients' docs, one after another (a baseline A client decodes a small JSON echo instead).`,
  );
  report.table(
    ['N', 'event', 'Convene, update received p50', 'p99', 'A p99', 'p99 ratio', 'applied (above)'],
    rows.map((r) => {
      const d = r.arrival ? s(r.arrival.visible) : null;
      return [
        r.n,
        r.kind,
        d ? ms(d.p50) : '—',
        d ? ms(d.p99) : '—',
        ms(s(r.a.visible).p99),
        d ? ratio(d.p99, s(r.a.visible).p99) : '—',
        ratio(s(r.c.visible).p99, s(r.a.visible).p99),
      ];
    }),
    "Diagnostic, not a budget: the same events with Convene's clients counting the event's Yjs update as seen when it arrives, without applying it (as A's clients see the echo when it arrives). The difference from the main table is the load process applying the update in every client's doc, one after another.",
  );
  for (const r of rows) {
    const c = s(r.c.visible);
    const a = s(r.a.visible);
    const q = c.p99 / a.p99;
    report.check(
      `N=${r.n} ${r.kind}: p99 ≤ 1.5× A`,
      `${ms(c.p99)} ms vs ${ms(a.p99)} ms = ${q.toFixed(2)}×`,
      q <= 1.5 && r.c.missed === 0,
    );
  }
  const errors = convene.errors().trim();
  if (errors) report.note(`Server warnings/errors:\n${errors.slice(0, 2000)}`);
  report.finish();
  return report;
}
