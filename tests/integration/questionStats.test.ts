import { readIdeas, readQuestions } from '@convene/shared';
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import {
  type AckReply,
  closeClients,
  connectDoc,
  connectSocket,
  emitAck,
  startTestServer,
  type TestServer,
  waitFor,
} from '../helpers/testServer.ts';

/**
 * A question's counts on every screen — ideas waiting for reveal (`hiddenCount`) and people
 * who submitted (`submitters`) — stay what the record says through every command that can move
 * them. Commands recount only the counts their change can move (issue 16, item 3: a submit no
 * longer counts the question's every idea): each step below checks the room's doc against the
 * expected numbers and against a fresh count in the store, and a restart (the room's reconcile)
 * keeps them.
 */

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => {
  closeClients();
  expect(server.errors()).toStrictEqual([]);
});
afterAll(async () => {
  await server?.close();
});

async function ok(ack: Promise<AckReply>): Promise<AckReply> {
  const a = await ack;
  expect(a, JSON.stringify(a)).toMatchObject({ ok: true });
  return a;
}

test('hidden and submitter counts stay right across submit, edit, withdraw, hide, restore, reveal, merge and a restart', async () => {
  const w = await server.createWorkshop();
  const q = w.questions[0]?.id ?? '';
  const fac = await connectSocket(server.url, w.facilitatorToken);
  const people: Record<'alice' | 'bob' | 'carol', Socket> = {
    alice: await connectSocket(server.url, (await server.join(w.joinCode)).participantToken),
    bob: await connectSocket(server.url, (await server.join(w.joinCode)).participantToken),
    carol: await connectSocket(server.url, (await server.join(w.joinCode)).participantToken),
  };
  const { alice, bob, carol } = people;
  const submit = async (s: Socket, text: string) =>
    String((await ok(emitAck(s, 'idea:submit', { questionId: q, text }))).ideaId);

  // The room's doc (what every screen replicates), and the store's own count, after each ack:
  // the command's projection is made before its reply.
  const counts = () => {
    const inDoc = server.app.rooms.with(w.id, (room) =>
      readQuestions(room.doc).find((x) => x.id === q),
    );
    return { hiddenCount: inDoc?.hiddenCount, submitters: inDoc?.submitters };
  };
  const expectCounts = (hiddenCount: number, submitters: number, step: string) => {
    expect(counts(), step).toStrictEqual({ hiddenCount, submitters });
    expect(
      { hiddenCount: server.store.hiddenCount(q), submitters: server.store.submitters(q) },
      `${step}: the store agrees`,
    ).toStrictEqual({ hiddenCount, submitters });
  };

  await ok(emitAck(fac, 'phase:set', { questionId: q, phase: 'submit' }));
  expectCounts(0, 0, 'start');

  const a1 = await submit(alice, 'Fund local peace committees for three years, not one.');
  expectCounts(0, 1, "alice's first idea");
  const a2 = await submit(alice, 'Publish every donor pledge with its disbursement date.');
  expectCounts(0, 1, "alice's second idea: still one person");
  const b1 = await submit(bob, 'Hire national staff into senior posts, not only as drivers.');
  expectCounts(0, 2, "bob's first idea");
  const f1 = await submit(fac, 'An idea the facilitator wrote down for the room.');
  expectCounts(0, 2, "the facilitator's idea counts nobody");

  await ok(emitAck(alice, 'idea:edit', { ideaId: a1, text: 'Fund local committees for 3 years.' }));
  expectCounts(0, 2, 'an edit');
  await ok(emitAck(alice, 'idea:withdraw', { ideaId: a1 }));
  expectCounts(0, 2, 'alice withdraws one of two');
  await ok(emitAck(alice, 'idea:withdraw', { ideaId: a2 }));
  expectCounts(0, 1, 'alice withdraws her last');

  await ok(emitAck(fac, 'idea:hide', { ideaId: b1, reason: 'off topic' }));
  expectCounts(0, 1, 'a visible idea moderated: its author still submitted');
  await ok(emitAck(fac, 'idea:restore', { ideaId: b1 }));
  expectCounts(0, 1, 'restored');

  await ok(emitAck(fac, 'question:mode', { questionId: q, mode: 'hidden' }));
  const c1 = await submit(carol, 'Ask the commission to visit before the mandate renewal.');
  expectCounts(1, 2, "carol's first idea, hidden");
  const c2 = await submit(carol, 'Let women-led groups report to the council directly.');
  expectCounts(2, 2, "carol's second idea, hidden");
  const a3 = await submit(alice, 'Tie budget support to a local ownership plan.');
  expectCounts(3, 3, 'alice is back, hidden');
  await ok(emitAck(fac, 'idea:hide', { ideaId: c2, reason: 'duplicate' }));
  expectCounts(2, 3, 'a hidden idea moderated');
  await ok(emitAck(carol, 'idea:withdraw', { ideaId: c1 }));
  expectCounts(1, 3, 'carol withdraws a hidden idea; her moderated one still counts');
  await ok(emitAck(fac, 'ideas:reveal', { questionId: q }));
  expectCounts(0, 3, 'revealed');

  await ok(emitAck(fac, 'question:mode', { questionId: q, mode: 'open' }));
  const b2 = await submit(bob, 'Hire national staff into senior posts.');
  expectCounts(0, 3, "bob's second idea");
  await ok(emitAck(fac, 'idea:merge', { ideaId: b2, intoId: a3 }));
  expectCounts(0, 3, 'a merge: the merged idea still counts its author');
  await ok(emitAck(bob, 'idea:withdraw', { ideaId: b1 }));
  expectCounts(0, 3, 'bob withdraws b1: his merged idea still counts him');

  // A phase change projects the whole question again (its rows and their merged counts).
  const ideaInDoc = (id: string) =>
    server.app.rooms.with(w.id, (room) => readIdeas(room.doc).find((i) => i.id === id));
  expect(ideaInDoc(a3)?.mergedCount, 'merged into a3').toBe(1);
  expect(ideaInDoc(b2), 'the merged idea leaves the board').toBeUndefined();
  await ok(emitAck(fac, 'phase:set', { questionId: q, phase: 'cluster' }));
  expectCounts(0, 3, 'clustering starts');
  expect(ideaInDoc(a3)?.mergedCount, 'after the phase change').toBe(1);
  expect(ideaInDoc(b2)).toBeUndefined();
  expect(ideaInDoc(b1), 'withdrawn').toBeUndefined();
  expect(ideaInDoc(c2), 'moderated').toBeUndefined();
  // An idea merged into one that is merged in turn follows it: f1 now stands for three.
  await ok(emitAck(fac, 'idea:merge', { ideaId: a3, intoId: f1 }));
  expectCounts(0, 3, 'a merged idea merged again');
  expect(ideaInDoc(f1)?.mergedCount, 'a3 and, through it, b2').toBe(2);
  expect(server.store.idea(w.id, b2)?.mergedInto).toBe(f1);

  // A restart: the room loads from the stored doc and reconciles it with the record.
  closeClients();
  await server.restart();
  expectCounts(0, 3, 'after a restart');
  expect(ideaInDoc(f1)?.mergedCount, 'after a restart').toBe(2);
  const screen = await connectDoc(server.url, w.id, w.projectorToken);
  await waitFor(() => readQuestions(screen.doc).find((x) => x.id === q)?.submitters === 3, {
    what: "a new screen's counts",
  });
  expect(readQuestions(screen.doc).find((x) => x.id === q)?.hiddenCount).toBe(0);
});
