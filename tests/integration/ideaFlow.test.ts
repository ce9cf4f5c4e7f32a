import type { CreatedWorkshop, Joined } from '@convene/shared';
import { readIdeas, readQuestions, readWorkshop } from '@convene/shared';
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import {
  type AckReply,
  closeClients,
  commandId,
  connectDoc,
  connectSocket,
  type DocClient,
  emitAck,
  startTestServer,
  type TestServer,
  waitFor,
} from '../helpers/testServer.ts';

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

interface Room {
  w: CreatedWorkshop;
  q1: string;
  q2: string;
  people: { alice: Joined; bob: Joined; carol: Joined };
  facilitator: Socket;
  alice: Socket;
}

/** A fresh workshop with alice, bob and carol joined; facilitator and alice hold sockets. */
async function room(): Promise<Room> {
  const w = await server.createWorkshop();
  const [q1, q2] = w.questions;
  if (!q1 || !q2) throw new Error('two questions expected');
  const [alice, bob, carol] = await Promise.all([
    server.join(w.joinCode, 'Alice Ashdown-Quill'),
    server.join(w.joinCode, 'Bob Brightwater-Yew'),
    server.join(w.joinCode, 'Carol Cranleigh-Zest'),
  ]);
  const [facilitator, aliceSocket] = await Promise.all([
    connectSocket(server.url, w.facilitatorToken),
    connectSocket(server.url, alice.participantToken),
  ]);
  return {
    w,
    q1: q1.id,
    q2: q2.id,
    people: { alice, bob, carol },
    facilitator,
    alice: aliceSocket,
  };
}

async function openSubmissions(r: Room, questionId = r.q1): Promise<void> {
  const ack = await emitAck(r.facilitator, 'phase:set', { questionId, phase: 'submit' });
  expect(ack).toStrictEqual({ ok: true, phase: 'submit' });
}

function ideaTexts(doc: Y.Doc): string[] {
  return readIdeas(doc).map((i) => i.text);
}

function expectFailure(ack: AckReply, code: string): void {
  expect(ack.ok).toBe(false);
  expect(ack.error?.code).toBe(code);
  expect(ack.error?.message).toEqual(expect.any(String));
}

