import {
  type ConsolidationReply,
  type CreatedWorkshopWithSeries,
  consolidationPrompt,
  type IdeaOrigin,
  type NameCheckReply,
  readIdeas,
  readQuestions,
  readRounds,
} from '@convene/shared';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { buildBriefSnapshot } from '../../server/src/export/briefSnapshot.ts';
import { fixtureArchive, loadFixture } from '../helpers/fixtureBoard.ts';
import { seriesFromFixture } from '../helpers/seriesFixture.ts';
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
 * Issue 15, item 2: the consolidation session. `POST /api/series/:id/consolidation` makes a
 * workshop of the series carrying forward the best-supported ideas of each held workshop (or
 * the organiser's picks), each with its origin; the origins reach every screen through the doc
 * and are kept through edit, merge (union), vote, the JSON and CSV exports and an import.
 */

const ADMIN = 'consolidation-admin-token-0123456789abcdef';
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ adminToken: ADMIN });
});
afterEach(() => {
  closeClients();
  expect(server.errors()).toStrictEqual([]);
});
afterAll(async () => {
  closeClients();
  await server?.close();
});

const fixture = loadFixture();
type Created = CreatedWorkshopWithSeries & { carried: number };

const call = (method: string, url: string, token: string | null, body?: unknown) =>
  fetch(`${server.url}${url}`, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
const errorCode = async (res: Response) =>
  ((await res.json()) as { error: { code: string } }).error.code;
const ok = (r: AckReply) => {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r;
};

let seriesCount = 0;
const newSeries = (count: number) =>
  seriesFromFixture(server.url, {
    count,
    name: `Consolidation series ${++seriesCount}`,
    adminToken: ADMIN,
  });

describe('creating a consolidation session', () => {
  test('top N of each question of each held workshop, with origins, visible from the start on every screen', async () => {
    const s = await newSeries(3);
    const state = (await (
      await call('GET', `/api/series/${s.id}/consolidation`, s.token)
    ).json()) as ConsolidationReply;
    // No plan: every workshop with closed questions is a source, numbered in the series.
    expect(state.basis).toBe('workshops');
    expect(state.sources.map((x) => x.origin.number)).toEqual([1, 2, 3]);
    expect(state.sources[0]?.questions).toHaveLength(3);
    const best = state.sources[0]?.questions[0]?.ideas[0];
    // The ranking is the vote's: the fixture's most-dotted idea of that question comes first.
    const q0 = fixture.workshops[0]?.questions[0];
    const top = Math.max(...(q0?.ideas.map((i) => i.votes) ?? []));
    expect(best?.votes).toBe(top);
    expect(state.sessions).toEqual([]);

    const res = await call('POST', `/api/series/${s.id}/consolidation`, s.token, {
      perQuestion: 2,
      date: '2017-12-01',
    });
    expect(res.status).toBe(201);
    const made = (await res.json()) as Created;
    expect(made.carried).toBe(3 * 3 * 2);
    expect(made.series?.id).toBe(s.id);
    expect(made.questions.map((q) => q.prompt)).toEqual(
      fixture.workshops.slice(0, 3).map((w) => consolidationPrompt('en', w.title)),
    );
    const row = server.store.db
      .prepare('SELECT consolidation, series_id AS seriesId FROM workshops WHERE id = ?')
      .get(made.id) as { consolidation: number; seriesId: string };
    expect(row).toEqual({ consolidation: 1, seriesId: s.id });
    // Carried ideas have no author and count as no one's submission.
    const rows = server.store.ideas(made.id);
    expect(rows).toHaveLength(18);
    expect(rows.every((r) => r.participantId === null && r.status === 'visible')).toBe(true);
    const expectedTexts = state.sources.flatMap((src) =>
      src.questions.flatMap((q) => q.ideas.slice(0, 2).map((i) => i.text)),
    );
    expect(rows.map((r) => r.text).sort()).toEqual([...expectedTexts].sort());
    const originOf = (text: string) => rows.find((r) => r.text === text)?.origins;
    expect(originOf(state.sources[1]?.questions[2]?.ideas[0]?.text ?? '')).toEqual([
      { workshopId: s.workshops[1]?.id, number: 2, topic: fixture.workshops[1]?.title },
    ]);

    // The participant's replica (read-only, projected on first load) shows them with origins.
    const joined = await server.join(made.joinCode, 'Alice');
    const alice = await connectDoc(server.url, made.id, joined.participantToken);
    const seen = readIdeas(alice.doc);
    expect(seen).toHaveLength(18);
    for (const idea of seen) {
      expect(idea.origins).toHaveLength(1);
      expect(idea.origins[0]?.topic).toBe(
        fixture.workshops[(idea.origins[0]?.number ?? 0) - 1]?.title,
      );
    }
    const questions = readQuestions(alice.doc);
    expect(questions.every((q) => q.submitters === 0 && q.hiddenCount === 0)).toBe(true);
    // No participant is counted for the carried ideas; Alice is the only one.
    expect(server.store.participantCount(made.id)).toBe(1);

    // Hidden mode: the carried ideas stay on the board; a new idea waits for reveal.
    const fac = await connectSocket(server.url, made.facilitatorToken);
    const qid = made.questions[0]?.id ?? '';
    ok(await emitAck(fac, 'question:mode', { questionId: qid, mode: 'hidden' }));
    ok(await emitAck(fac, 'phase:set', { questionId: qid, phase: 'submit' }));
    const aliceSocket = await connectSocket(server.url, joined.participantToken);
    ok(
      await emitAck(aliceSocket, 'idea:submit', {
        questionId: qid,
        text: 'A standing group of the three hosts reviews follow-up each quarter.',
      }),
    );
    await waitFor(() => readQuestions(alice.doc).find((q) => q.id === qid)?.hiddenCount === 1, {
      docs: [alice.doc],
      what: 'the hidden idea counted',
    });
    expect(readIdeas(alice.doc)).toHaveLength(18);
    expect(JSON.stringify(Y.encodeStateAsUpdate(alice.doc))).not.toContain('standing group');

    // The series page's panel lists the session.
    const after = (await (
      await call('GET', `/api/series/${s.id}/consolidation`, s.token)
    ).json()) as ConsolidationReply;
    expect(after.sessions.map((x) => x.id)).toEqual([made.id]);
    // A consolidation session is never a source of another one.
    expect(after.sources.map((x) => x.workshopId)).not.toContain(made.id);
  });

  test('picks: exactly the chosen ideas, grouped by workshop; anything else refused', async () => {
    const s = await newSeries(2);
    const other = await newSeries(1);
    const state = (await (
      await call('GET', `/api/series/${s.id}/consolidation`, s.token)
    ).json()) as ConsolidationReply;
    const pick = (w: number, q: number, k: number) =>
      state.sources[w]?.questions[q]?.ideas[k]?.id ?? '';
    const picks = [pick(1, 0, 4), pick(0, 2, 0), pick(0, 1, 3)];
    const res = await call('POST', `/api/series/${s.id}/consolidation`, s.token, {
      picks,
      title: 'Consolidation of the first two workshops',
    });
    expect(res.status).toBe(201);
    const made = (await res.json()) as Created;
    expect(made.carried).toBe(3);
    // One question per workshop picked from, in the series' order.
    expect(made.questions).toHaveLength(2);
    const rows = server.store.ideas(made.id);
    const byQuestion = (k: number) =>
      rows.filter((r) => r.questionId === made.questions[k]?.id).map((r) => r.origins?.[0]?.number);
    expect(byQuestion(0)).toEqual([1, 1]);
    expect(byQuestion(1)).toEqual([2]);

    // An idea of another series, an unknown id, a hidden idea: refused, nothing created.
    const before = server.store.db.prepare('SELECT COUNT(*) AS n FROM workshops').get() as {
      n: number;
    };
    const foreign = server.store.ideas(other.workshops[0]?.id ?? '')[0]?.id ?? '';
    for (const bad of [[foreign], ['no-such-idea-000']]) {
      const r = await call('POST', `/api/series/${s.id}/consolidation`, s.token, { picks: bad });
      expect(r.status).toBe(400);
      expect(await errorCode(r)).toBe('unknown_idea');
    }
    const hiddenId = pick(0, 0, 1);
    server.store.db.prepare("UPDATE ideas SET status = 'hidden' WHERE id = ?").run(hiddenId);
    const hidden = await call('POST', `/api/series/${s.id}/consolidation`, s.token, {
      picks: [hiddenId],
    });
    expect(hidden.status).toBe(400);
    expect(await errorCode(hidden)).toBe('unknown_idea');
    // Malformed bodies.
    for (const body of [
      { perQuestion: 0 },
      { perQuestion: 11 },
      { picks: [] },
      { perQuestion: 2, picks: [pick(0, 0, 0)] },
      { topN: 3 },
      { title: '' },
    ]) {
      const r = await call('POST', `/api/series/${s.id}/consolidation`, s.token, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(await errorCode(r)).toBe('invalid_payload');
    }
    const after = server.store.db.prepare('SELECT COUNT(*) AS n FROM workshops').get() as {
      n: number;
    };
    expect(after.n).toBe(before.n);
  });

  test('with a plan, the topics marked held are the sources, numbered as the plan numbers them', async () => {
    const s = await newSeries(3);
    const [w1, w2, w3] = s.workshops.map((w) => w.id) as [string, string, string];
    // The plan helper's rows, written here directly: held (w2, no number of its own), dropped,
    // planned (with w1, not held yet), held (w3, numbered 3 by its workshop).
    server.store.db.prepare('UPDATE workshops SET series_number = NULL WHERE id = ?').run(w2);
    const topic = server.store.db.prepare(`INSERT INTO series_topics
      (id, series_id, position, title, status, workshop_id, created_at)
      VALUES (?, ?, ?, ?, ?, ?, '2026-12-06T00:00:00Z')`);
    topic.run('t-a', s.id, 1, 'Financing, as planned', 'held', w2);
    topic.run('t-b', s.id, 2, 'A topic dropped', 'dropped', null);
    topic.run('t-c', s.id, 3, 'Mandates, as planned', 'planned', w1);
    topic.run('t-d', s.id, 4, 'Inclusivity, as planned', 'held', w3);
    const state = (await (
      await call('GET', `/api/series/${s.id}/consolidation`, s.token)
    ).json()) as ConsolidationReply;
    expect(state.basis).toBe('plan');
    expect(state.sources.map((x) => x.origin)).toEqual([
      { workshopId: w2, number: 1, topic: 'Financing, as planned' },
      { workshopId: w3, number: 3, topic: 'Inclusivity, as planned' },
    ]);
    const made = (await (
      await call('POST', `/api/series/${s.id}/consolidation`, s.token, { perQuestion: 1 })
    ).json()) as Created;
    expect(made.questions.map((q) => q.prompt)).toEqual([
      consolidationPrompt('en', 'Financing, as planned'),
      consolidationPrompt('en', 'Inclusivity, as planned'),
    ]);
    expect(made.carried).toBe(6);
    // With every topic planned (none held), there is nothing to carry.
    server.store.db
      .prepare("UPDATE series_topics SET status = 'planned' WHERE series_id = ?")
      .run(s.id);
    const none = await call('POST', `/api/series/${s.id}/consolidation`, s.token, {});
    expect(none.status).toBe(409);
    expect(await errorCode(none)).toBe('nothing_to_carry');
  });

  test('a series with nothing held has nothing to carry', async () => {
    const made = await call('POST', '/api/series', ADMIN, { name: 'Nothing held yet' });
    const series = (await made.json()) as { id: string; token: string };
    const open = await call('POST', '/api/workshops', ADMIN, {
      title: 'Not started',
      questions: [{ prompt: 'What first?' }],
      series: 'Nothing held yet',
      seriesToken: series.token,
    });
    expect(open.status).toBe(201);
    const res = await call('POST', `/api/series/${series.id}/consolidation`, series.token, {});
    expect(res.status).toBe(409);
    expect(await errorCode(res)).toBe('nothing_to_carry');
  });

  test('only the series token or the ADMIN_TOKEN opens it', async () => {
    const s = await newSeries(1);
    const other = await newSeries(1);
    const url = `/api/series/${s.id}/consolidation`;
    expect((await call('GET', url, null)).status).toBe(401);
    expect((await call('POST', url, null, {})).status).toBe(401);
    // A workshop's facilitator link is not a series link.
    expect((await call('GET', url, s.workshops[0]?.facilitatorToken ?? '')).status).toBe(401);
    expect((await call('GET', url, other.token)).status).toBe(403);
    expect((await call('POST', url, other.token, {})).status).toBe(403);
    expect((await call('GET', url, ADMIN)).status).toBe(200);
    expect((await call('POST', url, ADMIN, { perQuestion: 1 })).status).toBe(201);
  });
});

describe('Chatham House across workshops', () => {
  test('a name written in a source workshop is found by the consolidation session’s name check', async () => {
    const s = await newSeries(2);
    const source = s.workshops[0];
    if (!source) throw new Error('workshop expected');
    // Someone of workshop 1 joined with a name, and an idea there quotes them.
    await server.join(source.joinCode, 'Halvard Lindqvist');
    const fac = await connectSocket(server.url, source.facilitatorToken);
    const idea = server.store.ideas(source.id)[0];
    if (!idea) throw new Error('idea expected');
    const quoting = 'Halvard Lindqvist would have benchmarks agreed with the host.';
    ok(await emitAck(fac, 'idea:edit', { ideaId: idea.id, text: quoting }));
    const other = server.store.ideas(s.workshops[1]?.id ?? '')[0]?.id ?? '';
    const made = (await (
      await call('POST', `/api/series/${s.id}/consolidation`, s.token, {
        picks: [idea.id, other],
      })
    ).json()) as Created;
    expect(server.store.ideas(made.id).map((i) => i.text)).toContain(quoting);
    const check = (await (
      await call('GET', `/api/workshops/${made.id}/name-check`, made.rapporteurToken)
    ).json()) as NameCheckReply;
    expect(check.total).toBeGreaterThan(0);
    expect(JSON.stringify(check.findings)).toContain('Halvard Lindqvist');
    const md = await call(
      'GET',
      `/api/workshops/${made.id}/export?format=md`,
      made.rapporteurToken,
    );
    expect(md.status).toBe(409);
    expect(await errorCode(md)).toBe('names_found');
    // Positive control: the source workshop's own check finds the same name in its room.
    const own = (await (
      await call('GET', `/api/workshops/${source.id}/name-check`, source.rapporteurToken)
    ).json()) as NameCheckReply;
    expect(JSON.stringify(own.findings)).toContain('Halvard Lindqvist');
  });

  test('an imported archive’s origins never reach another workshop’s names', async () => {
    const s = await newSeries(1);
    const source = s.workshops[0];
    if (!source) throw new Error('workshop expected');
    await server.join(source.joinCode, 'Ingrid Solberg');
    const archive = fixtureArchive(1);
    archive.workshop.series = null;
    const q = archive.questions[0];
    const first = q?.ideas[0];
    if (!first) throw new Error('idea expected');
    Object.assign(first, {
      text: 'Ingrid Solberg would pool the funds.',
      origins: [{ workshopId: source.id, number: 1, topic: 'Mandates' }],
    });
    const res = await call('POST', '/api/workshops/import', ADMIN, archive);
    expect(res.status).toBe(201);
    const w = (await res.json()) as CreatedWorkshopWithSeries;
    const check = (await (
      await call('GET', `/api/workshops/${w.id}/name-check`, w.rapporteurToken)
    ).json()) as NameCheckReply;
    expect(JSON.stringify(check)).not.toContain('Ingrid');
  });
});

describe('origins through the session', () => {
  test('kept through edit, merge (union), vote, JSON and CSV export, import; in the brief snapshot', async () => {
    const s = await newSeries(2);
    const made = (await (
      await call('POST', `/api/series/${s.id}/consolidation`, s.token, { perQuestion: 1 })
    ).json()) as Created;
    const qid = made.questions[0]?.id ?? '';
    const fac = await connectSocket(server.url, made.facilitatorToken);
    const facDoc = await connectDoc(server.url, made.id, made.facilitatorToken);
    const origin1: IdeaOrigin = {
      workshopId: s.workshops[0]?.id ?? '',
      number: 1,
      topic: fixture.workshops[0]?.title ?? '',
    };
    const carried = readIdeas(facDoc.doc).filter((i) => i.questionId === qid);
    expect(carried).toHaveLength(3);
    const [a, b, c] = carried.map((i) => i.id) as [string, string, string];

    // Edit: the facilitator refines the text; the origin stays.
    ok(await emitAck(fac, 'idea:edit', { ideaId: a, text: 'Refined: pool the hosts’ analysis' }));
    await waitFor(
      () =>
        readIdeas(facDoc.doc)
          .find((i) => i.id === a)
          ?.text.startsWith('Refined') === true,
      { docs: [facDoc.doc], what: 'the edit' },
    );
    expect(readIdeas(facDoc.doc).find((i) => i.id === a)?.origins).toEqual([origin1]);
    expect(server.store.idea(made.id, a)?.origins).toEqual([origin1]);

    // A participant adds an idea, then the facilitator merges a carried idea into it: the
    // survivor now comes from workshop 1 too. A participant cannot edit a carried idea.
    const joined = await server.join(made.joinCode);
    const alice = await connectSocket(server.url, joined.participantToken);
    const bobJoin = await server.join(made.joinCode);
    const bob = await connectSocket(server.url, bobJoin.participantToken);
    ok(await emitAck(fac, 'phase:set', { questionId: qid, phase: 'submit' }));
    const notHers = await emitAck(alice, 'idea:edit', { ideaId: b, text: 'Mine now' });
    expect(notHers.error?.code).toBe('not_your_idea');
    // Origins are the server's to give: a command carrying them is refused, nothing stored.
    const before = server.store.ideas(made.id).length;
    for (const [name, payload] of [
      ['idea:submit', { questionId: qid, text: 'Forged', origins: [origin1] }],
      ['idea:edit', { ideaId: b, text: 'Forged', origins: [origin1] }],
    ] as const) {
      const forged = await emitAck(name === 'idea:submit' ? alice : fac, name, payload);
      expect(forged.error?.code).toBe('invalid_payload');
    }
    expect(server.store.ideas(made.id)).toHaveLength(before);
    const fresh = String(
      ok(
        await emitAck(alice, 'idea:submit', {
          questionId: qid,
          text: 'Hosts share one annual analysis of mandate renewals.',
        }),
      ).ideaId,
    );
    ok(await emitAck(fac, 'phase:set', { questionId: qid, phase: 'cluster' }));
    ok(await emitAck(fac, 'idea:merge', { ideaId: b, intoId: fresh }));
    await waitFor(() => readIdeas(facDoc.doc).find((i) => i.id === fresh)?.origins.length === 1, {
      docs: [facDoc.doc],
      what: 'the merged origin',
    });
    expect(readIdeas(facDoc.doc).some((i) => i.id === b)).toBe(false);
    expect(server.store.idea(made.id, fresh)?.origins).toEqual([origin1]);
    // A merge of two ideas from the same workshop lists it once.
    ok(await emitAck(fac, 'idea:merge', { ideaId: c, intoId: a }));
    await waitFor(() => !readIdeas(facDoc.doc).some((i) => i.id === c), { docs: [facDoc.doc] });
    expect(server.store.idea(made.id, a)?.origins).toEqual([origin1]);

    // Vote: the carried idea is on the ballot like any other; results name no origin change.
    ok(await emitAck(fac, 'phase:set', { questionId: qid, phase: 'vote' }));
    ok(await emitAck(alice, 'vote:cast', { ideaId: a }));
    ok(await emitAck(bob, 'vote:cast', { ideaId: a }));
    ok(await emitAck(bob, 'vote:cast', { ideaId: fresh }));
    ok(await emitAck(fac, 'phase:set', { questionId: qid, phase: 'results' }));
    await waitFor(
      () => readRounds(facDoc.doc).some((r) => r.questionId === qid && r.status === 'closed'),
      { docs: [facDoc.doc], what: 'the closed round' },
    );
    const round = readRounds(facDoc.doc).find((r) => r.questionId === qid);
    expect(round?.results?.ideas[0]).toMatchObject({ ideaId: a, votes: 2 });
    expect(readIdeas(facDoc.doc).find((i) => i.id === a)?.origins).toEqual([origin1]);

    // The brief snapshot carries origins for the paper.
    const snapshot = buildBriefSnapshot(server.store, made.id, new Y.Doc());
    const snapIdeas = snapshot.questions.flatMap((q) => q.ideas);
    expect(snapIdeas.find((i) => i.id === a)?.origins).toEqual([origin1]);
    expect(snapIdeas.find((i) => i.id === fresh)?.origins).toEqual([origin1]);

    // The brief's recommendations say which workshop each came from (for the paper too).
    const md = await call(
      'GET',
      `/api/workshops/${made.id}/export?format=md`,
      made.rapporteurToken,
    );
    expect(md.status).toBe(200);
    expect(await md.text()).toContain('*From workshop 1.*');

    // JSON export: origins per idea; CSV: an Origin column.
    const json = (await (
      await call('GET', `/api/workshops/${made.id}/export?format=json`, made.rapporteurToken)
    ).json()) as {
      questions: { ideas: { id: string; text: string; origins?: IdeaOrigin[] }[] }[];
    };
    const archived = json.questions.flatMap((q) => q.ideas);
    expect(archived.find((i) => i.id === a)?.origins).toEqual([origin1]);
    expect(archived.find((i) => i.id === fresh)?.origins).toEqual([origin1]);
    const csv = await (
      await call('GET', `/api/workshops/${made.id}/export?format=csv`, made.rapporteurToken)
    ).text();
    const [header, ...lines] = csv
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(header?.split(',').at(-1)).toBe('Origin');
    const refined = lines.find((l) => l.includes('Refined: pool'));
    expect(refined).toContain(`Workshop 1 · ${origin1.topic}`);
    // The CSV of an ordinary workshop keeps its columns (positive control).
    const plainCsv = await (
      await call(
        'GET',
        `/api/workshops/${s.workshops[0]?.id}/export?format=csv`,
        s.workshops[0]?.rapporteurToken ?? '',
      )
    ).text();
    expect(plainCsv.split('\r\n')[0]).not.toContain('Origin');

    // Import of the archive: the origins come back, in the store and on the board.
    const imported = await call('POST', '/api/workshops/import', ADMIN, json);
    expect(imported.status).toBe(201);
    const copy = (await imported.json()) as CreatedWorkshopWithSeries;
    const copied = server.store.ideas(copy.id).find((i) => i.text.startsWith('Refined: pool'));
    expect(copied?.origins).toEqual([origin1]);
    const copyDoc = await connectDoc(server.url, copy.id, copy.facilitatorToken);
    expect(readIdeas(copyDoc.doc).find((i) => i.id === copied?.id)?.origins).toEqual([origin1]);
  });

  test('an archive whose ideas come from two workshops: a merge unites both origins; bad origins are refused', async () => {
    const archive = fixtureArchive(0);
    archive.workshop.series = null;
    const q = archive.questions[0];
    if (!q) throw new Error('question expected');
    const [first, second] = q.ideas as [(typeof q.ideas)[number], (typeof q.ideas)[number]];
    const o2 = { number: 2, topic: 'Financing Efforts to Sustain Peace' };
    const o4 = { number: 4, topic: 'Strategic and Structural Prevention' };
    Object.assign(first, { origins: [o4] });
    Object.assign(second, { origins: [o2] });
    for (const bad of [
      [{ number: 0, topic: 'x' }],
      [{ number: 2, topic: 'x', participant: 'Alice' }],
      [{ number: 2 }],
      'Workshop 2',
    ]) {
      const broken = structuredClone(archive);
      Object.assign(broken.questions[0]?.ideas[0] ?? {}, { origins: bad });
      const res = await call('POST', '/api/workshops/import', ADMIN, broken);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(await errorCode(res)).toBe('invalid_payload');
    }
    const res = await call('POST', '/api/workshops/import', ADMIN, archive);
    expect(res.status).toBe(201);
    const w = (await res.json()) as CreatedWorkshopWithSeries;
    const find = (text: string) => server.store.ideas(w.id).find((i) => i.text === text);
    const keep = find(first.text);
    const gone = find(second.text);
    expect(keep?.origins).toEqual([o4]);
    const fac = await connectSocket(server.url, w.facilitatorToken);
    const doc = await connectDoc(server.url, w.id, w.facilitatorToken);
    // The imported question is closed; merging is a facilitator's act on the board.
    ok(await emitAck(fac, 'idea:merge', { ideaId: gone?.id, intoId: keep?.id }));
    await waitFor(() => readIdeas(doc.doc).find((i) => i.id === keep?.id)?.origins.length === 2, {
      docs: [doc.doc],
      what: 'the union of origins',
    });
    // Ordered by workshop number.
    expect(readIdeas(doc.doc).find((i) => i.id === keep?.id)?.origins).toEqual([o2, o4]);
    expect(server.store.idea(w.id, keep?.id ?? '')?.origins).toEqual([o2, o4]);
  });
});
