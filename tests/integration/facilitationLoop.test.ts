import {
  type CreatedWorkshop,
  createCluster,
  type Joined,
  placeIdea,
  readBoard,
  readIdeas,
  readQuestions,
  readRounds,
  readTimer,
  renameCluster,
} from '@convene/shared';
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
afterEach(() => closeClients());
afterAll(async () => {
  await server?.close();
});

interface Peer {
  joined: Joined;
  socket: Socket;
  doc: DocClient;
  /** Every payload this socket received, as JSON text (for secrecy checks). */
  frames: string[];
}

interface Workshop {
  w: CreatedWorkshop;
  q: string;
  fac: Socket;
  facDoc: DocClient;
  alice: Peer;
  bob: Peer;
  carol: Peer;
}

async function peer(w: CreatedWorkshop, name: string): Promise<Peer> {
  const joined = await server.join(w.joinCode, name);
  const socket = await connectSocket(server.url, joined.participantToken);
  const frames: string[] = [];
  socket.io.engine.on('packet', (p: { data?: unknown }) =>
    frames.push(typeof p.data === 'string' ? p.data : JSON.stringify(p)),
  );
  const doc = await connectDoc(server.url, w.id, joined.participantToken);
  return { joined, socket, doc, frames };
}

async function workshop(body: Record<string, unknown> = {}): Promise<Workshop> {
  const w = await server.createWorkshop(body);
  const q = w.questions[0]?.id ?? '';
  const fac = await connectSocket(server.url, w.facilitatorToken);
  const facDoc = await connectDoc(server.url, w.id, w.facilitatorToken);
  const [alice, bob, carol] = await Promise.all([
    peer(w, 'Alice Ashdown'),
    peer(w, 'Bob Brightwater'),
    peer(w, 'Carol Cranleigh'),
  ]);
  return { w, q, fac, facDoc, alice, bob, carol };
}

const ok = (r: AckReply) => {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r;
};
const phase = (ws: Workshop, p: string) =>
  emitAck(ws.fac, 'phase:set', { questionId: ws.q, phase: p }).then(ok);
const submit = (p: Peer, questionId: string, text: string) =>
  emitAck(p.socket, 'idea:submit', { questionId, text })
    .then(ok)
    .then((r) => ({ ideaId: String(r.ideaId) }));
const questionOf = (d: Y.Doc, id: string) => readQuestions(d).find((q) => q.id === id);
const bytes = (d: Y.Doc) => Buffer.from(Y.encodeStateAsUpdate(d)).toString('latin1');

describe('phases', () => {
  test('skipping ahead is refused; stepping back is allowed', async () => {
    const ws = await workshop();
    const skip = await emitAck(ws.fac, 'phase:set', { questionId: ws.q, phase: 'vote' });
    expect(skip.error?.code).toBe('invalid_transition');
    await phase(ws, 'submit');
    await phase(ws, 'cluster');
    await phase(ws, 'submit'); // reopen submissions
    await submit(ws.alice, ws.q, 'Reopened submissions still take ideas');
    await waitFor(() => questionOf(ws.bob.doc.doc, ws.q)?.phase === 'submit', {
      docs: [ws.bob.doc.doc],
    });
  });
});

