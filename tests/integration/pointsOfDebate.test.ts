import {
  createCluster,
  debateText,
  LIMITS,
  type NameCheckReply,
  notesText,
  readClusters,
  readDebate,
  readIdeas,
  setClusterContest,
} from '@convene/shared';
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { docContent, rawDocClient, syncFrame } from '../helpers/hardening.ts';
import {
  type AckReply,
  closeClients,
  commandId,
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
 * Points of debate (issue 13, section 3): `idea:contest` for facilitators and rapporteurs, a
 * contested mark on clusters written through the doc and checked like every writer part, a
 * "Points of debate" text per question, and all of it kept across a restart and carried by the
 * JSON archive, its import and the CSV.
 */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    unloadDelayMs: 0,
    // Refusals below are on purpose: the refusal limit has its own tests.
    limits: { ...TEST_ADDRESS_LIMITS, yjsRefusals: { burst: 1000, perSecond: 1000 } },
  });
});
afterEach(() => {
  closeClients();
  expect(server.errors()).toStrictEqual([]);
});
afterAll(async () => {
  closeClients();
  await server?.close();
});

interface Room {
  w: Awaited<ReturnType<TestServer['createWorkshop']>>;
  q: string;
  facilitator: Socket;
  rapporteur: Socket;
  projector: Socket;
  alice: Socket;
  ideaId: string;
}

/** A workshop with one idea of alice's on the board of its first question, in clustering. */
async function room(mode: 'open' | 'hidden' = 'open'): Promise<Room> {
  const w = await server.createWorkshop({ title: 'Points of debate' });
  const q = w.questions[0]?.id ?? '';
  const alice = await server.join(w.joinCode, 'Alice');
  const [facilitator, rapporteur, projector, aliceSocket] = await Promise.all([
    connectSocket(server.url, w.facilitatorToken),
    connectSocket(server.url, w.rapporteurToken),
    connectSocket(server.url, w.projectorToken),
    connectSocket(server.url, alice.participantToken),
  ]);
  if (mode === 'hidden') {
    expect((await emitAck(facilitator, 'question:mode', { questionId: q, mode })).ok).toBe(true);
  }
  expect((await emitAck(facilitator, 'phase:set', { questionId: q, phase: 'submit' })).ok).toBe(
    true,
  );
  const submitted = await emitAck(aliceSocket, 'idea:submit', {
    questionId: q,
    text: 'Pool the funds of donors in each country',
  });
  expect(submitted.ok).toBe(true);
  return {
    w,
    q,
    facilitator,
    rapporteur,
    projector,
    alice: aliceSocket,
    ideaId: String(submitted.ideaId),
  };
}

const contestOf = (workshopId: string, ideaId: string) =>
  server.app.rooms.with(workshopId, (r) => readIdeas(r.doc).find((i) => i.id === ideaId));

function refused(ack: AckReply, code: string): void {
  expect(ack.ok).toBe(false);
  expect(ack.error?.code).toBe(code);
  expect(ack.error?.message).toEqual(expect.any(String));
}

