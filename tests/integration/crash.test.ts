import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CreatedWorkshop, Joined } from '@convene/shared';
import { createCluster, readClusters, readIdeas } from '@convene/shared';
import { afterAll, afterEach, expect, test } from 'vitest';
import { type ChildServer, freePort, startChildServer } from '../helpers/childServer.ts';
import {
  closeClients,
  connectDoc,
  connectSocket,
  emitAck,
  waitFor,
} from '../helpers/testServer.ts';

/**
 * "Nothing acknowledged is ever lost": the real server, as its own process, is killed with
 * SIGKILL (no shutdown hook, no compaction) and started again on the same DATA_DIR and port.
 */

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'convene-crash-'));
const servers: ChildServer[] = [];

afterEach(() => closeClients());
afterAll(async () => {
  closeClients();
  for (const s of servers) await s.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function post<T>(url: string, body: object): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${url} → ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

test('kill -9 loses no acknowledged idea, and clients reconnect on their own', async () => {
  const port = await freePort();
  const first = await startChildServer({ dataDir, port });
  servers.push(first);
  const url = first.url;

  const w = await post<CreatedWorkshop>(`${url}/api/workshops`, {
    title: 'Crash test',
    questions: [{ prompt: 'What survives a crash?' }],
  });
  const q = w.questions[0]?.id ?? '';
  const [alice, bob, carol] = await Promise.all(
    ['alice', 'bob', 'carol'].map((name) =>
      post<Joined>(`${url}/api/join`, { joinCode: w.joinCode, name }),
    ),
  );
  if (!alice || !bob || !carol) throw new Error('three participants expected');

  const facilitator = await connectSocket(url, w.facilitatorToken);
  expect((await emitAck(facilitator, 'phase:set', { questionId: q, phase: 'submit' })).ok).toBe(
    true,
  );
  // carol watches the board the whole time, across the crash.
  const carolDoc = await connectDoc(url, w.id, carol.participantToken);
  const facDoc = await connectDoc(url, w.id, w.facilitatorToken);

  const [aliceSocket, bobSocket] = await Promise.all([
    connectSocket(url, alice.participantToken),
    connectSocket(url, bob.participantToken),
  ]);
  const acked: { id: string; text: string }[] = [];
  // Concurrent submissions: each is durable before its ack, whatever the interleaving.
  const acks = await Promise.all(
    Array.from({ length: 12 }, (_, i) => {
      const text = `idea ${i} before the crash`;
      const socket = i % 2 === 0 ? aliceSocket : bobSocket;
      return emitAck(socket, 'idea:submit', { questionId: q, text }).then((ack) => ({ ack, text }));
    }),
  );
  for (const { ack, text } of acks) {
    expect(ack.ok).toBe(true);
    acked.push({ id: String(ack.ideaId), text });
  }
  // A trusted writer's edit is stored before it is relayed: once carol has it, it is on disk.
  createCluster(facDoc.doc, {
    id: 'crash-cluster',
    questionId: q,
    label: 'Crash test',
    position: 0,
  });
  await waitFor(() => readClusters(carolDoc.doc).some((c) => c.label === 'Crash test'), {
    docs: [carolDoc.doc],
  });
  await waitFor(() => readIdeas(carolDoc.doc).length === acked.length, { docs: [carolDoc.doc] });

  const reconnected = new Promise<void>((resolve) => {
    let dropped = false;
    carolDoc.provider.on('status', ({ status }: { status: string }) => {
      if (status === 'disconnected') dropped = true;
    });
    carolDoc.provider.on('sync', (s: boolean) => {
      if (s && dropped) resolve();
    });
  });

  await first.kill9();
  expect(first.child.signalCode).toBe('SIGKILL');

  const second = await startChildServer({ dataDir, port });
  servers.push(second);
  expect(second.url).toBe(url);

  // The export is built from the store: every acknowledged idea is there, once.
  const res = await fetch(`${url}/api/workshops/${w.id}/export?format=json`, {
    headers: { authorization: `Bearer ${w.facilitatorToken}` },
  });
  expect(res.status).toBe(200);
  const archive = (await res.json()) as {
    workshop: { title: string };
    questions: { ideas: { id: string; text: string }[] }[];
  };
  const exported = archive.questions
    .flatMap((x) => x.ideas)
    .map((i) => ({ id: i.id, text: i.text }));
  const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
  expect([...exported].sort(byId)).toStrictEqual([...acked].sort(byId));

  // A fresh replica gets every idea and the facilitator's edit from the reloaded doc.
  const fresh = await connectDoc(url, w.id, bob.participantToken);
  expect(
    readIdeas(fresh.doc)
      .map((i) => ({ id: i.id, text: i.text }))
      .sort(byId),
  ).toStrictEqual([...acked].sort(byId));
  expect(readClusters(fresh.doc).map((c) => c.label)).toContain('Crash test');

  // carol's provider reconnected by itself and keeps following the board.
  await reconnected;
  const alice2 = await connectSocket(url, alice.participantToken);
  const after = await emitAck(alice2, 'idea:submit', { questionId: q, text: 'after the crash' });
  expect(after.ok).toBe(true);
  await waitFor(() => readIdeas(carolDoc.doc).some((i) => i.id === after.ideaId), {
    docs: [carolDoc.doc],
    what: 'the post-crash idea at the reconnected client',
  });
  expect(readIdeas(carolDoc.doc)).toHaveLength(acked.length + 1);
  expect(readIdeas(carolDoc.doc).at(-1)?.seq).toBe(acked.length + 1);
});
