import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  type CreatedWorkshopWithSeries,
  type Joined,
  type NameCheckReply,
  type NameDecisionReply,
  type PaperGenerateReply,
  type RedactReply,
  readBriefDraft,
  readIdeas,
  readQuestions,
  readTimer,
  readWorkshop,
  setWorkshopSeries,
  type UndoRedactReply,
} from '@convene/shared';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { inPipeline } from '../../server/src/commands/commandBus.ts';
import type { DocPeer, Room } from '../../server/src/sync/room.ts';
import { type ChildServer, freePort, startChildServer } from '../helpers/childServer.ts';
import { FINANCING, type RanWorkshop, runWorkshop } from '../helpers/runWorkshop.ts';
import { seriesFromFixture } from '../helpers/seriesFixture.ts';
import { watchStoreWrites } from '../helpers/storeWrites.ts';
import {
  closeClients,
  connectDoc,
  connectSocket,
  emitAck,
  startTestServer,
  type TestServer,
  waitFor,
} from '../helpers/testServer.ts';

/**
 * Issue 16, item 1: every change the server makes to a workshop's doc is made by the write
 * pipeline (commandBus.ts commitAndProject: commit, then project, then reply). The only other
 * changes a live doc may see are the writers' own Yjs updates (their origin is their peer).
 * Each server-side writer is driven here while the room's doc is watched; a writer that
 * changed the doc by hand, outside the pipeline, is named in `outside`.
 */

let server: TestServer;
let ws: RanWorkshop;

/** Counts the room's doc changes per step, and those made outside any pipeline run. */
function watch(room: Room) {
  let step = '';
  const seen = new Map<string, number>();
  const outside: string[] = [];
  room.doc.on('update', (_update: Uint8Array, origin: unknown) => {
    seen.set(step, (seen.get(step) ?? 0) + 1);
    if (inPipeline(room) || room.peers.has(origin as DocPeer)) return;
    if (!outside.includes(step)) outside.push(step);
  });
  return {
    outside,
    async step(name: string, run: () => Promise<void>) {
      step = name;
      await run();
      // Positive control: the step changed the doc, so the check above was put to work.
      expect(seen.get(name) ?? 0, `${name} changed the doc`).toBeGreaterThan(0);
      step = '';
    },
  };
}

const call = (method: string, path: string, token: string, body?: unknown) =>
  fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

beforeAll(async () => {
  server = await startTestServer({ unloadDelayMs: 60_000 });
  // The financing workshop as it was: its ideas and notes quote participants by name.
  ws = await runWorkshop(server, { ...FINANCING, series: undefined });
});

afterAll(async () => {
  closeClients();
  await server.close();
});

