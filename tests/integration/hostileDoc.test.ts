import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  createCluster,
  LIMITS,
  notesText,
  readIdeas,
  readRounds,
  readWorkshop,
  setSpotlight,
} from '@convene/shared';
import * as encoding from 'lib0/encoding';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { bigArchive } from '../helpers/bigBoard.ts';
import { type ChildServer, startChildServer } from '../helpers/childServer.ts';
import { docContent, MESSAGE_SYNC, rawDocClient, syncFrame } from '../helpers/hardening.ts';
import { probeHealth } from '../helpers/healthProbe.ts';
import {
  closeClients,
  connectSocket,
  emitAck,
  startTestServer,
  type TestServer,
  waitFor,
} from '../helpers/testServer.ts';

/**
 * Availability attacks on the Yjs endpoint, against the real server in its own process (so the
 * attacker's work in this process does not blur what the server's main thread does). Each one
 * measures `/healthz` all along: a server that answers the attack correctly but stalls the room
 * has failed it. `npm run test:soak` (SOAK=1) runs them longer.
 */

const SOAK = Boolean(process.env.SOAK);
const ATTACK_MS = SOAK ? 30_000 : 3_000;
const HEALTH_BUDGET_MS = 100;

let server: ChildServer;
let dataDir: string;
let board: { id: string; joinCode: string; facilitatorToken: string };