describe('hidden mode', () => {
  test('no other participant receives a hidden idea before reveal — not in the doc, not in a frame', async () => {
    const ws = await workshop();
    ok(await emitAck(ws.fac, 'question:mode', { questionId: ws.q, mode: 'hidden' }));
    await phase(ws, 'submit');
    const secret = 'SECRET-hidden-idea-about-assessed-contributions';
    const { ideaId } = await submit(ws.alice, ws.q, secret);
    await waitFor(() => questionOf(ws.bob.doc.doc, ws.q)?.hiddenCount === 1, {
      docs: [ws.bob.doc.doc],
      what: 'hidden count on bob',
    });
    // The author sees their own idea through idea:mine.
    const mine = ok(await emitAck(ws.alice.socket, 'idea:mine', {}));
    expect((mine.ideas as { text: string; status: string }[])[0]).toMatchObject({
      text: secret,
      status: 'hidden',
    });
    for (const p of [ws.bob, ws.carol]) {
      // The frames are really captured (this ack arrives as one)…
      ok(await emitAck(p.socket, 'idea:mine', {}));
      expect(p.frames.join('\n')).toContain('"ideas":[]');
      // …and none of them, nor the doc, holds the hidden text.
      expect(bytes(p.doc.doc)).not.toContain(secret);
      expect(p.frames.join('\n')).not.toContain(secret);
    }
    expect(bytes(ws.facDoc.doc)).not.toContain(secret);
    // Reveal publishes at once, unattributed.
    const reveal = ok(await emitAck(ws.fac, 'ideas:reveal', { questionId: ws.q }));
    expect(reveal.revealed).toBe(1);
    await waitFor(() => readIdeas(ws.bob.doc.doc).some((i) => i.id === ideaId), {
      docs: [ws.bob.doc.doc],
    });
    expect(readIdeas(ws.carol.doc.doc).find((i) => i.id === ideaId)?.text).toBe(secret);
    expect(bytes(ws.bob.doc.doc)).not.toContain('Alice');
  });
});

describe('editing, moderation, merging', () => {
  test('the author edits or withdraws until clustering; others cannot', async () => {
    const ws = await workshop();
    await phase(ws, 'submit');
    const { ideaId } = await submit(ws.alice, ws.q, 'First draft of an idea');
    const bobTries = await emitAck(ws.bob.socket, 'idea:edit', { ideaId, text: 'Hijacked' });
    expect(bobTries.error?.code).toBe('not_your_idea');
    ok(await emitAck(ws.alice.socket, 'idea:edit', { ideaId, text: 'Second, better draft' }));
    await waitFor(() => readIdeas(ws.bob.doc.doc)[0]?.text === 'Second, better draft', {
      docs: [ws.bob.doc.doc],
    });
    const { ideaId: other } = await submit(ws.alice, ws.q, 'An idea I will take back');
    ok(await emitAck(ws.alice.socket, 'idea:withdraw', { ideaId: other }));
    await waitFor(() => !readIdeas(ws.bob.doc.doc).some((i) => i.id === other), {
      docs: [ws.bob.doc.doc],
    });
    await phase(ws, 'cluster');
    const late = await emitAck(ws.alice.socket, 'idea:edit', { ideaId, text: 'Too late' });
    expect(late.error?.code).toBe('wrong_phase');
    // The facilitator may still correct; the author's words stay on record.
    ok(await emitAck(ws.fac, 'idea:edit', { ideaId, text: 'Second, better draft (corrected)' }));
    const res = await fetch(`${server.url}/api/workshops/${ws.w.id}/export?format=json`, {
      headers: { authorization: `Bearer ${ws.w.facilitatorToken}` },
    });
    const archive = (await res.json()) as {
      questions: { ideas: { id: string; text: string; originalText?: string }[] }[];
    };
    const exported = archive.questions[0]?.ideas ?? [];
    expect(exported.map((i) => i.id)).toEqual([ideaId]); // the withdrawn idea is not on record
    expect(exported[0]).toMatchObject({
      text: 'Second, better draft (corrected)',
      originalText: 'Second, better draft',
    });
  });

  test('moderation hides an idea with a reason; restore brings it back; participants cannot moderate', async () => {
    const ws = await workshop();
    await phase(ws, 'submit');
    const { ideaId } = await submit(ws.bob, ws.q, 'Something off-topic');
    const tries = await emitAck(ws.alice.socket, 'idea:hide', { ideaId, reason: 'mine' });
    expect(tries.error?.code).toBe('forbidden');
    const noReason = await emitAck(ws.fac, 'idea:hide', { ideaId, reason: '  ' });
    expect(noReason.error?.code).toBe('invalid_payload');
    ok(await emitAck(ws.fac, 'idea:hide', { ideaId, reason: 'Off-topic for this question' }));
    await waitFor(() => readIdeas(ws.carol.doc.doc).length === 0, { docs: [ws.carol.doc.doc] });
    ok(await emitAck(ws.fac, 'idea:restore', { ideaId }));
    await waitFor(() => readIdeas(ws.carol.doc.doc).length === 1, { docs: [ws.carol.doc.doc] });
  });
});

