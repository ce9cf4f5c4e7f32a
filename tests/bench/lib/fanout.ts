import { putIdea } from '@convene/shared';
import { emitAck, idleCompanions, RawYjsClient, relayUrl } from './clients.ts';
import {
  type ConveneRoom,
  connectRoom,
  createWorkshopOverHttp,
  fixtureIdea,
  setPhase,
} from './convene.ts';
import type { ServerProcess } from './proc.ts';
import { mapLimit, paced, type Summary, settleHarness, sleep, summarize } from './stats.ts';

/**
 * Fan-out: an idea is sent, and every client measures the time from the send to the idea
 * appearing in ITS OWN doc. A rig is one room: the clients whose docs are watched, and how an
 * idea is sent (Convene: a participant's `idea:submit`; baseline B: a writer edits its doc).
 */
export interface FanoutRig {
  readers: RawYjsClient[];
  send(k: number, text: string): void;
  /** Commands refused or unanswered (Convene); always 0 for the relay. */
  failures(): number;
  close(): void;
}

let markerSeq = 0;

/** A unique, realistic idea text (≤ 500 characters) that the readers can recognise. */
export function markedText(k: number): string {
  markerSeq++;
  return `[b${process.pid}-${markerSeq}] ${fixtureIdea(k).text}`.slice(0, 480);
}

/** Convene: N participants with a socket and a Yjs connection each; ideas by idea:submit. */
export async function conveneRig(
  server: ServerProcess,
  n: number,
  opts: { sockets?: boolean } = {},
): Promise<FanoutRig & { room: ConveneRoom }> {
  const workshop = await createWorkshopOverHttp(server.url, n);
  const room = await connectRoom(server.url, workshop, opts);
  const questionId = workshop.questionIds[0] as string;
  await setPhase(room, questionId, 'submit');
  return conveneRigFor(room, questionId);
}

export function conveneRigFor(
  room: ConveneRoom,
  questionId: string,
): FanoutRig & { room: ConveneRoom } {
  let failures = 0;
  const senders = room.clients.filter((c) => c.socket);
  return {
    room,
    readers: room.clients.map((c) => c.yjs),
    send(k, text) {
      const idea = fixtureIdea(k);
      const client = senders[k % senders.length];
      const socket = client?.socket ?? room.facilitator;
      emitAck(socket, 'idea:submit', {
        questionId,
        text,
        ...(idea.actor ? { actor: idea.actor } : {}),
        ...(idea.nextStep ? { nextStep: idea.nextStep } : {}),
      }).then(
        (ack) => {
          if (!ack.ok) failures++;
        },
        () => failures++,
      );
    },
    failures: () => failures,
    close: () => room.close(),
  };
}

/**
 * Baseline B: N readers and one writer on the relay; ideas are written into the writer's doc.
 * With `companions` (baseline A's server), the load process also holds N idle socket.io
 * connections, as it does for Convene's clients (see idleCompanions).
 */
export async function relayRig(
  server: ServerProcess,
  n: number,
  roomName: string,
  companions?: ServerProcess,
): Promise<FanoutRig> {
  const idle = companions ? await idleCompanions('socketio', companions.url, n, roomName) : null;
  const url = relayUrl(server.url, roomName);
  const writer = new RawYjsClient(url, { writer: true });
  await writer.synced;
  const readers = await mapLimit(Array.from({ length: n }), 25, async () => {
    const c = new RawYjsClient(url);
    await c.synced;
    return c;
  });
  await sleep(300);
  const rig = relayRigFor(writer, readers);
  return {
    ...rig,
    close() {
      rig.close();
      idle?.close();
    },
  };
}

export function relayRigFor(writer: RawYjsClient, readers: RawYjsClient[]): FanoutRig {
  let seq = writer.doc.getMap('ideas').size;
  return {
    readers,
    send(k, text) {
      const idea = fixtureIdea(k);
      seq++;
      putIdea(writer.doc, {
        id: `idea-${process.pid}-${seq}`,
        questionId: 'q1',
        text,
        actor: idea.actor,
        nextStep: idea.nextStep,
        createdAt: Date.now(),
        seq,
        mergedCount: 0,
      });
    },
    failures: () => 0,
    close() {
      writer.close();
      for (const r of readers) r.close();
    },
  };
}

export interface FanoutResult {
  /** Latency of every (idea, client) pair, per rig. */
  perRig: Summary[];
  all: Summary;
  /** Share of (idea, client) pairs that arrived before the timeout. */
  delivered: number;
  failures: number;
  sent: number;
  /** Load-process time spent handling the readers' frames, per delivered (idea, client), µs. */
  harnessUsPerDelivery: number;
  /**
   * Each idea in the order sent (one rig): its send as wall-clock ms (performance.timeOrigin +
   * now, comparable with a server's), and each client's latency in ms.
   */
  ideas: { sentAt: number; seen: number[] }[];
}

/**
 * Sends `count` ideas into each rig at `ratePerRig` ideas/s (rigs staggered evenly), and waits
 * until every reader has every idea (or `drainMs` after the last send).
 */
export async function runFanout(
  rigs: readonly FanoutRig[],
  ratePerRig: number,
  count: number,
  drainMs = 15_000,
): Promise<FanoutResult> {
  await settleHarness();
  const samples: number[][] = rigs.map(() => []);
  const sentAt = new Map<string, number>();
  const ideas: { sentAt: number; seen: number[] }[] = [];
  const ideaOf = new Map<string, { sentAt: number; seen: number[] }>();
  let delivered = 0;
  rigs.forEach((rig, r) => {
    for (const reader of rig.readers) {
      reader.onIdea = (text, at) => {
        const t0 = sentAt.get(text);
        if (t0 === undefined) return;
        (samples[r] as number[]).push(at - t0);
        ideaOf.get(text)?.seen.push(at - t0);
        delivered++;
      };
    }
  });
  const expected = rigs.reduce((n, rig) => n + rig.readers.length * count, 0);
  const busy = () => rigs.reduce((n, rig) => n + rig.readers.reduce((m, r) => m + r.busyMs, 0), 0);
  const busy0 = busy();
  await paced(count * rigs.length, ratePerRig * rigs.length, (j) => {
    const rig = rigs[j % rigs.length] as FanoutRig;
    const k = Math.floor(j / rigs.length);
    const text = markedText(k);
    const idea = { sentAt: performance.timeOrigin + performance.now(), seen: [] };
    ideas.push(idea);
    ideaOf.set(text, idea);
    sentAt.set(text, performance.now());
    rig.send(k, text);
  });
  const deadline = performance.now() + drainMs;
  while (delivered < expected && performance.now() < deadline) await sleep(20);
  for (const rig of rigs) for (const reader of rig.readers) reader.onIdea = null;
  return {
    perRig: samples.map((s) => summarize(s)),
    all: summarize(samples.flat()),
    delivered: expected ? delivered / expected : 1,
    failures: rigs.reduce((n, rig) => n + rig.failures(), 0),
    sent: count * rigs.length,
    harnessUsPerDelivery: delivered ? ((busy() - busy0) * 1000) / delivered : Number.NaN,
    ideas,
  };
}
