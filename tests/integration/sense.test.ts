import { type CreatedWorkshop, createCluster, renameCluster } from '@convene/shared';
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import {
  type AckReply,
  closeClients,
  connectDoc,
  connectSocket,
  type DocClient,
  emitAck,
  startTestServer,
  type TestServer,
  yjsRoundTrip,
} from '../helpers/testServer.ts';

/**
 * The sense queries (issue 13, clustering help) through real socket.io and Yjs clients: who may
 * ask, what is refused, what the answers hold — and that nothing computed from a hidden idea
 * reaches anyone before reveal (frames captured, with a positive control after it).
 */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => closeClients());
afterAll(async () => {
  await server?.close();
});

/** The first query may start the render worker (it compiles its modules): allow for it. */
const SLOW = 25_000;

const ok = (r: AckReply) => {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r;
};

interface Room {
  w: CreatedWorkshop;
  q: string;
  fac: Socket;
  facDoc: DocClient;
  /** Every payload the facilitator's socket received, as text (for secrecy checks). */
  facFrames: string[];
  alice: Socket;
  bob: Socket;
}

async function room(): Promise<Room> {
  const w = await server.createWorkshop();
  const q = w.questions[0]?.id ?? '';
  const fac = await connectSocket(server.url, w.facilitatorToken);
  const facFrames: string[] = [];
  fac.io.engine.on('packet', (p: { data?: unknown }) =>
    facFrames.push(typeof p.data === 'string' ? p.data : JSON.stringify(p)),
  );
  const facDoc = await connectDoc(server.url, w.id, w.facilitatorToken);
  const alice = await connectSocket(server.url, (await server.join(w.joinCode)).participantToken);
  const bob = await connectSocket(server.url, (await server.join(w.joinCode)).participantToken);
  ok(await emitAck(fac, 'phase:set', { questionId: q, phase: 'submit' }));
  return { w, q, fac, facDoc, facFrames, alice, bob };
}

const submit = async (s: Socket, questionId: string, text: string): Promise<string> =>
  String(ok(await emitAck(s, 'idea:submit', { questionId, text })).ideaId);

/** Two themes and a near-duplicate pair, as a room would write them. */
const IDEAS = {
  pool1: 'Pool donor funding for the transition in a single multi-partner trust fund.',
  pool2: 'A pooled multi-partner trust fund so that donors finance the transition together.',
  pool3: 'Donors should keep transition funding flexible through the trust fund.',
  women1: 'Reserve seats for women in every local peace committee.',
  women2: "Women's groups need seats in the local peace committees, not only consultations.",
  youth: 'Train young mediators in schools and universities.',
};

async function board(r: Room): Promise<Record<keyof typeof IDEAS, string>> {
  const out: Partial<Record<keyof typeof IDEAS, string>> = {};
  for (const [k, text] of Object.entries(IDEAS)) {
    out[k as keyof typeof IDEAS] = await submit(k.length % 2 ? r.alice : r.bob, r.q, text);
  }
  return out as Record<keyof typeof IDEAS, string>;
}

describe('sense queries: roles and validation', () => {
  test('only the facilitator and the rapporteur may ask; participants and projectors are refused', async () => {
    const r = await room();
    await board(r);
    const rap = await connectSocket(server.url, r.w.rapporteurToken);
    const projector = await connectSocket(server.url, r.w.projectorToken);
    for (const name of ['sense:suggest', 'sense:belong', 'sense:name']) {
      const payload =
        name === 'sense:belong'
          ? { questionId: r.q, clusterId: 'c1' }
          : name === 'sense:name'
            ? { questionId: r.q, ideaIds: ['x'] }
            : { questionId: r.q };
      for (const s of [r.alice, projector]) {
        expect((await emitAck(s, name, payload)).error?.code, name).toBe('forbidden');
      }
    }
    // Positive control: the same query answers the facilitator and the rapporteur.
    for (const s of [r.fac, rap]) {
      const reply = ok(await emitAck(s, 'sense:suggest', { questionId: r.q }, SLOW));
      expect(Array.isArray(reply.groups)).toBe(true);
      expect(Array.isArray(reply.duplicates)).toBe(true);
    }
  });

  test('bad payloads, unknown questions, clusters and ideas get clear refusals', async () => {
    const r = await room();
    const ids = await board(r);
    const refusals: [string, unknown, string][] = [
      ['sense:suggest', {}, 'invalid_payload'],
      ['sense:suggest', { questionId: r.q, extra: 1 }, 'invalid_payload'],
      ['sense:suggest', { questionId: 42 }, 'invalid_payload'],
      ['sense:suggest', 'not an object', 'invalid_payload'],
      ['sense:suggest', { questionId: 'no-such-question' }, 'unknown_question'],
      ['sense:belong', { questionId: r.q }, 'invalid_payload'],
      ['sense:belong', { questionId: r.q, clusterId: 'no-such-cluster' }, 'not_found'],
      ['sense:name', { questionId: r.q, ideaIds: [] }, 'invalid_payload'],
      ['sense:name', { questionId: r.q, ideaIds: Array(201).fill(ids.youth) }, 'invalid_payload'],
      ['sense:name', { questionId: r.q, ideaIds: [ids.youth, 'no-such-idea'] }, 'unknown_idea'],
    ];
    for (const [name, payload, code] of refusals) {
      const reply = await emitAck(r.fac, name, payload, SLOW);
      expect(reply.error?.code, `${name} ${JSON.stringify(payload).slice(0, 60)}`).toBe(code);
      expect(reply.error?.message).toEqual(expect.any(String));
    }
    // The server is still answering (nothing above crashed it).
    ok(await emitAck(r.fac, 'sense:name', { questionId: r.q, ideaIds: [ids.youth] }, SLOW));
    expect(server.errors()).toEqual([]);
  });
});