describe('the write pipeline', () => {
  test('brief generation, redaction and its undo, and a series attached, renamed and detached change the doc only through it', async () => {
    const id = ws.created.id;
    const token = ws.created.rapporteurToken;
    const room = server.app.rooms.acquire(id);
    try {
      const w = watch(room);

      await w.step('brief generation', async () => {
        expect((await call('POST', `/api/workshops/${id}/brief`, token, {})).status).toBe(200);
      });
      let redactionId: string | null = null;
      await w.step('redaction', async () => {
        const res = await call('POST', `/api/workshops/${id}/redact`, token, {});
        expect(res.status).toBe(200);
        const body = (await res.json()) as RedactReply;
        // Ideas (rows, projected), notes and the draft (the doc's own parts) alike.
        expect(body.redacted).toBeGreaterThanOrEqual(3);
        redactionId = body.redactionId;
      });
      // A client that connects after the reply sees the replacement.
      const late = await connectDoc(server.url, id, token);
      expect(readIdeas(late.doc).some((i) => i.text.startsWith('As a participant said'))).toBe(
        true,
      );
      await w.step('undo of the redaction', async () => {
        const res = await call('POST', `/api/workshops/${id}/redact/undo`, token, {
          id: redactionId,
        });
        expect(res.status).toBe(200);
        expect(((await res.json()) as UndoRedactReply).restored).toBeGreaterThan(0);
      });

      const other = (await server.createWorkshop({
        title: 'Partnerships',
        series: 'Applying Sustaining Peace',
      })) as CreatedWorkshopWithSeries;
      const series = other.series;
      const seriesToken = series?.token ?? '';
      await w.step('series attach', async () => {
        const res = await call('POST', `/api/series/${series?.id}/workshops`, seriesToken, {
          facilitatorToken: ws.created.facilitatorToken,
        });
        expect(res.status).toBe(200);
        expect(readWorkshop(room.doc).series).toBe('Applying Sustaining Peace');
      });
      await w.step('series rename', async () => {
        const res = await call('PATCH', `/api/series/${series?.id}`, seriesToken, {
          name: 'Sustaining Peace',
        });
        expect(res.status).toBe(200);
        expect(readWorkshop(room.doc).series).toBe('Sustaining Peace');
      });
      await w.step('series detach', async () => {
        const res = await call('DELETE', `/api/series/${series?.id}/workshops/${id}`, seriesToken);
        expect(res.status).toBe(200);
        expect(readWorkshop(room.doc).series).toBeNull();
      });

      expect(w.outside).toEqual([]);
      // Control: a change made by hand, outside the pipeline, is caught.
      await w.step('by hand', async () => setWorkshopSeries(room.doc, 'By hand'));
      expect(w.outside).toEqual(['by hand']);
    } finally {
      server.app.rooms.release(room);
    }
  });

  test("the timer's auto-advance changes the doc only through it", async () => {
    const created = await server.createWorkshop({ title: 'Timed' });
    const questionId = created.questions[0]?.id as string;
    const facilitator = await connectSocket(server.url, created.facilitatorToken);
    const room = server.app.rooms.acquire(created.id);
    try {
      const w = watch(room);
      await w.step('phase and timer (commands)', async () => {
        const set = await emitAck(facilitator, 'phase:set', { questionId, phase: 'submit' });
        expect(set.ok).toBe(true);
        const started = await emitAck(facilitator, 'timer:start', {
          durationSeconds: 1,
          autoAdvance: true,
        });
        expect(started.ok).toBe(true);
      });
      await w.step('auto-advance', async () => {
        await waitFor(() => readQuestions(room.doc)[0]?.phase === 'cluster', {
          docs: [room.doc],
          what: 'the timer to move submit → cluster',
        });
        await waitFor(() => readTimer(room.doc).status === 'idle', { docs: [room.doc] });
      });
      expect(w.outside).toEqual([]);
      // A client that connects now sees where the timer left the question.
      const late = await connectDoc(server.url, created.id, created.facilitatorToken);
      expect(readQuestions(late.doc)[0]?.phase).toBe('cluster');
      expect(server.store.question(created.id, questionId)?.phase).toBe('cluster');
    } finally {
      server.app.rooms.release(room);
    }
    expect(server.errors()).toStrictEqual([]);
  });

  test('a redaction the store refuses is answered as a command is (503 storage_unavailable), and changes nothing', async () => {
    const id = ws.created.id;
    const token = ws.created.rapporteurToken;
    const ideaTexts = () => readIdeas(ws.rapporteurDoc.doc).map((i) => i.text);
    const before = ideaTexts();
    // Positive control: there is something to replace (the first test put the names back).
    expect(before.some((t) => t.includes('Søren'))).toBe(true);
    const room = server.app.rooms.acquire(id);
    try {
      const w = watch(room);
      server.store.db.pragma('query_only = ON'); // SQLite now refuses every write
      try {
        const res = await call('POST', `/api/workshops/${id}/redact`, token, {});
        expect(res.status).toBe(503);
        expect(res.headers.get('retry-after')).toBe('5');
        expect(await res.json()).toMatchObject({ error: { code: 'storage_unavailable' } });
      } finally {
        server.store.db.pragma('query_only = OFF');
      }
      expect(w.outside).toEqual([]);
      expect(ideaTexts()).toEqual(before);
      expect(server.errors().map((e) => e.event)).toContain('command_store_failed');
    } finally {
      server.app.rooms.release(room);
    }
  });
});

