import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CreatedWorkshop, Joined } from '@convene/shared';
import { readIdeas, readNotes, readQuestions, readTimer } from '@convene/shared';
import Database from 'better-sqlite3';
import { afterAll, afterEach, expect, test } from 'vitest';
import { type ChildServer, freePort, startChildServer } from '../helpers/childServer.ts';
import { notesOf } from '../helpers/docParts.ts';
import { docContent } from '../helpers/hardening.ts';
import { OutboxClient } from '../helpers/outboxClient.ts';
import {
  closeClients,
  connectDoc,
  connectSocket,
  emitAck,
  waitFor,
} from '../helpers/testServer.ts';

/**
 * Faults with real processes: the server is killed with SIGKILL in the middle of a burst, or
 * stopped with SIGTERM, and started again on the same data and port. Every case ends with:
 * nothing acknowledged lost, nothing applied twice, every client converged.
 */

const SOAK = process.env.SOAK === '1';
const dirs: string[] = [];
const servers: ChildServer[] = [];
const outboxes: OutboxClient[] = [];

afterEach(async () => {
  for (const o of outboxes.splice(0)) o.close();
  closeClients();
  for (const s of servers.splice(0)) await s.stop();
});
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

async function start(dataDir: string, port: number): Promise<ChildServer> {
  const s = await startChildServer({ dataDir, port });
  servers.push(s);
  return s;
}

async function fresh(): Promise<{ dataDir: string; port: number; server: ChildServer }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'convene-fault-'));
  dirs.push(dataDir);
  const port = await freePort();
  return { dataDir, port, server: await start(dataDir, port) };
}