describe('idea:contest', () => {
  test('facilitator and rapporteur mark and unmark; every replica sees it', async () => {
    const r = await room();
    const watcher = await connectDoc(server.url, r.w.id, r.w.projectorToken);
    const marked = await emitAck(r.facilitator, 'idea:contest', {
      ideaId: r.ideaId,
      contested: true,
      note: '  Some wanted one fund per country, others a global fund  ',
    });
    expect(marked).toStrictEqual({ ok: true, ideaId: r.ideaId, contested: true });
    // Durable before the ack: the store already holds it.
    expect(server.store.idea(r.w.id, r.ideaId)).toMatchObject({
      contested: true,
      contestNote: 'Some wanted one fund per country, others a global fund',
    });
    await waitFor(() => readIdeas(watcher.doc)[0]?.contested === true, {
      docs: [watcher.doc],
      what: 'the mark in a replica',
    });
    expect(readIdeas(watcher.doc)[0]?.contestNote).toBe(
      'Some wanted one fund per country, others a global fund',
    );

    const unmarked = await emitAck(r.rapporteur, 'idea:contest', {
      ideaId: r.ideaId,
      contested: false,
    });
    expect(unmarked).toStrictEqual({ ok: true, ideaId: r.ideaId, contested: false });
    // Unmarking drops the note with the mark.
    expect(contestOf(r.w.id, r.ideaId)).toMatchObject({ contested: false, contestNote: null });
    expect(server.store.idea(r.w.id, r.ideaId)).toMatchObject({
      contested: false,
      contestNote: null,
    });

    // A mark without a note is fine too.
    expect(
      (await emitAck(r.rapporteur, 'idea:contest', { ideaId: r.ideaId, contested: true })).ok,
    ).toBe(true);
    expect(contestOf(r.w.id, r.ideaId)).toMatchObject({ contested: true, contestNote: null });
  });

  test('participants and the projector may not; nothing changes', async () => {
    const r = await room();
    for (const socket of [r.alice, r.projector]) {
      refused(
        await emitAck(socket, 'idea:contest', { ideaId: r.ideaId, contested: true }),
        'forbidden',
      );
    }
    expect(server.store.idea(r.w.id, r.ideaId)?.contested).toBe(false);
    expect(contestOf(r.w.id, r.ideaId)?.contested).toBe(false);
  });

  test('bad payloads are refused with a reason and change nothing', async () => {
    const r = await room();
    const cases: [unknown, string][] = [
      [{ ideaId: r.ideaId }, 'invalid_payload'],
      [{ ideaId: r.ideaId, contested: 'yes' }, 'invalid_payload'],
      [
        { ideaId: r.ideaId, contested: true, note: 'x'.repeat(LIMITS.contestNote + 1) },
        'invalid_payload',
      ],
      [{ ideaId: r.ideaId, contested: true, note: 'one\nline' }, 'invalid_payload'],
      [{ ideaId: r.ideaId, contested: true, note: 'tab\there' }, 'invalid_payload'],
      [{ ideaId: r.ideaId, contested: true, note: 'bad \uFFFF' }, 'invalid_payload'],
      [{ ideaId: r.ideaId, contested: true, note: 42 }, 'invalid_payload'],
      [{ ideaId: r.ideaId, contested: false, note: 'a note without the mark' }, 'invalid_payload'],
      [{ ideaId: r.ideaId, contested: true, extra: 1 }, 'invalid_payload'],
      [{ ideaId: 'no-such-idea', contested: true }, 'unknown_idea'],
      [null, 'invalid_payload'],
    ];
    for (const [payload, code] of cases) {
      refused(await emitAck(r.facilitator, 'idea:contest', payload), code);
    }
    expect(server.store.idea(r.w.id, r.ideaId)).toMatchObject({
      contested: false,
      contestNote: null,
    });
    // Control: the longest note accepted is the limit itself.
    const longest = 'y'.repeat(LIMITS.contestNote);
    expect(
      (
        await emitAck(r.facilitator, 'idea:contest', {
          ideaId: r.ideaId,
          contested: true,
          note: longest,
        })
      ).ok,
    ).toBe(true);
    expect(server.store.idea(r.w.id, r.ideaId)?.contestNote).toBe(longest);
  });

  test('a hidden idea cannot be contested before it is revealed, and the doc learns nothing', async () => {
    const r = await room('hidden');
    const ack = await emitAck(r.facilitator, 'idea:contest', {
      ideaId: r.ideaId,
      contested: true,
      note: 'Views differed',
    });
    refused(ack, 'unknown_idea');
    expect(ack.error?.message).toMatch(/hidden until the facilitator reveals it/);
    expect(server.store.idea(r.w.id, r.ideaId)?.contested).toBe(false);
    expect(server.app.rooms.with(r.w.id, (room) => docContent(room.doc))).not.toContain(
      'Views differed',
    );
    // Control: once revealed, the same command is taken.
    expect((await emitAck(r.facilitator, 'ideas:reveal', { questionId: r.q })).ok).toBe(true);
    expect(
      (await emitAck(r.facilitator, 'idea:contest', { ideaId: r.ideaId, contested: true })).ok,
    ).toBe(true);
    expect(contestOf(r.w.id, r.ideaId)?.contested).toBe(true);
  });

  test('a withdrawn idea is refused', async () => {
    const r = await room();
    expect((await emitAck(r.alice, 'idea:withdraw', { ideaId: r.ideaId })).ok).toBe(true);
    refused(
      await emitAck(r.facilitator, 'idea:contest', { ideaId: r.ideaId, contested: true }),
      'unknown_idea',
    );
  });

  test('a retry with the same commandId is answered once and applied once', async () => {
    const r = await room();
    const first = { ideaId: r.ideaId, contested: true, note: 'First', commandId: commandId('c') };
    const a = await emitAck(r.facilitator, 'idea:contest', first);
    expect(a.ok).toBe(true);
    // Another command changes it since…
    expect(
      (await emitAck(r.facilitator, 'idea:contest', { ideaId: r.ideaId, contested: false })).ok,
    ).toBe(true);
    // …so a late retry of the first, if applied again, would mark it once more.
    const retry = await emitAck(r.facilitator, 'idea:contest', first);
    expect(retry).toStrictEqual(a);
    expect(server.store.idea(r.w.id, r.ideaId)?.contested).toBe(false);
    expect(contestOf(r.w.id, r.ideaId)?.contested).toBe(false);
  });
});