describe('idea:submit reaches every replica', () => {
  test('facilitator opens submissions; alice’s idea shows in bob’s, carol’s and the facilitator’s doc', async () => {
    const r = await room();
    const [bob, carol, fac] = await Promise.all([
      connectDoc(server.url, r.w.id, r.people.bob.participantToken),
      connectDoc(server.url, r.w.id, r.people.carol.participantToken),
      connectDoc(server.url, r.w.id, r.w.facilitatorToken),
    ]);
    const docs = [bob.doc, carol.doc, fac.doc];

    await openSubmissions(r);
    await waitFor(() => docs.every((d) => readQuestions(d)[0]?.phase === 'submit'), {
      docs,
      what: 'the phase to reach every replica',
    });
    for (const d of docs) expect(readWorkshop(d).currentQuestionId).toBe(r.q1);

    const ack = await emitAck(r.alice, 'idea:submit', {
      questionId: r.q1,
      text: '  Fund local mediators directly  ',
      actor: ' Donors ',
      nextStep: ' Pool funds by June ',
    });
    expect(ack).toStrictEqual({ ok: true, ideaId: expect.stringMatching(/^[A-Za-z0-9_-]+$/) });

    await waitFor(() => docs.every((d) => readIdeas(d).length === 1), {
      docs,
      what: 'the idea to reach bob, carol and the facilitator',
    });
    for (const d of docs) {
      expect(readIdeas(d)).toHaveLength(1);
      expect(readIdeas(d)).toMatchObject([
        {
          id: ack.ideaId,
          questionId: r.q1,
          text: 'Fund local mediators directly',
          actor: 'Donors',
          nextStep: 'Pool funds by June',
          clusterId: null,
          createdAt: expect.any(Number),
          seq: 1,
        },
      ]);
    }
    expect(server.store.ideas(r.w.id)).toHaveLength(1);
  });

  test('ideas from several people arrive in order, on the right question', async () => {
    const r = await room();
    const bobSocket = await connectSocket(server.url, r.people.bob.participantToken);
    const carolDoc = await connectDoc(server.url, r.w.id, r.people.carol.participantToken);
    await openSubmissions(r);
    const a1 = await emitAck(r.alice, 'idea:submit', { questionId: r.q1, text: 'first' });
    const b1 = await emitAck(bobSocket, 'idea:submit', { questionId: r.q1, text: 'second' });
    const a2 = await emitAck(r.alice, 'idea:submit', { questionId: r.q1, text: 'third' });
    expect([a1.ok, b1.ok, a2.ok]).toStrictEqual([true, true, true]);
    await waitFor(() => readIdeas(carolDoc.doc).length === 3, { docs: [carolDoc.doc] });
    expect(ideaTexts(carolDoc.doc)).toStrictEqual(['first', 'second', 'third']);
    expect(readIdeas(carolDoc.doc).map((i) => i.id)).toStrictEqual([
      a1.ideaId,
      b1.ideaId,
      a2.ideaId,
    ]);
    expect(readIdeas(carolDoc.doc).map((i) => i.seq)).toStrictEqual([1, 2, 3]);

    // Only the question in 'submit' takes ideas.
    expectFailure(
      await emitAck(r.alice, 'idea:submit', { questionId: r.q2, text: 'q2' }),
      'wrong_phase',
    );
    await openSubmissions(r, r.q2);
    const onQ2 = await emitAck(r.alice, 'idea:submit', { questionId: r.q2, text: 'on q2' });
    expect(onQ2.ok).toBe(true);
    await waitFor(() => readIdeas(carolDoc.doc).length === 4, { docs: [carolDoc.doc] });
    expect(readIdeas(carolDoc.doc)[3]).toMatchObject({ questionId: r.q2, text: 'on q2' });
  });

  test('a late joiner gets the whole board on first sync', async () => {
    const r = await room();
    await openSubmissions(r);
    const ids: string[] = [];
    for (const text of ['one', 'two', 'three']) {
      const ack = await emitAck(r.alice, 'idea:submit', { questionId: r.q1, text });
      ids.push(String(ack.ideaId));
    }
    const carol = await connectDoc(server.url, r.w.id, r.people.carol.participantToken);
    expect(readIdeas(carol.doc).map((i) => i.id)).toStrictEqual(ids);
  });

  test('names and participant ids never enter the doc', async () => {
    const r = await room();
    await openSubmissions(r);
    await emitAck(r.alice, 'idea:submit', { questionId: r.q1, text: 'anonymous idea' });
    const bob = await connectDoc(server.url, r.w.id, r.people.bob.participantToken);
    await waitFor(() => readIdeas(bob.doc).length === 1, { docs: [bob.doc] });
    const state = Buffer.from(Y.encodeStateAsUpdate(bob.doc)).toString('latin1');
    expect(state).toContain('anonymous idea');
    for (const p of Object.values(r.people)) expect(state).not.toContain(p.participantId);
    for (const name of ['Alice Ashdown-Quill', 'Bob Brightwater-Yew', 'Carol Cranleigh-Zest']) {
      expect(state).not.toContain(name);
    }
  });
});

describe('idea:edit changes who should act and the first step', () => {
  test('alice edits her idea’s actor and first step, keeps one by leaving it out, clears one with ""', async () => {
    const r = await room();
    const fac = await connectDoc(server.url, r.w.id, r.w.facilitatorToken);
    await openSubmissions(r);
    const { ideaId } = await emitAck(r.alice, 'idea:submit', {
      questionId: r.q1,
      text: 'Fund local mediators directly',
      actor: 'Donors',
    });
    const idea = () => readIdeas(fac.doc).find((i) => i.id === ideaId);
    const edit = (extra: Record<string, string>) =>
      emitAck(r.alice, 'idea:edit', { ideaId, text: 'Fund local mediators directly', ...extra });

    expect(
      await edit({ actor: ' Donors and the PBF ', nextStep: 'A pilot in two countries' }),
    ).toStrictEqual({ ok: true, ideaId });
    await waitFor(() => idea()?.nextStep === 'A pilot in two countries', { docs: [fac.doc] });
    expect(idea()).toMatchObject({
      actor: 'Donors and the PBF',
      nextStep: 'A pilot in two countries',
    });
    expect(server.store.idea(r.w.id, String(ideaId))).toMatchObject({
      actor: 'Donors and the PBF',
    });

    // Left out: kept. Empty: cleared (null in the doc and the store, as if never given).
    expect((await edit({ actor: '' })).ok).toBe(true);
    await waitFor(() => idea()?.actor === null, { docs: [fac.doc] });
    expect(idea()).toMatchObject({ actor: null, nextStep: 'A pilot in two countries' });
    expect(server.store.idea(r.w.id, String(ideaId))).toMatchObject({
      actor: null,
      nextStep: 'A pilot in two countries',
    });

    // Bob may not touch alice's idea, and an over-long actor is refused with nothing changed.
    const bob = await connectSocket(server.url, r.people.bob.participantToken);
    expectFailure(
      await emitAck(bob, 'idea:edit', { ideaId, text: 'x', actor: 'Bob' }),
      'not_your_idea',
    );
    expectFailure(await edit({ actor: 'a'.repeat(201) }), 'invalid_payload');
    expect(server.store.idea(r.w.id, String(ideaId))).toMatchObject({ actor: null });
  });
});