describe('sense queries: answers', () => {
  test('suggestions group only unclustered ideas and flag the near-duplicate pair', async () => {
    const r = await room();
    const ids = await board(r);
    const first = ok(await emitAck(r.fac, 'sense:suggest', { questionId: r.q }, SLOW));
    const pairs = (first.duplicates as { a: string; b: string }[]).map((p) => [p.a, p.b].sort());
    expect(pairs).toContainEqual([ids.pool1, ids.pool2].sort());
    expect(pairs).not.toContainEqual([ids.pool1, ids.youth].sort());
    const groups = first.groups as { ideaIds: string[]; name: string }[];
    expect(groups.find((g) => g.ideaIds.includes(ids.women1))?.ideaIds).toContain(ids.women2);
    expect(groups.every((g) => g.name.length > 0)).toBe(true);

    // Clustered by hand: those ideas leave the suggestions (the doc says where they sit).
    createCluster(r.facDoc.doc, { id: 'women', questionId: r.q, label: 'Women', position: 0 }, [
      ids.women1,
      ids.women2,
    ]);
    await yjsRoundTrip(r.facDoc.provider);
    const after = ok(await emitAck(r.fac, 'sense:suggest', { questionId: r.q }, SLOW));
    const grouped = (after.groups as { ideaIds: string[] }[]).flatMap((g) => g.ideaIds);
    expect(grouped).not.toContain(ids.women1);
    expect(grouped).not.toContain(ids.women2);
    expect(grouped).toContain(ids.pool1);
  });

  test('"may belong here" ranks unclustered ideas only, the cluster\'s theme first', async () => {
    const r = await room();
    const ids = await board(r);
    createCluster(r.facDoc.doc, { id: 'money', questionId: r.q, label: 'Money', position: 0 }, [
      ids.pool1,
    ]);
    createCluster(r.facDoc.doc, { id: 'women', questionId: r.q, label: 'Women', position: 1 }, [
      ids.women1,
    ]);
    await yjsRoundTrip(r.facDoc.provider);
    const reply = ok(
      await emitAck(r.fac, 'sense:belong', { questionId: r.q, clusterId: 'money' }, SLOW),
    );
    const ranked = (reply.ideas as { ideaId: string; score: number }[]).map((i) => i.ideaId);
    expect(ranked[0]).toBe(ids.pool2);
    expect(ranked).toContain(ids.pool3);
    expect(ranked).not.toContain(ids.pool1);
    expect(ranked).not.toContain(ids.women1); // in another cluster
    const named = ok(
      await emitAck(r.fac, 'sense:name', { questionId: r.q, ideaIds: [ids.pool1, ids.pool2] }),
    );
    expect(String(named.name).toLowerCase()).toMatch(/fund|transition|donor|partner|trust/);
  });

  test('"may belong here" reads the name the facilitator gave a cluster, not the untitled label', async () => {
    const r = await room();
    const ids = await board(r);
    // A new cluster bears the screen's untitled label: its one idea alone decides (control).
    createCluster(
      r.facDoc.doc,
      { id: 'c', questionId: r.q, label: 'Untitled cluster', position: 0 },
      [ids.pool1],
    );
    await yjsRoundTrip(r.facDoc.provider);
    const belong = async () =>
      (
        ok(await emitAck(r.fac, 'sense:belong', { questionId: r.q, clusterId: 'c' }, SLOW))
          .ideas as { ideaId: string }[]
      ).map((i) => i.ideaId);
    expect((await belong()).slice(0, 2)).toEqual(expect.arrayContaining([ids.pool2, ids.pool3]));
    // Named for the women's ideas, it draws them first.
    renameCluster(r.facDoc.doc, 'c', 'Women in local peace committees');
    await yjsRoundTrip(r.facDoc.provider);
    expect((await belong()).slice(0, 2)).toEqual(expect.arrayContaining([ids.women1, ids.women2]));
  });
});