describe('the write pipeline under kill -9', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'convene-pipeline-'));
  const children: ChildServer[] = [];
  afterAll(async () => {
    closeClients();
    for (const c of children) await c.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const post = async <T>(url: string, body: object, token?: string): Promise<T> => {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${url} → ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };

  test('a generated draft, a redaction and an auto-advance answered before the kill are all there after it', async () => {
    const port = await freePort();
    const first = await startChildServer({ dataDir, port });
    children.push(first);
    const url = first.url;
    const w = await post<CreatedWorkshopWithSeries>(`${url}/api/workshops`, {
      title: 'Killed',
      questions: [{ prompt: 'What funds peacebuilding?' }, { prompt: 'Who acts first?' }],
    });
    const [q1, q2] = w.questions.map((q) => q.id) as [string, string];
    const soren = await post<Joined>(`${url}/api/join`, {
      joinCode: w.joinCode,
      name: 'Søren Vikstrøm',
    });
    const facilitator = await connectSocket(url, w.facilitatorToken);
    const participant = await connectSocket(url, soren.participantToken);
    expect((await emitAck(facilitator, 'phase:set', { questionId: q1, phase: 'submit' })).ok).toBe(
      true,
    );
    const text = 'As Søren said, debt swaps could fund national peacebuilding priorities.';
    expect((await emitAck(participant, 'idea:submit', { questionId: q1, text })).ok).toBe(true);
    // Each of these is acknowledged (HTTP 200), then the process dies at once.
    await post(`${url}/api/workshops/${w.id}/brief`, {}, w.rapporteurToken);
    const redacted = await post<RedactReply>(
      `${url}/api/workshops/${w.id}/redact`,
      {},
      w.rapporteurToken,
    );
    expect(redacted.redacted).toBeGreaterThanOrEqual(1);
    // The timer's auto-advance has no reply: a watching client seeing it is its "reply".
    const watcher = await connectDoc(url, w.id, w.facilitatorToken);
    expect((await emitAck(facilitator, 'phase:set', { questionId: q2, phase: 'submit' })).ok).toBe(
      true,
    );
    expect(
      (await emitAck(facilitator, 'timer:start', { durationSeconds: 1, autoAdvance: true })).ok,
    ).toBe(true);
    await waitFor(() => readQuestions(watcher.doc)[1]?.phase === 'cluster', {
      docs: [watcher.doc],
      what: 'the timer to move submit → cluster',
    });
    await first.kill9();
    closeClients();

    const second = await startChildServer({ dataDir, port });
    children.push(second);
    const fresh = await connectDoc(second.url, w.id, w.rapporteurToken);
    const ideas = readIdeas(fresh.doc);
    expect(ideas.map((i) => i.text)).toEqual([
      'As a participant said, debt swaps could fund national peacebuilding priorities.',
    ]);
    expect(Object.keys(readBriefDraft(fresh.doc)).length).toBeGreaterThan(0);
    expect(JSON.stringify(readBriefDraft(fresh.doc))).not.toContain('Søren');
    expect(readQuestions(fresh.doc)[1]?.phase).toBe('cluster');
    expect(readTimer(fresh.doc).status).toBe('idle');
  });
});

