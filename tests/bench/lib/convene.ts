import path from 'node:path';
import { type CreatedWorkshop, type Joined, putIdea } from '@convene/shared';
import type { Socket } from 'socket.io-client';
import { newId } from '../../../server/src/auth/tokens.ts';
import { openDatabase } from '../../../server/src/store/db.ts';
import { openSqliteStore } from '../../../server/src/store/store.ts';
import { createWorkshop, joinWorkshop } from '../../../server/src/workshops/workshops.ts';
import { loadFixture } from '../../helpers/fixtureBoard.ts';
import { connectSocket, conveneYjsUrl, emitAck, RawYjsClient, relayUrl } from './clients.ts';
import { mapLimit, sleep } from './stats.ts';

/** Realistic idea texts (the Sustaining Peace fixture, ~125 characters, with actor and step). */
const FIXTURE_IDEAS = loadFixture().workshops.flatMap((w) => w.questions.flatMap((q) => q.ideas));

export function fixtureIdea(k: number): {
  text: string;
  actor: string | null;
  nextStep: string | null;
} {
  const i = FIXTURE_IDEAS[k % FIXTURE_IDEAS.length] as (typeof FIXTURE_IDEAS)[number];
  return { text: i.text, actor: i.actor, nextStep: i.nextStep };
}

/** A workshop as the benchmarks use it: ids and every token. */
export interface BenchWorkshop {
  id: string;
  joinCode: string;
  facilitatorToken: string;
  projectorToken: string;
  rapporteurToken: string;
  questionIds: string[];
  participants: { id: string; token: string }[];
}

export interface SeedSpec {
  participants: number;
  /**
   * Visible ideas in the first question, written by the first participants, 40 each (under the
   * limit of 50 per person and question); participants after them have written nothing.
   */
  ideas?: number;
  /** Phase of the first question (it is the current one). */
  phase?: 'lobby' | 'submit' | 'cluster';
  questions?: number;
}

/**
 * Writes workshops straight into a Convene database before its server starts: the same rows the
 * commands would write (workshops.ts creates and joins, Store inserts ideas), much faster than
 * 10,000 commands. The server's first load of such a workshop projects the rows into its doc
 * (the crash-repair path), so benchmarks load every seeded room once before they measure.
 */
/** Ideas each seeded author wrote (the limit per person and question is 50). */
export const IDEAS_PER_AUTHOR = 40;

/** Participants a seeded board needs: its authors, plus `others` who can still submit. */
export const participantsFor = (ideas: number, others: number) =>
  Math.ceil(ideas / IDEAS_PER_AUTHOR) + others;

export function seedWorkshops(dataDir: string, specs: readonly SeedSpec[]): BenchWorkshop[] {
  const db = openDatabase(path.join(dataDir, 'convene.sqlite'));
  const store = openSqliteStore(db);
  try {
    return store.transaction(() =>
      specs.map((spec, w) => {
        const created = createWorkshop(store, {
          title: `Bench workshop ${w + 1}`,
          questions: Array.from({ length: spec.questions ?? 2 }, (_, q) => ({
            prompt: `Question ${q + 1}: what should change first?`,
          })),
          chathamHouse: true,
          voteBudget: 3,
          maxVotesPerIdea: 1,
        });
        const participants = Array.from({ length: spec.participants }, () => {
          const j = joinWorkshop(store, created.id, null);
          return { id: j.participantId, token: j.participantToken };
        });
        const q0 = created.questions[0]?.id as string;
        if (spec.phase) store.setPhase(created.id, q0, spec.phase);
        const now = Date.now();
        for (let k = 0; k < (spec.ideas ?? 0); k++) {
          const idea = fixtureIdea(k);
          store.insertIdea({
            id: newId(),
            workshopId: created.id,
            questionId: q0,
            participantId: participants[Math.floor(k / IDEAS_PER_AUTHOR)]?.id ?? null,
            seq: store.nextIdeaSeq(created.id),
            text: `${idea.text} (${k + 1})`,
            actor: idea.actor,
            nextStep: idea.nextStep,
            status: 'visible',
            createdAt: now - (spec.ideas ?? 0) + k,
            commandId: null,
            mergedInto: null,
            moderationReason: null,
            originalText: null,
            updatedAt: null,
          });
        }
        return {
          id: created.id,
          joinCode: created.joinCode,
          facilitatorToken: created.tokens.facilitator,
          projectorToken: created.tokens.projector,
          rapporteurToken: created.tokens.rapporteur,
          questionIds: created.questions.map((q) => q.id),
          participants,
        };
      }),
    );
  } finally {
    db.close();
  }
}