describe('a full question with secret dot voting', () => {
  test('submit → cluster (two facilitators) → vote (secret) → results (ranked, clusters summed)', async () => {
    const ws = await workshop({ voteBudget: 3, maxVotesPerIdea: 1 });
    await phase(ws, 'submit');
    const texts = ['Pool funds', 'Share analysis', 'Fund local NGOs', 'Fund women-led groups'];
    const ids: string[] = [];
    for (const [i, t] of texts.entries()) {
      const who = [ws.alice, ws.bob, ws.carol][i % 3] as Peer;
      ids.push(String((await submit(who, ws.q, t)).ideaId));
    }
    await waitFor(() => questionOf(ws.facDoc.doc, ws.q)?.submitters === 3, {
      docs: [ws.facDoc.doc],
      what: 'three submitters',
    });
    await phase(ws, 'cluster');
    await waitFor(() => readIdeas(ws.facDoc.doc).length === 4, { docs: [ws.facDoc.doc] });

    // Two facilitators cluster at once: one creates, the other renames; both converge.
    const fac2 = await connectDoc(server.url, ws.w.id, ws.w.facilitatorToken);
    const [a, b, c, d] = ids as [string, string, string, string];
    createCluster(ws.facDoc.doc, { id: 'money', questionId: ws.q, label: 'Money', position: 0 }, [
      a,
    ]);
    createCluster(fac2.doc, { id: 'local', questionId: ws.q, label: 'Local', position: 1 }, [c, d]);
    await waitFor(() => readBoard(fac2.doc).clusters.length === 2, { docs: [fac2.doc] });
    renameCluster(fac2.doc, 'money', 'Money and pooled funds');
    placeIdea(ws.facDoc.doc, b, 'money');
    await waitFor(
      () =>
        JSON.stringify(readBoard(ws.bob.doc.doc).clusters) ===
          JSON.stringify(readBoard(fac2.doc).clusters) &&
        readIdeas(ws.bob.doc.doc).find((i) => i.id === b)?.clusterId === 'money' &&
        readBoard(ws.bob.doc.doc).clusters[0]?.label === 'Money and pooled funds',
      { docs: [ws.bob.doc.doc, fac2.doc], what: 'clusters to converge' },
    );

    await phase(ws, 'vote');
    const cast = (p: Peer, ideaId: string, cid?: string) =>
      emitAck(p.socket, 'vote:cast', { ideaId, ...(cid ? { commandId: cid } : {}) });
    // alice: a, c, d; bob: a, c; carol: a
    expect(ok(await cast(ws.alice, a)).remaining).toBe(2);
    expect((await cast(ws.alice, a)).error?.code).toBe('over_idea_limit');
    expect(ok(await cast(ws.alice, c)).remaining).toBe(1);
    expect(ok(await cast(ws.alice, d)).remaining).toBe(0);
    expect((await cast(ws.alice, b)).error?.code).toBe('over_budget');
    const retryId = commandId('vote');
    expect(ok(await cast(ws.bob, a, retryId)).remaining).toBe(2);
    expect(ok(await cast(ws.bob, a, retryId)).remaining).toBe(2); // retried: applied once
    expect(ok(await cast(ws.bob, c)).remaining).toBe(1);
    expect(ok(await cast(ws.carol, a)).remaining).toBe(2);
    // A facilitator cannot vote; voting is refused outside the vote phase.
    expect((await emitAck(ws.fac, 'vote:cast', { ideaId: a })).error?.code).toBe('forbidden');

    // Secret until results: progress only, no tally anywhere.
    await waitFor(
      () =>
        readRounds(ws.facDoc.doc)[0]?.votersDone === 1 &&
        readRounds(ws.facDoc.doc)[0]?.votersStarted === 3,
      { docs: [ws.facDoc.doc], what: 'progress' },
    );
    for (const doc of [ws.facDoc.doc, ws.bob.doc.doc, ws.carol.doc.doc]) {
      expect(readRounds(doc)[0]?.results).toBeNull();
    }
    for (const p of [ws.alice, ws.bob, ws.carol]) {
      expect(p.frames.join('\n')).not.toMatch(/"votes"/);
    }
    const early = await fetch(`${server.url}/api/workshops/${ws.w.id}/export?format=json`, {
      headers: { authorization: `Bearer ${ws.w.rapporteurToken}` },
    });
    expect(await early.text()).not.toMatch(/"votes"/);
    // Retract and recast: bob moves his dot from c to d.
    expect(ok(await emitAck(ws.bob.socket, 'vote:retract', { ideaId: c })).remaining).toBe(2);
    expect(ok(await cast(ws.bob, d)).remaining).toBe(1);
    const ballot = ok(await emitAck(ws.bob.socket, 'vote:mine', { questionId: ws.q }));
    expect(ballot.ballot).toEqual({ [a]: 1, [d]: 1 });

    await phase(ws, 'results');
    await waitFor(() => readRounds(ws.bob.doc.doc)[0]?.results !== null, {
      docs: [ws.bob.doc.doc],
      what: 'published results',
    });
    const results = readRounds(ws.bob.doc.doc)[0]?.results;
    // a: 3 (3 voters); d: 2; c: 1; b: 0
    expect(results?.ideas.map((i) => [i.ideaId, i.votes, i.rank])).toEqual([
      [a, 3, 1],
      [d, 2, 2],
      [c, 1, 3],
      [b, 0, 4],
    ]);
    expect(results?.clusters.map((s) => [s.clusterId, s.votes])).toEqual([
      ['local', 3],
      ['money', 3],
    ]);
    expect(results?.voters).toBe(3);
    // After results, the export carries the votes.
    const after = await fetch(`${server.url}/api/workshops/${ws.w.id}/export?format=json`, {
      headers: { authorization: `Bearer ${ws.w.rapporteurToken}` },
    });
    const archive = (await after.json()) as {
      questions: { ideas: { id: string; votes: number; clusterId: string | null }[] }[];
    };
    expect(archive.questions[0]?.ideas.find((i) => i.id === a)).toMatchObject({
      votes: 3,
      clusterId: 'money',
    });
  });

  test('stepping back from a vote cancels it; a rerun among the top N keeps round 1', async () => {
    const ws = await workshop({ voteBudget: 2 });
    await phase(ws, 'submit');
    const ids: string[] = [];
    for (const t of ['one', 'two', 'three', 'four']) {
      ids.push(String((await submit(ws.alice, ws.q, `Idea ${t}`)).ideaId));
    }
    await phase(ws, 'cluster');
    await phase(ws, 'vote');
    ok(await emitAck(ws.bob.socket, 'vote:cast', { ideaId: ids[3] }));
    await phase(ws, 'cluster'); // back: round 1 cancelled
    await waitFor(() => readRounds(ws.facDoc.doc)[0]?.status === 'cancelled', {
      docs: [ws.facDoc.doc],
    });
    await phase(ws, 'vote'); // round 2, bob has his dots back
    const fresh = ok(await emitAck(ws.bob.socket, 'vote:mine', { questionId: ws.q }));
    expect(fresh.remaining).toBe(2);
    ok(await emitAck(ws.bob.socket, 'vote:cast', { ideaId: ids[0] }));
    ok(await emitAck(ws.carol.socket, 'vote:cast', { ideaId: ids[0] }));
    ok(await emitAck(ws.carol.socket, 'vote:cast', { ideaId: ids[1] }));
    await phase(ws, 'results');
    // A final round among the top 2.
    const configured = ok(
      await emitAck(ws.fac, 'vote:configure', { questionId: ws.q, topN: 2, budget: 1 }),
    );
    expect(configured).toMatchObject({ topN: 2, budget: 1, maxPerIdea: 1 });
    await phase(ws, 'vote');
    const notOnBallot = await emitAck(ws.bob.socket, 'vote:cast', { ideaId: ids[2] });
    expect(notOnBallot.error?.code).toBe('idea_not_votable');
    ok(await emitAck(ws.bob.socket, 'vote:cast', { ideaId: ids[1] }));
    await phase(ws, 'results');
    await waitFor(() => readRounds(ws.facDoc.doc).filter((r) => r.results).length === 2, {
      docs: [ws.facDoc.doc],
    });
    const rounds = readRounds(ws.facDoc.doc);
    expect(rounds.map((r) => [r.number, r.status])).toEqual([
      [1, 'cancelled'],
      [2, 'closed'],
      [3, 'closed'],
    ]);
    expect(rounds[2]?.candidates).toEqual([ids[0], ids[1]]);
    expect(rounds[2]?.results?.ideas[0]).toMatchObject({ ideaId: ids[1], votes: 1 });
  });

  test('a merge keeps both texts on record and moves votes to the surviving idea', async () => {
    const ws = await workshop();
    await phase(ws, 'submit');
    const { ideaId: keep } = await submit(ws.alice, ws.q, 'Pooled funds for prevention');
    const { ideaId: dup } = await submit(ws.bob, ws.q, 'More pooled funding for prevention');
    await phase(ws, 'cluster');
    await phase(ws, 'vote');
    ok(await emitAck(ws.carol.socket, 'vote:cast', { ideaId: dup }));
    ok(await emitAck(ws.fac, 'idea:merge', { ideaId: dup, intoId: keep }));
    await waitFor(() => readIdeas(ws.alice.doc.doc).length === 1, { docs: [ws.alice.doc.doc] });
    expect(readIdeas(ws.alice.doc.doc)[0]).toMatchObject({ id: keep, mergedCount: 1 });
    const ballot = ok(await emitAck(ws.carol.socket, 'vote:mine', { questionId: ws.q }));
    expect(ballot.ballot).toEqual({ [keep]: 1 });
    expect((await emitAck(ws.alice.socket, 'vote:cast', { ideaId: dup })).error?.code).toBe(
      'idea_not_votable',
    );
    await phase(ws, 'results');
    const res = await fetch(`${server.url}/api/workshops/${ws.w.id}/export?format=json`, {
      headers: { authorization: `Bearer ${ws.w.facilitatorToken}` },
    });
    const text = await res.text();
    expect(text).toContain('More pooled funding for prevention');
    expect(text).toContain(`"mergedInto":"${keep}"`);
  });
});

