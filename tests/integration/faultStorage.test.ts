import { readIdeas, readNotes } from '@convene/shared';
import { afterEach, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { notesOf } from '../helpers/docParts.ts';
import {
  docContent,
  rawDocClient,
  storeDigest,
  syncFrame,
  syncStep1Frame,
} from '../helpers/hardening.ts';
import { OutboxClient } from '../helpers/outboxClient.ts';
import {
  closeClients,
  connectDoc,
  connectSocket,
  emitAck,
  startTestServer,
  TEST_ADDRESS_LIMITS,
  type TestServer,
  waitFor,
  yjsRoundTrip,
} from '../helpers/testServer.ts';

/**
 * The store and the pipes fail: the database refuses writes (read-only, then full), a client
 * stops reading, a writer types a long time. Every case ends with nothing acknowledged lost,
 * nothing applied twice, every client converged — and the server up throughout.
 */

const servers: TestServer[] = [];
const outboxes: OutboxClient[] = [];
afterEach(async () => {
  for (const o of outboxes.splice(0)) o.close();
  closeClients();
  for (const s of servers.splice(0)) await s.close();
});

async function serverWithWorkshop(opts: Parameters<typeof startTestServer>[0] = {}) {
  const server = await startTestServer(opts);
  servers.push(server);
  const w = await server.createWorkshop();
  const q = w.questions[0]?.id ?? '';
  const fac = await connectSocket(server.url, w.facilitatorToken);
  expect((await emitAck(fac, 'phase:set', { questionId: q, phase: 'submit' })).ok).toBe(true);
  return { server, w, q, fac };
}

const digestOf = (server: TestServer) =>
  storeDigest(server.store.db, { exclude: ['yjs_updates', 'yjs_snapshots'] }).hash;

describe('the database refuses a write', () => {
  test('read-only: every door answers storage_unavailable, nothing is half-applied, all recovers', async () => {
    const { server, w, q } = await serverWithWorkshop();
    const alice = await server.join(w.joinCode, 'alice');
    const bobDoc = await connectDoc(
      server.url,
      w.id,
      (await server.join(w.joinCode)).participantToken,
    );
    const client = new OutboxClient(server.url, alice.participantToken, 'alice');
    outboxes.push(client);
    const first = client.enqueue('idea:submit', { questionId: q, text: 'before the failure' });
    await waitFor(() => client.pending().length === 0, { what: 'the first idea saved' });
    const rap = await connectDoc(server.url, w.id, w.rapporteurToken);
    await waitFor(() => readIdeas(bobDoc.doc).length === 1, { docs: [bobDoc.doc] });

    server.store.db.pragma('query_only = ON'); // SQLite now refuses every write
    const before = digestOf(server);
    const docBefore = server.app.rooms.with(w.id, (r) => docContent(r.doc));

    // A command: refused with a code the client understands, kept waiting in its outbox.
    const during = client.enqueue('idea:submit', {
      questionId: q,
      text: 'while the disk is broken',
    });
    await waitFor(() =>
      client.entries.some((e) => e.commandId === during && e.sends === 1 && e.status === 'waiting'),
    );
    expect(client.entries.find((e) => e.commandId === during)?.acks[0]).toMatchObject({
      ok: false,
      error: { code: 'storage_unavailable' },
    });
    // HTTP: 503 with Retry-After, the usual envelope.
    const join = await fetch(`${server.url}/api/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ joinCode: w.joinCode }),
    });
    expect(join.status).toBe(503);
    expect(join.headers.get('retry-after')).toBe('5');
    expect(await join.json()).toMatchObject({ error: { code: 'storage_unavailable' } });
    // A writer's edit: not applied, not relayed; its connection is told to come back later.
    const closedLater = new Promise<number>((resolve) =>
      rap.provider.once('connection-close', (e: { code: number } | null) => resolve(e?.code ?? 0)),
    );
    notesOf(rap.doc, q).insert(0, 'notes typed during the failure');
    expect(await closedLater).toBe(4503);

    expect(digestOf(server)).toBe(before);
    expect(server.app.rooms.with(w.id, (r) => docContent(r.doc))).toBe(docBefore);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(docContent(bobDoc.doc)).toBe(docBefore);

    // The disk comes back: the outbox is sent again (same commandId), the writer reconnects
    // and hands over what it kept; everything lands once.
    server.store.db.pragma('query_only = OFF');
    void client.flush();
    await waitFor(() => client.pending().length === 0, {
      timeoutMs: 10_000,
      what: 'the retry saved',
    });
    await waitFor(() => readNotes(bobDoc.doc, q).includes('during the failure'), {
      docs: [bobDoc.doc],
      timeoutMs: 10_000,
      what: 'the rapporteur’s notes after recovery',
    });
    const stored = server.store.ideas(w.id);
    expect(stored.map((i) => i.commandId).sort()).toStrictEqual([first, during].sort());
    await waitFor(() => readIdeas(bobDoc.doc).length === 2, { docs: [bobDoc.doc] });
    expect(server.app.rooms.with(w.id, (r) => docContent(r.doc))).toBe(docContent(bobDoc.doc));
    expect(server.errors().map((e) => e.event)).toContain('command_store_failed');
    server.logs.splice(0);
  });

  test('disk full: the command that does not fit is refused whole; the retry lands once', async () => {
    const { server, w, q } = await serverWithWorkshop();
    const alice = await server.join(w.joinCode);
    const s = await connectSocket(server.url, alice.participantToken);
    const watcher = await connectDoc(server.url, w.id, w.projectorToken);
    const db = server.store.db;
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages + 2}`); // the disk has two pages left
    let refused: { commandId: string; text: string } | null = null;
    for (let i = 0; i < 200 && !refused; i++) {
      const commandId = `fill-the-disk-${i}`;
      const text = `${'an idea long enough to fill pages '.repeat(14)}${i}`.slice(0, 500);
      const before = digestOf(server);
      const ack = await emitAck(s, 'idea:submit', { questionId: q, text, commandId });
      if (ack.ok) continue;
      expect(ack.error).toMatchObject({ code: 'storage_unavailable' });
      expect(digestOf(server)).toBe(before); // nothing half-applied, not even the command id
      refused = { commandId, text };
    }
    if (!refused) throw new Error('the disk never filled');
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const count = server.store.ideas(w.id).length;
    await waitFor(() => readIdeas(watcher.doc).length === count, { docs: [watcher.doc] });

    db.pragma('max_page_count = 1073741823'); // space again
    const retry = await emitAck(s, 'idea:submit', {
      questionId: q,
      text: refused.text,
      commandId: refused.commandId,
    });
    expect(retry.ok).toBe(true);
    const again = await emitAck(s, 'idea:submit', {
      questionId: q,
      text: refused.text,
      commandId: refused.commandId,
    });
    expect(again).toStrictEqual(retry);
    expect(server.store.ideas(w.id).filter((i) => i.commandId === refused?.commandId)).toHaveLength(
      1,
    );
    await waitFor(() => readIdeas(watcher.doc).length === count + 1, { docs: [watcher.doc] });
    server.logs.splice(0);
  });
});

describe('a client that stops reading', () => {
  test('is cut off once its backlog passes the cap; everyone else keeps up', async () => {
    const cap = 256 * 1024;
    const { server, w, q } = await serverWithWorkshop({
      limits: {
        ...TEST_ADDRESS_LIMITS,
        yjsMaxBuffered: cap,
        // The writer pushes 128 KB a frame on purpose, far above a room's budget of writes.
        yjsRoomWrites: { burst: 1e9, perSecond: 1e9 },
      },
    });
    const alice = await server.join(w.joinCode);
    const aliceSocket = await connectSocket(server.url, alice.participantToken);
    const aliceDoc = await connectDoc(server.url, w.id, alice.participantToken);
    const stalled = rawDocClient(
      server.url,
      w.id,
      (await server.join(w.joinCode)).participantToken,
    );
    await stalled.synced;
    // It stops reading: the kernel buffers fill, then the server's send buffer grows.
    (stalled.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const peers = () => server.app.rooms.with(w.id, (r) => r.peers.size);
    expect(peers()).toBe(2);

    const writer = rawDocClient(server.url, w.id, w.rapporteurToken);
    await writer.synced;
    const chunk = 'x'.repeat(128 * 1024);
    for (let i = 0; i < 200 && !server.logs.some((l) => l.event === 'yjs_peer_stalled'); i++) {
      const before = Y.encodeStateVector(writer.doc);
      // Replace rather than grow: the notes stay under their cap, every update still carries
      // 128 KB to each peer.
      const notes = notesOf(writer.doc, q);
      writer.doc.transact(() => {
        if (notes.length > 0) notes.delete(0, notes.length);
        notes.insert(0, chunk);
      });
      writer.send(syncFrame(Y.encodeStateAsUpdate(writer.doc, before)));
      // A state request with everything the writer holds: the answer is small.
      await new Promise<void>((resolve) =>
        writer.ws.send(syncStep1Frame(writer.doc), () => resolve()),
      );
      // Backpressure for the writer itself: wait for the server's answer to a state request.
      await new Promise<void>((resolve) => {
        const on = (d: Buffer) => {
          if (d[0] === 0 && d[1] === 1) {
            writer.ws.off('message', on);
            resolve();
          }
        };
        writer.ws.on('message', on);
      });
    }
    expect(server.logs.map((l) => l.event)).toContain('yjs_peer_stalled');
    await waitFor(() => peers() === 2, { what: 'only alice and the writer left' });

    // alice is unaffected: she has all of it, and her commands are answered.
    const expected = server.app.rooms.with(w.id, (r) => docContent(r.doc));
    await waitFor(() => docContent(aliceDoc.doc) === expected, {
      docs: [aliceDoc.doc],
      timeoutMs: 15_000,
      what: 'alice in sync',
    });
    expect((await emitAck(aliceSocket, 'clock:sync', {})).ok).toBe(true);
    expect(aliceDoc.provider.wsconnected).toBe(true);
    expect(stalled.ws.readyState === WebSocket.OPEN && peers() === 3).toBe(false);
    expect(server.errors()).toStrictEqual([]);
  });
});

describe('the Yjs log under load', () => {
  test('2,000 keystrokes: the tail stays short (snapshots), and a reload is exact', async () => {
    // Keystrokes as fast as the loop can make them: far past a person's (and the frame rate
    // limit, which is not what this test is about).
    const { server, w, q } = await serverWithWorkshop({
      limits: { ...TEST_ADDRESS_LIMITS, yjsFrames: { burst: 1e6, perSecond: 1e6 } },
    });
    const rap = await connectDoc(server.url, w.id, w.rapporteurToken);
    const watcher = await connectDoc(server.url, w.id, w.projectorToken);
    const text = notesOf(rap.doc, q);
    const tail = () =>
      (
        server.store.db
          .prepare('SELECT COUNT(*) AS n FROM yjs_updates WHERE workshop_id = ?')
          .get(w.id) as { n: number }
      ).n;
    let longest = 0;
    for (let i = 0; i < 2000; i++) {
      text.insert(text.length, String.fromCharCode(97 + (i % 26)));
      if (i % 100 === 99) {
        await yjsRoundTrip(rap.provider);
        longest = Math.max(longest, tail());
      }
    }
    await yjsRoundTrip(rap.provider);
    expect(longest).toBeLessThan(500);
    const snapshots = server.store.db
      .prepare('SELECT COUNT(*) AS n FROM yjs_snapshots WHERE workshop_id = ?')
      .get(w.id) as { n: number };
    expect(snapshots.n).toBe(1);
    await waitFor(() => readNotes(watcher.doc, q).length === 2000, {
      docs: [watcher.doc],
    });
    const expected = docContent(watcher.doc);
    // Unload and load again: the stored snapshot + tail is the doc.
    closeClients();
    await waitFor(() => !server.app.rooms.isLoaded(w.id), { what: 'the room unloaded' });
    const t0 = Date.now();
    const reloaded = await connectDoc(server.url, w.id, w.projectorToken);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(docContent(reloaded.doc)).toBe(expected);
    expect(server.errors()).toStrictEqual([]);
  });
});