/**
 * Joins `n` participants to a workshop over HTTP, `concurrency` at a time; `forwardedFor` gives
 * them an address of their own (a node trusts X-Forwarded-For from loopback).
 */
export async function joinOverHttp(
  url: string,
  joinCode: string,
  n: number,
  opts: { concurrency?: number; forwardedFor?: string } = {},
): Promise<BenchWorkshop['participants']> {
  return mapLimit(Array.from({ length: n }), opts.concurrency ?? 16, async () => {
    const r = await fetch(`${url}/api/join`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(opts.forwardedFor ? { 'x-forwarded-for': opts.forwardedFor } : {}),
      },
      body: JSON.stringify({ joinCode }),
    });
    if (r.status !== 200) throw new Error(`POST /api/join → ${r.status}`);
    const j = (await r.json()) as Joined;
    return { id: j.participantId, token: j.participantToken };
  });
}

/** A workshop as the API created it, with the participants who joined it. */
export function benchWorkshopOf(
  w: CreatedWorkshop,
  participants: BenchWorkshop['participants'],
): BenchWorkshop {
  return {
    id: w.id,
    joinCode: w.joinCode,
    facilitatorToken: w.facilitatorToken,
    projectorToken: w.projectorToken ?? '',
    rapporteurToken: w.rapporteurToken,
    questionIds: w.questions.map((q) => q.id),
    participants,
  };
}

/** Creates a workshop and joins `n` participants over HTTP, as a room does. */
export async function createWorkshopOverHttp(url: string, n: number): Promise<BenchWorkshop> {
  const res = await fetch(`${url}/api/workshops`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      title: 'Bench workshop',
      questions: [{ prompt: 'What should donors stop doing?' }, { prompt: 'A first step?' }],
    }),
  });
  if (res.status !== 201) throw new Error(`POST /api/workshops → ${res.status}`);
  const w = (await res.json()) as CreatedWorkshop;
  return benchWorkshopOf(w, await joinOverHttp(url, w.joinCode, n));
}

/** One participant's screen as the server sees it: a command socket and a Yjs replica. */
export interface ConveneClient {
  participantId: string;
  socket: Socket | null;
  yjs: RawYjsClient;
}

export interface ConveneRoom {
  workshop: BenchWorkshop;
  facilitator: Socket;
  clients: ConveneClient[];
  close(): void;
}

/**
 * Connects the facilitator and every participant of a workshop (socket.io + Yjs each, or Yjs
 * only), waits until every replica is synced and the presence broadcasts have settled.
 */
export async function connectRoom(
  url: string,
  workshop: BenchWorkshop,
  opts: { sockets?: boolean; concurrency?: number } = {},
): Promise<ConveneRoom> {
  const facilitator = await connectSocket(url, { token: workshop.facilitatorToken }, workshop.id);
  const clients = await mapLimit(workshop.participants, opts.concurrency ?? 25, async (p) => {
    const yjs = new RawYjsClient(conveneYjsUrl(url, workshop.id, p.token));
    const socket =
      opts.sockets === false ? null : await connectSocket(url, { token: p.token }, workshop.id);
    await yjs.synced;
    return { participantId: p.id, socket, yjs };
  });
  await sleep(500);
  return {
    workshop,
    facilitator,
    clients,
    close() {
      facilitator.disconnect();
      for (const c of clients) {
        c.socket?.disconnect();
        c.yjs.close();
      }
    },
  };
}

/** Sets the phase of a question through the facilitator's socket; throws unless acknowledged. */
export async function setPhase(
  room: ConveneRoom,
  questionId: string,
  phase: string,
): Promise<void> {
  const ack = await emitAck(room.facilitator, 'phase:set', { questionId, phase });
  if (!ack.ok) throw new Error(`phase:set ${phase} refused: ${ack.error?.code}`);
}

/**
 * Baseline B's board: a writer connected to the bare relay's room puts `size` fixture ideas in
 * its doc, as Convene's seeded boards hold them. The writer stays connected (the relay keeps a
 * room's doc only while someone is in it).
 */
export async function seedRelayBoard(
  url: string,
  room: string,
  size: number,
): Promise<RawYjsClient> {
  const writer = new RawYjsClient(relayUrl(url, room), { writer: true });
  await writer.synced;
  writer.doc.transact(() => {
    for (let k = 0; k < size; k++) {
      const idea = fixtureIdea(k);
      putIdea(writer.doc, {
        id: `idea-${k}`,
        questionId: 'q1',
        text: `${idea.text} (${k + 1})`,
        actor: idea.actor,
        nextStep: idea.nextStep,
        createdAt: Date.now(),
        seq: k + 1,
        mergedCount: 0,
      });
    }
  });
  return writer;
}
