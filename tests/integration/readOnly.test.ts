import {
  createCluster,
  notesText,
  readClusters,
  readIdeas,
  readNotes,
  readQuestions,
  readWorkshop,
} from '@convene/shared';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import {
  closeClients,
  connectDoc,
  connectSocket,
  emitAck,
  startTestServer,
  type TestServer,
  waitFor,
  yjsRoundTrip,
} from '../helpers/testServer.ts';

/**
 * Participants and the projector hold read-only replicas: whatever they write to their own doc
 * stays there. Facilitators and rapporteurs are trusted writers.
 */

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

/** Everything a hostile replica might try: a forged idea, a new title, a skipped phase. */
function forge(doc: Y.Doc, questionId: string): void {
  doc.transact(() => {
    const forged = new Y.Map<unknown>();
    forged.set('id', 'forged');
    forged.set('questionId', questionId);
    forged.set('text', 'FORGED IDEA');
    forged.set('seq', 0);
    doc.getMap('ideas').set('forged', forged);
    doc.getMap('workshop').set('title', 'HACKED TITLE');
    const q = doc.getMap('questions').get(questionId);
    if (q instanceof Y.Map) q.set('phase', 'closed');
  });
}

function serverDocState(workshopId: string) {
  return server.app.rooms.with(workshopId, (room) => ({
    ideas: readIdeas(room.doc),
    title: readWorkshop(room.doc).title,
    phases: readQuestions(room.doc).map((q) => q.phase),
  }));
}

async function setup() {
  const w = await server.createWorkshop();
  const q = w.questions[0]?.id;
  if (!q) throw new Error('question expected');
  const [alice, bob, carol] = await Promise.all([
    server.join(w.joinCode, 'alice'),
    server.join(w.joinCode, 'bob'),
    server.join(w.joinCode, 'carol'),
  ]);
  const facilitator = await connectSocket(server.url, w.facilitatorToken);
  expect((await emitAck(facilitator, 'phase:set', { questionId: q, phase: 'submit' })).ok).toBe(
    true,
  );
  return { w, q, alice, bob, carol, facilitator };
}

describe('read-only replicas', () => {
  test.each([
    ['a participant', 'participant'],
    ['the projector', 'projector'],
  ] as const)('%s writing to its own doc reaches nobody', async (_name, role) => {
    const { w, q, alice, bob, carol } = await setup();
    const writerToken = role === 'participant' ? alice.participantToken : w.projectorToken;
    // Sockets and docs must be held by the room so the writes are not buffered elsewhere.
    const writer = await connectDoc(server.url, w.id, writerToken);
    const bobDoc = await connectDoc(server.url, w.id, bob.participantToken);
    const titleBefore = readWorkshop(bobDoc.doc).title;

    forge(writer.doc, q);
    expect(readIdeas(writer.doc).map((i) => i.id)).toContain('forged'); // local only
    // The server has processed (and dropped) the writer's frames once it answers this.
    await yjsRoundTrip(writer.provider);

    // A legit idea after the forgery: once bob has it, bob has seen everything sent before.
    const aliceSocket = await connectSocket(server.url, alice.participantToken);
    const ack = await emitAck(aliceSocket, 'idea:submit', { questionId: q, text: 'legit idea' });
    expect(ack.ok).toBe(true);
    await waitFor(() => readIdeas(bobDoc.doc).some((i) => i.id === ack.ideaId), {
      docs: [bobDoc.doc],
      what: 'the legit idea at bob',
    });

    expect(readIdeas(bobDoc.doc).map((i) => i.text)).toStrictEqual(['legit idea']);
    expect(readWorkshop(bobDoc.doc).title).toBe(titleBefore);
    expect(readQuestions(bobDoc.doc)[0]?.phase).toBe('submit');
    expect(serverDocState(w.id)).toStrictEqual({
      ideas: [expect.objectContaining({ text: 'legit idea' })],
      title: titleBefore,
      phases: ['submit', 'lobby'],
    });

    // Reconnecting sends the writer's whole state again; it is dropped again.
    writer.provider.disconnect();
    const resynced = new Promise<void>((resolve) => {
      writer.provider.on('sync', (s: boolean) => s && resolve());
    });
    writer.provider.connect();
    await resynced;
    await yjsRoundTrip(writer.provider);
    const carolDoc = await connectDoc(server.url, w.id, carol.participantToken);
    expect(readIdeas(carolDoc.doc).map((i) => i.text)).toStrictEqual(['legit idea']);
    expect(readWorkshop(carolDoc.doc).title).toBe(titleBefore);
    expect(server.store.ideas(w.id).map((i) => i.text)).toStrictEqual(['legit idea']);

    // The writer still receives the server's changes (its replica is read-only, not cut off).
    await waitFor(() => readIdeas(writer.doc).some((i) => i.id === ack.ideaId), {
      docs: [writer.doc],
    });
  });

  test.each([
    ['the facilitator', 'facilitator'],
    ['the rapporteur', 'rapporteur'],
  ] as const)('%s writing to its doc reaches everyone and the server', async (_name, role) => {
    const { w, q, bob, carol, facilitator } = await setup();
    const writer = await connectDoc(
      server.url,
      w.id,
      role === 'facilitator' ? w.facilitatorToken : w.rapporteurToken,
    );
    const [bobDoc, carolDoc] = await Promise.all([
      connectDoc(server.url, w.id, bob.participantToken),
      connectDoc(server.url, w.id, carol.participantToken),
    ]);

    notesText(writer.doc, q)?.insert(0, `Typed by the ${role}`);
    await waitFor(
      () => [bobDoc.doc, carolDoc.doc].every((d) => readNotes(d, q) === `Typed by the ${role}`),
      { docs: [bobDoc.doc, carolDoc.doc], what: 'the notes at bob and carol' },
    );
    expect(server.app.rooms.with(w.id, (r) => readNotes(r.doc, q))).toBe(`Typed by the ${role}`);

    // Board layout edits (a cluster around an idea the server put there) also travel.
    const ack = await emitAck(facilitator, 'idea:submit', { questionId: q, text: 'cluster me' });
    const ideaId = String(ack.ideaId);
    await waitFor(() => readIdeas(writer.doc).some((i) => i.id === ideaId), {
      docs: [writer.doc],
    });
    createCluster(writer.doc, { id: 'cluster-1', questionId: q, label: 'Funding', position: 0 }, [
      ideaId,
    ]);
    await waitFor(
      () => [bobDoc.doc, carolDoc.doc].every((d) => readIdeas(d)[0]?.clusterId === 'cluster-1'),
      { docs: [bobDoc.doc, carolDoc.doc], what: 'the cluster at bob and carol' },
    );
    expect(readClusters(carolDoc.doc)).toMatchObject([{ id: 'cluster-1', label: 'Funding' }]);
  });
});
