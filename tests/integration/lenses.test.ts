import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  type CreatedSeries,
  type CreatedWorkshop,
  type CreatedWorkshopWithSeries,
  type Joined,
  type LensConfig,
  readIdeas,
  readQuestions,
  readWorkshop,
} from '@convene/shared';
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { type ChildServer, freePort, startChildServer } from '../helpers/childServer.ts';
import { fixtureArchive } from '../helpers/fixtureBoard.ts';
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

/**
 * Lenses (issue 13) with real clients: every new command's roles and validation, tags in hidden
 * mode (never in a frame or a doc before reveal), commandId replays, series lenses, the JSON and
 * CSV exports and the import, and tags across kill -9.
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

const REGION: LensConfig = {
  countries: true,
  pbc: true,
  custom: [{ id: 'region', name: 'Region', values: ['Africa', 'Asia', 'Americas'] }],
};

interface Peer {
  joined: Joined;
  socket: Socket;
  doc: DocClient;
  /** Every packet this socket received, as text (for secrecy checks). */
  frames: string[];
}

interface Room {
  w: CreatedWorkshop;
  q: string;
  fac: Socket;
  facDoc: DocClient;
  rap: Socket;
  projector: Socket;
  alice: Peer;
  bob: Peer;
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

async function room(lenses: LensConfig = REGION): Promise<Room> {
  const w = await server.createWorkshop({ lenses });
  const q = w.questions[0]?.id ?? '';
  const [fac, rap, projector, facDoc] = await Promise.all([
    connectSocket(server.url, w.facilitatorToken),
    connectSocket(server.url, w.rapporteurToken),
    connectSocket(server.url, w.projectorToken),
    connectDoc(server.url, w.id, w.facilitatorToken),
  ]);
  const [alice, bob] = await Promise.all([peer(w, 'Alice Ashdown'), peer(w, 'Bob Brightwater')]);
  const r = { w, q, fac, facDoc, rap, projector, alice, bob };
  ok(await emitAck(fac, 'phase:set', { questionId: q, phase: 'submit' }));
  return r;
}

const ok = (r: AckReply) => {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r;
};
const code = (r: AckReply) => r.error?.code;
const submit = async (p: Peer, q: string, text: string, extra: object = {}) =>
  String(ok(await emitAck(p.socket, 'idea:submit', { questionId: q, text, ...extra })).ideaId);
const ideaIn = (d: Y.Doc, id: string) => readIdeas(d).find((i) => i.id === id);
const bytes = (d: Y.Doc) => Buffer.from(Y.encodeStateAsUpdate(d)).toString('latin1');

describe('idea:submit and idea:edit take countries and pbc', () => {
  test('tags given while writing reach every board; an edit leaves absent fields alone', async () => {
    const r = await room();
    const id = await submit(r.alice, r.q, 'Keep a political office after the mission leaves', {
      countries: ['SL', 'LR', 'LR'],
      pbc: true,
    });
    await waitFor(() => ideaIn(r.bob.doc.doc, id)?.pbc === true, { docs: [r.bob.doc.doc] });
    expect(ideaIn(r.bob.doc.doc, id)).toMatchObject({
      countries: ['LR', 'SL'],
      pbc: true,
      tags: {},
    });
    // Text only: tags stay.
    ok(
      await emitAck(r.alice.socket, 'idea:edit', {
        ideaId: id,
        text: 'Keep a small political office',
      }),
    );
    await waitFor(() => ideaIn(r.bob.doc.doc, id)?.text === 'Keep a small political office', {
      docs: [r.bob.doc.doc],
    });
    expect(ideaIn(r.bob.doc.doc, id)?.countries).toEqual(['LR', 'SL']);
    ok(
      await emitAck(r.alice.socket, 'idea:edit', {
        ideaId: id,
        text: 'x',
        countries: [],
        pbc: false,
      }),
    );
    await waitFor(() => ideaIn(r.bob.doc.doc, id)?.pbc === false, { docs: [r.bob.doc.doc] });
    expect(ideaIn(r.bob.doc.doc, id)?.countries).toEqual([]);
    // The author's own list shows the tags too.
    const mine = ok(await emitAck(r.alice.socket, 'idea:mine', {}));
    expect((mine.ideas as { countries: string[] }[])[0]?.countries).toEqual([]);
  });

  test('refused: unknown country, malformed code, a lens switched off', async () => {
    const r = await room({ countries: false, pbc: false, custom: [] });
    const base = { questionId: r.q, text: 'An idea' };
    expect(code(await emitAck(r.alice.socket, 'idea:submit', { ...base, countries: ['ZZ'] }))).toBe(
      'lens_off',
    );
    expect(code(await emitAck(r.alice.socket, 'idea:submit', { ...base, pbc: true }))).toBe(
      'lens_off',
    );
    expect(code(await emitAck(r.alice.socket, 'idea:submit', { ...base, countries: ['lr'] }))).toBe(
      'invalid_payload',
    );
    ok(await emitAck(r.fac, 'workshop:lenses', { lenses: REGION }));
    expect(code(await emitAck(r.alice.socket, 'idea:submit', { ...base, countries: ['ZZ'] }))).toBe(
      'unknown_country',
    );
    // Nothing of the refused submissions was stored.
    expect((ok(await emitAck(r.alice.socket, 'idea:mine', {})).ideas as unknown[]).length).toBe(0);
    // pbc: false is not a tag, so it is accepted with the lens off.
    ok(await emitAck(r.fac, 'workshop:lenses', { lenses: { ...REGION, pbc: false } }));
    await submit(r.alice, r.q, 'Fine', { pbc: false });
  });
});

describe('idea:tag', () => {
  test('roles: facilitator and rapporteur tag any idea, several at once; a participant only their own while editable; the projector never', async () => {
    const r = await room();
    const a1 = await submit(r.alice, r.q, 'Idea one');
    const a2 = await submit(r.alice, r.q, 'Idea two');
    const b1 = await submit(r.bob, r.q, 'Bob idea');
    const batch = ok(
      await emitAck(r.fac, 'idea:tag', {
        ideaIds: [a1, a2, b1, a1],
        lens: 'countries',
        add: ['CF'],
      }),
    );
    expect(batch.ideaIds).toEqual([a1, a2, b1]);
    ok(await emitAck(r.rap, 'idea:tag', { ideaIds: [a2, b1], lens: 'region', add: ['Africa'] }));
    ok(await emitAck(r.rap, 'idea:tag', { ideaIds: [b1], lens: 'pbc', value: true }));
    await waitFor(() => ideaIn(r.alice.doc.doc, b1)?.pbc === true, { docs: [r.alice.doc.doc] });
    expect(ideaIn(r.alice.doc.doc, a1)).toMatchObject({ countries: ['CF'], tags: {} });
    expect(ideaIn(r.alice.doc.doc, a2)).toMatchObject({
      countries: ['CF'],
      tags: { region: ['Africa'] },
    });
    expect(ideaIn(r.alice.doc.doc, b1)).toMatchObject({ countries: ['CF'], pbc: true });

    // alice tags her own; not bob's; a batch with one foreign idea changes none.
    ok(
      await emitAck(r.alice.socket, 'idea:tag', { ideaIds: [a1], lens: 'countries', add: ['GM'] }),
    );
    expect(
      code(await emitAck(r.alice.socket, 'idea:tag', { ideaIds: [b1], lens: 'pbc', value: false })),
    ).toBe('not_your_idea');
    expect(
      code(
        await emitAck(r.alice.socket, 'idea:tag', {
          ideaIds: [a2, b1],
          lens: 'countries',
          add: ['ML'],
        }),
      ),
    ).toBe('not_your_idea');
    expect(
      code(await emitAck(r.projector, 'idea:tag', { ideaIds: [a1], lens: 'pbc', value: true })),
    ).toBe('forbidden');
    await waitFor(() => ideaIn(r.bob.doc.doc, a1)?.countries.includes('GM') === true, {
      docs: [r.bob.doc.doc],
    });
    expect(ideaIn(r.bob.doc.doc, a2)?.countries).toEqual(['CF']);
    // Once clustering starts, the author may no longer; the facilitator still may.
    ok(await emitAck(r.fac, 'phase:set', { questionId: r.q, phase: 'cluster' }));
    expect(
      code(await emitAck(r.alice.socket, 'idea:tag', { ideaIds: [a1], lens: 'pbc', value: true })),
    ).toBe('wrong_phase');
    ok(
      await emitAck(r.fac, 'idea:tag', { ideaIds: [a1], lens: 'countries', remove: ['GM', 'CF'] }),
    );
    await waitFor(() => ideaIn(r.bob.doc.doc, a1)?.countries.length === 0, {
      docs: [r.bob.doc.doc],
    });
  });

  test('validation: unknown idea, country, lens, value; lens off; malformed — each refused and nothing changed', async () => {
    const r = await room();
    const a1 = await submit(r.alice, r.q, 'Idea');
    const cases: [unknown, string][] = [
      [{ ideaIds: ['nope'], lens: 'pbc', value: true }, 'unknown_idea'],
      [{ ideaIds: [a1, 'nope'], lens: 'pbc', value: true }, 'unknown_idea'],
      [{ ideaIds: [a1], lens: 'countries', add: ['ZZ'] }, 'unknown_country'],
      [{ ideaIds: [a1], lens: 'countries', add: ['LR', 'Liberia'] }, 'unknown_country'],
      [{ ideaIds: [a1], lens: 'theme', add: ['x'] }, 'unknown_lens'],
      [{ ideaIds: [a1], lens: 'region', add: ['Europe'] }, 'unknown_lens_value'],
      [{ ideaIds: [a1], lens: 'pbc' }, 'invalid_payload'],
      [{ ideaIds: [a1], lens: 'countries', value: true }, 'invalid_payload'],
      [{ ideaIds: [], lens: 'countries', add: ['LR'] }, 'invalid_payload'],
      [{ ideaIds: [a1], lens: 'countries', add: ['LR'], extra: 1 }, 'invalid_payload'],
      [{ ideaIds: [a1], lens: 'pbc', value: true, add: ['x'] }, 'invalid_payload'],
      [null, 'invalid_payload'],
    ];
    for (const [payload, expected] of cases) {
      expect(code(await emitAck(r.fac, 'idea:tag', payload)), JSON.stringify(payload)).toBe(
        expected,
      );
    }
    ok(
      await emitAck(r.fac, 'workshop:lenses', {
        lenses: { countries: false, pbc: false, custom: [] },
      }),
    );
    await waitFor(() => readWorkshop(r.bob.doc.doc).lenses.countries === false, {
      docs: [r.bob.doc.doc],
    });
    for (const payload of [
      { ideaIds: [a1], lens: 'countries', add: ['LR'] },
      { ideaIds: [a1], lens: 'pbc', value: true },
    ]) {
      expect(code(await emitAck(r.fac, 'idea:tag', payload))).toBe('lens_off');
    }
    expect(
      code(await emitAck(r.fac, 'idea:tag', { ideaIds: [a1], lens: 'region', add: ['Asia'] })),
    ).toBe('unknown_lens');
    // Positive control: the idea is on bob's board, untouched.
    expect(ideaIn(r.bob.doc.doc, a1)).toMatchObject({ countries: [], pbc: false, tags: {} });
  });

  test('a commandId is applied once: the replay answers the same and changes nothing', async () => {
    const r = await room();
    const a1 = await submit(r.alice, r.q, 'Idea');
    const cid = commandId();
    const first = ok(
      await emitAck(r.fac, 'idea:tag', {
        ideaIds: [a1],
        lens: 'countries',
        add: ['BI'],
        commandId: cid,
      }),
    );
    ok(await emitAck(r.fac, 'idea:tag', { ideaIds: [a1], lens: 'countries', remove: ['BI'] }));
    const replay = ok(
      await emitAck(r.fac, 'idea:tag', {
        ideaIds: [a1],
        lens: 'countries',
        add: ['BI'],
        commandId: cid,
      }),
    );
    expect(replay).toStrictEqual(first);
    const mine = ok(await emitAck(r.alice.socket, 'idea:mine', {}));
    expect((mine.ideas as { countries: string[] }[])[0]?.countries).toEqual([]);
  });
});

describe('hidden mode', () => {
  test('tagging a hidden idea never puts it (or its tags) in any frame or doc before reveal', async () => {
    const r = await room();
    ok(await emitAck(r.fac, 'question:mode', { questionId: r.q, mode: 'hidden' }));
    const secret = await submit(r.alice, r.q, 'A hidden idea about Niger', { countries: ['NE'] });
    // The author tags it further while it waits; the facilitator, given its id, too.
    ok(await emitAck(r.alice.socket, 'idea:tag', { ideaIds: [secret], lens: 'pbc', value: true }));
    ok(await emitAck(r.fac, 'idea:tag', { ideaIds: [secret], lens: 'region', add: ['Africa'] }));
    await waitFor(() => readQuestions(r.bob.doc.doc)[0]?.hiddenCount === 1, {
      docs: [r.bob.doc.doc],
    });
    // Frames are captured (this ack is one)…
    ok(await emitAck(r.bob.socket, 'idea:mine', {}));
    expect(r.bob.frames.join('\n')).toContain('"ideas":[]');
    // …and neither bob's frames nor any doc holds the idea's id or tags.
    expect(r.bob.frames.join('\n')).not.toContain(secret);
    for (const d of [r.bob.doc.doc, r.facDoc.doc]) {
      expect(bytes(d)).not.toContain(secret);
      expect(readIdeas(d).some((i) => i.pbc || i.countries.length > 0)).toBe(false);
    }
    // The author's own list has them.
    const mine = ok(await emitAck(r.alice.socket, 'idea:mine', {}));
    expect((mine.ideas as object[])[0]).toMatchObject({
      id: secret,
      status: 'hidden',
      countries: ['NE'],
      pbc: true,
      tags: { region: ['Africa'] },
    });
    // Positive control: at reveal the idea arrives with its tags.
    ok(await emitAck(r.fac, 'ideas:reveal', { questionId: r.q }));
    await waitFor(() => ideaIn(r.bob.doc.doc, secret) !== undefined, { docs: [r.bob.doc.doc] });
    expect(ideaIn(r.bob.doc.doc, secret)).toMatchObject({
      countries: ['NE'],
      pbc: true,
      tags: { region: ['Africa'] },
    });
    expect(bytes(r.bob.doc.doc)).toContain(secret);
  });
});

describe('workshop:lenses and creation', () => {
  test('only the facilitator changes lenses; bad configurations are refused', async () => {
    const r = await room();
    for (const s of [r.rap, r.projector, r.alice.socket]) {
      expect(code(await emitAck(s, 'workshop:lenses', { lenses: REGION }))).toBe('forbidden');
    }
    const bad = { countries: true, pbc: true, custom: [{ id: 'pbc', name: 'x', values: ['a'] }] };
    expect(code(await emitAck(r.fac, 'workshop:lenses', { lenses: bad }))).toBe('invalid_payload');
    const next: LensConfig = {
      countries: false,
      pbc: true,
      custom: [{ id: 'stage', name: 'Stage', values: ['Prevention', 'Transition'] }],
    };
    ok(await emitAck(r.fac, 'workshop:lenses', { lenses: next, commandId: commandId() }));
    await waitFor(() => readWorkshop(r.bob.doc.doc).lenses.custom[0]?.id === 'stage', {
      docs: [r.bob.doc.doc],
    });
    expect(readWorkshop(r.bob.doc.doc).lenses).toEqual(next);
  });

  test('POST /api/workshops takes lenses; a series passes its lenses to its new workshops', async () => {
    const plain = await server.createWorkshop();
    const doc = await connectDoc(server.url, plain.id, plain.facilitatorToken);
    expect(readWorkshop(doc.doc).lenses).toEqual({ countries: true, pbc: true, custom: [] });
    const bad = await fetch(`${server.url}/api/workshops`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 't', questions: [{ prompt: 'p' }], lenses: { countries: 1 } }),
    });
    expect(bad.status).toBe(400);

    const seriesLenses: LensConfig = { countries: true, pbc: false, custom: REGION.custom };
    const res = await fetch(`${server.url}/api/series`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Lens series', lenses: seriesLenses }),
    });
    expect(res.status).toBe(201);
    const series = (await res.json()) as CreatedSeries;
    const inSeries = (await server.createWorkshop({
      series: 'Lens series',
      seriesToken: series.token,
    })) as CreatedWorkshopWithSeries;
    expect(inSeries.series?.id).toBe(series.id);
    const sdoc = await connectDoc(server.url, inSeries.id, inSeries.facilitatorToken);
    expect(readWorkshop(sdoc.doc).lenses).toEqual(seriesLenses);
    // A workshop's own lenses win over the series'.
    const own = await server.createWorkshop({
      series: 'Lens series',
      seriesToken: series.token,
      lenses: { countries: false, pbc: true, custom: [] },
    });
    const odoc = await connectDoc(server.url, own.id, own.facilitatorToken);
    expect(readWorkshop(odoc.doc).lenses.countries).toBe(false);
    // A series made by naming it takes its first workshop's lenses for the next ones.
    const made = (await server.createWorkshop({
      series: 'Named lens series',
      lenses: REGION,
    })) as CreatedWorkshopWithSeries;
    const second = (await server.createWorkshop({
      series: 'Named lens series',
      seriesToken: made.series?.token ?? '',
    })) as CreatedWorkshopWithSeries;
    expect(second.series?.id).toBe(made.series?.id);
    const seconddoc = await connectDoc(server.url, second.id, second.facilitatorToken);
    expect(readWorkshop(seconddoc.doc).lenses).toEqual(REGION);
  });
});