describe('contested clusters and the points-of-debate note (writer parts)', () => {
  /** Sends one edit made on a writer's replica; resolves with how the server answered. */
  async function writerSends(
    r: Room,
    edit: (doc: Y.Doc) => void,
    token = r.w.facilitatorToken,
  ): Promise<{ closedWith: number | null; serverDoc: string }> {
    const writer = rawDocClient(server.url, r.w.id, token);
    await writer.synced;
    const before = Y.encodeStateVector(writer.doc);
    writer.doc.transact(() => edit(writer.doc));
    writer.send(syncFrame(Y.encodeStateAsUpdate(writer.doc, before)));
    // A state request behind it: answered only if the update before it was taken.
    writer.send(Uint8Array.from([0, 0, 1, 0]));
    const outcome = await Promise.race([
      writer.closed.then((c) => c.code),
      new Promise<null>((resolve) =>
        writer.ws.on('message', (d: Buffer) => {
          if (d[0] === 0 && d[1] === 1) resolve(null);
        }),
      ),
    ]);
    writer.close();
    return {
      closedWith: outcome,
      serverDoc: server.app.rooms.with(r.w.id, (room) => docContent(room.doc)),
    };
  }
  const cluster = (d: Y.Doc) => d.getMap('clusters').get('theme') as Y.Map<unknown>;
  let r: Room;
  beforeAll(async () => {
    r = await room();
    const made = await writerSends(r, (d) =>
      createCluster(d, { id: 'theme', questionId: r.q, label: 'Funding', position: 0 }, [r.ideaId]),
    );
    expect(made.closedWith).toBeNull();
  });

  test.each([
    ['a contested mark that is text', (d: Y.Doc) => cluster(d).set('contested', 'yes')],
    ['a contested mark that is a number', (d: Y.Doc) => cluster(d).set('contested', 1)],
    ['a contest note that is a map', (d: Y.Doc) => cluster(d).set('contestNote', { x: 1 })],
    [
      'a contest note past the limit',
      (d: Y.Doc) => cluster(d).set('contestNote', 'x'.repeat(LIMITS.contestNote + 1)),
    ],
    ['a contest note of two lines', (d: Y.Doc) => cluster(d).set('contestNote', 'a\nb')],
    [
      'a second points-of-debate text for a question',
      (d: Y.Doc) => d.getMap('debate').set(r.q, new Y.Text('mine')),
    ],
    [
      'a points-of-debate text for another key',
      (d: Y.Doc) => d.getMap('debate').set('elsewhere', new Y.Text('x')),
    ],
    ['a points-of-debate entry that is not text', (d: Y.Doc) => d.getMap('debate').set(r.q, 'x')],
  ])('%s → refused whole (4422), nothing changes', async (_name, edit) => {
    const before = server.app.rooms.with(r.w.id, (room) => docContent(room.doc));
    const { closedWith, serverDoc } = await writerSends(r, edit);
    expect(closedWith).toBe(4422);
    expect(serverDoc).toBe(before);
  });

  test('a points-of-debate note past the notes limit → refused as too large (4413)', async () => {
    const before = server.app.rooms.with(r.w.id, (room) => docContent(room.doc));
    const { closedWith, serverDoc } = await writerSends(r, (d) =>
      debateText(d, r.q)?.insert(0, 'x'.repeat(LIMITS.notesText + 1)),
    );
    expect(closedWith).toBe(4413);
    expect(serverDoc).toBe(before);
  });

  test('control: facilitator and rapporteur mark a cluster and write points of debate', async () => {
    const fac = await writerSends(r, (d) =>
      setClusterContest(d, 'theme', true, 'Pooled or bilateral: the room split'),
    );
    expect(fac.closedWith).toBeNull();
    expect(server.app.rooms.with(r.w.id, (room) => readClusters(room.doc))[0]).toMatchObject({
      contested: true,
      contestNote: 'Pooled or bilateral: the room split',
    });
    const rap = await writerSends(
      r,
      (d) => debateText(d, r.q)?.insert(0, 'Whether funds should be pooled.'),
      r.w.rapporteurToken,
    );
    expect(rap.closedWith).toBeNull();
    expect(server.app.rooms.with(r.w.id, (room) => readDebate(room.doc, r.q))).toBe(
      'Whether funds should be pooled.',
    );
    // A participant's replica is read-only: its text is never taken.
    const alice = await server.join(r.w.joinCode, 'Alice again');
    const p = await writerSends(
      r,
      (d) => debateText(d, r.q)?.insert(0, 'Participant says '),
      alice.participantToken,
    );
    expect(p.closedWith).toBeNull();
    expect(p.serverDoc).not.toContain('Participant says');
  });
});