describe('timer', () => {
  test('every screen sees the same end time; pause, add, resume; auto-advance closes the phase', async () => {
    const ws = await workshop();
    await phase(ws, 'submit');
    const clock = ok(await emitAck(ws.alice.socket, 'clock:sync', {}));
    expect(Math.abs(Number(clock.now) - Date.now())).toBeLessThan(1000);
    const started = ok(await emitAck(ws.fac, 'timer:start', { durationSeconds: 300 }));
    await waitFor(() => readTimer(ws.bob.doc.doc).endsAt === started.endsAt, {
      docs: [ws.bob.doc.doc],
    });
    const paused = ok(await emitAck(ws.fac, 'timer:pause', {}));
    expect(Number(paused.remainingMs)).toBeGreaterThan(295_000);
    expect((await emitAck(ws.fac, 'timer:pause', {})).error?.code).toBe('timer_state');
    const added = ok(await emitAck(ws.fac, 'timer:add', { seconds: 60 }));
    expect(Number(added.remainingMs)).toBe(Number(paused.remainingMs) + 60_000);
    ok(await emitAck(ws.fac, 'timer:resume', {}));
    expect((await emitAck(ws.alice.socket, 'timer:stop', {})).error?.code).toBe('forbidden');
    // One second with auto-advance: the question moves from submit to cluster by itself.
    ok(await emitAck(ws.fac, 'timer:start', { durationSeconds: 1, autoAdvance: true }));
    await waitFor(() => questionOf(ws.carol.doc.doc, ws.q)?.phase === 'cluster', {
      docs: [ws.carol.doc.doc],
      timeoutMs: 5000,
      what: 'auto-advance to cluster',
    });
    expect(readTimer(ws.carol.doc.doc).status).toBe('idle');
  });
});

