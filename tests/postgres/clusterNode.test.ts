import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readIdeas } from '@convene/shared';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { migrate } from '../../server/src/store/pg/migrate.ts';
import { startChildServer } from '../helpers/childServer.ts';
import { type ClusterTestNode, startClusterNode } from '../helpers/clusterNode.ts';
import { postgresUrl, type ScratchDatabase, scratchDatabase } from '../helpers/postgres.ts';
import {
  closeClients,
  commandId,
  connectDoc,
  connectSocket,
  DEFAULT_WORKSHOP,
  emitAck,
  yjsBase,
} from '../helpers/testServer.ts';

// Cluster mode (issue 17) with two nodes on one PostgreSQL, no proxy: each workshop is served by
// the node that holds its lease, every answer waits for PostgreSQL, and a node that lost a
// workshop stops serving it.

const url = postgresUrl('clusterNode.test.ts');
const ADMIN = 'admin-token-for-the-cluster-test';

interface Created {
  id: string;
  joinCode: string;
  facilitatorToken: string;
  questions: { id: string }[];
}

async function create(node: ClusterTestNode, title = 'Sustaining peace'): Promise<Created> {
  const res = await fetch(`${node.url}/api/workshops`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
    body: JSON.stringify({ ...DEFAULT_WORKSHOP, title }),
  });
  if (res.status !== 201)
    throw new Error(`POST /api/workshops → ${res.status} ${await res.text()}`);
  return (await res.json()) as Created;
}

