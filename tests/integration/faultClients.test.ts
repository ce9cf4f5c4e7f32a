import { createCluster, placeIdea, readClusters, readIdeas, renameCluster } from '@convene/shared';
import { afterEach, expect, test } from 'vitest';
import { docContent, prng } from '../helpers/hardening.ts';
import { OutboxClient, type OutboxStatus } from '../helpers/outboxClient.ts';
import { startTcpProxy, type TcpProxy } from '../helpers/tcpProxy.ts';
import {
  closeClients,
  connectDoc,
  connectSocket,
  emitAck,
  startTestServer,
  type TestServer,
  waitFor,
} from '../helpers/testServer.ts';

/**
 * Clients misbehaving the way real ones do: two facilitators moving the same idea at the same
 * moment, a participant whose Wi-Fi drops for 30 seconds while they keep writing.
 */

const SOAK = process.env.SOAK === '1';
const servers: TestServer[] = [];
const proxies: TcpProxy[] = [];
const outboxes: OutboxClient[] = [];
afterEach(async () => {
  for (const o of outboxes.splice(0)) o.close();
  closeClients();
  for (const p of proxies.splice(0)) await p.close();
  for (const s of servers.splice(0)) await s.close();
});

test('two facilitators move the same idea and rename the same cluster at once: all replicas converge', async () => {
  const server = await startTestServer({ unloadDelayMs: 60_000 });
  servers.push(server);
  const w = await server.createWorkshop();
  const q = w.questions[0]?.id ?? '';
  const fac = await connectSocket(server.url, w.facilitatorToken);
  await emitAck(fac, 'phase:set', { questionId: q, phase: 'submit' });
  const ideaIds: string[] = [];
  for (let i = 0; i < 4; i++) {
    ideaIds.push(
      String((await emitAck(fac, 'idea:submit', { questionId: q, text: `idea ${i}` })).ideaId),
    );
  }
  await emitAck(fac, 'phase:set', { questionId: q, phase: 'cluster' });
  // Two devices with the facilitator link, and three screens watching.
  const [f1, f2] = await Promise.all([
    connectDoc(server.url, w.id, w.facilitatorToken),
    connectDoc(server.url, w.id, w.facilitatorToken),
  ]);
  const watchers = await Promise.all(
    [w.projectorToken, w.rapporteurToken, (await server.join(w.joinCode)).participantToken].map(
      (t) => connectDoc(server.url, w.id, t),
    ),
  );
  const replicas = [f1, f2, ...watchers];
  const clusters = ['c-a', 'c-b', 'c-c'];
  for (const [position, id] of clusters.entries()) {
    createCluster(f1.doc, { id, questionId: q, label: `Cluster ${id}`, position });
  }
  await waitFor(() => readClusters(f2.doc).length === 3, { docs: [f2.doc] });

  const rand = prng(2026);
  const rounds = SOAK ? 200 : 25;
  for (let r = 0; r < rounds; r++) {
    // Both edit in the same tick: neither has seen the other's change.
    const idea = ideaIds[Math.floor(rand() * ideaIds.length)] as string;
    const cluster = clusters[Math.floor(rand() * clusters.length)] as string;
    placeIdea(f1.doc, idea, clusters[Math.floor(rand() * clusters.length)] as string);
    placeIdea(f2.doc, idea, rand() < 0.2 ? null : (clusters[Math.floor(rand() * 3)] as string));
    renameCluster(f1.doc, cluster, `Label from f1 #${r}`);
    renameCluster(f2.doc, cluster, `Label from f2 #${r}`);
    if (r % 5 === 4) {
      const server1 = () => server.app.rooms.with(w.id, (room) => docContent(room.doc));
      await waitFor(() => replicas.every((d) => docContent(d.doc) === server1()), {
        docs: replicas.map((d) => d.doc),
        what: `replicas converged after round ${r}`,
      });
      // One state: each idea in one cluster at most, each cluster one of the two labels.
      const label = readClusters(f1.doc).find((c) => c.id === cluster)?.label ?? '';
      expect(label).toMatch(new RegExp(`^Label from f[12] #${r}$`));
      expect(readIdeas(f1.doc)).toHaveLength(4);
    }
  }
  const converged = docContent(f1.doc);
  // The converged board is what is stored: a restart brings back exactly it.
  closeClients();
  await server.restart();
  const reloaded = await connectDoc(server.url, w.id, w.projectorToken);
  expect(docContent(reloaded.doc)).toBe(converged);
});