describe('a timer belongs to its phase (issue 12, item 5)', () => {
  test('a timer started while collecting is gone after phase:set cluster, on every replica', async () => {
    const ws = await workshop();
    await phase(ws, 'submit');
    const started = ok(await emitAck(ws.fac, 'timer:start', { durationSeconds: 900 }));
    await waitFor(() => readTimer(ws.alice.doc.doc).endsAt === started.endsAt, {
      docs: [ws.alice.doc.doc],
    });
    // Positive control: the timer records what it was started for.
    expect(readTimer(ws.alice.doc.doc)).toMatchObject({
      status: 'running',
      questionId: ws.q,
      phase: 'submit',
    });
    // Re-selecting the same phase keeps it.
    await phase(ws, 'submit');
    expect(readTimer(ws.facDoc.doc).status).toBe('running');
    await phase(ws, 'cluster');
    await waitFor(() => questionOf(ws.alice.doc.doc, ws.q)?.phase === 'cluster', {
      docs: [ws.alice.doc.doc],
    });
    expect(readTimer(ws.alice.doc.doc).status).toBe('idle');
    expect(readTimer(ws.facDoc.doc).status).toBe('idle');
    // A paused timer stops as well, and so does moving to another question.
    ok(await emitAck(ws.fac, 'timer:start', { durationSeconds: 600 }));
    ok(await emitAck(ws.fac, 'timer:pause', {}));
    await phase(ws, 'vote');
    await waitFor(() => questionOf(ws.alice.doc.doc, ws.q)?.phase === 'vote', {
      docs: [ws.alice.doc.doc],
    });
    expect(readTimer(ws.alice.doc.doc).status).toBe('idle');
  });

  test('an auto-advance timer stopped by a phase change never advances the later phase', async () => {
    const ws = await workshop();
    await phase(ws, 'submit');
    ok(await emitAck(ws.fac, 'timer:start', { durationSeconds: 1, autoAdvance: true }));
    await phase(ws, 'cluster');
    // A witness: a second workshop whose 2-second auto-advance timer starts after the first one
    // (so it fires after the first would have), and advances by itself as it should.
    const witness = await workshop();
    await phase(witness, 'submit');
    ok(await emitAck(witness.fac, 'timer:start', { durationSeconds: 2, autoAdvance: true }));
    await waitFor(() => questionOf(witness.alice.doc.doc, witness.q)?.phase === 'cluster', {
      docs: [witness.alice.doc.doc],
      timeoutMs: 6000,
      what: 'witness auto-advance',
    });
    expect(questionOf(ws.facDoc.doc, ws.q)?.phase).toBe('cluster');
    const back = await emitAck(ws.fac, 'phase:set', { questionId: ws.q, phase: 'cluster' });
    expect(back.ok).toBe(true);
    expect(readTimer(ws.facDoc.doc).status).toBe('idle');
  });
});