describe('kept across a restart', () => {
  test('contested ideas and clusters and the points-of-debate note survive a restart', async () => {
    const r = await room();
    expect(
      (await emitAck(r.facilitator, 'phase:set', { questionId: r.q, phase: 'cluster' })).ok,
    ).toBe(true);
    expect(
      (
        await emitAck(r.rapporteur, 'idea:contest', {
          ideaId: r.ideaId,
          contested: true,
          note: 'Views differed on who holds the fund',
        })
      ).ok,
    ).toBe(true);
    const writer = await connectDoc(server.url, r.w.id, r.w.rapporteurToken);
    writer.doc.transact(() => {
      createCluster(writer.doc, { id: 'kept', questionId: r.q, label: 'Funds', position: 0 }, [
        r.ideaId,
      ]);
      setClusterContest(writer.doc, 'kept', true, 'Two camps');
      debateText(writer.doc, r.q)?.insert(0, 'Pooled funds: for and against.');
    });
    await yjsRoundTrip(writer.provider);
    closeClients();

    await server.restart();

    const after = await connectDoc(server.url, r.w.id, r.w.facilitatorToken);
    expect(readIdeas(after.doc).find((i) => i.id === r.ideaId)).toMatchObject({
      contested: true,
      contestNote: 'Views differed on who holds the fund',
    });
    expect(readClusters(after.doc).find((c) => c.id === 'kept')).toMatchObject({
      contested: true,
      contestNote: 'Two camps',
    });
    expect(readDebate(after.doc, r.q)).toBe('Pooled funds: for and against.');
  });

  test('a workshop whose doc has no points-of-debate texts gets them when its room loads', async () => {
    const r = await room();
    closeClients();
    await waitFor(() => !server.app.rooms.isLoaded(r.w.id), { what: 'the room to unload' });
    // A doc as stored before the part existed: the texts removed from what is stored.
    const stored = new Y.Doc();
    const state = server.store.docState(r.w.id);
    if (state.snapshot) Y.applyUpdate(stored, state.snapshot);
    for (const u of state.updates) Y.applyUpdate(stored, u);
    const sv = Y.encodeStateVector(stored);
    stored.transact(() => stored.getMap('debate').delete(r.q));
    server.store.appendUpdate(r.w.id, Y.encodeStateAsUpdate(stored, sv));
    // Control: the stored doc really lacks the text now.
    expect(debateText(stored, r.q)).toBeNull();
    const client = await connectDoc(server.url, r.w.id, r.w.rapporteurToken);
    expect(debateText(client.doc, r.q)).toBeInstanceOf(Y.Text);
    expect(notesText(client.doc, r.q)).toBeInstanceOf(Y.Text);
  });
});