describe('exports and import', () => {
  const exportOf = async (w: { id: string; facilitatorToken: string }, format: string) =>
    fetch(`${server.url}/api/workshops/${w.id}/export?format=${format}`, {
      headers: { authorization: `Bearer ${w.facilitatorToken}` },
    });

  test('the fixture imports with country names as codes; JSON and CSV carry tags; JSON round-trips', async () => {
    const archive = fixtureArchive(0);
    archive.workshop.lenses = REGION;
    const first = archive.questions[0]?.ideas[0];
    if (!first) throw new Error('fixture idea expected');
    first.pbc = true;
    first.tags = { region: ['Africa'] };
    const res = await fetch(`${server.url}/api/workshops/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(archive),
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as CreatedWorkshop;
    const json = (await (await exportOf(created, 'json')).json()) as {
      workshop: { lenses: LensConfig };
      questions: { ideas: { text: string; countries: string[]; pbc: boolean; tags: object }[] }[];
    };
    expect(json.workshop.lenses).toEqual(REGION);
    const ideas = json.questions.flatMap((q) => q.ideas);
    const named = archive.questions.flatMap((q) => q.ideas).filter((i) => i.countries?.length);
    expect(named.length).toBeGreaterThan(3);
    for (const i of named) {
      const out = ideas.find((x) => x.text === i.text);
      expect(out?.countries.length, i.text).toBe(i.countries?.length);
      for (const c of out?.countries ?? []) expect(c).toMatch(/^[A-Z]{2}$/);
    }
    expect(ideas.find((x) => x.text === first.text)).toMatchObject({
      pbc: true,
      tags: { region: ['Africa'] },
    });
    // The board shows them too.
    const doc = await connectDoc(server.url, created.id, created.facilitatorToken);
    expect(readIdeas(doc.doc).filter((i) => i.countries.length > 0).length).toBe(named.length);

    // Export → import → export: the tags come back identical.
    const again = await fetch(`${server.url}/api/workshops/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(json),
    });
    expect(again.status).toBe(201);
    const copy = (await again.json()) as CreatedWorkshop;
    const json2 = (await (await exportOf(copy, 'json')).json()) as typeof json;
    const tagsOf = (a: typeof json) =>
      a.questions.flatMap((q) => q.ideas.map((i) => [i.text, i.countries, i.pbc, i.tags]));
    expect(tagsOf(json2)).toStrictEqual(tagsOf(json));

    const csv = await (await exportOf(created, 'csv')).text();
    const header = csv.split('\r\n')[0] ?? '';
    expect(header).toContain('Country examples');
    expect(header).toContain('Role of the Peacebuilding Commission');
    expect(header).toContain('Region');
    expect(csv).toContain('Liberia');
    expect(csv).toContain('Africa');
  });

  test('an archive naming an unknown country or lens value is refused whole', async () => {
    const archive = fixtureArchive(0);
    const idea = archive.questions[0]?.ideas[0];
    if (!idea) throw new Error('fixture idea expected');
    idea.countries = ['Atlantis'];
    const res = await fetch(`${server.url}/api/workshops/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(archive),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain(
      'Atlantis',
    );
  });
});

describe('durability', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'convene-lenses-crash-'));
  const children: ChildServer[] = [];
  afterAll(async () => {
    for (const c of children) await c.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('acknowledged tags survive kill -9 and restart', async () => {
    const port = await freePort();
    const first = await startChildServer({ dataDir, port });
    children.push(first);
    const post = async <T>(p: string, body: object): Promise<T> => {
      const res = await fetch(`${first.url}${p}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${p} → ${res.status}`);
      return (await res.json()) as T;
    };
    const w = await post<CreatedWorkshop>('/api/workshops', {
      title: 'Tags and crashes',
      questions: [{ prompt: 'What survives?' }],
      lenses: REGION,
    });
    const q = w.questions[0]?.id ?? '';
    const alice = await post<Joined>('/api/join', { joinCode: w.joinCode });
    const fac = await connectSocket(first.url, w.facilitatorToken);
    const aliceSocket = await connectSocket(first.url, alice.participantToken);
    ok(await emitAck(fac, 'phase:set', { questionId: q, phase: 'submit' }));
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const ack = ok(
        await emitAck(aliceSocket, 'idea:submit', {
          questionId: q,
          text: `idea ${i}`,
          countries: ['LR'],
        }),
      );
      ids.push(String(ack.ideaId));
    }
    // Concurrent tag commands, each acknowledged before the crash.
    const acks = await Promise.all([
      emitAck(fac, 'idea:tag', { ideaIds: ids.slice(0, 3), lens: 'countries', add: ['SL'] }),
      emitAck(fac, 'idea:tag', { ideaIds: ids.slice(3), lens: 'pbc', value: true }),
      emitAck(fac, 'idea:tag', { ideaIds: ids, lens: 'region', add: ['Africa'] }),
    ]);
    for (const a of acks) ok(a);
    await first.kill9();

    const second = await startChildServer({ dataDir, port });
    children.push(second);
    const doc = await connectDoc(second.url, w.id, alice.participantToken);
    const board = new Map(readIdeas(doc.doc).map((i) => [i.id, i]));
    ids.forEach((id, k) => {
      expect(board.get(id)).toMatchObject({
        countries: k < 3 ? ['LR', 'SL'] : ['LR'],
        pbc: k >= 3,
        tags: { region: ['Africa'] },
      });
    });
    expect(readWorkshop(doc.doc).lenses).toEqual(REGION);
  });
});