describe('another round straight from the results (issue 12, item 6)', () => {
  test('round:start on the top N opens round 2 from results; both rounds are kept', async () => {
    const ws = await workshop({ voteBudget: 3 });
    await phase(ws, 'submit');
    const ids: string[] = [];
    for (const t of ['one', 'two', 'three', 'four', 'five']) {
      ids.push((await submit(ws.alice, ws.q, `Idea ${t}`)).ideaId);
    }
    await phase(ws, 'cluster');
    await phase(ws, 'vote');
    // one: 3 votes, two: 2, three: 1, four and five: none.
    for (const [p, i] of [
      [ws.alice, 0],
      [ws.bob, 0],
      [ws.carol, 0],
      [ws.alice, 1],
      [ws.bob, 1],
      [ws.carol, 2],
    ] as const) {
      ok(await emitAck(p.socket, 'vote:cast', { ideaId: ids[i] }));
    }
    const seen: string[] = [];
    ws.alice.doc.doc.on('update', () => {
      const p = questionOf(ws.alice.doc.doc, ws.q)?.phase;
      if (p && seen.at(-1) !== p) seen.push(p);
    });
    await phase(ws, 'results');
    // Refusals first: neither or both of topN/ideaIds, a participant, an idea not on the board.
    const refused = [
      await emitAck(ws.fac, 'round:start', { questionId: ws.q }),
      await emitAck(ws.fac, 'round:start', { questionId: ws.q, topN: 2, ideaIds: ids }),
      await emitAck(ws.alice.socket, 'round:start', { questionId: ws.q, topN: 2 }),
      await emitAck(ws.fac, 'round:start', { questionId: ws.q, ideaIds: [ids[0], 'nope'] }),
    ];
    expect(refused.map((r) => r.error?.code)).toEqual([
      'invalid_payload',
      'invalid_payload',
      'forbidden',
      'unknown_idea',
    ]);
    const started = ok(await emitAck(ws.fac, 'round:start', { questionId: ws.q, topN: 2 }));
    expect(started).toMatchObject({ number: 2, candidates: [ids[0], ids[1]] });
    await waitFor(() => readRounds(ws.alice.doc.doc).length === 2, { docs: [ws.alice.doc.doc] });
    // Phones went from results straight to vote, never through clustering.
    expect(seen).toEqual(['results', 'vote']);
    const r2 = readRounds(ws.alice.doc.doc).find((r) => r.number === 2);
    expect(r2).toMatchObject({ status: 'open', candidates: [ids[0], ids[1]] });
    const off = await emitAck(ws.bob.socket, 'vote:cast', { ideaId: ids[2] });
    expect(off.error?.code).toBe('idea_not_votable');
    ok(await emitAck(ws.bob.socket, 'vote:cast', { ideaId: ids[1] }));
    const again = await emitAck(ws.fac, 'round:start', { questionId: ws.q, topN: 2 });
    expect(again.error?.code).toBe('wrong_phase');
    await phase(ws, 'results');
    await waitFor(() => readRounds(ws.alice.doc.doc).filter((r) => r.results).length === 2, {
      docs: [ws.alice.doc.doc],
    });
    const rounds = readRounds(ws.alice.doc.doc);
    expect(rounds.map((r) => [r.number, r.status, r.results?.ideas.length])).toEqual([
      [1, 'closed', 5],
      [2, 'closed', 2],
    ]);
    // Round 3 on ideas the facilitator picked, in the last round's order.
    const picked = ok(
      await emitAck(ws.fac, 'round:start', { questionId: ws.q, ideaIds: [ids[4], ids[1]] }),
    );
    expect(picked).toMatchObject({ number: 3, candidates: [ids[1], ids[4]] });
  });
});