describe('exports and import', () => {
  const get = (path: string, token: string) =>
    fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });

  test('the JSON archive and the CSV carry the points of debate; the import reads them back', async () => {
    const r = await room();
    expect(
      (await emitAck(r.facilitator, 'phase:set', { questionId: r.q, phase: 'cluster' })).ok,
    ).toBe(true);
    expect(
      (
        await emitAck(r.facilitator, 'idea:contest', {
          ideaId: r.ideaId,
          contested: true,
          note: 'Some, "pool"; others, =bilateral',
        })
      ).ok,
    ).toBe(true);
    const writer = await connectDoc(server.url, r.w.id, r.w.facilitatorToken);
    writer.doc.transact(() => {
      createCluster(writer.doc, { id: 'exp', questionId: r.q, label: 'Funds', position: 0 }, [
        r.ideaId,
      ]);
      setClusterContest(writer.doc, 'exp', true, 'Split room');
      debateText(writer.doc, r.q)?.insert(0, 'Pooling versus earmarking.');
    });
    await yjsRoundTrip(writer.provider);

    const archive = await (
      await get(`/api/workshops/${r.w.id}/export?format=json`, r.w.rapporteurToken)
    ).json();
    const q = archive.questions[0];
    expect(q.debateNote).toBe('Pooling versus earmarking.');
    expect(q.clusters[0]).toMatchObject({
      label: 'Funds',
      contested: true,
      contestNote: 'Split room',
    });
    expect(q.ideas[0]).toMatchObject({
      contested: true,
      contestNote: 'Some, "pool"; others, =bilateral',
    });
    // The other question: nothing contested, the note empty.
    expect(archive.questions[1].debateNote).toBe('');

    const csv = await (
      await get(`/api/workshops/${r.w.id}/export?format=csv`, r.w.rapporteurToken)
    ).text();
    const lines = csv.slice(1).trimEnd().split('\r\n');
    // (The lens columns follow, issue 13.)
    expect(lines[0]).toMatch(/,Status,Contested,Contest note,Theme contested,Theme contest note,/);
    // The note is quoted (comma, quotes) and its formula-like part stays text.
    expect(lines[1]).toMatch(/,yes,"Some, ""pool""; others, =bilateral",yes,Split room,,$/);

    const imported = await fetch(`${server.url}/api/workshops/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(archive),
    });
    expect(imported.status).toBe(201);
    const created = await imported.json();
    const again = await (
      await get(`/api/workshops/${created.id}/export?format=json`, created.rapporteurToken)
    ).json();
    const q2 = again.questions[0];
    expect(q2.debateNote).toBe('Pooling versus earmarking.');
    expect(q2.clusters[0]).toMatchObject({ contested: true, contestNote: 'Split room' });
    expect(q2.ideas[0]).toMatchObject({
      contested: true,
      contestNote: 'Some, "pool"; others, =bilateral',
    });
    // And the imported workshop's screens see it.
    const screen = await connectDoc(server.url, created.id, created.facilitatorToken);
    expect(readIdeas(screen.doc)[0]).toMatchObject({ contested: true });
    expect(readClusters(screen.doc)[0]).toMatchObject({
      contested: true,
      contestNote: 'Split room',
    });
    expect(readDebate(screen.doc, q2.id)).toBe('Pooling versus earmarking.');
  });

  test('an archive with a bad-typed contested field is refused', async () => {
    const r = await room();
    const archive = await (
      await get(`/api/workshops/${r.w.id}/export?format=json`, r.w.rapporteurToken)
    ).json();
    const bad = structuredClone(archive);
    bad.questions[0].ideas[0].contested = 'yes';
    const res = await fetch(`${server.url}/api/workshops/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(bad),
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('invalid_payload');
  });
});

