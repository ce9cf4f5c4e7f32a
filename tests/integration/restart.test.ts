import { createCluster, readIdeas, readQuestions, readTimer, readWorkshop } from '@convene/shared';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import {
  closeClients,
  commandId,
  connectDoc,
  connectSocket,
  emitAck,
  startTestServer,
  type TestServer,
  waitFor,
} from '../helpers/testServer.ts';

/** A graceful restart on the same data folder keeps every acknowledged idea and board edit. */

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => {
  closeClients();
  // Bad input is answered and logged as a warning at most: the server never errs on it.
  expect(server.errors()).toStrictEqual([]);
});
afterAll(async () => {
  await server?.close();
});

interface ExportedQuestion {
  clusters: { id: string; label: string }[];
  ideas: { id: string; text: string; clusterId: string | null }[];
}

async function exportedQuestions(workshopId: string, token: string): Promise<ExportedQuestion[]> {
  const res = await fetch(`${server.url}/api/workshops/${workshopId}/export?format=json`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { questions: ExportedQuestion[] }).questions;
}

test('acknowledged ideas, phases and facilitator edits survive a restart', async () => {
  const w = await server.createWorkshop();
  const q = w.questions[0]?.id ?? '';
  const people = await Promise.all(
    ['alice', 'bob', 'carol'].map((n) => server.join(w.joinCode, n)),
  );

  const facilitator = await connectSocket(server.url, w.facilitatorToken);
  expect((await emitAck(facilitator, 'phase:set', { questionId: q, phase: 'submit' })).ok).toBe(
    true,
  );
  const sockets = await Promise.all(
    people.map((p) => connectSocket(server.url, p.participantToken)),
  );
  const acked: { id: string; text: string }[] = [];
  const retry = { questionId: q, text: 'idea with a command id', commandId: commandId('restart') };
  for (let round = 0; round < 3; round++) {
    for (const [i, s] of sockets.entries()) {
      const text = `round ${round} idea from person ${i}`;
      const ack = await emitAck(s, 'idea:submit', { questionId: q, text });
      expect(ack.ok).toBe(true);
      acked.push({ id: String(ack.ideaId), text });
    }
  }
  const withId = await emitAck(sockets[0] ?? facilitator, 'idea:submit', retry);
  acked.push({ id: String(withId.ideaId), text: retry.text });

  // A facilitator's direct board edit: once bob sees it, the server has stored it.
  const fac = await connectDoc(server.url, w.id, w.facilitatorToken);
  const bob = await connectDoc(server.url, w.id, people[1]?.participantToken ?? '');
  await waitFor(() => readIdeas(fac.doc).length === acked.length, { docs: [fac.doc] });
  createCluster(
    fac.doc,
    { id: 'c-local-ownership', questionId: q, label: 'Local ownership', position: 0 },
    [acked[0]?.id ?? ''],
  );
  await waitFor(() => readIdeas(bob.doc)[0]?.clusterId === 'c-local-ownership', {
    docs: [bob.doc],
  });

  closeClients();
  await server.restart();

  const carol = await connectDoc(server.url, w.id, people[2]?.participantToken ?? '');
  const ideas = readIdeas(carol.doc);
  expect(ideas.map((i) => ({ id: i.id, text: i.text }))).toStrictEqual(acked);
  expect(ideas[0]?.clusterId).toBe('c-local-ownership');
  expect(readQuestions(carol.doc)[0]?.phase).toBe('submit');
  expect(readWorkshop(carol.doc).currentQuestionId).toBe(q);

  const exported = await exportedQuestions(w.id, w.facilitatorToken);
  const exportedIdeas = exported.flatMap((x) => x.ideas);
  expect(exportedIdeas.map((i) => ({ id: i.id, text: i.text }))).toStrictEqual(acked);
  expect(exportedIdeas[0]?.clusterId).toBe('c-local-ownership');
  expect(exported[0]?.clusters).toMatchObject([
    { id: 'c-local-ownership', label: 'Local ownership' },
  ]);

  // Tokens still open the workshop; the retry is still recognised; numbering carries on.
  const alice = await connectSocket(server.url, people[0]?.participantToken ?? '');
  expect(await emitAck(alice, 'idea:submit', retry)).toStrictEqual(withId);
  const after = await emitAck(alice, 'idea:submit', { questionId: q, text: 'after restart' });
  expect(after.ok).toBe(true);
  await waitFor(() => readIdeas(carol.doc).some((i) => i.id === after.ideaId), {
    docs: [carol.doc],
  });
  expect(readIdeas(carol.doc).at(-1)).toMatchObject({
    text: 'after restart',
    seq: acked.length + 1,
  });
});

test('a connected y-websocket client reconnects by itself after a restart', async () => {
  const w = await server.createWorkshop();
  const q = w.questions[0]?.id ?? '';
  const bobJoin = await server.join(w.joinCode, 'bob');
  const facilitator = await connectSocket(server.url, w.facilitatorToken);
  await emitAck(facilitator, 'phase:set', { questionId: q, phase: 'submit' });
  const before = await emitAck(facilitator, 'idea:submit', { questionId: q, text: 'before' });

  const bob = await connectDoc(server.url, w.id, bobJoin.participantToken);
  expect(readIdeas(bob.doc).map((i) => i.text)).toStrictEqual(['before']);
  const portBefore = server.port;

  // Close the server with bob still connected (it must not wait for him), then bring it back.
  const resynced = new Promise<void>((resolve) => {
    let dropped = false;
    bob.provider.on('status', ({ status }: { status: string }) => {
      if (status === 'disconnected') dropped = true;
    });
    bob.provider.on('sync', (s: boolean) => {
      if (s && dropped) resolve();
    });
  });
  await server.restart();
  if (server.port !== portBefore) {
    // Another process took the port in between: the reconnect part cannot be checked.
    console.warn('restart got a new port; skipping the reconnect check');
    return;
  }
  await resynced;

  const fac2 = await connectSocket(server.url, w.facilitatorToken);
  const after = await emitAck(fac2, 'idea:submit', { questionId: q, text: 'after' });
  expect(after.ok).toBe(true);
  await waitFor(() => readIdeas(bob.doc).some((i) => i.id === after.ideaId), {
    docs: [bob.doc],
    what: 'the new idea at the reconnected client',
  });
  expect(readIdeas(bob.doc).map((i) => i.id)).toStrictEqual([before.ideaId, after.ideaId]);
});

test('a running auto-advance timer survives a restart and fires once, in the new server', async () => {
  const w = await server.createWorkshop();
  const q = w.questions[0]?.id ?? '';
  const facilitator = await connectSocket(server.url, w.facilitatorToken);
  expect((await emitAck(facilitator, 'phase:set', { questionId: q, phase: 'submit' })).ok).toBe(
    true,
  );
  const started = await emitAck(facilitator, 'timer:start', {
    durationSeconds: 1,
    autoAdvance: true,
  });
  expect(started.ok).toBe(true);

  closeClients();
  await server.restart();

  const fac = await connectDoc(server.url, w.id, w.facilitatorToken);
  await waitFor(() => readQuestions(fac.doc)[0]?.phase === 'cluster', {
    docs: [fac.doc],
    what: 'the timer to move submit → cluster',
  });
  expect(readTimer(fac.doc).status).toBe('idle');
  expect(server.store.question(w.id, q)?.phase).toBe('cluster');
  // The first server's timeout was cancelled with it: nothing fired into its closed store.
  expect(server.errors()).toStrictEqual([]);
});