test('a participant offline for 30 s writes three ideas meanwhile: shown as waiting, then saved, each once', async () => {
  const OFFLINE_MS = 30_000;
  const server = await startTestServer();
  servers.push(server);
  const w = await server.createWorkshop();
  const q = w.questions[0]?.id ?? '';
  const fac = await connectSocket(server.url, w.facilitatorToken);
  await emitAck(fac, 'phase:set', { questionId: q, phase: 'submit' });
  const alice = await server.join(w.joinCode, 'alice');
  const bobDoc = await connectDoc(
    server.url,
    w.id,
    (await server.join(w.joinCode)).participantToken,
  );

  // alice's laptop reaches the server through the venue Wi-Fi (a proxy we can unplug).
  const wifi = await startTcpProxy(server.port);
  proxies.push(wifi);
  const client = new OutboxClient(wifi.url, alice.participantToken, 'alice', {
    refreshFirst: true,
    ackTimeoutMs: 10_000, // the real client's
  });
  outboxes.push(client);
  const aliceDoc = await connectDoc(wifi.url, w.id, alice.participantToken);
  client.enqueue('idea:submit', { questionId: q, text: 'written while online' });
  await waitFor(() => client.pending().length === 0, { what: 'the first idea saved' });

  // The Wi-Fi drops: nothing gets through, and nobody is told.
  wifi.blackhole();
  // What the screen showed and what the server held when the Wi-Fi came back.
  const atRestore = new Promise<{ shown: OutboxStatus[]; stored: number }>((resolve) =>
    setTimeout(() => {
      const shown = client.entries.slice(1).map((e) => e.status);
      const stored = server.store.ideas(w.id).length;
      wifi.restore();
      resolve({ shown, stored });
    }, OFFLINE_MS),
  );
  // Three ideas, written at 0, 10 and 20 seconds into the outage.
  const offline = await Promise.all(
    [0, 10_000, 20_000].map(
      (at, i) =>
        new Promise<string>((resolve) =>
          setTimeout(
            () =>
              resolve(client.enqueue('idea:submit', { questionId: q, text: `offline idea ${i}` })),
            at,
          ),
        ),
    ),
  );
  const { shown, stored: storedDuringOutage } = await atRestore;
  // The outage was real: none of the three reached the server before the Wi-Fi came back.
  expect(storedDuringOutage).toBe(1);
  // While offline the UI showed them as not saved yet (waiting, or on their way).
  expect(shown).toHaveLength(3);
  for (const s of shown) expect(['waiting', 'sending']).toContain(s);

  await waitFor(() => client.pending().length === 0, {
    timeoutMs: 60_000,
    what: 'the three offline ideas saved after the Wi-Fi came back',
  });
  const entries = client.entries.filter((e) => offline.includes(e.commandId));
  for (const e of entries) {
    expect(e.status).toBe('saved');
    expect(e.history[0]).toBe('waiting');
    expect(e.history.at(-1)).toBe('saved');
  }
  // Delivered once: one stored idea per command, whatever was resent.
  const stored = server.store.ideas(w.id);
  expect(stored).toHaveLength(4);
  for (const id of offline) expect(stored.filter((i) => i.commandId === id)).toHaveLength(1);
  // Every screen converged, alice's own included (its provider came back by itself).
  await waitFor(() => readIdeas(bobDoc.doc).length === 4, {
    docs: [bobDoc.doc],
    timeoutMs: 10_000,
  });
  await waitFor(() => docContent(aliceDoc.doc) === docContent(bobDoc.doc), {
    docs: [aliceDoc.doc, bobDoc.doc],
    timeoutMs: 40_000,
    what: 'alice’s replica in sync again',
  });
  expect(
    readIdeas(bobDoc.doc)
      .map((i) => i.text)
      .sort(),
  ).toStrictEqual(['offline idea 0', 'offline idea 1', 'offline idea 2', 'written while online']);
}, 120_000);