describe('the Chatham House name check', () => {
  test('a participant’s name typed into any point of debate is found and replaced', async () => {
    const r = await room();
    await server.join(r.w.joinCode, 'Hodan Warsame');
    expect(
      (
        await emitAck(r.facilitator, 'idea:contest', {
          ideaId: r.ideaId,
          contested: true,
          note: 'Hodan disagreed with the rest',
        })
      ).ok,
    ).toBe(true);
    const writer = await connectDoc(server.url, r.w.id, r.w.rapporteurToken);
    writer.doc.transact(() => {
      debateText(writer.doc, r.q)?.insert(0, 'Hodan argued for one pooled fund.');
      createCluster(writer.doc, { id: 'named', questionId: r.q, label: 'Funds', position: 0 });
      setClusterContest(writer.doc, 'named', true, 'Warsame against, the others for');
    });
    await yjsRoundTrip(writer.provider);
    const auth = { authorization: `Bearer ${r.w.rapporteurToken}` };
    const check = (await (
      await fetch(`${server.url}/api/workshops/${r.w.id}/name-check`, { headers: auth })
    ).json()) as NameCheckReply;
    expect(check.findings.map((f) => `${f.where}: ${f.match}`).sort()).toStrictEqual([
      'Question 1 · idea (points-of-debate note): Hodan',
      'Question 1 · points of debate: Hodan',
      'Question 1 · theme (points-of-debate note): Warsame',
    ]);
    expect(check.findings.map((f) => f.kind).sort()).toStrictEqual([
      'clusterNote',
      'debate',
      'idea',
    ]);
    const redacted = await fetch(`${server.url}/api/workshops/${r.w.id}/redact`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(redacted.status).toBe(200);
    const after = server.app.rooms.with(r.w.id, (room) => readDebate(room.doc, r.q));
    expect(after).not.toContain('Hodan');
    expect(after).toMatch(/argued for one pooled fund/);
    expect(server.store.idea(r.w.id, r.ideaId)?.contestNote).toMatch(
      /^[^H]*disagreed with the rest$/,
    );
    expect(contestOf(r.w.id, r.ideaId)?.contestNote).not.toContain('Hodan');
    const theme = server.app.rooms.with(r.w.id, (room) =>
      readClusters(room.doc).find((c) => c.id === 'named'),
    );
    expect(theme).toMatchObject({ contested: true });
    expect(theme?.contestNote).toMatch(/against, the others for$/);
    expect(theme?.contestNote).not.toContain('Warsame');
    const archive = await (
      await fetch(`${server.url}/api/workshops/${r.w.id}/export?format=json`, { headers: auth })
    ).text();
    expect(archive).not.toContain('Hodan');
    expect(archive).not.toContain('Warsame');
  });
});
