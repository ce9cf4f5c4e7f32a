import {
  type NameCheckReply,
  type NameDecisionReply,
  type NamesFoundBody,
  readQuestions,
  readWorkshop,
  type WorkshopDetails,
} from '@convene/shared';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  closeClients,
  connectDoc,
  connectSocket,
  emitAck,
  startTestServer,
  type TestServer,
  waitFor,
} from '../helpers/testServer.ts';
import { unzip } from '../helpers/unzip.ts';

/**
 * Issue 14, the brief's data: the details the front matter needs (set at creation, changed by
 * `workshop:update` and `PATCH /api/workshops/:id`), the Chatham House gate in front of every
 * export (409 `names_found` until each finding is replaced or marked "not a participant's
 * name"), the organisers' results annex, and the workshop's language in the files.
 */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ unloadDelayMs: 60_000 });
});
afterAll(async () => {
  closeClients();
  await server?.close();
});

const req = (method: string, path: string, token: string | null, body?: unknown) =>
  fetch(`${server.url}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const get = (path: string, token: string) => req('GET', path, token);

const FORMATS = ['md', 'html', 'csv', 'json', 'docx'] as const;
/** Every export of one workshop: the five formats and the results annex's three. */
const EXPORTS = [
  ...FORMATS.map((f) => `format=${f}`),
  'format=md&part=results',
  'format=docx&part=results',
  'format=csv&part=results',
];

async function submit(token: string, questionId: string, text: string) {
  const socket = await connectSocket(server.url, token);
  const ack = (await emitAck(socket, 'idea:submit', { questionId, text })) as {
    ok: boolean;
    ideaId?: string;
  };
  socket.disconnect();
  expect(ack.ok).toBe(true);
  return ack.ideaId as string;
}

/** A workshop whose first question holds one idea per given text (from a nameless participant). */
async function workshopWith(texts: string[], extra: Record<string, unknown> = {}) {
  const created = await server.createWorkshop({ title: 'Local ownership', ...extra });
  const facilitator = await connectSocket(server.url, created.facilitatorToken);
  const questionId = created.questions[0]?.id as string;
  expect((await emitAck(facilitator, 'phase:set', { questionId, phase: 'submit' })).ok).toBe(true);
  const joined = await server.join(created.joinCode);
  const ideaIds: string[] = [];
  for (const text of texts) ideaIds.push(await submit(joined.participantToken, questionId, text));
  return { created, facilitator, questionId, ideaIds };
}

async function exportStatus(id: string, token: string, query: string) {
  const res = await get(`/api/workshops/${id}/export?${query}`, token);
  return { status: res.status, body: res.status === 200 ? null : await res.json() };
}

describe('Chatham House enforced at export', () => {
  test('every format, the results annex and the series paper are refused while a finding is open, and allowed once each is resolved', async () => {
    const ws = await workshopWith(
      [
        "Building on Rukhsana's point, fund local mediators through the Peacebuilding Fund.",
        'As Germany said, national plans need their own budget lines.',
        'Ask @amara_k to share the district data before the next session.',
        'Pool risk across agencies so that joint programmes are not penalised.',
      ],
      { series: 'Chatham gate series' },
    );
    const { id, rapporteurToken: token } = ws.created;
    const seriesToken = (ws.created as { series?: { id: string; token: string } }).series;
    for (const query of EXPORTS) {
      const { status, body } = await exportStatus(id, token, query);
      expect(status, query).toBe(409);
      const refused = body as NamesFoundBody;
      expect(refused.error.code).toBe('names_found');
      expect(refused.workshopId).toBe(id);
      expect(refused.check?.findings.map((f) => f.match).sort()).toEqual([
        '@amara_k',
        'Germany',
        'Rukhsana',
      ]);
    }
    const paper = await get(
      `/api/series/${seriesToken?.id}/export?format=md`,
      seriesToken?.token ?? '',
    );
    expect(paper.status).toBe(409);
    const paperBody = (await paper.json()) as NamesFoundBody;
    expect(paperBody).toMatchObject({ error: { code: 'names_found' }, workshopId: id, total: 3 });
    // The series link's holder is told which workshop waits, never the names found in it.
    expect(paperBody.check).toBeUndefined();
    expect(JSON.stringify(paperBody)).not.toMatch(/Rukhsana|amara_k/);

    // Resolve one by one: replace Rukhsana, mark Germany "not a participant's name"; still open.
    const check = (await (
      await get(`/api/workshops/${id}/name-check`, token)
    ).json()) as NameCheckReply;
    const find = (c: NameCheckReply, match: string) => c.findings.find((f) => f.match === match);
    const redact = await req('POST', `/api/workshops/${id}/redact`, token, {
      ids: [find(check, 'Rukhsana')?.id],
    });
    expect(redact.status).toBe(200);
    const decided = await req('POST', `/api/workshops/${id}/name-decisions`, token, {
      ids: [find(check, 'Germany')?.id],
    });
    expect(decided.status).toBe(200);
    const afterTwo = (await decided.json()) as NameDecisionReply;
    expect(afterTwo.recorded).toBe(1);
    expect(afterTwo.check.total).toBe(1);
    expect(afterTwo.check.decisions).toEqual([
      expect.objectContaining({ match: 'Germany', kind: 'idea', resolves: 1 }),
    ]);
    for (const query of EXPORTS) {
      expect((await exportStatus(id, token, query)).status, query).toBe(409);
    }
    // The last one: now every export goes, and the decision is kept in the archive.
    const last = afterTwo.check.findings[0];
    expect(last?.match).toBe('@amara_k');
    const done = (await (
      await req('POST', `/api/workshops/${id}/name-decisions`, token, { ids: [last?.id] })
    ).json()) as NameDecisionReply;
    expect(done.check.total).toBe(0);
    for (const query of EXPORTS) {
      expect((await exportStatus(id, token, query)).status, query).toBe(200);
    }
    expect(
      (await get(`/api/series/${seriesToken?.id}/export?format=md`, seriesToken?.token ?? ''))
        .status,
    ).toBe(200);
    const md = await (await get(`/api/workshops/${id}/export?format=md`, token)).text();
    expect(md).toContain("Building on a participant's point");
    expect(md).not.toContain('Rukhsana');
    const archive = JSON.parse(
      await (await get(`/api/workshops/${id}/export?format=json`, token)).text(),
    );
    expect(archive.nameCheck.decisions.map((d: { match: string }) => d.match).sort()).toEqual([
      '@amara_k',
      'Germany',
    ]);

    // A decision applies to its words in their context: an edit around them opens it again.
    const edit = await emitAck(ws.facilitator, 'idea:edit', {
      ideaId: ws.ideaIds[1],
      text: 'As Germany said twice, national plans need their own budget lines.',
    });
    expect(edit.ok).toBe(true);
    expect((await exportStatus(id, token, 'format=md')).status).toBe(409);
    // Withdrawing a decision is possible too; a decision of another workshop is not found.
    const stale = done.check.decisions.find((d) => d.match === 'Germany');
    const withdrawn = await req(
      'DELETE',
      `/api/workshops/${id}/name-decisions/${stale?.id}`,
      token,
    );
    expect(withdrawn.status).toBe(200);
    const other = await server.createWorkshop({ title: 'Elsewhere' });
    const foreign = await req(
      'DELETE',
      `/api/workshops/${other.id}/name-decisions/${stale?.id}`,
      other.rapporteurToken,
    );
    expect(foreign.status).toBe(404);
  });

  test('names given at join and on the organiser list are found; without the Rule nothing is held', async () => {
    const ws = await workshopWith(['Invite Zainab Okafor to chair the follow-up group.'], {
      participantList: ['Zainab Okafor'],
    });
    const refused = await exportStatus(ws.created.id, ws.created.rapporteurToken, 'format=html');
    expect(refused.status).toBe(409);
    expect((refused.body as NamesFoundBody).check?.findings[0]?.names).toEqual(['Zainab Okafor']);
    // Positive control: the same text outside the Rule exports (the gate is the Rule's).
    const open = await workshopWith(['Invite Zainab Okafor to chair the follow-up group.'], {
      participantList: ['Zainab Okafor'],
      chathamHouse: false,
    });
    for (const query of EXPORTS) {
      expect(
        (await exportStatus(open.created.id, open.created.rapporteurToken, query)).status,
      ).toBe(200);
    }
    // Bad decision bodies are refused with a reason.
    for (const body of [{}, { ids: [] }, { ids: 'x' }, { ids: ['a'], extra: 1 }]) {
      const res = await req(
        'POST',
        `/api/workshops/${ws.created.id}/name-decisions`,
        ws.created.rapporteurToken,
        body,
      );
      expect(res.status).toBe(400);
    }
    const participant = await server.join(ws.created.joinCode);
    const res = await req(
      'POST',
      `/api/workshops/${ws.created.id}/name-decisions`,
      participant.participantToken,
      { ids: ['a'] },
    );
    expect(res.status).toBe(403);
  });
});

describe("the brief's details", () => {
  test('set at creation, changed by PATCH and workshop:update through the bus, shown in the doc, kept by the archive; the list of names never leaves', async () => {
    const created = await server.createWorkshop({
      title: 'Prevention and the PBC',
      questions: [
        {
          prompt: 'What should the Peacebuilding Commission do differently?',
          shortTitle: 'The Commission',
        },
        { prompt: 'What first steps for member states?' },
      ],
      language: 'fr',
      organisers: ['International Peace Institute', 'NYU CIC', ' ', 'nyu cic'],
      seriesNumber: 2,
      participantTypes: { memberStates: 6, unSystem: 4, research: 3 },
      context: 'The second workshop of the series.',
      participantList: ['Ingrid Solberg'],
    });
    const { id, facilitatorToken, rapporteurToken } = created;
    const details = async (token = facilitatorToken) =>
      (await (await get(`/api/workshops/${id}/details`, token)).json()) as WorkshopDetails;
    expect(await details()).toMatchObject({
      language: 'fr',
      organisers: ['International Peace Institute', 'NYU CIC'],
      seriesNumber: 2,
      participantTypes: { memberStates: 6, unSystem: 4, research: 3 },
      context: 'The second workshop of the series.',
      participantList: ['Ingrid Solberg'],
    });
    expect((await details(rapporteurToken)).questions[0]?.shortTitle).toBe('The Commission');

    const doc = await connectDoc(server.url, id, rapporteurToken);
    await waitFor(() => readWorkshop(doc.doc).language === 'fr', { docs: [doc.doc] });
    expect(readQuestions(doc.doc)[0]?.shortTitle).toBe('The Commission');

    // PATCH runs workshop:update: a partial change keeps the rest.
    const q2 = created.questions[1]?.id as string;
    const patched = await req('PATCH', `/api/workshops/${id}`, facilitatorToken, {
      language: 'es',
      context: null,
      shortTitles: { [q2]: 'Member states' },
    });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({
      language: 'es',
      context: null,
      seriesNumber: 2,
      organisers: ['International Peace Institute', 'NYU CIC'],
    });
    await waitFor(
      () =>
        readWorkshop(doc.doc).language === 'es' &&
        readQuestions(doc.doc)[1]?.shortTitle === 'Member states',
      { docs: [doc.doc] },
    );
    // The socket command, with a commandId answered once.
    const facilitator = await connectSocket(server.url, facilitatorToken);
    const payload = {
      organisers: ['IPI'],
      participantList: ['Ingrid Solberg', 'Tomás Reyes'],
      commandId: 'details-1',
    };
    const first = await emitAck(facilitator, 'workshop:update', payload);
    expect(first).toEqual({ ok: true, updated: ['organisers', 'participantList'] });
    expect(await emitAck(facilitator, 'workshop:update', payload)).toEqual(first);
    expect((await details()).organisers).toEqual(['IPI']);

    // Refusals: clear codes, nothing changed.
    const before = await details();
    const bad: [string, unknown, number, string][] = [
      [facilitatorToken, { language: 'de' }, 400, 'invalid_payload'],
      [facilitatorToken, {}, 400, 'invalid_payload'],
      [facilitatorToken, { seriesNumber: 0 }, 400, 'invalid_payload'],
      [facilitatorToken, { participantTypes: { memberStates: -1 } }, 400, 'invalid_payload'],
      [facilitatorToken, { participantTypes: { diplomats: 3 } }, 400, 'invalid_payload'],
      [facilitatorToken, { organisers: Array(11).fill('x') }, 400, 'invalid_payload'],
      [facilitatorToken, { context: 'x'.repeat(3001) }, 400, 'invalid_payload'],
      [facilitatorToken, { shortTitles: { nope: 'x' } }, 400, 'unknown_question'],
      [rapporteurToken, { language: 'en' }, 403, 'forbidden'],
      [other(), { language: 'en' }, 403, 'forbidden'],
    ];
    for (const [token, body, status, code] of bad) {
      const res = await req('PATCH', `/api/workshops/${id}`, token, body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect((await res.json()).error.code).toBe(code);
    }
    expect(await details()).toEqual(before);
    const rapporteur = await connectSocket(server.url, rapporteurToken);
    const denied = (await emitAck(rapporteur, 'workshop:update', { language: 'en' })) as {
      ok: boolean;
      error?: { code: string };
    };
    expect(denied.error?.code).toBe('forbidden');

    // The archive carries the details but never the organiser's list of names; import keeps them.
    const json = await (
      await get(`/api/workshops/${id}/export?format=json`, rapporteurToken)
    ).text();
    expect(json).not.toContain('Ingrid');
    expect(json).not.toContain('Tomás');
    for (const format of ['md', 'html', 'csv']) {
      const res = await get(`/api/workshops/${id}/export?format=${format}`, rapporteurToken);
      expect(res.status, format).toBe(200);
      expect(await res.text(), format).not.toMatch(/Ingrid|Solberg|Tomás/);
    }
    const archive = JSON.parse(json);
    expect(archive.workshop).toMatchObject({
      language: 'es',
      organisers: ['IPI'],
      seriesNumber: 2,
      context: null,
    });
    expect(archive.questions.map((q: { shortTitle: string | null }) => q.shortTitle)).toEqual([
      'The Commission',
      'Member states',
    ]);
    const imported = await req('POST', '/api/workshops/import', null, archive);
    expect(imported.status).toBe(201);
    const copy = (await imported.json()) as { id: string; facilitatorToken: string };
    const copied = (await (
      await get(`/api/workshops/${copy.id}/details`, copy.facilitatorToken)
    ).json()) as WorkshopDetails;
    expect(copied).toMatchObject({
      language: 'es',
      organisers: ['IPI'],
      seriesNumber: 2,
      participantList: [],
    });
    expect(copied.questions.map((q) => q.shortTitle)).toEqual(['The Commission', 'Member states']);

    // Purging names erases the organiser's list with the names given at join.
    const purge = await req('POST', `/api/workshops/${id}/purge-names`, facilitatorToken, {});
    expect(purge.status).toBe(200);
    expect((await details()).participantList).toEqual([]);
    expect(server.errors()).toEqual([]);
  });
});

let otherToken = '';
/** A facilitator token of another workshop (made once). */
function other(): string {
  return otherToken;
}
beforeAll(async () => {
  otherToken = (await server.createWorkshop({ title: 'Another room' })).facilitatorToken;
});

describe('the results annex and the language of the files', () => {
  test('the annex carries rounds and vote tables without naming the software; the brief files carry the language', async () => {
    const ws = await workshopWith(
      ['Fund local mediators.', 'Publish district budgets.', 'Train police in community work.'],
      { language: 'fr' },
    );
    const { facilitator, questionId, created } = ws;
    for (const phase of ['cluster', 'vote']) {
      expect((await emitAck(facilitator, 'phase:set', { questionId, phase })).ok, phase).toBe(true);
    }
    const voter = await server.join(created.joinCode);
    const socket = await connectSocket(server.url, voter.participantToken);
    expect((await emitAck(socket, 'vote:cast', { ideaId: ws.ideaIds[1] })).ok).toBe(true);
    expect((await emitAck(socket, 'vote:cast', { ideaId: ws.ideaIds[0] })).ok).toBe(true);
    expect((await emitAck(facilitator, 'phase:set', { questionId, phase: 'results' })).ok).toBe(
      true,
    );
    const token = created.rapporteurToken;
    const file = (query: string) => get(`/api/workshops/${created.id}/export?${query}`, token);

    const md = await (await file('format=md&part=results')).text();
    expect(md).toContain('Annexe des résultats');
    expect(md).toMatch(/\| Rang \| Idée \| Points \| Votants \|/);
    expect(md).toMatch(/\| 1 \| Fund local mediators\. \| 1 \| 1 \|/);
    expect(md).toMatch(/\| 1 \| Publish district budgets\. \| 1 \| 1 \|/);
    expect(md).not.toMatch(/Convene/i);
    const csvRes = await file('format=csv&part=results');
    expect(csvRes.headers.get('content-disposition')).toContain('-results-annex.csv');
    const csv = (await csvRes.text())
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    // Every idea on the ballot, a tie sharing its rank, the unsupported one last.
    expect(csv).toHaveLength(4);
    expect(csv[3]).toMatch(/,3,Train police in community work\.,,0,0$/);
    expect(csv[1]).toMatch(/^1,What should donors stop doing\?,1,3,1,1,1,/);
    const annexDocx = unzip(
      new Uint8Array(await (await file('format=docx&part=results')).arrayBuffer()),
    );
    expect(annexDocx.get('word/document.xml')?.toString('utf8')).toContain(
      'Publish district budgets.',
    );
    for (const query of [
      'format=html&part=results',
      'format=json&part=results',
      'format=md&part=other',
    ]) {
      expect((await file(query)).status, query).toBe(400);
    }

    const html = await (await file('format=html')).text();
    expect(html).toMatch(/^<!doctype html>\n<html lang="fr">/);
    const docx = unzip(new Uint8Array(await (await file('format=docx')).arrayBuffer()));
    expect(docx.get('word/styles.xml')?.toString('utf8')).toMatch(/<w:lang w:val="fr-FR"/);
  });
});
