import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CreatedWorkshop, readBoard, readIdeas, readQuestions } from '@convene/shared';
import express from 'express';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import type { Authenticator } from '../../server/src/auth/authenticator.ts';
import { createBoardSnapshotRouter } from '../../server/src/http/boardSnapshotRoute.ts';
import type { Store } from '../../server/src/store/store.ts';
import type { RoomRegistry } from '../../server/src/sync/room.ts';
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
 * `GET /api/workshops/:id/board` (issue 18): the board a screen draws its first frame from is
 * exactly what its own Yjs replica reads, for every role — so a participant never gets from it
 * what the doc would not give them (another's hidden idea above all).
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

const ok = (r: AckReply) => {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r;
};

const boardFor = (workshopId: string, token: string | null) =>
  fetch(`${server.url}/api/workshops/${workshopId}/board`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });

/** Ideas in id order: the JSON lists them as the server's doc holds them, a replica may differ. */
const sorted = (board: ReturnType<typeof readBoard>) => ({
  ...board,
  ideas: [...board.ideas].sort((a, b) => a.id.localeCompare(b.id)),
});

async function hiddenRoom(): Promise<{
  w: CreatedWorkshop;
  tokens: Record<string, string>;
  secret: string;
  shown: string;
}> {
  const w = await server.createWorkshop();
  const q = w.questions[0]?.id ?? '';
  const fac = await connectSocket(server.url, w.facilitatorToken);
  const [alice, bob] = await Promise.all([
    server.join(w.joinCode, 'Alice Ashdown'),
    server.join(w.joinCode, 'Bob Brightwater'),
  ]);
  const aliceSocket = await connectSocket(server.url, alice.participantToken);
  ok(await emitAck(fac, 'phase:set', { questionId: q, phase: 'submit' }));
  const shown = 'An open idea everyone may read';
  ok(await emitAck(aliceSocket, 'idea:submit', { questionId: q, text: shown }));
  ok(await emitAck(fac, 'question:mode', { questionId: q, mode: 'hidden' }));
  const secret = 'SECRET-hidden-idea-for-the-snapshot-test';
  ok(await emitAck(aliceSocket, 'idea:submit', { questionId: q, text: secret }));
  return {
    w,
    tokens: {
      alice: alice.participantToken,
      bob: bob.participantToken,
      projector: w.projectorToken,
      facilitator: w.facilitatorToken,
      rapporteur: w.rapporteurToken,
    },
    secret,
    shown,
  };
}

describe('the board as JSON', () => {
  test("is what each role's own replica reads, and holds no hidden idea, not even for its author", async () => {
    const { w, tokens, secret, shown } = await hiddenRoom();
    for (const [who, token] of Object.entries(tokens)) {
      const replica = await connectDoc(server.url, w.id, token);
      await waitFor(() => readQuestions(replica.doc)[0]?.hiddenCount === 1, {
        docs: [replica.doc],
        what: `hidden count on ${who}'s replica`,
      });
      const res = await boardFor(w.id, token);
      expect(res.status, who).toBe(200);
      const text = await res.text();
      // Positive control: the open idea is there…
      expect(text, who).toContain(shown);
      // …the hidden one is not, nor its author's name.
      expect(text, who).not.toContain(secret);
      expect(text, who).not.toContain('Alice');
      expect(sorted(JSON.parse(text)), who).toEqual(sorted(readBoard(replica.doc)));
      replica.close();
    }
  });

  test('follows the doc: a change is in the next answer', async () => {
    const { w, tokens } = await hiddenRoom();
    const first = (await (await boardFor(w.id, tokens.bob ?? '')).json()) as {
      ideas: unknown[];
    };
    const fac = await connectSocket(server.url, w.facilitatorToken);
    const q = w.questions[0]?.id ?? '';
    ok(await emitAck(fac, 'ideas:reveal', { questionId: q }));
    const bob = await connectDoc(server.url, w.id, tokens.bob ?? '');
    await waitFor(() => readIdeas(bob.doc).length === first.ideas.length + 1, {
      docs: [bob.doc],
    });
    const after = (await (await boardFor(w.id, tokens.bob ?? '')).json()) as {
      ideas: unknown[];
    };
    expect(after.ideas).toHaveLength(first.ideas.length + 1);
  });

  test('is sent compressed to a client that accepts it', async () => {
    const { w, tokens } = await hiddenRoom();
    const res = await boardFor(w.id, tokens.projector ?? '');
    // (fetch asks for gzip and unpacks it.)
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(((await res.json()) as { ideas: unknown[] }).ideas.length).toBeGreaterThan(0);
  });

  test('needs a token of that workshop', async () => {
    const { w, tokens } = await hiddenRoom();
    const other = await server.createWorkshop();
    expect((await boardFor(w.id, null)).status).toBe(401);
    expect((await boardFor(w.id, 'not-a-token-at-all-0000000000')).status).toBe(401);
    expect((await boardFor(other.id, tokens.bob ?? '')).status).toBe(403);
    expect((await boardFor('bad%20id', tokens.bob ?? '')).status).toBe(403);
    const body = (await (await boardFor(other.id, tokens.bob ?? '')).json()) as {
      error: { code: string };
    };
    expect(body.error.code).toBe('forbidden');
  });
});

describe('a board too big to snapshot cheaply', () => {
  test('gets 204 No Content (the screen reads its replica as before); a small one gets its JSON', async () => {
    const doc = new Y.Doc();
    const room = { docBytes: 0, doc };
    const app = express();
    app.use(
      '/api',
      createBoardSnapshotRouter({
        store: { workshop: () => ({}) } as unknown as Store,
        auth: {
          fromToken: (t: unknown) =>
            t === 'tok' ? { workshopId: 'w1', role: 'projector', tokenHash: 'h' } : null,
        } as unknown as Authenticator,
        rooms: {
          with: (_id: string, fn: (r: typeof room) => unknown) => fn(room),
        } as unknown as RoomRegistry,
        maxDocBytes: 1000,
      }),
    );
    const httpServer = http.createServer(app);
    await new Promise<void>((r) => httpServer.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}/api/workshops/w1/board`;
    try {
      room.docBytes = 999;
      const small = await fetch(url, { headers: { authorization: 'Bearer tok' } });
      expect(small.status).toBe(200);
      expect(await small.json()).toEqual(JSON.parse(JSON.stringify(readBoard(doc))));
      room.docBytes = 1001;
      const big = await fetch(url, { headers: { authorization: 'Bearer tok' } });
      expect(big.status).toBe(204);
    } finally {
      await new Promise((r) => httpServer.close(r));
    }
  });
});