describe('store writes', () => {
  const ADMIN = 'admin-token-for-the-write-pipeline-0123456789';
  let local: TestServer;
  beforeAll(async () => {
    local = await startTestServer({ adminToken: ADMIN, unloadDelayMs: 0 });
  });
  afterAll(async () => {
    closeClients();
    await local.close();
  });

  /** Sends a request and checks its status; returns the body. */
  const send = async <T = Record<string, unknown>>(
    method: string,
    path: string,
    token: string | null,
    status: number,
    body?: unknown,
  ): Promise<T> => {
    const res = await fetch(`${local.url}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        'content-type': 'application/json',
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    expect(res.status, `${method} ${path}: ${text}`).toBe(status);
    return (res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : {}) as T;
  };

  test('every HTTP action and socket command writes the store only inside a pipeline run; the exceptions are the listed ones', async () => {
    const writes = watchStoreWrites(local.store.db);
    try {
      const { step } = writes;
      const rowCount = () =>
        (local.store.db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;

      // A workshop in a new series, joined, a link minted, and a whole workshop run over sockets.
      const made = await step('workshop created in a series', () =>
        local.createWorkshop({ title: 'Mediation', series: 'Write pipeline series' }),
      );
      const seriesToken = (made as CreatedWorkshopWithSeries).series?.token ?? '';
      const seriesId = (made as CreatedWorkshopWithSeries).series?.id ?? '';
      const joined = await step('join', () => local.join(made.joinCode, 'Zanele Okafor'));
      await step('link minted', () =>
        send('POST', `/api/workshops/${made.id}/links`, made.facilitatorToken, 201, {
          role: 'projector',
        }),
      );
      const ran = await step('a workshop run over sockets', () =>
        runWorkshop(local, { ...FINANCING, series: undefined }),
      );
      await step('workshop details', () =>
        send('PATCH', `/api/workshops/${ran.created.id}`, ran.created.facilitatorToken, 200, {
          context: 'Written through the pipeline',
        }),
      );
      await step('brief generated and exported', async () => {
        await send(
          'POST',
          `/api/workshops/${ran.created.id}/brief`,
          ran.created.rapporteurToken,
          200,
          {},
        );
        await send(
          'POST',
          `/api/workshops/${ran.created.id}/redact`,
          ran.created.rapporteurToken,
          200,
          {},
        );
        await send(
          'GET',
          `/api/workshops/${ran.created.id}/export?format=md`,
          ran.created.rapporteurToken,
          200,
        );
      });

      // The series: its link, settings, plan, a workshop from a topic, links, consolidation.
      await step('series link for the administrator', () =>
        send('POST', '/api/series', ADMIN, 200, { name: 'Write pipeline series' }),
      );
      await step('series created', () =>
        send('POST', '/api/series', ADMIN, 201, { name: 'Another series' }),
      );
      await step('series settings', () =>
        send('PATCH', `/api/series/${seriesId}`, seriesToken, 200, {
          name: 'Write pipeline series, renamed',
          organisers: ['UNDP', 'PBSO'],
        }),
      );
      const plan = await step('topic added', () =>
        send<{ topics: { id: string }[] }>(
          'POST',
          `/api/series/${seriesId}/topics`,
          seriesToken,
          201,
          {
            title: 'Partnerships',
            questions: ['Who acts first?'],
          },
        ),
      );
      const topicId = plan.topics[0]?.id ?? '';
      await step('topic edited', () =>
        send('PATCH', `/api/series/${seriesId}/topics/${topicId}`, seriesToken, 200, {
          host: 'PBSO',
        }),
      );
      await step('workshop from a topic', () =>
        send('POST', `/api/series/${seriesId}/topics/${topicId}/workshop`, seriesToken, 201, {}),
      );
      await step('series link minted for a workshop', () =>
        send('POST', `/api/series/${seriesId}/workshops/${made.id}/links`, seriesToken, 201, {
          role: 'rapporteur',
        }),
      );
      await step('workshop attached and detached', async () => {
        await send('POST', `/api/series/${seriesId}/workshops`, seriesToken, 200, {
          facilitatorToken: ran.created.facilitatorToken,
        });
        await send(
          'DELETE',
          `/api/series/${seriesId}/workshops/${ran.created.id}`,
          seriesToken,
          200,
        );
      });
      const fixture = await step('series imported', () =>
        seriesFromFixture(local.url, { adminToken: ADMIN, count: 2, plan: true }),
      );
      await step('consolidation', () =>
        send('POST', `/api/series/${fixture.id}/consolidation`, fixture.token, 201, {
          perQuestion: 1,
        }),
      );

      // The series paper: generated, edited, a name decided, undecided and replaced.
      const paperPath = `/api/series/${seriesId}/paper`;
      const paper = await step('paper generated', () =>
        send<PaperGenerateReply>('POST', `${paperPath}/generate`, seriesToken, 200, {}),
      );
      const section = paper.sections[0];
      if (!section) throw new Error('the paper has no section');
      await step('paper edited', () =>
        send('PUT', `${paperPath}/sections/${section.key}`, seriesToken, 200, {
          text: `${section.text}\n\nAs Zanele said, the series mattered.`,
          version: section.version,
        }),
      );
      const check = await send<NameCheckReply>('GET', `${paperPath}/name-check`, seriesToken, 200);
      const zanele = check.findings.find((f) => f.match === 'Zanele');
      expect(zanele).toBeDefined();
      const decided = await step('paper name decided', () =>
        send<NameDecisionReply>('POST', `${paperPath}/name-decisions`, seriesToken, 200, {
          ids: [zanele?.id],
        }),
      );
      await step('paper name undecided', () =>
        send(
          'DELETE',
          `${paperPath}/name-decisions/${decided.check.decisions[0]?.id}`,
          seriesToken,
          200,
        ),
      );
      await step('paper redacted', () =>
        send('POST', `${paperPath}/redact`, seriesToken, 200, { names: ['Zanele'] }),
      );

      // Access and retention.
      await step('participant removed', () =>
        send('POST', `/api/workshops/${made.id}/remove-participant`, made.facilitatorToken, 200, {
          participantId: joined.participantId,
        }),
      );
      await step('links revoked', () =>
        send('POST', `/api/workshops/${made.id}/revoke-links`, made.facilitatorToken, 200, {
          role: 'projector',
        }),
      );
      await step('names purged', () =>
        send(
          'POST',
          `/api/workshops/${ran.created.id}/purge-names`,
          ran.created.facilitatorToken,
          200,
          {},
        ),
      );
      await step('workshop deleted', () =>
        send('DELETE', `/api/workshops/${made.id}`, made.facilitatorToken, 200),
      );
      closeClients();

      expect(writes.unexplained()).toEqual([]);
      // Positive controls: the watch saw the pipeline's writes' absence for a reason (writers'
      // updates and compaction are in the log, explained), and a write by hand is caught.
      expect(writes.outside.map((w) => w.reason)).toContain(
        "a writer's Yjs update (Room.applyPeerUpdate)",
      );
      const before = rowCount();
      await step('by hand', async () =>
        local.store.revokeRoleTokens(ran.created.id, 'projector', 'now'),
      );
      expect(rowCount()).toBeGreaterThan(before);
      expect(writes.unexplained()).toEqual([
        'by hand: UPDATE tokens SET revoked_at = ? WHERE workshop_id = ? AND role = ? AND revoked_at IS NULL',
      ]);
    } finally {
      writes.stop();
    }
    expect(local.errors()).toStrictEqual([]);
  }, 120_000);

  test("a paper's generation the store refuses is answered as a command is (503 storage_unavailable), and changes nothing", async () => {
    const made = await send<{ id: string; token: string }>('POST', '/api/series', ADMIN, 201, {
      name: 'Refused paper series',
    });
    const paperPath = `/api/series/${made.id}/paper`;
    local.store.db.pragma('query_only = ON'); // SQLite now refuses every write
    try {
      const res = await fetch(`${local.url}${paperPath}/generate`, {
        method: 'POST',
        headers: { authorization: `Bearer ${made.token}`, 'content-type': 'application/json' },
        body: '{}',
      });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(await res.json()).toMatchObject({ error: { code: 'storage_unavailable' } });
    } finally {
      local.store.db.pragma('query_only = OFF');
    }
    expect((await send<PaperGenerateReply>('GET', paperPath, made.token, 200)).sections).toEqual(
      [],
    );
    // (A room unloading meanwhile may log its refused compaction too.)
    expect(local.errors().map((e) => e.event)).toContain('command_store_failed');
    local.logs.splice(0);
    // Positive control: with the store back, the same request writes the paper.
    const paper = await send<PaperGenerateReply>(
      'POST',
      `${paperPath}/generate`,
      made.token,
      200,
      {},
    );
    expect(paper.sections.length).toBeGreaterThan(0);
  });
});