describe('commands are refused with a clear code', () => {
  test('submitting in the lobby → wrong_phase, nothing stored or shown', async () => {
    const r = await room();
    const bob = await connectDoc(server.url, r.w.id, r.people.bob.participantToken);
    const ack = await emitAck(r.alice, 'idea:submit', { questionId: r.q1, text: 'too early' });
    expectFailure(ack, 'wrong_phase');
    expect(server.store.ideas(r.w.id)).toHaveLength(0);
    expect(readIdeas(bob.doc)).toHaveLength(0);
  });

  test('a participant may not set the phase → forbidden', async () => {
    const r = await room();
    const ack = await emitAck(r.alice, 'phase:set', { questionId: r.q1, phase: 'submit' });
    expectFailure(ack, 'forbidden');
    expect(server.store.question(r.w.id, r.q1)?.phase).toBe('lobby');
    // The projector and rapporteur may not either.
    for (const token of [r.w.projectorToken, r.w.rapporteurToken]) {
      const s = await connectSocket(server.url, token);
      expectFailure(
        await emitAck(s, 'phase:set', { questionId: r.q1, phase: 'vote' }),
        'forbidden',
      );
    }
    expect(server.store.question(r.w.id, r.q1)?.phase).toBe('lobby');
  });

  test('a question of another workshop → unknown_question', async () => {
    const r = await room();
    const other = await server.createWorkshop();
    const foreignQ = other.questions[0]?.id;
    await openSubmissions(r);
    expectFailure(
      await emitAck(r.facilitator, 'phase:set', { questionId: foreignQ, phase: 'submit' }),
      'unknown_question',
    );
    expectFailure(
      await emitAck(r.alice, 'idea:submit', { questionId: foreignQ, text: 'x' }),
      'unknown_question',
    );
    expect(server.store.question(other.id, String(foreignQ))?.phase).toBe('lobby');
  });

  const invalid: [string, (q: string) => unknown][] = [
    ['missing text', (q) => ({ questionId: q })],
    ['missing questionId', () => ({ text: 'idea' })],
    ['empty text', (q) => ({ questionId: q, text: '   ' })],
    ['501-character text', (q) => ({ questionId: q, text: 'a'.repeat(501) })],
    ['text a number', (q) => ({ questionId: q, text: 42 })],
    ['text an object', (q) => ({ questionId: q, text: { $gt: '' } })],
    ['questionId a number', () => ({ questionId: 1, text: 'idea' })],
    ['control characters', (q) => ({ questionId: q, text: 'a\u0000b' })],
    ['extra key', (q) => ({ questionId: q, text: 'idea', participantId: 'someone-else' })],
    ['bad commandId', (q) => ({ questionId: q, text: 'idea', commandId: 'x' })],
    ['a string', () => 'idea'],
    ['a number', () => 7],
    ['null', () => null],
    ['an array', (q) => [{ questionId: q, text: 'idea' }]],
  ];
  test.each(invalid)('idea:submit with %s → invalid_payload', async (_name, make) => {
    const r = await room();
    await openSubmissions(r);
    const bob = await connectDoc(server.url, r.w.id, r.people.bob.participantToken);
    expectFailure(await emitAck(r.alice, 'idea:submit', make(r.q1)), 'invalid_payload');
    // The socket stays usable and the next good command goes through alone.
    const ok = await emitAck(r.alice, 'idea:submit', { questionId: r.q1, text: 'valid' });
    expect(ok.ok).toBe(true);
    await waitFor(() => readIdeas(bob.doc).length > 0, { docs: [bob.doc] });
    expect(ideaTexts(bob.doc)).toStrictEqual(['valid']);
    expect(server.store.ideas(r.w.id).map((i) => i.text)).toStrictEqual(['valid']);
  });

  test.each([
    ['an unknown phase', { phase: 'brainstorm' }],
    ['an extra key', { phase: 'vote', force: true }],
    ['no questionId', { questionId: undefined, phase: 'vote' }],
  ])('phase:set with %s → invalid_payload', async (_name, patch) => {
    const r = await room();
    const ack = await emitAck(r.facilitator, 'phase:set', { questionId: r.q1, ...patch });
    expectFailure(ack, 'invalid_payload');
    expect(server.store.question(r.w.id, r.q1)?.phase).toBe('lobby');
  });

  test('a command with no payload at all → invalid_payload', async () => {
    const r = await room();
    await openSubmissions(r);
    const ack = (await r.alice.timeout(5000).emitWithAck('idea:submit')) as AckReply;
    expectFailure(ack, 'invalid_payload');
  });

  test('an unknown command → unknown_command', async () => {
    const r = await room();
    expectFailure(await emitAck(r.alice, 'idea:delete', { ideaId: 'x' }), 'unknown_command');
    expectFailure(await emitAck(r.facilitator, 'admin:wipe', {}), 'unknown_command');
    expectFailure(await emitAck(r.alice, 'x'.repeat(5000), {}), 'unknown_command');
  });

  test('a command without an ack callback is handled quietly; the socket stays usable', async () => {
    const r = await room();
    await openSubmissions(r);
    r.alice.emit('idea:submit', { questionId: r.q1, text: 'fire and forget' });
    r.alice.emit('nonsense');
    const ack = await emitAck(r.alice, 'idea:submit', { questionId: r.q1, text: 'with ack' });
    expect(ack.ok).toBe(true);
    expect(r.alice.connected).toBe(true);
    // Frames on one socket are handled in order: the first one is stored by now.
    expect(server.store.ideas(r.w.id).map((i) => i.text)).toStrictEqual([
      'fire and forget',
      'with ack',
    ]);
  });

  test('a token that opens nothing cannot connect a socket', async () => {
    await expect(connectSocket(server.url, 'not-a-real-token-but-long-enough')).rejects.toThrow(
      /unauthorized/,
    );
    await expect(connectSocket(server.url, '')).rejects.toThrow(/unauthorized/);
  });
});

