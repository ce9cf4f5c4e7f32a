import {
  createCluster,
  ERROR_CODES,
  isWellFormedJoinCode,
  readClusters,
  readIdeas,
} from '@convene/shared';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import {
  closeClients,
  connectDoc,
  connectSocket,
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

function post(path: string, body: string | object, headers: Record<string, string> = {}) {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** The public error envelope: a 4xx, `{error:{code,message}}` and nothing else, no stack. */
async function expectError(res: Response, status: number, code?: string): Promise<void> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  const body = JSON.parse(text) as { error: { code: string; message: string } };
  expect(Object.keys(body)).toStrictEqual(['error']);
  expect(Object.keys(body.error).sort()).toStrictEqual(['code', 'message']);
  expect(ERROR_CODES).toContain(body.error.code);
  if (code) expect(body.error.code).toBe(code);
  expect(body.error.message).toEqual(expect.any(String));
  expect(body.error.message.length).toBeGreaterThan(0);
  expect(text).not.toMatch(/\bat .+\.(ts|js):\d+/);
  expect(text).not.toContain('node_modules');
}

const VALID = { title: 'Sustaining peace', questions: [{ prompt: 'What works?' }] };

describe('health', () => {
  test('GET /healthz → 200 {ok:true}', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toStrictEqual({ ok: true });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  test('an unknown API route → 404 in the error envelope', async () => {
    await expectError(await fetch(`${server.url}/api/nope`), 404, 'not_found');
  });
});

describe('POST /api/workshops', () => {
  test('201 with ids, tokens, questions and links', async () => {
    const res = await post('/api/workshops', {
      title: 'Applying Sustaining Peace: local ownership',
      questions: [{ prompt: 'What should donors stop doing?' }, { prompt: 'First step?' }],
      series: 'Applying Sustaining Peace',
      host: 'Institute A',
      date: '2025-03-14',
      durationMinutes: 120,
    });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({
      id: expect.stringMatching(/^[A-Za-z0-9_-]+$/),
      joinCode: expect.any(String),
      facilitatorToken: expect.any(String),
      rapporteurToken: expect.any(String),
      questions: [
        { id: expect.any(String), prompt: 'What should donors stop doing?' },
        { id: expect.any(String), prompt: 'First step?' },
      ],
      links: {
        facilitator: expect.any(String),
        participant: expect.any(String),
        projector: expect.any(String),
        rapporteur: expect.any(String),
      },
    });
    expect(isWellFormedJoinCode(body.joinCode)).toBe(true);
    // Capability tokens: at least 128 bits, url-safe, one per role.
    const tokens = [body.facilitatorToken, body.rapporteurToken, body.projectorToken];
    for (const t of tokens) expect(t).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    expect(new Set(tokens).size).toBe(3);
    expect(body.questions[0].id).not.toBe(body.questions[1].id);
    // Links point at where the request came in.
    expect(body.links.participant).toBe(`${server.url}/join/${body.joinCode}`);
    expect(body.links.facilitator).toBe(
      `${server.url}/facilitator/${body.id}#token=${body.facilitatorToken}`,
    );
    expect(body.links.rapporteur).toContain(body.rapporteurToken);
    expect(body.links.projector).not.toContain(body.facilitatorToken);
  });

  test('the defaults land in the workshop: 3 dots, 1 per idea, Chatham House', async () => {
    const w = await server.createWorkshop(VALID);
    const row = server.store.workshop(w.id);
    expect(row).toMatchObject({ voteBudget: 3, maxVotesPerIdea: 1, chathamHouse: true });
  });

  test('two workshops get different ids, codes and tokens', async () => {
    const a = await server.createWorkshop();
    const b = await server.createWorkshop();
    expect(a.id).not.toBe(b.id);
    expect(a.joinCode).not.toBe(b.joinCode);
    expect(a.facilitatorToken).not.toBe(b.facilitatorToken);
  });

  const big = JSON.stringify({ ...VALID, title: 'x', pad: 'y'.repeat(300 * 1024) });
  test.each<[string, number, string, string]>([
    ['broken JSON', 400, 'invalid_json', '{"title": "x", "questions": ['],
    ['a JSON string (strict JSON: objects only)', 400, 'invalid_json', '"just a string"'],
    ['a JSON array', 400, 'invalid_payload', '[1,2,3]'],
    ['null', 400, 'invalid_json', 'null'],
    ['empty object', 400, 'invalid_payload', '{}'],
    ['missing title', 400, 'invalid_payload', JSON.stringify({ questions: [{ prompt: 'p' }] })],
    ['title a number', 400, 'invalid_payload', JSON.stringify({ ...VALID, title: 7 })],
    ['questions a string', 400, 'invalid_payload', JSON.stringify({ ...VALID, questions: 'p' })],
    ['empty questions', 400, 'invalid_payload', JSON.stringify({ ...VALID, questions: [] })],
    ['voteBudget a string', 400, 'invalid_payload', JSON.stringify({ ...VALID, voteBudget: '3' })],
    [
      'maxVotesPerIdea over budget',
      400,
      'invalid_payload',
      JSON.stringify({ ...VALID, voteBudget: 2, maxVotesPerIdea: 3 }),
    ],
    ['a bad date', 400, 'invalid_payload', JSON.stringify({ ...VALID, date: '2025-02-30' })],
    ['unknown key', 400, 'invalid_payload', JSON.stringify({ ...VALID, admin: true })],
    [
      '__proto__',
      400,
      'invalid_payload',
      '{"title":"t","questions":[{"prompt":"p"}],"__proto__":{"isAdmin":true}}',
    ],
    [
      'constructor.prototype',
      400,
      'invalid_payload',
      '{"title":"t","questions":[{"prompt":"p"}],"constructor":{"prototype":{"x":1}}}',
    ],
    ['a body over 256 KB', 413, 'payload_too_large', big],
  ])('%s → %i %s', async (_name, status, code, body) => {
    const before = server.store.listWorkshops().length;
    await expectError(await post('/api/workshops', body), status, code);
    expect(server.store.listWorkshops().length).toBe(before);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  test('a body that is not JSON is refused, not guessed at', async () => {
    const res = await fetch(`${server.url}/api/workshops`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify(VALID),
    });
    await expectError(res, 400, 'invalid_payload');
  });

  test('the server still answers after all that', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
  });
});

describe('POST /api/join', () => {
  test('200 with workshop id, participant id and token; the code is forgiving', async () => {
    const w = await server.createWorkshop();
    const sloppy = `${w.joinCode.slice(0, 3).toLowerCase()}-${w.joinCode.slice(3)}`;
    const res = await post('/api/join', { joinCode: sloppy, name: 'Alice' });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(Object.keys(body).sort()).toStrictEqual([
      'participantId',
      'participantToken',
      'workshopId',
    ]);
    expect(body.workshopId).toBe(w.id);
    expect(body.participantToken).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    const again = await server.join(w.joinCode);
    expect(again.participantId).not.toBe(body.participantId);
    expect(again.participantToken).not.toBe(body.participantToken);
  });

  test.each([
    ['unknown code', { joinCode: 'YYYYYY' }],
    ['malformed code', { joinCode: 'hello!' }],
    ['code with look-alikes', { joinCode: '000000' }],
  ])('%s → 404', async (_name, body) => {
    await expectError(await post('/api/join', body), 404, 'unknown_join_code');
  });

  test.each([
    ['missing code', {}],
    ['code a number', { joinCode: 123456 }],
    ['unknown key', { joinCode: 'YYYYYY', role: 'facilitator' }],
    ['name too long', { joinCode: 'YYYYYY', name: 'n'.repeat(81) }],
  ])('%s → 400', async (_name, body) => {
    await expectError(await post('/api/join', body), 400, 'invalid_payload');
  });

  test('broken JSON → 400 invalid_json', async () => {
    await expectError(await post('/api/join', '{"joinCode":'), 400, 'invalid_json');
  });
});

describe('ADMIN_TOKEN', () => {
  const ADMIN = 'admin-token-for-tests-0123456789';
  let guarded: TestServer;
  beforeAll(async () => {
    guarded = await startTestServer({ adminToken: ADMIN });
  });
  afterAll(async () => {
    await guarded?.close();
  });

  const create = (headers: Record<string, string>) =>
    fetch(`${guarded.url}/api/workshops`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(VALID),
    });

  test.each([
    ['no Authorization', {}],
    ['a wrong token', { authorization: 'Bearer not-the-admin-token-at-all' }],
    ['the token without Bearer', { authorization: ADMIN }],
    ['a prefix of the token', { authorization: `Bearer ${ADMIN.slice(0, -1)}` }],
  ])('%s → 401', async (_name, headers) => {
    await expectError(await create(headers), 401, 'unauthorized');
    expect(guarded.store.listWorkshops()).toHaveLength(0);
  });

  test('the right Bearer token → 201; the list needs it too', async () => {
    const res = await create({ authorization: `Bearer ${ADMIN}` });
    expect(res.status).toBe(201);
    await expectError(await fetch(`${guarded.url}/api/workshops`), 401, 'unauthorized');
    const list = await fetch(`${guarded.url}/api/workshops`, {
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    expect(list.status).toBe(200);
    expect((await list.json()).workshops).toHaveLength(1);
  });

  test('joining does not need the admin token', async () => {
    const w = await guarded.createWorkshop();
    const joined = await guarded.join(w.joinCode);
    expect(joined.workshopId).toBe(w.id);
  });
});

describe('GET /api/workshops/:id/export', () => {
  const exportOf = (id: string, token?: string, format = 'json') =>
    fetch(`${server.url}/api/workshops/${id}/export?format=${format}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });

  test('needs a facilitator or rapporteur token of that very workshop', async () => {
    const w = await server.createWorkshop();
    const other = await server.createWorkshop();
    const alice = await server.join(w.joinCode, 'Alice');

    await expectError(await exportOf(w.id), 401, 'unauthorized');
    await expectError(await exportOf(w.id, 'x'.repeat(43)), 401, 'unauthorized');
    await expectError(await exportOf(w.id, alice.participantToken), 403, 'forbidden');
    await expectError(await exportOf(w.id, w.projectorToken), 403, 'forbidden');
    await expectError(await exportOf(w.id, other.facilitatorToken), 403, 'forbidden');
    await expectError(await exportOf(w.id, other.rapporteurToken), 403, 'forbidden');
    await expectError(await exportOf('no/such', w.facilitatorToken), 404);

    for (const token of [w.facilitatorToken, w.rapporteurToken]) {
      const res = await exportOf(w.id, token);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.json"$/);
    }
  });

  test('an unknown format is refused with a clear code', async () => {
    const w = await server.createWorkshop();
    await expectError(await exportOf(w.id, w.facilitatorToken, 'pdf'), 400, 'unsupported_format');
  });

  test('lists ideas and clusters per question, and nothing about who wrote what', async () => {
    const w = await server.createWorkshop();
    const [q1, q2] = w.questions;
    if (!q1 || !q2) throw new Error('two questions expected');
    const names = ['Alice Ashdown-Quill', 'Bob Brightwater-Yew', 'Carol Cranleigh-Zest'];
    const people = await Promise.all(names.map((n) => server.join(w.joinCode, n)));

    const facilitator = await connectSocket(server.url, w.facilitatorToken);
    expect(
      await emitAck(facilitator, 'phase:set', { questionId: q1.id, phase: 'submit' }),
    ).toMatchObject({
      ok: true,
    });
    const ideaIds: string[] = [];
    for (const [i, p] of people.entries()) {
      const s = await connectSocket(server.url, p.participantToken);
      const ack = await emitAck(s, 'idea:submit', {
        questionId: q1.id,
        text: `Idea number ${i} from the room`,
        actor: 'Local authorities',
      });
      expect(ack.ok).toBe(true);
      ideaIds.push(String(ack.ideaId));
    }

    // The facilitator clusters the first two ideas, directly in the doc.
    const board = await connectDoc(server.url, w.id, w.facilitatorToken);
    await waitFor(() => readIdeas(board.doc).length === 3, { docs: [board.doc] });
    createCluster(
      board.doc,
      { id: 'cluster-funding', questionId: q1.id, label: 'Funding', position: 0 },
      ideaIds.slice(0, 2),
    );
    // Once another replica has the cluster, the server has applied it.
    const watcher = await connectDoc(server.url, w.id, w.projectorToken);
    await waitFor(() => readClusters(watcher.doc).length === 1, { docs: [watcher.doc] });

    const res = await exportOf(w.id, w.rapporteurToken);
    expect(res.status).toBe(200);
    const raw = await res.text();
    const archive = JSON.parse(raw);
    expect(archive.workshop).toMatchObject({ id: w.id, title: expect.any(String) });
    expect(archive.questions.map((q: { id: string }) => q.id)).toStrictEqual([q1.id, q2.id]);
    const first = archive.questions[0];
    expect(first.prompt).toBe(q1.prompt);
    expect(first.clusters).toHaveLength(1);
    expect(first.clusters[0]).toMatchObject({ id: 'cluster-funding', label: 'Funding' });
    expect(archive.questions[1].clusters).toStrictEqual([]);
    expect(first.ideas).toHaveLength(3);
    for (const [i, idea] of first.ideas.entries()) {
      expect(idea).toMatchObject({
        id: ideaIds[i],
        text: `Idea number ${i} from the room`,
        clusterId: i < 2 ? 'cluster-funding' : null,
      });
      expect(idea).not.toHaveProperty('participantId');
      expect(idea).not.toHaveProperty('author');
    }
    expect(archive.questions[1].ideas).toStrictEqual([]);

    // Chatham House: no names and no participant ids anywhere in the file.
    for (const n of names) expect(raw).not.toContain(n);
    for (const p of people) {
      expect(raw).not.toContain(p.participantId);
      expect(raw).not.toContain(p.participantToken);
    }
    expect(raw).not.toContain(w.facilitatorToken);
    expect(raw).not.toContain(w.rapporteurToken);
  });
});
