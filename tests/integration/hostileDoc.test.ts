import {
  createCluster,
  LIMITS,
  notesText,
  readIdeas,
  readRounds,
  readWallMode,
  readWorkshop,
  setSpotlight,
  setWallMode,
} from '@convene/shared';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { docContent, rawDocClient, syncFrame } from '../helpers/hardening.ts';
import {
  closeClients,
  connectSocket,
  emitAck,
  startTestServer,
  TEST_ADDRESS_LIMITS,
  type TestServer,
  waitFor,
} from '../helpers/testServer.ts';

/**
 * Writers' updates on the Yjs endpoint (issue 11, items 6 and 8): a writer writes only its own
 * parts of the doc, in shapes every screen can read; a load puts the server's parts back to what
 * the store says; texts and the doc have caps; screen links are limited; a writer refused again
 * and again is turned away. The availability side of these attacks is in tests/availability.
 */

describe('item 6: writers write only their own parts of the doc', () => {
  let local: TestServer;
  let w: Awaited<ReturnType<TestServer['createWorkshop']>>;
  let q: string;
  let ideaId: string;

  beforeAll(async () => {
    // Each case below is a refusal on the facilitator's token: lift the refusal limit here
    // (it has its own test below).
    local = await startTestServer({
      unloadDelayMs: 0,
      limits: { ...TEST_ADDRESS_LIMITS, yjsRefusals: { burst: 1000, perSecond: 1000 } },
    });
    w = await local.createWorkshop({ title: 'Owned parts' });
    q = w.questions[0]?.id ?? '';
    const fac = await connectSocket(local.url, w.facilitatorToken);
    await emitAck(fac, 'phase:set', { questionId: q, phase: 'submit' });
    const alice = await local.join(w.joinCode, 'Alice');
    const a = await connectSocket(local.url, alice.participantToken);
    ideaId = String(
      (await emitAck(a, 'idea:submit', { questionId: q, text: 'Pool funds' })).ideaId,
    );
    for (const phase of ['cluster', 'vote', 'results'] as const) {
      expect((await emitAck(fac, 'phase:set', { questionId: q, phase })).ok).toBe(true);
    }
    closeClients();
  });
  afterEach(() => closeClients());
  afterAll(async () => {
    closeClients();
    await local?.close();
  });

  /** Sends one edit made on a writer's replica; resolves with how the server answered. */
  async function writerSends(
    edit: (doc: Y.Doc) => void,
    token = w.facilitatorToken,
  ): Promise<{ closedWith: number | null; serverDoc: string }> {
    const writer = rawDocClient(local.url, w.id, token);
    await writer.synced;
    const before = Y.encodeStateVector(writer.doc);
    writer.doc.transact(() => edit(writer.doc));
    writer.send(syncFrame(Y.encodeStateAsUpdate(writer.doc, before)));
    // A state request behind it: answered only if the update before it was taken.
    writer.send(Uint8Array.from([0, 0, 1, 0]));
    const outcome = await Promise.race([
      writer.closed.then((c) => c.code),
      new Promise<null>((resolve) =>
        writer.ws.on('message', (d: Buffer) => {
          if (d[0] === 0 && d[1] === 1) resolve(null);
        }),
      ),
    ]);
    writer.close();
    return {
      closedWith: outcome,
      serverDoc: local.app.rooms.with(w.id, (r) => docContent(r.doc)),
    };
  }

  const planted = (doc: Y.Doc) => {
    const idea = new Y.Map<unknown>();
    idea.set('id', 'planted');
    idea.set('questionId', q);
    idea.set('text', 'Planted by a writer');
    doc.getMap('ideas').set('planted', idea);
  };
  const round = (doc: Y.Doc) => doc.getMap('rounds').values().next().value as Y.Map<unknown>;

  test.each([
    [
      'hostile round results',
      (d: Y.Doc) => round(d).set('results', { ideas: [null], clusters: [null], voters: 1 }),
    ],
    ['a planted idea', planted],
    ['a defaced title', (d: Y.Doc) => d.getMap('workshop').set('title', 'Defaced')],
    ['Chatham House switched off', (d: Y.Doc) => d.getMap('workshop').set('chathamHouse', false)],
    [
      'an edited idea text',
      (d: Y.Doc) => (d.getMap('ideas').get(ideaId) as Y.Map<unknown>).set('text', 'Rewritten'),
    ],
    ['a timer change', (d: Y.Doc) => d.getMap('timer').set('status', 'running')],
    [
      'a forged generation record',
      (d: Y.Doc) => d.getMap('briefBase').set('header', { text: 'x', at: 1 }),
    ],
    ['a new top-level part', (d: Y.Doc) => d.getMap('junk').set('x', 'y'.repeat(1000))],
    [
      'a second notes text for a question',
      (d: Y.Doc) => d.getMap('notes').set(q, new Y.Text('mine')),
    ],
    [
      'a brief section created by a writer',
      (d: Y.Doc) => d.getMap('brief').set('header', new Y.Text('x')),
    ],
    ['a cluster that is not a map', (d: Y.Doc) => d.getMap('clusters').set('c1', 'junk')],
    [
      'a cluster with a 10,000-character label',
      (d: Y.Doc) =>
        createCluster(d, { id: 'c1', questionId: q, label: 'x'.repeat(10_000), position: 0 }),
    ],
    [
      'a cluster with an extra field',
      (d: Y.Doc) => {
        createCluster(d, { id: 'c2', questionId: q, label: 'ok', position: 0 });
        (d.getMap('clusters').get('c2') as Y.Map<unknown>).set('evil', { deep: [null] });
      },
    ],
    ['a placement that is not an id', (d: Y.Doc) => d.getMap('placement').set(ideaId, { x: 1 })],
    [
      'a spotlight of another shape',
      (d: Y.Doc) => d.getMap('display').set('spotlight', { kind: 'idea', id: null }),
    ],
    ['another key in the display', (d: Y.Doc) => d.getMap('display').set('banner', 'HACKED')],
    ['an unknown wall mode', (d: Y.Doc) => d.getMap('display').set('wallMode', 'everything')],
    ['a wall mode that is not text', (d: Y.Doc) => d.getMap('display').set('wallMode', { x: 1 })],
    ['a wall mode of null', (d: Y.Doc) => d.getMap('display').set('wallMode', null)],
  ])('%s → refused whole (4422), nothing changes', async (_name, edit) => {
    const before = local.app.rooms.with(w.id, (r) => docContent(r.doc));
    const { closedWith, serverDoc } = await writerSends(edit);
    expect(closedWith).toBe(4422);
    expect(serverDoc).toBe(before);
    expect(local.logs.some((l) => l.event === 'yjs_update_refused')).toBe(true);
  });

  test('control: clustering, the spotlight and notes are the writers’ and are taken', async () => {
    const { closedWith, serverDoc } = await writerSends((d) => {
      createCluster(d, { id: 'funding', questionId: q, label: 'Funding', position: 0 }, [ideaId]);
      setSpotlight(d, { kind: 'cluster', id: 'funding' });
      notesText(d, q)?.insert(0, 'The room agreed on pooled funds.');
    });
    expect(closedWith).toBeNull();
    expect(serverDoc).toContain('pooled funds');
    expect(serverDoc).toContain('Funding');
    const rap = await writerSends(
      (d) => notesText(d, q)?.insert(0, 'Rapporteur. '),
      w.rapporteurToken,
    );
    expect(rap.closedWith).toBeNull();
  });

  test('control: the projector wall mode is the writers’; set, then back to the default', async () => {
    const at = () => local.app.rooms.with(w.id, (r) => readWallMode(r.doc));
    expect(at()).toBe('page');
    const set = await writerSends((d) => setWallMode(d, 'newest'));
    expect(set.closedWith).toBeNull();
    expect(at()).toBe('newest');
    const back = await writerSends((d) => setWallMode(d, 'page'), w.rapporteurToken);
    expect(back.closedWith).toBeNull();
    expect(at()).toBe('page');
  });

  test('a load puts every server-owned part back to what the store says', async () => {
    // What an older server (or a bug) may have left in the stored doc: written straight into
    // the update log, as if a writer's update had been accepted before this release.
    const stale = new Y.Doc();
    local.app.rooms.with(w.id, (r) => Y.applyUpdate(stale, Y.encodeStateAsUpdate(r.doc)));
    const sv = Y.encodeStateVector(stale);
    stale.transact(() => {
      planted(stale);
      stale.getMap('workshop').set('title', 'Defaced');
      stale.getMap('workshop').set('chathamHouse', false);
      stale.getMap('workshop').set('extra', 'left over');
      round(stale).set('results', { ideas: [null], clusters: [null], voters: 1 });
      (stale.getMap('ideas').get(ideaId) as Y.Map<unknown>).set('text', 'Rewritten');
    });
    await waitFor(() => !local.app.rooms.isLoaded(w.id), { what: 'the room to unload' });
    local.store.appendUpdate(w.id, Y.encodeStateAsUpdate(stale, sv));
    // Control: what is stored now really holds the damage (the repair below is not vacuous).
    const stored = new Y.Doc();
    const { snapshot, updates } = local.store.docState(w.id);
    if (snapshot) Y.applyUpdate(stored, snapshot);
    for (const u of updates) Y.applyUpdate(stored, u);
    expect(readWorkshop(stored).title).toBe('Defaced');
    expect(readIdeas(stored).map((i) => i.id)).toContain('planted');

    local.app.rooms.with(w.id, (r) => {
      const meta = readWorkshop(r.doc);
      expect(meta.title).toBe('Owned parts');
      expect(meta.chathamHouse).toBe(true);
      expect(r.doc.getMap('workshop').has('extra')).toBe(false);
      expect(readIdeas(r.doc).map((i) => [i.id, i.text])).toStrictEqual([[ideaId, 'Pool funds']]);
      const results = readRounds(r.doc)[0]?.results;
      expect(results?.voters).toBe(0);
      expect(results?.ideas.every((i) => i && typeof i === 'object')).toBe(true);
    });
  });
});