describe('retries are applied once', () => {
  test('the same commandId retried → the same ideaId, one idea stored and shown', async () => {
    const r = await room();
    await openSubmissions(r);
    const bob: DocClient = await connectDoc(server.url, r.w.id, r.people.bob.participantToken);
    const payload = { questionId: r.q1, text: 'Only once please', commandId: commandId('alice') };
    const first = await emitAck(r.alice, 'idea:submit', payload);
    const second = await emitAck(r.alice, 'idea:submit', payload);
    expect(first.ok).toBe(true);
    expect(second).toStrictEqual(first);

    // A retry from a new connection of the same participant (a reconnect) is also answered.
    const again = await connectSocket(server.url, r.people.alice.participantToken);
    expect(await emitAck(again, 'idea:submit', payload)).toStrictEqual(first);

    // Even when the retry's text differs, the first result stands.
    const edited = await emitAck(r.alice, 'idea:submit', { ...payload, text: 'Different' });
    expect(edited).toStrictEqual(first);

    // A marker idea proves the doc has caught up before we count.
    const marker = await emitAck(r.alice, 'idea:submit', { questionId: r.q1, text: 'marker' });
    await waitFor(() => readIdeas(bob.doc).some((i) => i.id === marker.ideaId), {
      docs: [bob.doc],
    });
    expect(ideaTexts(bob.doc)).toStrictEqual(['Only once please', 'marker']);
    expect(server.store.ideas(r.w.id).map((i) => i.text)).toStrictEqual([
      'Only once please',
      'marker',
    ]);
  });

  test('command ids are per person: bob may use the id alice used', async () => {
    const r = await room();
    await openSubmissions(r);
    const bobSocket = await connectSocket(server.url, r.people.bob.participantToken);
    const id = commandId('shared');
    const a = await emitAck(r.alice, 'idea:submit', { questionId: r.q1, text: 'a', commandId: id });
    const b = await emitAck(bobSocket, 'idea:submit', {
      questionId: r.q1,
      text: 'b',
      commandId: id,
    });
    expect(a.ok && b.ok).toBe(true);
    expect(a.ideaId).not.toBe(b.ideaId);
    expect(server.store.ideas(r.w.id)).toHaveLength(2);
  });

  test('a commandId reused for another command is refused', async () => {
    const r = await room();
    const id = commandId('fac');
    const phase = await emitAck(r.facilitator, 'phase:set', {
      questionId: r.q1,
      phase: 'submit',
      commandId: id,
    });
    expect(phase.ok).toBe(true);
    const idea = await emitAck(r.facilitator, 'idea:submit', {
      questionId: r.q1,
      text: 'facilitators may seed ideas',
      commandId: id,
    });
    expectFailure(idea, 'invalid_payload');
    expect(server.store.ideas(r.w.id)).toHaveLength(0);
  });

  test('a refused command is not remembered: the same id succeeds once allowed', async () => {
    const r = await room();
    const payload = { questionId: r.q1, text: 'early bird', commandId: commandId('early') };
    expectFailure(await emitAck(r.alice, 'idea:submit', payload), 'wrong_phase');
    await openSubmissions(r);
    const ack = await emitAck(r.alice, 'idea:submit', payload);
    expect(ack.ok).toBe(true);
    expect(server.store.ideas(r.w.id)).toHaveLength(1);
  });
});