async function post<T>(url: string, body: object): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${url} → ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** The database as the server left it (read-only, while the server may be running). */
function readDb<T>(dataDir: string, fn: (db: Database.Database) => T): T {
  const db = new Database(path.join(dataDir, 'convene.sqlite'), { readonly: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

test('kill -9 in the middle of a burst of ideas and votes: acknowledged work there, retries applied once', async () => {
  const { dataDir, port, server } = await fresh();
  const url = server.url;
  const PEOPLE = SOAK ? 30 : 10;
  const IDEAS = 6;
  const VOTES = 3;
  const w = await post<CreatedWorkshop>(`${url}/api/workshops`, {
    title: 'Burst',
    questions: [{ prompt: 'Vote here' }, { prompt: 'Write here' }],
    voteBudget: VOTES,
    maxVotesPerIdea: VOTES, // several dots on one idea, so a vote applied twice would show
  });
  const [qVote, qIdeas] = w.questions.map((q) => q.id) as [string, string];
  const fac = await connectSocket(url, w.facilitatorToken);
  await emitAck(fac, 'phase:set', { questionId: qVote, phase: 'submit' });
  const target = String(
    (await emitAck(fac, 'idea:submit', { questionId: qVote, text: 'the idea to vote for' })).ideaId,
  );
  for (const phase of ['cluster', 'vote']) {
    expect((await emitAck(fac, 'phase:set', { questionId: qVote, phase })).ok).toBe(true);
  }
  expect((await emitAck(fac, 'phase:set', { questionId: qIdeas, phase: 'submit' })).ok).toBe(true);
  fac.disconnect();

  const people = await Promise.all(
    Array.from({ length: PEOPLE }, (_, i) =>
      post<Joined>(`${url}/api/join`, { joinCode: w.joinCode, name: `Person Number${i}` }),
    ),
  );
  const docs = await Promise.all(people.map((p) => connectDoc(url, w.id, p.participantToken)));
  // Half behave like the real client (ask idea:mine first), half resend blindly.
  const clients = people.map(
    (p, i) =>
      new OutboxClient(url, p.participantToken, `p${i}`, {
        refreshFirst: i % 2 === 0,
        ackTimeoutMs: 3000,
      }),
  );
  outboxes.push(...clients);
  await waitFor(() => clients.every((c) => c.socket.connected), { what: 'clients connected' });

  // The burst: each client's outbox interleaves ideas and votes, sent one after another.
  for (const [i, c] of clients.entries()) {
    for (let k = 0; k < IDEAS + VOTES; k++) {
      if (k % 3 === 2) c.enqueue('vote:cast', { ideaId: target });
      else c.enqueue('idea:submit', { questionId: qIdeas, text: `idea ${k} of person ${i}` });
    }
  }
  const total = PEOPLE * (IDEAS + VOTES);
  const saved = () => clients.flatMap((c) => c.entries).filter((e) => e.status === 'saved');
  await waitFor(() => saved().length >= total * 0.4, { what: 'part of the burst acknowledged' });

  await server.kill9();
  // What the clients were told before the crash: all of it must be there after.
  const ackedBefore = saved().map((e) => ({ commandId: e.commandId, reply: e.reply }));
  const inFlight = clients.flatMap((c) => c.entries).filter((e) => e.status === 'sending').length;
  expect(ackedBefore.length).toBeLessThan(total);
  const second = await start(dataDir, port);
  expect(second.url).toBe(url);

  await waitFor(() => saved().length === total, {
    timeoutMs: 30_000,
    what: `all ${total} commands acknowledged after the restart`,
  });
  const entries = clients.flatMap((c) => c.entries);
  expect(entries.filter((e) => e.status === 'failed')).toStrictEqual([]);
  // Each unacknowledged command was sent again exactly once (one crash, one retry).
  for (const e of entries) expect(e.sends).toBeLessThanOrEqual(2);
  expect(entries.filter((e) => e.sends === 2).length).toBeGreaterThanOrEqual(Math.min(1, inFlight));

  const stored = readDb(dataDir, (db) => ({
    ideas: db
      .prepare('SELECT id, command_id AS commandId FROM ideas WHERE question_id = ?')
      .all(qIdeas) as { id: string; commandId: string }[],
    votes: db
      .prepare(
        `SELECT participant_id AS pid, idea_id AS ideaId, count FROM votes
         JOIN rounds ON rounds.id = votes.round_id WHERE rounds.question_id = ?`,
      )
      .all(qVote) as { pid: string; ideaId: string; count: number }[],
  }));
  // Nothing applied twice: one idea per submit command, each person's dots exactly as cast.
  expect(stored.ideas).toHaveLength(PEOPLE * IDEAS);
  const byCommand = new Map(stored.ideas.map((i) => [i.commandId, i.id]));
  expect(byCommand.size).toBe(PEOPLE * IDEAS);
  for (const e of entries.filter((x) => x.name === 'idea:submit')) {
    expect(byCommand.get(e.commandId), e.commandId).toBe(e.reply?.ideaId);
  }
  expect(stored.votes).toHaveLength(PEOPLE);
  for (const v of stored.votes) expect(v).toMatchObject({ ideaId: target, count: VOTES });
  // Nothing acknowledged lost.
  for (const a of ackedBefore) {
    if (a.reply?.ideaId) expect([...byCommand.values()]).toContain(a.reply.ideaId);
  }

  // Every replica converged, by itself, on the restarted server's doc.
  const reference = await connectDoc(url, w.id, w.projectorToken);
  expect(readIdeas(reference.doc)).toHaveLength(PEOPLE * IDEAS + 1);
  await waitFor(() => docs.every((d) => docContent(d.doc) === docContent(reference.doc)), {
    timeoutMs: 20_000,
    what: 'every participant replica equal to the server doc',
  });
  // The child's logs hold no names and no idea text.
  const out = second.output() + server.output();
  expect(out).not.toContain('Person Number');
  expect(out).not.toContain('idea 0 of person');
});

test('a running timer survives kill -9 with its end time; a paused one with its remaining time', async () => {
  const { dataDir, port, server } = await fresh();
  const url = server.url;
  const [running, paused, auto] = await Promise.all(
    ['running', 'paused', 'auto'].map((title) =>
      post<CreatedWorkshop>(`${url}/api/workshops`, { title, questions: [{ prompt: 'q' }] }),
    ),
  );
  if (!running || !paused || !auto) throw new Error('workshops expected');
  const s1 = await connectSocket(url, running.facilitatorToken);
  const started = await emitAck(s1, 'timer:start', { durationSeconds: 600 });
  const s2 = await connectSocket(url, paused.facilitatorToken);
  await emitAck(s2, 'timer:start', { durationSeconds: 300 });
  const pausedAck = await emitAck(s2, 'timer:pause', {});
  // An auto-advancing timer that runs out while the server is down fires when it is back.
  const s3 = await connectSocket(url, auto.facilitatorToken);
  const q = auto.questions[0]?.id ?? '';
  await emitAck(s3, 'phase:set', { questionId: q, phase: 'submit' });
  await emitAck(s3, 'timer:start', { durationSeconds: 1, autoAdvance: true });
  const autoDoc = await connectDoc(url, auto.id, auto.projectorToken);

  await server.kill9();
  await start(dataDir, port);

  const r = await connectDoc(url, running.id, running.projectorToken);
  const t = readTimer(r.doc);
  expect(t).toMatchObject({ status: 'running', endsAt: started.endsAt, durationMs: 600_000 });
  expect((t.endsAt ?? 0) - Date.now()).toBeGreaterThan(500_000);
  const p = await connectDoc(url, paused.id, paused.projectorToken);
  expect(readTimer(p.doc)).toMatchObject({ status: 'paused', remainingMs: pausedAck.remainingMs });
  // The provider reconnected by itself and saw the phase advance, once.
  await waitFor(
    () =>
      readQuestions(autoDoc.doc)[0]?.phase === 'cluster' &&
      readTimer(autoDoc.doc).status === 'idle',
    { docs: [autoDoc.doc], timeoutMs: 15_000, what: 'the auto-advance after the restart' },
  );
});

test('SIGTERM writes everything back and exits cleanly; nothing is lost on the next start', async () => {
  const { dataDir, port, server } = await fresh();
  const url = server.url;
  const w = await post<CreatedWorkshop>(`${url}/api/workshops`, {
    title: 'Graceful',
    questions: [{ prompt: 'q' }],
  });
  const q = w.questions[0]?.id ?? '';
  const fac = await connectSocket(url, w.facilitatorToken);
  await emitAck(fac, 'phase:set', { questionId: q, phase: 'submit' });
  const p = await post<Joined>(`${url}/api/join`, { joinCode: w.joinCode });
  const ps = await connectSocket(url, p.participantToken);
  const ideaIds: string[] = [];
  for (let i = 0; i < 20; i++) {
    ideaIds.push(
      String((await emitAck(ps, 'idea:submit', { questionId: q, text: `idea ${i}` })).ideaId),
    );
  }
  // A rapporteur types notes; a participant watches until every keystroke has been relayed.
  const rap = await connectDoc(url, w.id, w.rapporteurToken);
  const watcher = await connectDoc(url, w.id, p.participantToken);
  const notes = notesOf(rap.doc, q);
  for (let i = 0; i < 50; i++) notes.insert(i, 'x');
  await waitFor(() => readNotes(watcher.doc, q).length === 50, {
    docs: [watcher.doc],
  });
  const expected = docContent(watcher.doc);

  const t0 = Date.now();
  await server.stop();
  expect(server.child.exitCode).toBe(0);
  expect(Date.now() - t0).toBeLessThan(5000);
  // Everything was written back: the log is checkpointed away, the doc is one snapshot.
  const wal = path.join(dataDir, 'convene.sqlite-wal');
  expect(fs.existsSync(wal) ? fs.statSync(wal).size : 0).toBe(0);
  const state = readDb(dataDir, (db) => ({
    tail: (db.prepare('SELECT COUNT(*) AS n FROM yjs_updates').get() as { n: number }).n,
    snapshots: (db.prepare('SELECT COUNT(*) AS n FROM yjs_snapshots').get() as { n: number }).n,
    ideas: (db.prepare('SELECT id FROM ideas ORDER BY seq').all() as { id: string }[]).map(
      (r) => r.id,
    ),
  }));
  expect(state).toStrictEqual({ tail: 0, snapshots: 1, ideas: ideaIds });

  await start(dataDir, port);
  // The watcher reconnected by itself; a fresh replica holds exactly what was there.
  const after = await connectDoc(url, w.id, w.projectorToken);
  expect(docContent(after.doc)).toBe(expected);
  await waitFor(() => watcher.provider.wsconnected && watcher.provider.synced, {
    timeoutMs: 10_000,
    what: 'the watcher back online',
  });
  expect(docContent(watcher.doc)).toBe(expected);
});
