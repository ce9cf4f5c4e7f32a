import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CreatedWorkshop, Joined } from '@convene/shared';
import { CreateWorkshopSchema, readIdeas } from '@convene/shared';
import * as encoding from 'lib0/encoding';
import { io as ioClient } from 'socket.io-client';
import { afterAll, afterEach, expect, test } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { openDatabase } from '../../server/src/store/db.ts';
import { openSqliteStore } from '../../server/src/store/store.ts';
import { createWorkshop, joinWorkshop } from '../../server/src/workshops/workshops.ts';
import { type ChildServer, freePort, startChildServer } from '../helpers/childServer.ts';
import { docContent, prng, type RawDocClient, rawDocClient } from '../helpers/hardening.ts';
import { OutboxClient } from '../helpers/outboxClient.ts';
import {
  closeClients,
  connectDoc,
  connectSocket,
  type DocClient,
  emitAck,
  startTestServer,
  waitFor,
} from '../helpers/testServer.ts';

/**
 * Many clients and a server that goes away: they come back by themselves, all at once, and end
 * in sync with the server; the server stays responsive while they do.
 */

const SOAK = process.env.SOAK === '1';
const dirs: string[] = [];
const servers: ChildServer[] = [];
const cleanups: (() => void)[] = [];

afterEach(async () => {
  for (const c of cleanups.splice(0)) c();
  closeClients();
  for (const s of servers.splice(0)) await s.stop();
});
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'convene-reconnect-'));
  dirs.push(d);
  return d;
}

async function start(dataDir: string, port: number): Promise<ChildServer> {
  const s = await startChildServer({ dataDir, port });
  servers.push(s);
  return s;
}

async function post<T>(url: string, body: object): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${url} → ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Resolves on the provider's next sync that follows a drop. */
function resynced(d: DocClient): Promise<void> {
  return new Promise((resolve) => {
    let dropped = false;
    d.provider.on('status', ({ status }: { status: string }) => {
      if (status === 'disconnected') dropped = true;
    });
    d.provider.on('sync', (s: boolean) => {
      if (s && dropped) resolve();
    });
  });
}

test('a server restart with 50 clients attached: they reconnect and resync by themselves', async () => {
  const dataDir = tempDir();
  const port = await freePort();
  const server = await start(dataDir, port);
  const url = server.url;
  const N = 50;
  const w = await post<CreatedWorkshop>(`${url}/api/workshops`, {
    title: 'Fifty',
    questions: [{ prompt: 'q' }],
  });
  const q = w.questions[0]?.id ?? '';
  const fac = new OutboxClient(url, w.facilitatorToken, 'fac');
  cleanups.push(() => fac.close());
  fac.enqueue('phase:set', { questionId: q, phase: 'submit' });
  const people: Joined[] = [];
  for (let i = 0; i < N; i++)
    people.push(await post<Joined>(`${url}/api/join`, { joinCode: w.joinCode }));
  const docs = await Promise.all(people.map((p) => connectDoc(url, w.id, p.participantToken)));
  const clients = people.map(
    (p, i) => new OutboxClient(url, p.participantToken, `c${i}`, { refreshFirst: true }),
  );
  cleanups.push(() => {
    for (const c of clients) c.close();
  });
  await waitFor(() => clients.every((c) => c.connects === 1) && fac.pending().length === 0, {
    timeoutMs: 15_000,
    what: 'everyone connected',
  });
  const before = clients.map((c) =>
    c.enqueue('idea:submit', { questionId: q, text: `before ${c.label}` }),
  );
  await waitFor(() => clients.every((c) => c.pending().length === 0), { timeoutMs: 15_000 });
  const back = docs.map(resynced);

  await server.stop(); // a deploy: graceful stop, then the new version on the same port
  await start(dataDir, port);

  await Promise.all(back);
  await waitFor(() => clients.every((c) => c.connects === 2) && fac.connects === 2, {
    timeoutMs: 20_000,
    what: 'every socket reconnected by itself',
  });
  for (const c of clients) c.enqueue('idea:submit', { questionId: q, text: `after ${c.label}` });
  await waitFor(() => clients.every((c) => c.pending().length === 0), {
    timeoutMs: 20_000,
    what: 'the ideas sent after the restart acknowledged',
  });
  const entries = clients.flatMap((c) => c.entries);
  expect(entries.every((e) => e.status === 'saved' && e.sends === 1)).toBe(true);
  expect(before).toHaveLength(N);

  const reference = await connectDoc(url, w.id, w.projectorToken);
  expect(readIdeas(reference.doc)).toHaveLength(2 * N);
  await waitFor(() => docs.every((d) => docContent(d.doc) === docContent(reference.doc)), {
    timeoutMs: 20_000,
    what: 'all 50 replicas equal to the server doc',
  });
});

/**
 * A raw y-websocket client that reconnects by itself (with a little jitter, as the real provider
 * does) and keeps its doc across connections.
 */
function reconnectingClient(url: string, workshopId: string, token: string, rand: () => number) {
  const doc = new Y.Doc();
  const state = {
    client: null as RawDocClient | null,
    syncs: 0,
    awarenessReplies: 0,
    stopped: false,
  };
  const connect = () => {
    if (state.stopped) return;
    const c = rawDocClient(url, workshopId, token, doc);
    state.client = c;
    c.synced.then(
      () => {
        state.syncs++;
      },
      () => {},
    );
    c.ws.on('message', (data: Buffer) => {
      if (data[0] === 1) state.awarenessReplies++;
    });
    void c.closed.then(({ code }) => {
      if (code >= 4400 && code < 4500) return;
      setTimeout(connect, 50 + Math.floor(rand() * 150));
    });
  };
  connect();
  return {
    doc,
    state,
    stop() {
      state.stopped = true;
      state.client?.close();
    },
  };
}