describe('sense queries and hidden ideas', () => {
  test('no suggestion carries a hidden, moderated, withdrawn or merged idea before reveal; after reveal it does', async () => {
    const r = await room();
    const ids = await board(r);
    // Off the board for good: moderated, withdrawn, merged (merge keeps pool1, folds pool3).
    const moderated = await submit(r.bob, r.q, 'Quorzible moderated proposal on trust fund donors');
    ok(await emitAck(r.fac, 'idea:hide', { ideaId: moderated, reason: 'off topic' }));
    const withdrawn = await submit(r.alice, r.q, 'Quorzible withdrawn proposal on trust funds');
    ok(await emitAck(r.alice, 'idea:withdraw', { ideaId: withdrawn }));
    ok(await emitAck(r.fac, 'idea:merge', { ideaId: ids.pool3, intoId: ids.pool1 }));

    // Hidden mode: two restatements of one secret proposal, much like a visible idea.
    ok(await emitAck(r.fac, 'question:mode', { questionId: r.q, mode: 'hidden' }));
    const secretA = await submit(
      r.alice,
      r.q,
      'A Zanzibarquux levy on shipping to fund local peace committees for women.',
    );
    const secretB = await submit(
      r.bob,
      r.q,
      'Zanzibarquux levy on shipping that funds the local peace committees of women.',
    );
    createCluster(r.facDoc.doc, { id: 'women', questionId: r.q, label: 'Women', position: 0 }, [
      ids.women1,
    ]);
    await yjsRoundTrip(r.facDoc.provider);

    const offBoard = [moderated, withdrawn, ids.pool3];
    const secret = [secretA, secretB, 'zanzibarquux'];
    const replies: string[] = [];
    const ask = async (name: string, payload: unknown) => {
      const reply = await emitAck(r.fac, name, payload, SLOW);
      replies.push(JSON.stringify(reply));
      return reply;
    };
    const before = [
      ok(await ask('sense:suggest', { questionId: r.q })),
      ok(await ask('sense:belong', { questionId: r.q, clusterId: 'women' })),
    ];
    // Naming a hidden (or moderated) idea is refused like naming one that does not exist.
    const namedHidden = await ask('sense:name', { questionId: r.q, ideaIds: [secretA] });
    const namedModerated = await ask('sense:name', {
      questionId: r.q,
      ideaIds: [ids.youth, moderated],
    });
    const leaked = (text: string, words: string[]) =>
      words.filter((w) => text.toLowerCase().includes(w.toLowerCase()));
    for (const reply of replies) {
      expect(leaked(reply, [...secret, ...offBoard, 'quorzible'])).toEqual([]);
    }
    expect(namedHidden.error?.code).toBe('unknown_idea');
    expect(namedModerated.error?.code).toBe('unknown_idea');
    expect(before[1]?.ideas).not.toEqual([]); // the query answered, with visible ideas
    // Nor anywhere in what the facilitator's socket received (the replies travel there).
    expect(leaked(r.facFrames.join('\n'), secret)).toEqual([]);

    // Positive control: once revealed, the same queries see the ideas — so the checks above
    // could have caught a leak.
    ok(await emitAck(r.fac, 'ideas:reveal', { questionId: r.q }));
    const suggest = ok(await ask('sense:suggest', { questionId: r.q }));
    const pair = (suggest.duplicates as { a: string; b: string }[])[0];
    expect([pair?.a, pair?.b].sort()).toEqual([secretA, secretB].sort());
    const belong = ok(await ask('sense:belong', { questionId: r.q, clusterId: 'women' }));
    expect((belong.ideas as { ideaId: string }[]).map((i) => i.ideaId)).toContain(secretA);
    const named = ok(await ask('sense:name', { questionId: r.q, ideaIds: [secretA, secretB] }));
    expect(JSON.stringify(named).toLowerCase()).toContain('zanzibarquux');
    // Moderated, withdrawn and merged ideas stay out after reveal too.
    expect(leaked(replies.slice(-3).join('\n'), [...offBoard, 'quorzible'])).toEqual([]);
  });
});