describe('durability', () => {
  test('a restart in the middle of a vote loses nothing', async () => {
    const ws = await workshop();
    await phase(ws, 'submit');
    const { ideaId: a } = await submit(ws.alice, ws.q, 'Idea A');
    const { ideaId: b } = await submit(ws.bob, ws.q, 'Idea B');
    await phase(ws, 'cluster');
    await phase(ws, 'vote');
    ok(await emitAck(ws.alice.socket, 'vote:cast', { ideaId: a }));
    ok(await emitAck(ws.bob.socket, 'vote:cast', { ideaId: a }));
    ok(await emitAck(ws.bob.socket, 'vote:cast', { ideaId: b }));
    closeClients();
    const url = await server.restart();
    const bob = await connectSocket(url, ws.bob.joined.participantToken);
    const ballot = ok(await emitAck(bob, 'vote:mine', { questionId: ws.q }));
    expect(ballot).toMatchObject({ remaining: 1, ballot: { [a]: 1, [b]: 1 } });
    const fac = await connectSocket(url, ws.w.facilitatorToken);
    ok(await emitAck(fac, 'phase:set', { questionId: ws.q, phase: 'results' }));
    const doc = await connectDoc(url, ws.w.id, ws.w.projectorToken);
    await waitFor(() => readRounds(doc.doc)[0]?.results !== null, { docs: [doc.doc] });
    expect(readRounds(doc.doc)[0]?.results?.ideas.map((i) => [i.ideaId, i.votes])).toEqual([
      [a, 2],
      [b, 1],
    ]);
  });
});