test('500 clients reconnecting at once: the server stays responsive, everyone ends in sync', async () => {
  const N = SOAK ? 1000 : 500;
  const dataDir = tempDir();
  // The workshop and its participants are written straight into the data folder: 500 joins
  // over HTTP from one address would (rightly) meet the join rate limit.
  const db = openDatabase(path.join(dataDir, 'convene.sqlite'));
  const store = openSqliteStore(db);
  const w = createWorkshop(
    store,
    CreateWorkshopSchema.parse({ title: 'Crowd', questions: [{ prompt: 'q' }] }),
  );
  const q = w.questions[0]?.id ?? '';
  store.setPhase(w.id, q, 'submit');
  const tokens = store.transaction(() =>
    Array.from({ length: N }, () => joinWorkshop(store, w.id, null).participantToken),
  );
  db.close();

  const port = await freePort();
  const server = await start(dataDir, port);
  const url = server.url;
  const rand = prng(500);
  const clients = tokens.map((t) => reconnectingClient(url, w.id, t, rand));
  cleanups.push(() => {
    for (const c of clients) c.stop();
  });
  await waitFor(() => clients.every((c) => c.state.syncs >= 1), {
    timeoutMs: 60_000,
    what: `${N} clients synced`,
  });

  await server.kill9();
  const restarted = await start(dataDir, port);
  const t0 = Date.now();

  // While the crowd reconnects, the server answers HTTP and commands promptly.
  const fac = await connectSocket(url, w.tokens.facilitator);
  let slowest = 0;
  while (!clients.every((c) => c.state.syncs >= 2)) {
    const h0 = Date.now();
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await emitAck(fac, 'clock:sync', {})).ok).toBe(true);
    slowest = Math.max(slowest, Date.now() - h0);
    expect(Date.now() - t0, 'everyone resynced in time').toBeLessThan(60_000);
    await new Promise((r) => setTimeout(r, 50)); // pacing of the probe, not synchronisation
  }
  const resyncMs = Date.now() - t0;
  expect(
    slowest,
    `slowest health probe during the storm (resync took ${resyncMs} ms)`,
  ).toBeLessThan(5000);

  // Presence is answered, never relayed: each client hears only its own reply.
  for (const c of clients) c.state.awarenessReplies = 0;
  for (const c of clients) {
    const awareness = new awarenessProtocol.Awareness(c.doc);
    awareness.setLocalState({ user: 'someone' });
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint8Array(
      e,
      awarenessProtocol.encodeAwarenessUpdate(awareness, [c.doc.clientID]),
    );
    c.state.client?.send(encoding.toUint8Array(e));
    awareness.destroy();
  }

  const ack = await emitAck(fac, 'idea:submit', { questionId: q, text: 'after the storm' });
  expect(ack.ok).toBe(true);
  const reference = await connectDoc(url, w.id, w.tokens.projector);
  await waitFor(() => readIdeas(reference.doc).length === 1, { docs: [reference.doc] });
  const expected = docContent(reference.doc);
  await waitFor(() => clients.every((c) => docContent(c.doc) === expected), {
    timeoutMs: 30_000,
    what: `all ${N} replicas equal to the server doc`,
  });
  await waitFor(() => clients.every((c) => c.state.awarenessReplies >= 1), { timeoutMs: 10_000 });
  expect(Math.max(...clients.map((c) => c.state.awarenessReplies))).toBe(1);
  expect(restarted.output()).not.toMatch(/"level":"error"/);
});

test('200 participants arriving at once: presence reaches everyone in a few broadcasts, not 200', async () => {
  const server = await startTestServer();
  cleanups.push(() => void server.close());
  const w = await server.createWorkshop();
  const people = await Promise.all(Array.from({ length: 200 }, () => server.join(w.joinCode)));
  const observer = await connectSocket(server.url, w.projectorToken);
  let heard = 0;
  let last = -1;
  observer.on('presence:changed', (p: { participants: number }) => {
    heard++;
    last = p.participants;
  });
  const sockets = await Promise.all(
    people.map((p) => connectSocket(server.url, p.participantToken)),
  );
  await waitFor(() => last === 200, { timeoutMs: 10_000, what: 'the observer to count 200' });
  // Unthrottled, each arrival is one broadcast to everyone (200 for the observer alone).
  expect(heard).toBeLessThanOrEqual(10);
  // A newcomer hears the count at once, whatever the broadcasts do.
  const late = await server.join(w.joinCode);
  const s = ioClient(server.url, {
    transports: ['websocket'],
    auth: { token: late.participantToken },
    forceNew: true,
    reconnection: false,
  });
  cleanups.push(() => s.disconnect());
  const own = await new Promise<number>((resolve) =>
    s.once('presence:changed', (p: { participants: number }) => resolve(p.participants)),
  );
  expect(own).toBe(201);
  for (const x of sockets) x.disconnect();
  await waitFor(() => last === 1, { timeoutMs: 10_000, what: 'the leaves counted' });
});