async function post<T>(route: string, body: unknown): Promise<T> {
  const res = await fetch(`${server.url}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${route} → ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function participantToken(): Promise<string> {
  return (await post<{ participantToken: string }>('/api/join', { joinCode: board.joinCode }))
    .participantToken;
}

/** A sync step 1 whose state vector names only a client the server never saw, at clock 0. */
function unknownClientSyncRequest(client: number): Uint8Array {
  const sv = encoding.createEncoder();
  encoding.writeVarUint(sv, 1);
  encoding.writeVarUint(sv, client);
  encoding.writeVarUint(sv, 0);
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_SYNC);
  encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep1);
  encoding.writeVarUint8Array(e, encoding.toUint8Array(sv));
  return encoding.toUint8Array(e);
}

/**
 * One attacker: a participant's connection sending `frame` ~80 times a second (under the frame
 * limit), reconnecting whenever the server closes it, until `until`. Counts replies and bytes.
 */
async function attack(
  token: string,
  frame: Uint8Array,
  until: number,
): Promise<{ replies: number; bytes: number; closes: number[] }> {
  const out = { replies: 0, bytes: 0, closes: [] as number[] };
  while (Date.now() < until) {
    const ws = new WebSocket(
      `${server.url.replace(/^http/, 'ws')}/yjs/${board.id}?token=${encodeURIComponent(token)}`,
    );
    ws.on('error', () => {});
    ws.on('message', (data: Buffer) => {
      if (data[0] === MESSAGE_SYNC && data[1] === syncProtocol.messageYjsSyncStep2) {
        out.replies++;
        out.bytes += data.length;
      }
    });
    await new Promise<void>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      ws.on('open', () => {
        timer = setInterval(() => {
          if (Date.now() >= until) ws.close();
          else if (ws.readyState === WebSocket.OPEN) ws.send(frame);
        }, 12);
      });
      ws.on('close', (code) => {
        clearInterval(timer);
        out.closes.push(code);
        resolve();
      });
    });
    // A refused attacker comes straight back, as a script would (y-websocket waits longer).
  }
  return out;
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'convene-hostile-doc-'));
  server = await startChildServer({ dataDir });
  board = await post('/api/workshops/import', bigArchive(2000));
}, 60_000);

afterAll(async () => {
  await server?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('item 1: sync requests cannot make the server encode the board on demand', () => {
  test('a state vector of unknown clients gets the whole board (the reply is correct)', async () => {
    // Positive control: the attack frame is a valid request and the server answers it in full,
    // so the availability test below measures an attack that really reaches the server.
    const token = await participantToken();
    const ws = new WebSocket(
      `${server.url.replace(/^http/, 'ws')}/yjs/${board.id}?token=${encodeURIComponent(token)}`,
    );
    const reply = await new Promise<Buffer>((resolve, reject) => {
      ws.on('error', reject);
      ws.on('open', () => ws.send(unknownClientSyncRequest(987654321)));
      ws.on('message', (data: Buffer) => {
        if (data[0] === MESSAGE_SYNC && data[1] === syncProtocol.messageYjsSyncStep2) {
          resolve(data);
        }
      });
    });
    ws.close();
    const doc = new Y.Doc();
    const decoder = new Uint8Array(reply);
    // Skip the two one-byte varuints (type, sub) and read the update.
    const { readVarUint8Array, createDecoder } = await import('lib0/decoding');
    const d = createDecoder(decoder.subarray(2));
    Y.applyUpdate(doc, readVarUint8Array(d));
    expect(doc.getMap('ideas').size).toBe(2000);
    expect(reply.length).toBeGreaterThan(300_000);
  });

  test(`three participants asking for ${ATTACK_MS / 1000} s: /healthz stays under ${HEALTH_BUDGET_MS} ms, a newcomer still syncs`, async () => {
    const tokens = await Promise.all([participantToken(), participantToken(), participantToken()]);
    const health = probeHealth(server.url);
    const until = Date.now() + ATTACK_MS;
    const results = await Promise.all(
      tokens.map((t, i) => attack(t, unknownClientSyncRequest(987654321 + i), until)),
    );
    // A newcomer joining right after still gets the board.
    const newcomer = rawDocClient(server.url, board.id, await participantToken());
    await newcomer.synced;
    newcomer.close();
    const report = await health.stop();

    const replies = results.reduce((n, r) => n + r.replies, 0);
    const megabytes = results.reduce((n, r) => n + r.bytes, 0) / 1024 / 1024;
    console.info(
      `sync-request flood: ${replies} full replies (${megabytes.toFixed(1)} MB) in ${ATTACK_MS} ms; ` +
        `/healthz max ${report.maxMs.toFixed(1)} ms, p95 ${report.p95Ms.toFixed(1)} ms over ${report.samples} probes; ` +
        `closes ${[...new Set(results.flatMap((r) => r.closes))].join(',')}`,
    );
    expect(newcomer.doc.getMap('ideas').size).toBe(2000);
    expect(report.failures).toBe(0);
    expect(report.samples).toBeGreaterThan(10);
    expect(report.maxMs).toBeLessThan(HEALTH_BUDGET_MS);
    // The replies count against each token's byte budget: the flood is cut to its allowance
    // (24 MiB at once, then 2 MiB a second), far below the probe's 1,792 replies in 10 s.
    const allowanceMb = tokens.length * (24 + 2 * (ATTACK_MS / 1000)) * 1.1;
    expect(megabytes).toBeLessThan(allowanceMb);
    expect(results.flatMap((r) => r.closes)).toContain(4529);
  }, 120_000);
});

describe('item 8: five rapporteur links pushing as fast as they can', () => {
  test(`for ${ATTACK_MS / 1000} s: /healthz stays under ${HEALTH_BUDGET_MS} ms, the doc stays bounded, a cold load is small`, async () => {
    const full = board as typeof board & { rapporteurToken: string };
    const tokens = [full.rapporteurToken];
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${server.url}/api/workshops/${board.id}/links`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${board.facilitatorToken}`,
        },
        body: JSON.stringify({ role: 'rapporteur' }),
      });
      tokens.push(((await res.json()) as { token: string }).token);
    }
    const health = probeHealth(server.url);
    const until = Date.now() + ATTACK_MS;
    const pushed = await Promise.all(
      tokens.map(async (token, n) => {
        let bytes = 0;
        const codes: number[] = [];
        while (Date.now() < until) {
          const writer = rawDocClient(server.url, board.id, token);
          try {
            await writer.synced;
          } catch {
            codes.push((await writer.closed).code);
            continue;
          }
          const notes = writer.doc.getMap('notes');
          const q = [...notes.keys()][n % notes.size] ?? '';
          while (Date.now() < until && writer.ws.readyState === WebSocket.OPEN) {
            const before = Y.encodeStateVector(writer.doc);
            const text = notes.get(q) as Y.Text;
            // Grow, and once near the cap replace: every update carries ~100 KB. Writers
            // sharing a question push it over its cap now and then, and are refused.
            writer.doc.transact(() => {
              if (text.length > 150_000) text.delete(0, text.length);
              text.insert(0, `${n}`.repeat(100_000));
            });
            const update = syncFrame(Y.encodeStateAsUpdate(writer.doc, before));
            bytes += update.length;
            await new Promise<void>((resolve) => writer.ws.send(update, () => resolve()));
          }
          writer.close();
          codes.push((await writer.closed).code);
        }
        return { bytes, codes };
      }),
    );
    // A participant joining now receives the whole doc in one frame.
    const frames: number[] = [];
    const newcomer = rawDocClient(server.url, board.id, await participantToken());
    newcomer.ws.on('message', (d: Buffer) => frames.push(d.length));
    await newcomer.synced;
    newcomer.close();
    const report = await health.stop();
    const sentMb = pushed.reduce((n, p) => n + p.bytes, 0) / 1024 / 1024;
    console.info(
      `doc growth: 5 rapporteurs sent ${sentMb.toFixed(1)} MB in ${ATTACK_MS} ms; ` +
        `/healthz max ${report.maxMs.toFixed(1)} ms over ${report.samples} probes; ` +
        `largest frame to a newcomer ${(Math.max(...frames) / 1024).toFixed(0)} KB; ` +
        `closes ${[...new Set(pushed.flatMap((p) => p.codes))].join(',')}`,
    );
    expect(sentMb).toBeGreaterThan(5); // the attack really pushed
    expect(report.failures).toBe(0);
    expect(report.maxMs).toBeLessThan(HEALTH_BUDGET_MS);
    expect(Math.max(...frames)).toBeLessThan(16 * 1024 * 1024);
  }, 120_000);
});

describe('item 6: writers write only their own parts of the doc', () => {
  let local: TestServer;
  let w: Awaited<ReturnType<TestServer['createWorkshop']>>;
  let q: string;
  let ideaId: string;

  beforeAll(async () => {
    local = await startTestServer({ unloadDelayMs: 0 });
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