const join = (node: ClusterTestNode, joinCode: string) =>
  fetch(`${node.url}/api/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ joinCode }),
  });

describe.skipIf(!url)('cluster mode: two nodes on one PostgreSQL', () => {
  let db: ScratchDatabase;
  const nodes: ClusterTestNode[] = [];
  const start = async (nodeId: string, leaseMs = 10_000) => {
    const node = await startClusterNode(db.url, nodeId, { leaseMs, adminToken: ADMIN });
    nodes.push(node);
    return node;
  };
  const records = async (tbl: string, owner: string) =>
    (
      await db
        .pool(1)
        .query<{ row: Record<string, unknown> }>(
          'SELECT row FROM records WHERE tbl = $1 AND owner = $2',
          [tbl, owner],
        )
    ).rows.map((r) => r.row);

  beforeEach(async () => {
    db = await scratchDatabase(url ?? '');
    await migrate(db.pool(1));
  });
  afterEach(async () => {
    closeClients();
    await Promise.all(nodes.splice(0).map((n) => n.close()));
    await db.drop();
  });

  test('a workshop is served by its owner only; what it acknowledges is in PostgreSQL; it moves when the owner gives it back', async () => {
    const alice = await start('alice');
    const bob = await start('bob');
    const w = await create(alice);
    // Durable before the answer: the created workshop is in PostgreSQL when the 201 arrives.
    expect((await records('workshops', w.id)).map((r) => r.title)).toStrictEqual([
      'Sustaining peace',
    ]);

    // alice serves it (and, while its facilitator is connected, keeps it: see the next test).
    const facilitator = await connectSocket(alice.url, w.facilitatorToken);
    // bob does not hold it: HTTP, socket.io and Yjs are all refused with "try again".
    const refused = await join(bob, w.joinCode);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.headers.get('x-convene-owner')).toBe('alice');
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('not_owner');
    const socketRefusal = await connectSocket(bob.url, w.facilitatorToken).catch(
      (err: { data?: { error?: { code?: string } } }) => err.data?.error?.code,
    );
    expect(socketRefusal).toBe('not_owner');
    // y-websocket retries 45xx closes (the proxy would take the retry to the owner).
    const ws = new WebSocket(`${yjsBase(bob.url)}/${w.id}?token=${w.facilitatorToken}`);
    const closed = await new Promise<{ code: number; reason: string }>((resolve) =>
      ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    expect(closed).toStrictEqual({ code: 4512, reason: 'not_owner' });

    // alice serves it: a participant's idea is in PostgreSQL once it is acknowledged.
    const joined = (await (await join(alice, w.joinCode)).json()) as {
      participantToken: string;
    };
    const question = w.questions[0]?.id ?? '';
    expect(
      await emitAck(facilitator, 'phase:set', { questionId: question, phase: 'submit' }),
    ).toMatchObject({ ok: true });
    const participant = await connectSocket(alice.url, joined.participantToken);
    const ack = await emitAck(participant, 'idea:submit', {
      questionId: question,
      text: 'Pair every country configuration with a joint analysis cell',
      commandId: commandId(),
    });
    expect(ack).toMatchObject({ ok: true });
    expect((await records('ideas', w.id)).map((r) => r.id)).toStrictEqual([ack.ideaId]);

    // alice stops (gives its leases back): bob takes the workshop on first use, with the idea.
    await alice.close();
    expect((await join(bob, w.joinCode)).status).toBe(200);
    const doc = await connectDoc(bob.url, w.id, w.facilitatorToken);
    expect(readIdeas(doc.doc).map((i) => i.text)).toStrictEqual([
      'Pair every country configuration with a joint analysis cell',
    ]);
    // What an operator sees of it (/metrics): one lease held, taken once, timed, one refusal.
    const metrics = await (await fetch(`${bob.url}/metrics`)).text();
    expect(metrics).toMatch(/^convene_leases_held 1$/m);
    expect(metrics).toMatch(/^convene_lease_events_total\{event="taken"\} 1$/m);
    expect(metrics).toMatch(/^convene_lease_events_total\{event="refused"\} [1-9]/m);
    expect(metrics).toMatch(/^convene_lease_take_seconds_count 1$/m);
  });

  test('a workshop created on one node is given back once it is in PostgreSQL: the node the proxy picks takes it at once', async () => {
    const alice = await start('alice');
    const bob = await start('bob');
    const w = await create(alice);
    // The proxy hashes the id to any node, the creator only by chance: that node must not be
    // refused until the creator lets an idle workshop go (30 s).
    const t = Date.now();
    let status = (await join(bob, w.joinCode)).status;
    while (status === 503 && Date.now() - t < 2000) {
      await new Promise((r) => setTimeout(r, 50));
      status = (await join(bob, w.joinCode)).status;
    }
    expect(status).toBe(200);
    expect(alice.record.cluster.ownership.owners()).toStrictEqual([]);
    expect(bob.record.cluster.ownership.owners()).toStrictEqual([w.id]);
  });

  test('a node whose lease was taken refuses its next command, cuts its screens, and writes nothing more', async () => {
    const alice = await start('alice');
    const w = await create(alice);
    const joined = (await (await join(alice, w.joinCode)).json()) as {
      participantToken: string;
    };
    const facilitator = await connectSocket(alice.url, w.facilitatorToken);
    const question = w.questions[0]?.id ?? '';
    await emitAck(facilitator, 'phase:set', { questionId: question, phase: 'submit' });
    const participant = await connectSocket(alice.url, joined.participantToken);
    const cut = new Promise<string>((resolve) => participant.once('disconnect', resolve));
    // Another node takes the workshop (as after alice was paused past its lease).
    await db.pool(1).query(
      `UPDATE workshop_leases SET node_id = 'intruder', epoch = epoch + 1,
           expires_at = clock_timestamp() + interval '1 minute' WHERE workshop_id = $1`,
      [w.id],
    );
    // Not saved, either way: the ship's fence refuses it (answered storage_unavailable), or
    // alice's renewal found the loss first and cut the socket before any answer (the outbox
    // resends after reconnecting).
    const outcome = await emitAck(participant, 'idea:submit', {
      questionId: question,
      text: 'Written after the lease was lost',
      commandId: commandId(),
    }).then(
      (ack) => ack.error?.code ?? 'saved',
      () => 'cut before an answer',
    );
    expect(['storage_unavailable', 'cut before an answer']).toContain(outcome);
    // Cut as "moved" (its transport closed, so that the client reconnects elsewhere).
    expect(await cut).toBe('transport close');
    expect(await records('ideas', w.id)).toStrictEqual([]);
    expect(alice.record.cluster.ownership.owners()).not.toContain(w.id);
  });

  test('a draining node hands its workshops over at once: its screens move, the next node takes them without waiting for the lease', async () => {
    const alice = await start('alice', 60_000);
    const bob = await start('bob', 60_000);
    const w = await create(alice);
    const facilitator = await connectSocket(alice.url, w.facilitatorToken);
    const moved = new Promise<string>((resolve) => facilitator.once('disconnect', resolve));
    alice.app.drain();
    expect(await moved).toBe('transport close');
    // A minute-long lease, given back: bob takes the workshop at once, and alice takes nothing.
    expect((await join(bob, w.joinCode)).status).toBe(200);
    expect((await join(alice, w.joinCode)).status).toBe(503);
    expect(alice.record.cluster.ownership.owners()).toStrictEqual([]);
  });

  test('a series and its workshops move together: created on one node, found by name and served whole by the next', async () => {
    const alice = await start('alice', 60_000);
    const bob = await start('bob', 60_000);
    const post = (node: ClusterTestNode, path: string, body: unknown, token = ADMIN) =>
      fetch(`${node.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
    const made = await post(alice, '/api/series', { name: 'Applying Sustaining Peace' });
    expect(made.status).toBe(201);
    const series = (await made.json()) as { id: string; token: string };
    const inSeries = {
      ...DEFAULT_WORKSHOP,
      series: 'Applying Sustaining Peace',
      seriesToken: series.token,
    };
    const first = await post(alice, '/api/workshops', { ...inSeries, title: 'Mandates' });
    expect(first.status).toBe(201);
    // bob cannot make a second series of that name, nor add to it, while alice holds it.
    expect((await post(bob, '/api/series', { name: 'Applying Sustaining Peace' })).status).toBe(
      503,
    );
    expect((await post(bob, '/api/workshops', { ...inSeries, title: 'Financing' })).status).toBe(
      503,
    );
    const outside = await create(alice, 'Country examples');
    alice.app.drain();
    const handedOver = Date.now();
    while (alice.record.cluster.ownership.owners().length > 0 && Date.now() - handedOver < 5000) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const second = await post(bob, '/api/workshops', { ...inSeries, title: 'Financing' });
    expect(second.status).toBe(201);
    expect(((await second.json()) as { series: { id: string } }).series.id).toBe(series.id);
    const page = await fetch(`${bob.url}/api/series/${series.id}`, {
      headers: { authorization: `Bearer ${series.token}` },
    });
    expect(page.status).toBe(200);
    const titles = ((await page.json()) as { workshops: { title: string }[] }).workshops.map(
      (w) => w.title,
    );
    expect(titles.sort()).toStrictEqual(['Financing', 'Mandates']);
    // A workshop made outside the series on alice, added to it through bob by its link.
    const added = await post(
      bob,
      `/api/series/${series.id}/workshops`,
      {
        facilitatorToken: `http://convene.example/facilitator/${outside.id}#token=${outside.facilitatorToken}`,
      },
      series.token,
    );
    expect(added.status).toBe(200);
  });

  test('a node the proxy sends a workshop to asks for it back; the holder hands it over even in use, and only for the proxy', async () => {
    const alice = await start('alice', 3000);
    const bob = await start('bob', 3000);
    const w = await create(alice);
    // alice uses it (a screen), so she would keep it for as long as that screen stays.
    const facilitator = await connectSocket(alice.url, w.facilitatorToken);
    await new Promise((r) => setTimeout(r, 200));
    const board = (headers: Record<string, string>) =>
      fetch(`${bob.url}/api/workshops/${w.id}/board`, {
        headers: { authorization: `Bearer ${w.facilitatorToken}`, ...headers },
      });
    // Straight to bob (no proxy): refused, and it asks for nothing — alice keeps it.
    expect((await board({})).status).toBe(503);
    await new Promise((r) => setTimeout(r, 2500)); // more than two of alice's renewal rounds
    expect(alice.record.cluster.ownership.owners()).toContain(w.id);
    expect(facilitator.connected).toBe(true);
    // Through the proxy (X-Forwarded-For), routed to bob by the workshop's id: bob asks for it,
    // alice hands it over at her next round and her screen moves; bob then serves it.
    const moved = new Promise<string>((resolve) => facilitator.once('disconnect', resolve));
    expect((await board({ 'x-forwarded-for': '192.0.2.7' })).status).toBe(503);
    expect(await moved).toBe('transport close');
    let status = 503;
    const started = Date.now();
    while (status !== 200 && Date.now() - started < 5000) {
      status = (await board({ 'x-forwarded-for': '192.0.2.7' })).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(200);
    expect(bob.record.cluster.ownership.owners()).toContain(w.id);
    expect(alice.record.cluster.ownership.owners()).not.toContain(w.id);
  });

  test('a node that stops renewing (dead, paused) loses its workshops after the lease time; the next node has everything acknowledged', async () => {
    const alice = await start('alice', 1500);
    const bob = await start('bob', 1500);
    const w = await create(alice);
    const joined = (await (await join(alice, w.joinCode)).json()) as {
      participantId: string;
    };
    // alice stops renewing, as a killed node would, and gives nothing back.
    alice.record.cluster.ownership.stop();
    expect((await join(bob, w.joinCode)).status).toBe(503);
    // Within the lease time (1.5 s) and a renewal round, bob takes it.
    const started = Date.now();
    let status = 503;
    while (status === 503 && Date.now() - started < 5000) {
      await new Promise((r) => setTimeout(r, 200));
      status = (await join(bob, w.joinCode)).status;
    }
    expect(status).toBe(200);
    // Both participants are bob's now: the one alice acknowledged and the one bob just made.
    const participants = await records('participants', w.id);
    expect(participants.map((p) => p.id)).toContain(joined.participantId);
    expect(participants).toHaveLength(2);
  });

  test("the organiser's list spans every node's workshops", async () => {
    const alice = await start('alice');
    const bob = await start('bob');
    const a = await create(alice, 'Country examples');
    const b = await create(bob, 'The Peacebuilding Commission');
    const res = await fetch(`${alice.url}/api/workshops`, {
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    expect(res.status).toBe(200);
    const list = (await res.json()) as { workshops: { id: string; questionCount: number }[] };
    expect(list.workshops.map((x) => x.id).sort()).toStrictEqual([a.id, b.id].sort());
    expect(list.workshops.every((x) => x.questionCount === DEFAULT_WORKSHOP.questions.length)).toBe(
      true,
    );
  });

  test("a timer with auto-advance survives its owner's kill -9 and advances exactly once", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'convene-alice-'));
    const alice = await startChildServer({
      dataDir: dir,
      env: { DATABASE_URL: db.url, NODE_ID: 'alice', LEASE_SECONDS: '3' },
    });
    try {
      const res = await fetch(`${alice.url}/api/workshops`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(DEFAULT_WORKSHOP),
      });
      expect(res.status).toBe(201);
      const w = (await res.json()) as Created;
      const facilitator = await connectSocket(alice.url, w.facilitatorToken);
      const question = w.questions[0]?.id ?? '';
      expect(
        await emitAck(facilitator, 'phase:set', { questionId: question, phase: 'submit' }),
      ).toMatchObject({ ok: true });
      // Ends well after alice's lease (3 s) has run out unrenewed.
      expect(
        await emitAck(facilitator, 'timer:start', { durationSeconds: 5, autoAdvance: true }),
      ).toMatchObject({ ok: true });
      facilitator.disconnect();
      await alice.kill9();
      // bob has never seen the workshop: only its sweep for timers nobody holds can find it.
      const bob = await start('bob', 3000);
      const phaseOf = async () =>
        (await records('questions', w.id)).find((q) => q.id === question)?.phase;
      const started = Date.now();
      while ((await phaseOf()) === 'submit' && Date.now() - started < 15_000) {
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(await phaseOf()).toBe('cluster');
      expect(bob.record.cluster.ownership.owners()).toContain(w.id);
      expect(bob.logs.filter((l) => l.event === 'orphaned_timer_taken')).toHaveLength(1);
      // Advanced once: a second firing would have moved it on again (or left a second entry).
      await new Promise((r) => setTimeout(r, 1500));
      expect(await phaseOf()).toBe('cluster');
    } finally {
      await alice.kill9();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