describe('refused writers are turned away', () => {
  test('after three refused updates a token is refused at connect (4529) for a while', async () => {
    const local = await startTestServer();
    try {
      const w = await local.createWorkshop({ title: 'Refusals' });
      for (let i = 0; i < 3; i++) {
        const writer = rawDocClient(local.url, w.id, w.rapporteurToken);
        await writer.synced;
        const before = Y.encodeStateVector(writer.doc);
        writer.doc.getMap('workshop').set('title', `Defaced ${i}`);
        writer.send(syncFrame(Y.encodeStateAsUpdate(writer.doc, before)));
        expect((await writer.closed).code).toBe(4422);
      }
      const turnedAway = rawDocClient(local.url, w.id, w.rapporteurToken);
      expect((await turnedAway.closed).code).toBe(4529);
      // Control: another writer of the same workshop is not affected.
      const other = rawDocClient(local.url, w.id, w.facilitatorToken);
      await other.synced;
      other.close();
    } finally {
      closeClients();
      await local.close();
    }
  });
});

describe('item 8: writers cannot grow the doc without limit', () => {
  let local: TestServer;
  let w: Awaited<ReturnType<TestServer['createWorkshop']>>;
  let q: string;

  beforeAll(async () => {
    local = await startTestServer({ limits: { yjsMaxDoc: 1024 * 1024 } });
    w = await local.createWorkshop({ title: 'Caps' });
    q = w.questions[0]?.id ?? '';
  });
  afterEach(() => closeClients());
  afterAll(async () => {
    closeClients();
    await local?.close();
  });

  async function push(edit: (doc: Y.Doc) => void): Promise<number | null> {
    const writer = rawDocClient(local.url, w.id, w.rapporteurToken);
    await writer.synced;
    const before = Y.encodeStateVector(writer.doc);
    writer.doc.transact(() => edit(writer.doc));
    writer.send(syncFrame(Y.encodeStateAsUpdate(writer.doc, before)));
    writer.send(Uint8Array.from([0, 0, 1, 0]));
    const code = await Promise.race([
      writer.closed.then((c) => c.code),
      new Promise<null>((resolve) =>
        writer.ws.on('message', (d: Buffer) => {
          if (d[0] === 0 && d[1] === 1) resolve(null);
        }),
      ),
    ]);
    writer.close();
    return code;
  }

  test('notes grown past their cap → 4413; up to it they are taken', async () => {
    expect(
      await push((d) => notesText(d, q)?.insert(0, 'n'.repeat(LIMITS.notesText - 10))),
    ).toBeNull();
    expect(await push((d) => notesText(d, q)?.insert(0, 'n'.repeat(20)))).toBe(4413);
    const length = local.app.rooms.with(w.id, (r) => notesText(r.doc, q)?.length);
    expect(length).toBe(LIMITS.notesText - 10);
    // Shortening is always allowed.
    expect(await push((d) => notesText(d, q)?.delete(0, 1000))).toBeNull();
  });

  test('the whole doc past its cap → 4413, and it stays under the cap', async () => {
    let refused: number | null = null;
    for (let i = 0; i < 100 && refused === null; i++) {
      refused = await push((d) => {
        // 200 clusters of full-length labels a push: ~30 KB.
        for (let k = 0; k < 200; k++) {
          createCluster(d, {
            id: `g${i}-${k}`,
            questionId: q,
            label: 'x'.repeat(LIMITS.clusterLabel),
            position: k,
          });
        }
      });
    }
    expect(refused).toBe(4413);
    const size = local.app.rooms.with(w.id, (r) => Y.encodeStateAsUpdate(r.doc).length);
    expect(size).toBeLessThanOrEqual(1024 * 1024);
  });

  test('screen links: at most 20 live per role, revoking frees them', async () => {
    const mint = (role: string) =>
      fetch(`${local.url}/api/workshops/${w.id}/links`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${w.facilitatorToken}`,
        },
        body: JSON.stringify({ role }),
      });
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await mint('rapporteur')).status);
    // The rapporteur link made with the workshop counts: 19 more, then refused.
    expect(statuses.filter((s) => s === 201)).toHaveLength(19);
    const refused = await mint('rapporteur');
    expect(refused.status).toBe(409);
    expect((await refused.json()).error.code).toBe('too_many_links');
    expect((await mint('projector')).status).toBe(201); // per role
    await fetch(`${local.url}/api/workshops/${w.id}/revoke-links`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${w.facilitatorToken}`,
      },
      body: JSON.stringify({ role: 'rapporteur' }),
    });
    expect((await mint('rapporteur')).status).toBe(201);
  });
});
