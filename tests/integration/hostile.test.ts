import net from 'node:net';
import { gzipSync } from 'node:zlib';
import type { CreatedWorkshop, Joined } from '@convene/shared';
import { ERROR_CODES, hasNoncharacters, LIMITS, readIdeas } from '@convene/shared';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { setRenderJobTimeout } from '../../server/src/export/renderPool.ts';
import { notesOf } from '../helpers/docParts.ts';
import { largeArchive } from '../helpers/fixtureBoard.ts';
import {
  docContent,
  harmfulCorruption,
  rawDocClient,
  storeDigest,
  syncFrame,
  updateWithMissingParent,
  zipEntries,
} from '../helpers/hardening.ts';
import {
  closeClients,
  connectDoc,
  connectSocket,
  type DocClient,
  emitAck,
  startTestServer,
  type TestServer,
  yjsRoundTrip,
} from '../helpers/testServer.ts';
import { docxParagraphs } from '../helpers/unzip.ts';
import { xmlProblems } from '../helpers/xmlCheck.ts';

/**
 * Hostile input at every door: HTTP bodies, query strings and path parameters, socket
 * commands, Yjs frames, and the exports fed with what a hostile participant or writer can put
 * in. Every case asserts the same four things: a clear error code (an HTTP/ack code, or a
 * WebSocket close code), the server alive, no state changed (every table, and the live doc),
 * and honest clients unaffected (still connected, still answered, still in sync).
 */

let server: TestServer;
let w: CreatedWorkshop;
let other: CreatedWorkshop;
let q1: string;
let alice: Joined;
let aliceSocket: Socket;
/** Honest people in the room, answered after every case (in turn: each has its own budget). */
const honest: Socket[] = [];
let checks = 0;
let aliceDoc: DocClient;
let facSocket: Socket;
let facDoc: DocClient;
let honestIdea: { ideaId: string; commandId: string };
const attackers: Joined[] = [];
const writerTokens: string[] = [];
let otherIdea: string;

const nextAttacker = (): Joined => {
  const a = attackers.pop();
  if (!a) throw new Error('out of attacker tokens');
  return a;
};
const nextWriter = (): string => {
  const t = writerTokens.pop();
  if (!t) throw new Error('out of writer tokens');
  return t;
};

beforeAll(async () => {
  server = await startTestServer();
  w = await server.createWorkshop({ title: 'Hostile input' });
  other = await server.createWorkshop({ title: 'Another workshop' });
  q1 = w.questions[0]?.id ?? '';
  alice = await server.join(w.joinCode, 'alice');
  for (let i = 0; i < 24; i++) attackers.push(await server.join(w.joinCode, `mallory${i}`));
  for (let i = 0; i < 10; i++) {
    const res = await fetch(`${server.url}/api/workshops/${w.id}/links`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${w.facilitatorToken}`,
      },
      body: JSON.stringify({ role: 'rapporteur' }),
    });
    writerTokens.push(((await res.json()) as { token: string }).token);
  }
  facSocket = await connectSocket(server.url, w.facilitatorToken);
  expect((await emitAck(facSocket, 'phase:set', { questionId: q1, phase: 'submit' })).ok).toBe(
    true,
  );
  aliceSocket = await connectSocket(server.url, alice.participantToken);
  honest.push(aliceSocket);
  for (const name of ['bob', 'carol', 'dave', 'erin']) {
    honest.push(
      await connectSocket(server.url, (await server.join(w.joinCode, name)).participantToken),
    );
  }
  aliceDoc = await connectDoc(server.url, w.id, alice.participantToken);
  facDoc = await connectDoc(server.url, w.id, w.facilitatorToken);
  const commandId = 'honest-command-0001';
  const ack = await emitAck(aliceSocket, 'idea:submit', {
    questionId: q1,
    text: 'An honest idea',
    commandId,
  });
  honestIdea = { ideaId: String(ack.ideaId), commandId };
  const otherFac = await connectSocket(server.url, other.facilitatorToken);
  const oq = other.questions[0]?.id ?? '';
  await emitAck(otherFac, 'phase:set', { questionId: oq, phase: 'submit' });
  otherIdea = String(
    (await emitAck(otherFac, 'idea:submit', { questionId: oq, text: 'x' })).ideaId,
  );
  otherFac.disconnect();
});

afterAll(async () => {
  closeClients();
  await server?.close();
});

// ---------------------------------------------------------------------------------------------
// The four assertions

const liveDoc = () => server.app.rooms.with(w.id, (room) => docContent(room.doc));
/** The Yjs tables are compared through the live doc (a compaction rewrites them, same content). */
const digest = () => storeDigest(server.store.db, { exclude: ['yjs_updates', 'yjs_snapshots'] });

interface Before {
  store: string;
  doc: string;
  errors: number;
}

function snapshot(): Before {
  return { store: digest().hash, doc: liveDoc(), errors: server.errors().length };
}

async function expectUnharmed(before: Before): Promise<void> {
  // Server alive.
  const health = await fetch(`${server.url}/healthz`);
  expect(health.status).toBe(200);
  // No state changed.
  expect(digest().hash).toBe(before.store);
  expect(liveDoc()).toBe(before.doc);
  // Nothing worse than a warning was logged.
  expect(server.errors().slice(before.errors)).toStrictEqual([]);
  // Honest clients unaffected: connected, answered, in sync.
  for (const s of honest) expect(s.connected).toBe(true);
  const turn = honest[checks++ % honest.length] as Socket;
  expect(await emitAck(turn, 'clock:sync', {})).toMatchObject({ ok: true });
  for (const d of [aliceDoc, facDoc]) {
    expect(d.provider.wsconnected).toBe(true);
    await yjsRoundTrip(d.provider);
    expect(docContent(d.doc)).toBe(before.doc);
  }
}

interface Case {
  name: string;
  /** Runs the attack; returns the error code the attacker was answered with. */
  attack: () => Promise<string | number>;
  expected: string | number;
}

function runCases(cases: Case[]): void {
  test.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const before = snapshot();
    const code = await c.attack();
    expect(code).toBe(c.expected);
    await expectUnharmed(before);
  });
}

// ---------------------------------------------------------------------------------------------
// HTTP

async function httpCode(res: Response): Promise<string> {
  const text = await res.text();
  expect(res.headers.get('content-type') ?? '').toMatch(/application\/json/);
  const body = JSON.parse(text) as { error: { code: string; message: string } };
  expect(Object.keys(body)).toStrictEqual(['error']);
  expect(ERROR_CODES).toContain(body.error.code);
  expect(body.error.message.length).toBeGreaterThan(0);
  expect(text).not.toMatch(/\bat .+\.(ts|js):\d+|node_modules|SQLITE|SyntaxError/);
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  return body.error.code;
}

const post = (path: string, body: string | Buffer, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
const asFac = () => ({ authorization: `Bearer ${w.facilitatorToken}` });

describe('HTTP bodies', () => {
  runCases([
    {
      name: 'broken JSON → invalid_json',
      attack: async () => httpCode(await post('/api/workshops', '{"title": "x", ')),
      expected: 'invalid_json',
    },
    {
      name: 'broken JSON on join → invalid_json',
      attack: async () => httpCode(await post('/api/join', '{joinCode:}')),
      expected: 'invalid_json',
    },
    {
      name: 'a JSON null body → invalid_json',
      attack: async () => httpCode(await post('/api/workshops', 'null')),
      expected: 'invalid_json',
    },
    {
      name: 'wrong types (title a number, questions a string) → invalid_payload',
      attack: async () =>
        httpCode(await post('/api/workshops', JSON.stringify({ title: 7, questions: 'many' }))),
      expected: 'invalid_payload',
    },
    {
      name: 'an array body → invalid_payload',
      attack: async () => httpCode(await post('/api/workshops', '[1,2,3]')),
      expected: 'invalid_payload',
    },
    {
      name: 'a body over 256 KB → payload_too_large',
      attack: async () =>
        httpCode(
          await post(
            '/api/workshops',
            JSON.stringify({ title: 'x'.repeat(300_000), questions: [{ prompt: 'p' }] }),
          ),
        ),
      expected: 'payload_too_large',
    },
    {
      name: 'a gzip bomb (10 MB of zeros in 10 KB) → payload_too_large',
      attack: async () =>
        httpCode(
          await post('/api/join', gzipSync(Buffer.alloc(10 * 1024 * 1024, 0x20)), {
            'content-encoding': 'gzip',
          }),
        ),
      expected: 'payload_too_large',
    },
    {
      name: '100,000 levels of nesting → invalid_payload',
      attack: async () =>
        httpCode(
          await post(
            '/api/workshops',
            `{"title":"x","questions":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
          ),
        ),
      expected: 'invalid_payload',
    },
    {
      name: '__proto__ in the body → invalid_payload, and no prototype is polluted',
      attack: async () => {
        const code = await httpCode(
          await post(
            '/api/workshops',
            '{"title":"x","questions":[{"prompt":"p"}],"__proto__":{"polluted":true}}',
          ),
        );
        expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
        return code;
      },
      expected: 'invalid_payload',
    },
    {
      name: 'constructor.prototype in a nested object → invalid_payload',
      attack: async () =>
        httpCode(
          await post(
            '/api/workshops',
            '{"title":"x","questions":[{"prompt":"p","constructor":{"prototype":{"polluted":1}}}]}',
          ),
        ),
      expected: 'invalid_payload',
    },
    {
      name: 'JSON sent as text/plain (a cross-site form) → invalid_payload',
      attack: async () =>
        httpCode(
          await post('/api/join', JSON.stringify({ joinCode: w.joinCode }), {
            'content-type': 'text/plain',
          }),
        ),
      expected: 'invalid_payload',
    },
    {
      name: 'an unsupported charset → invalid_payload',
      attack: async () =>
        httpCode(
          await post('/api/join', JSON.stringify({ joinCode: w.joinCode }), {
            'content-type': 'application/json; charset=ibm500',
          }),
        ),
      expected: 'invalid_payload',
    },
    {
      name: 'a name with NUL and control characters → invalid_payload',
      attack: async () =>
        httpCode(
          await post('/api/join', JSON.stringify({ joinCode: w.joinCode, name: 'a\u0000b' })),
        ),
      expected: 'invalid_payload',
    },
    {
      name: 'a join code that is an object → invalid_payload',
      attack: async () =>
        httpCode(await post('/api/join', JSON.stringify({ joinCode: { $ne: null } }))),
      expected: 'invalid_payload',
    },
    {
      name: 'a new link for the facilitator role → invalid_payload',
      attack: async () =>
        httpCode(
          await post(
            `/api/workshops/${w.id}/links`,
            JSON.stringify({ role: 'facilitator' }),
            asFac(),
          ),
        ),
      expected: 'invalid_payload',
    },
    {
      name: 'removing a participant by a made-up id → not_found',
      attack: async () =>
        httpCode(
          await post(
            `/api/workshops/${w.id}/remove-participant`,
            JSON.stringify({ participantId: 'nobody-at-all' }),
            asFac(),
          ),
        ),
      expected: 'not_found',
    },
    {
      name: 'removing the author of an idea of another workshop → not_found',
      attack: async () =>
        httpCode(
          await post(
            `/api/workshops/${w.id}/remove-participant`,
            JSON.stringify({ ideaId: otherIdea }),
            asFac(),
          ),
        ),
      expected: 'not_found',
    },
  ]);
});

/** Sends raw bytes to the HTTP port; resolves with the status and body of the answer. */
function rawHttp(request: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(server.port, '127.0.0.1', () => sock.write(request));
    let data = '';
    sock.setEncoding('utf8');
    sock.on('data', (d: string) => {
      data += d;
    });
    sock.on('error', reject);
    sock.on('close', () => {
      const [head = '', body = ''] = data.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), body });
    });
  });
}

describe('imports', () => {
  const archive = (over: Record<string, unknown> = {}) =>
    JSON.stringify({
      format: 'convene-workshop',
      version: 1,
      workshop: {
        title: 'Imported',
        series: null,
        host: null,
        date: null,
        durationMinutes: null,
        chathamHouse: true,
        voteBudget: 3,
        maxVotesPerIdea: 1,
      },
      questions: [],
      ...over,
    });
  const load = (body: string | Buffer) => post('/api/workshops/import', body);
  runCases([
    {
      name: 'a broken archive → invalid_json',
      attack: async () => httpCode(await load('{"format":"convene-workshop",')),
      expected: 'invalid_json',
    },
    {
      name: 'another format or version → invalid_payload',
      attack: async () => httpCode(await load(archive({ format: 'evil', version: 99 }))),
      expected: 'invalid_payload',
    },
    {
      name: '__proto__ inside the archive → invalid_payload',
      attack: async () =>
        httpCode(await load(archive().replace('"version":1', '"version":1,"__proto__":{"x":1}'))),
      expected: 'invalid_payload',
    },
    {
      name: 'no questions → invalid_payload',
      attack: async () => httpCode(await load(archive())),
      expected: 'invalid_payload',
    },
    {
      name: 'an archive over 8 MB → payload_too_large',
      attack: async () => httpCode(await load(archive({ padding: 'x'.repeat(9 * 1024 * 1024) }))),
      expected: 'payload_too_large',
    },
  ]);

  // Issue 11, item 9: what an import may claim. Each case changes one thing in a valid archive
  // (the control below imports it untouched) and must leave the store as it was.
  type Archive = ReturnType<typeof largeArchive>;
  const valid = (): Archive => {
    const a = largeArchive(6, { questions: 2, title: 'Imported board' });
    const q0 = a.questions[0] as Archive['questions'][number];
    (q0.ideas[1] as Archive['questions'][number]['ideas'][number]).status = 'merged';
    (q0.ideas[1] as Archive['questions'][number]['ideas'][number]).mergedInto =
      q0.ideas[0]?.id ?? null;
    return a;
  };
  const claim = (change: (a: Archive) => void) => {
    const a = valid();
    change(a);
    return JSON.stringify(a);
  };
  const q = (a: Archive, i: number) => a.questions[i] as Archive['questions'][number];
  const idea = (a: Archive, qi: number, i: number) =>
    q(a, qi).ideas[i] as Archive['questions'][number]['ideas'][number];

  runCases([
    {
      name: 'more participants than a workshop accepts (every join would be refused) → invalid_payload',
      attack: async () =>
        httpCode(
          await load(
            claim((a) => {
              a.participantCount = 2001;
            }),
          ),
        ),
      expected: 'invalid_payload',
    },
    {
      name: 'an idea id equal to a question id → invalid_payload',
      attack: async () =>
        httpCode(
          await load(
            claim((a) => {
              idea(a, 1, 0).id = q(a, 0).id;
            }),
          ),
        ),
      expected: 'invalid_payload',
    },
    {
      name: 'a theme id equal to an idea id of another question → invalid_payload',
      attack: async () =>
        httpCode(
          await load(
            claim((a) => {
              const theme = q(a, 1).clusters[0];
              if (!theme) throw new Error('theme expected');
              for (const i of q(a, 1).ideas)
                if (i.clusterId === theme.id) i.clusterId = idea(a, 0, 2).id;
              theme.id = idea(a, 0, 2).id;
            }),
          ),
        ),
      expected: 'invalid_payload',
    },
    {
      name: 'a title longer than the create form allows → invalid_payload',
      attack: async () =>
        httpCode(
          await load(
            claim((a) => {
              a.workshop.title = 't'.repeat(LIMITS.title + 1);
            }),
          ),
        ),
      expected: 'invalid_payload',
    },
    {
      name: 'a prompt longer than the create form allows → invalid_payload',
      attack: async () =>
        httpCode(
          await load(
            claim((a) => {
              q(a, 0).prompt = 'p'.repeat(LIMITS.questionPrompt + 1);
            }),
          ),
        ),
      expected: 'invalid_payload',
    },
    {
      name: 'an idea longer than a participant may write → invalid_payload',
      attack: async () =>
        httpCode(
          await load(
            claim((a) => {
              idea(a, 0, 0).text = 'i'.repeat(LIMITS.ideaText + 1);
            }),
          ),
        ),
      expected: 'invalid_payload',
    },
    {
      name: 'a host longer than the create form allows → invalid_payload',
      attack: async () =>
        httpCode(
          await load(
            claim((a) => {
              a.workshop.host = 'h'.repeat(LIMITS.host + 1);
            }),
          ),
        ),
      expected: 'invalid_payload',
    },
    {
      name: 'merges that go round in a circle → invalid_payload',
      attack: async () =>
        httpCode(
          await load(
            claim((a) => {
              idea(a, 0, 0).status = 'merged';
              idea(a, 0, 0).mergedInto = idea(a, 0, 1).id;
            }),
          ),
        ),
      expected: 'invalid_payload',
    },
    {
      name: 'a round that ranks one idea twice → invalid_payload',
      attack: async () =>
        httpCode(
          await load(
            claim((a) => {
              const round = q(a, 0).rounds?.[0];
              if (!round) throw new Error('round expected');
              round.ranking.push({
                ...(round.ranking[0] as (typeof round.ranking)[number]),
                rank: 99,
              });
            }),
          ),
        ),
      expected: 'invalid_payload',
    },
    {
      name: 'more dots per idea than the budget → invalid_payload',
      attack: async () =>
        httpCode(
          await load(
            claim((a) => {
              a.workshop.voteBudget = 2;
              a.workshop.maxVotesPerIdea = 3;
            }),
          ),
        ),
      expected: 'invalid_payload',
    },
    {
      name: 'an idea holding U+FFFF → invalid_payload',
      attack: async () =>
        httpCode(
          await load(
            claim((a) => {
              idea(a, 0, 0).text = 'Fund\uFFFF mediators';
            }),
          ),
        ),
      expected: 'invalid_payload',
    },
    {
      name: 'an archive in another charset → invalid_payload',
      attack: async () =>
        httpCode(
          await post('/api/workshops/import', JSON.stringify(valid()), {
            'content-type': 'application/json; charset=utf-16le',
          }),
        ),
      expected: 'invalid_payload',
    },
    {
      name: '30,000 ideas in 6 MB → archive_too_large (413)',
      attack: async () => {
        const res = await load(
          JSON.stringify(largeArchive(30_000, { questions: 20, short: true })),
        );
        expect(res.status).toBe(413);
        return httpCode(res);
      },
      expected: 'archive_too_large',
    },
  ]);

  test('the control: the same archive, untouched, imports (with as many participants as allowed)', async () => {
    const a = valid();
    a.participantCount = 2000;
    const res = await load(JSON.stringify(a));
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: string };
    expect(server.store.participantCount(created.id)).toBe(2000);
    expect(server.store.ideas(created.id)).toHaveLength(6);
  });
});

describe('query strings and path parameters', () => {
  const exportUrl = (q: string, id = w.id) => `${server.url}/api/workshops/${id}/export${q}`;
  runCases([
    {
      name: 'format given twice → unsupported_format',
      attack: async () =>
        httpCode(await fetch(exportUrl('?format=json&format=csv'), { headers: asFac() })),
      expected: 'unsupported_format',
    },
    {
      name: 'format as a path → unsupported_format',
      attack: async () =>
        httpCode(await fetch(exportUrl('?format=../../etc/passwd'), { headers: asFac() })),
      expected: 'unsupported_format',
    },
    {
      name: '1,100 query parameters → unsupported_format',
      attack: async () =>
        httpCode(
          await fetch(
            exportUrl(`?${Array.from({ length: 1100 }, (_, i) => `format=${i % 10}`).join('&')}`),
            {
              headers: asFac(),
            },
          ),
        ),
      expected: 'unsupported_format',
    },
    {
      name: 'a URL over the 16 KB header limit → payload_too_large (431)',
      attack: async () => {
        const res = await fetch(exportUrl(`?format=${'x'.repeat(20_000)}`), { headers: asFac() });
        expect(res.status).toBe(431);
        return httpCode(res);
      },
      expected: 'payload_too_large',
    },
    {
      name: 'a request line that is not HTTP → invalid_payload (400)',
      attack: async () => {
        const { status, body } = await rawHttp('GARBAGE\u0001 / HTTP/1.1\r\n\r\n');
        expect(status).toBe(400);
        return (JSON.parse(body) as { error: { code: string } }).error.code;
      },
      expected: 'invalid_payload',
    },
    {
      name: 'a malformed %-escape in the path → invalid_payload',
      attack: async () => httpCode(await fetch(exportUrl('', '%E0%A4%A'), { headers: asFac() })),
      expected: 'invalid_payload',
    },
    {
      name: 'a 4,000-character workshop id → forbidden',
      attack: async () =>
        httpCode(await fetch(exportUrl('', 'x'.repeat(4000)), { headers: asFac() })),
      expected: 'forbidden',
    },
    {
      name: 'another workshop’s id with this facilitator token → forbidden',
      attack: async () => httpCode(await fetch(exportUrl('', other.id), { headers: asFac() })),
      expected: 'forbidden',
    },
    {
      name: 'a Bearer token of 6,000 characters → unauthorized',
      attack: async () =>
        httpCode(
          await fetch(`${server.url}/api/session`, {
            headers: { authorization: `Bearer ${'A'.repeat(6000)}` },
          }),
        ),
      expected: 'unauthorized',
    },
    {
      name: 'a participant token on the export → forbidden',
      attack: async () =>
        httpCode(
          await fetch(exportUrl('?format=json'), {
            headers: { authorization: `Bearer ${alice.participantToken}` },
          }),
        ),
      expected: 'forbidden',
    },
    {
      name: 'a method the route does not have → not_found',
      attack: async () =>
        httpCode(await fetch(`${server.url}/api/workshops`, { method: 'PUT', body: '{}' })),
      expected: 'not_found',
    },
  ]);
});

// ---------------------------------------------------------------------------------------------
// Socket commands

async function attackerSocket(): Promise<Socket> {
  return connectSocket(server.url, nextAttacker().participantToken);
}
const ackCode = (ack: { ok: boolean; error?: { code: string } }) =>
  ack.ok ? 'ok' : (ack.error?.code ?? 'no code');

/** Waits for the server to drop this socket; returns socket.io's reason. */
function dropped(socket: Socket): Promise<string> {
  if (!socket.connected) return Promise.resolve('already disconnected');
  return new Promise((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
}

describe('socket commands', () => {
  runCases([
    {
      name: 'an unknown command → unknown_command',
      attack: async () => ackCode(await emitAck(await attackerSocket(), 'idea:delete-all', {})),
      expected: 'unknown_command',
    },
    {
      name: 'a command named __proto__ → unknown_command',
      attack: async () => ackCode(await emitAck(await attackerSocket(), '__proto__', {})),
      expected: 'unknown_command',
    },
    {
      name: 'a command named constructor → unknown_command',
      attack: async () => ackCode(await emitAck(await attackerSocket(), 'constructor', {})),
      expected: 'unknown_command',
    },
    {
      name: 'wrong shape: text is a number → invalid_payload',
      attack: async () =>
        ackCode(await emitAck(await attackerSocket(), 'idea:submit', { questionId: q1, text: 42 })),
      expected: 'invalid_payload',
    },
    {
      name: 'the payload is an array → invalid_payload',
      attack: async () => ackCode(await emitAck(await attackerSocket(), 'idea:submit', [q1, 'x'])),
      expected: 'invalid_payload',
    },
    {
      name: 'an oversized field (5,000 characters) → invalid_payload',
      attack: async () =>
        ackCode(
          await emitAck(await attackerSocket(), 'idea:submit', {
            questionId: q1,
            text: 'x'.repeat(LIMITS.ideaText * 10),
          }),
        ),
      expected: 'invalid_payload',
    },
    {
      name: 'NUL and control characters in an idea → invalid_payload',
      attack: async () =>
        ackCode(
          await emitAck(await attackerSocket(), 'idea:submit', {
            questionId: q1,
            text: 'bell\u0007 and NUL\u0000',
          }),
        ),
      expected: 'invalid_payload',
    },
    {
      name: 'a spoofed author field → invalid_payload (unknown keys are refused)',
      attack: async () =>
        ackCode(
          await emitAck(await attackerSocket(), 'idea:submit', {
            questionId: q1,
            text: 'mine',
            participantId: alice.participantId,
          }),
        ),
      expected: 'invalid_payload',
    },
    {
      name: 'a binary payload → invalid_payload',
      attack: async () =>
        ackCode(await emitAck(await attackerSocket(), 'idea:submit', Buffer.from('binary'))),
      expected: 'invalid_payload',
    },
    {
      name: 'a participant setting the phase → forbidden',
      attack: async () =>
        ackCode(
          await emitAck(await attackerSocket(), 'phase:set', { questionId: q1, phase: 'closed' }),
        ),
      expected: 'forbidden',
    },
    {
      name: 'editing alice’s idea → not_your_idea',
      attack: async () =>
        ackCode(
          await emitAck(await attackerSocket(), 'idea:edit', {
            ideaId: honestIdea.ideaId,
            text: 'defaced',
          }),
        ),
      expected: 'not_your_idea',
    },
    {
      name: 'voting on an idea of another workshop → unknown_idea',
      attack: async () =>
        ackCode(await emitAck(await attackerSocket(), 'vote:cast', { ideaId: otherIdea })),
      expected: 'unknown_idea',
    },
    {
      name: 'a replay of an applied command → its first answer, applied once',
      attack: async () => {
        const ack = await emitAck(aliceSocket, 'idea:submit', {
          questionId: q1,
          text: 'An honest idea',
          commandId: honestIdea.commandId,
        });
        expect(ack).toStrictEqual({ ok: true, ideaId: honestIdea.ideaId });
        return 'replayed';
      },
      expected: 'replayed',
    },
    {
      name: 'a replayed command id on another command → invalid_payload',
      attack: async () =>
        ackCode(
          await emitAck(aliceSocket, 'idea:withdraw', {
            ideaId: honestIdea.ideaId,
            commandId: honestIdea.commandId,
          }),
        ),
      expected: 'invalid_payload',
    },
    {
      name: 'a flood of 300 commands → rate_limited with a retry time',
      attack: async () => {
        const s = await attackerSocket();
        const acks = await Promise.all(
          Array.from({ length: 300 }, () => emitAck(s, 'clock:sync', {}, 10_000)),
        );
        const limited = acks.filter((a) => !a.ok);
        expect(limited.length).toBeGreaterThan(200);
        expect(limited[0]?.error).toMatchObject({ code: 'rate_limited', retryAfter: 1 });
        return String(limited[0]?.error?.code);
      },
      expected: 'rate_limited',
    },
    {
      name: 'a socket message over 64 KB → that socket is dropped',
      attack: async () => {
        const s = await attackerSocket();
        const gone = dropped(s);
        s.emit('idea:submit', { questionId: q1, text: 'x'.repeat(70_000) });
        return gone;
      },
      expected: 'transport close',
    },
    {
      name: 'a malformed socket.io packet → that connection is closed',
      attack: async () => rawSocketIo(nextAttacker().participantToken, '42["idea:submit",{'),
      expected: 1005,
    },
    {
      name: 'a packet claiming a million binary attachments → that connection is closed',
      attack: async () =>
        rawSocketIo(
          nextAttacker().participantToken,
          '451000000-["idea:submit",{"_placeholder":true,"num":0}]',
        ),
      expected: 1005,
    },
  ]);
});

/**
 * A socket.io connection spoken by hand over engine.io's WebSocket transport: connects with the
 * token, sends one raw packet, and resolves with the close code once the server ends it.
 */
function rawSocketIo(token: string, packet: string): Promise<number> {
  const ws = new WebSocket(
    `${server.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`,
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error('the server did not close the connection'));
    }, 5000);
    ws.on('error', () => {});
    ws.on('message', (data: Buffer) => {
      const text = data.toString();
      if (text.startsWith('0')) ws.send(`40${JSON.stringify({ token })}`);
      else if (text.startsWith('40')) ws.send(packet);
    });
    ws.on('close', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Yjs frames

async function writerClient() {
  const c = rawDocClient(server.url, w.id, nextWriter());
  await c.synced;
  return c;
}
const closeCode = async (c: { closed: Promise<{ code: number }> }) => (await c.closed).code;
const liveState = () => server.app.rooms.with(w.id, (room) => Y.encodeStateAsUpdate(room.doc));

/** A real writer's edit of the current board (a cluster and some notes). */
function realEdit(): Uint8Array {
  const writer = new Y.Doc();
  const base = liveState();
  Y.applyUpdate(writer, base);
  const sv = Y.encodeStateVector(writer);
  writer.transact(() => {
    const c = new Y.Map<unknown>();
    c.set('label', 'Funding');
    c.set('questionId', q1);
    writer.getMap('clusters').set('c-hostile', c);
    const notes = writer.getMap('notes').get(q1);
    if (notes instanceof Y.Text) notes.insert(0, 'notes typed by a rapporteur');
  });
  const u = Y.encodeStateAsUpdate(writer, sv);
  writer.destroy();
  return u;
}

// Issue 11, item 7: noncharacters and lone surrogates are refused at every door that takes
// text (U+FFFF in an idea made the Word export malformed); nothing is stored.
describe('noncharacters at every door that takes text', () => {
  let mallory: Socket;
  let series: { id: string; token: string };
  beforeAll(async () => {
    mallory = await connectSocket(server.url, (await server.join(w.joinCode)).participantToken);
    const res = await post('/api/series', JSON.stringify({ name: 'Noncharacter series' }));
    series = (await res.json()) as { id: string; token: string };
  });
  const submit = (patch: Record<string, unknown>) =>
    emitAck(mallory, 'idea:submit', { questionId: q1, text: 'Fund mediators', ...patch });

  runCases([
    {
      name: 'idea:submit text with U+FFFF → invalid_payload',
      attack: async () => ackCode(await submit({ text: 'Fund\uFFFF mediators' })),
      expected: 'invalid_payload',
    },
    {
      name: 'idea:submit actor with U+FDD0 → invalid_payload',
      attack: async () => ackCode(await submit({ actor: 'Donors\uFDD0' })),
      expected: 'invalid_payload',
    },
    {
      name: 'idea:submit first step with a lone surrogate → invalid_payload',
      attack: async () => ackCode(await submit({ nextStep: 'Ask\uD800 them' })),
      expected: 'invalid_payload',
    },
    {
      name: 'idea:edit text with U+1FFFE → invalid_payload',
      attack: async () =>
        ackCode(
          await emitAck(mallory, 'idea:edit', { ideaId: honestIdea.ideaId, text: 'x\u{1FFFE}' }),
        ),
      expected: 'invalid_payload',
    },
    {
      name: 'idea:hide reason with U+FFFE → invalid_payload',
      attack: async () =>
        ackCode(
          await emitAck(facSocket, 'idea:hide', { ideaId: honestIdea.ideaId, reason: 'off\uFFFE' }),
        ),
      expected: 'invalid_payload',
    },
    {
      name: 'POST /api/workshops title and prompt with U+FFFF → invalid_payload',
      attack: async () =>
        httpCode(
          await post(
            '/api/workshops',
            JSON.stringify({ title: 'Peace\uFFFF', questions: [{ prompt: 'What\uFFFF?' }] }),
          ),
        ),
      expected: 'invalid_payload',
    },
    {
      name: 'POST /api/join name with a lone surrogate → invalid_payload',
      attack: async () =>
        httpCode(
          await post('/api/join', JSON.stringify({ joinCode: w.joinCode, name: 'Al\uDC00' })),
        ),
      expected: 'invalid_payload',
    },
    {
      name: 'POST /api/series name with U+FDEF → invalid_payload',
      attack: async () => httpCode(await post('/api/series', JSON.stringify({ name: 'S\uFDEF' }))),
      expected: 'invalid_payload',
    },
    {
      name: 'POST /api/series/:id/workshops with U+FFFF in the link → invalid_payload',
      attack: async () =>
        httpCode(
          await post(
            `/api/series/${series.id}/workshops`,
            JSON.stringify({ facilitatorToken: `${w.facilitatorToken}\uFFFF` }),
            { authorization: `Bearer ${series.token}` },
          ),
        ),
      expected: 'invalid_payload',
    },
    {
      name: 'POST /api/workshops/:id/redact with U+FFFF in an id → invalid_payload',
      attack: async () =>
        httpCode(
          await post(
            `/api/workshops/${w.id}/redact`,
            JSON.stringify({ ids: ['x\uFFFF'] }),
            asFac(),
          ),
        ),
      expected: 'invalid_payload',
    },
  ]);

  test('the control: the same idea without the noncharacter is accepted', async () => {
    expect(await submit({ text: 'Fund mediators \u{1F642}' })).toMatchObject({ ok: true });
  });
});

describe('Yjs frames', () => {
  runCases([
    {
      name: 'garbage bytes from a writer → 4400',
      attack: async () => {
        const c = await writerClient();
        c.send(Uint8Array.from([0xff, 0xfe, 0xfd, 0x00, 0x13]));
        return closeCode(c);
      },
      expected: 4400,
    },
    {
      name: 'a text frame → 4400',
      attack: async () => {
        const c = await writerClient();
        c.ws.send('{"type":"sync"}');
        return closeCode(c);
      },
      expected: 4400,
    },
    {
      name: 'an unknown message type → 4400',
      attack: async () => {
        const c = await writerClient();
        c.send(Uint8Array.from([7, 1, 2, 3]));
        return closeCode(c);
      },
      expected: 4400,
    },
    {
      name: 'a truncated update → 4400, nothing applied',
      attack: async () => {
        const c = await writerClient();
        const u = realEdit();
        c.send(syncFrame(u.slice(0, Math.floor(u.length / 2))));
        return closeCode(c);
      },
      expected: 4400,
    },
    {
      // Such an update is now read before anything applies it. Which corruption the search
      // finds depends on this run's random ids: one that breaks the update's structure is
      // refused as malformed (4400), one that turns it into a write outside the writer's
      // parts as not allowed (4422). Either way it is refused whole and nothing changes.
      name: 'a corrupted update that would throw after changing a doc → refused, live doc untouched',
      attack: async () => {
        const c = await writerClient();
        c.send(syncFrame(harmfulCorruption(liveState(), realEdit(), 7)));
        const code = await closeCode(c);
        return code === 4400 || code === 4422 ? 'refused whole' : code;
      },
      expected: 'refused whole',
    },
    {
      name: 'an update whose parent never arrived (it would wait forever) → 4400',
      attack: async () => {
        const c = await writerClient();
        c.send(syncFrame(updateWithMissingParent(liveState(), q1)));
        return closeCode(c);
      },
      expected: 4400,
    },
    {
      name: 'a frame over the 8 MiB limit → 1009',
      attack: async () => {
        const c = await writerClient();
        c.send(new Uint8Array(8 * 1024 * 1024 + 16));
        return closeCode(c);
      },
      expected: 1009,
    },
    {
      name: 'a fragment bomb (one message in 5,000 fragments) → 1008',
      attack: async () => {
        const c = await writerClient();
        for (let i = 0; i < 5000; i++) c.ws.send(Buffer.from([0]), { fin: false, binary: true });
        c.ws.send(Buffer.from([0]), { fin: true, binary: true });
        return closeCode(c);
      },
      expected: 1008,
    },
    {
      name: 'a 1 MB awareness state → 4400',
      attack: async () => {
        const c = rawDocClient(server.url, w.id, nextAttacker().participantToken);
        await c.synced;
        const frame = new Uint8Array(1024 * 1024);
        frame[0] = 1;
        c.send(frame);
        return closeCode(c);
      },
      expected: 4400,
    },
    {
      name: 'a flood of 2,000 frames → 4529 rate_limited',
      attack: async () => {
        const c = await writerClient();
        const step1 = Uint8Array.from([0, 0, 1, 0]);
        for (let i = 0; i < 2000 && c.ws.readyState === WebSocket.OPEN; i++) c.send(step1);
        return closeCode(c);
      },
      expected: 4529,
    },
    {
      name: 'a participant writing a forged idea → dropped, the connection stays',
      attack: async () => {
        const c = rawDocClient(server.url, w.id, nextAttacker().participantToken);
        await c.synced;
        const forged = new Y.Doc();
        Y.applyUpdate(forged, liveState());
        const sv = Y.encodeStateVector(forged);
        const m = new Y.Map<unknown>();
        m.set('text', 'FORGED');
        m.set('questionId', q1);
        forged.getMap('ideas').set('forged', m);
        c.send(syncFrame(Y.encodeStateAsUpdate(forged, sv)));
        // Once it answers a later state request, the server has handled (and dropped) the write.
        const replied = new Promise<void>((resolve) =>
          c.ws.on('message', (d: Buffer) => d[0] === 0 && d[1] === 1 && resolve()),
        );
        c.send(Uint8Array.from([0, 0, 1, 0]));
        await replied;
        expect(c.ws.readyState).toBe(WebSocket.OPEN);
        expect(server.logs.some((l) => l.event === 'yjs_readonly_write_dropped')).toBe(true);
        c.close();
        return 'dropped';
      },
      expected: 'dropped',
    },
    {
      name: 'a token of another workshop → 4403',
      attack: async () => {
        const c = rawDocClient(server.url, w.id, other.facilitatorToken);
        return closeCode(c);
      },
      expected: 4403,
    },
    {
      name: 'a path with a malformed %-escape → 4401',
      attack: async () => {
        const ws = new WebSocket(
          `${server.url.replace('http', 'ws')}/yjs/%E0%A4%A?token=${w.facilitatorToken}`,
        );
        ws.on('error', () => {});
        return new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
      },
      expected: 4401,
    },
  ]);
});

// ---------------------------------------------------------------------------------------------
// Exports fed with markup, formulas, control characters, RTL overrides and emoji

describe('exports', () => {
  const NASTY = [
    '<script>alert("x")</script><img src=x onerror=alert(1)>',
    '=HYPERLINK("http://evil.example","click")',
    '+SUM(1,2)',
    '-2+3',
    '@cmd',
    '\u202Egnp.exe',
    '🙂👩🏽‍🔬 emoji and zero\u200Bwidth',
    '**bold** [link](javascript:alert(1)) # heading',
  ];
  let exported: { format: string; status: number; body: Buffer; type: string }[] = [];

  beforeAll(async () => {
    // carol writes them (alice's command budget is spent on the checks after every case).
    const carol = await connectSocket(server.url, (await server.join(w.joinCode)).participantToken);
    for (const text of NASTY) {
      const ack = await emitAck(carol, 'idea:submit', { questionId: q1, text });
      expect(ack, text).toMatchObject({ ok: true });
    }
    // A trusted writer can put anything in notes, control characters, NUL and U+FFFF included.
    notesOf(facDoc.doc, q1).insert(
      0,
      'notes\u0000with NUL\u0007 <b>and</b> =1+1 and\uFFFF a noncharacter',
    );
    // A row stored before the schemas refused noncharacters (issue 11, item 7). (A lone
    // surrogate cannot be stored: SQLite's UTF-8 turns it into U+FFFD on the way in.)
    server.store.insertIdea({
      id: 'older-row-with-noncharacters',
      workshopId: w.id,
      questionId: q1,
      participantId: null,
      seq: 9999,
      text: 'An older row\uFFFF with\uFFFE noncharacters',
      actor: 'Donors\uFDD0',
      nextStep: null,
      status: 'visible',
      createdAt: Date.now(),
      commandId: null,
      mergedInto: null,
      moderationReason: null,
      originalText: null,
      updatedAt: null,
    });
    await yjsRoundTrip(facDoc.provider);
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('ideas did not reach alice')), 5000);
      const check = () => {
        if (readIdeas(aliceDoc.doc).length >= NASTY.length + 1) {
          clearTimeout(t);
          aliceDoc.doc.off('update', check);
          resolve();
        }
      };
      aliceDoc.doc.on('update', check);
      check();
    });
    // Under the Chatham House Rule the exports wait for the name check (issue 14): "@cmd" reads
    // as an @handle. The rapporteur marks it "not a participant's name", as in the room.
    const check = (await (
      await fetch(`${server.url}/api/workshops/${w.id}/name-check`, { headers: asFac() })
    ).json()) as { findings: { id: string; match: string }[] };
    expect(check.findings.map((f) => f.match)).toEqual(['@cmd']);
    const decided = await fetch(`${server.url}/api/workshops/${w.id}/name-decisions`, {
      method: 'POST',
      headers: { ...asFac(), 'content-type': 'application/json' },
      body: JSON.stringify({ ids: check.findings.map((f) => f.id) }),
    });
    expect(decided.status).toBe(200);
    exported = [];
    for (const format of ['json', 'md', 'html', 'csv', 'docx']) {
      const res = await fetch(`${server.url}/api/workshops/${w.id}/export?format=${format}`, {
        headers: asFac(),
      });
      exported.push({
        format,
        status: res.status,
        body: Buffer.from(await res.arrayBuffer()),
        type: res.headers.get('content-type') ?? '',
      });
    }
  });

  const of = (format: string) => {
    const e = exported.find((x) => x.format === format);
    if (!e) throw new Error(`no ${format} export`);
    return e;
  };
  /** A format this version does not produce says so clearly; one it produces must be safe. */
  const producedOrRefused = (format: string, check: (text: string, body: Buffer) => void) => {
    const e = of(format);
    // Every format is produced now: a refusal would be a regression.
    expect(e.status).toBe(200);
    check(e.body.toString('utf8'), e.body);
  };

  runCases([
    {
      name: 'JSON keeps every hostile text exactly, and the notes’ NUL escaped',
      attack: async () => {
        const e = of('json');
        expect(e.status).toBe(200);
        const archive = JSON.parse(e.body.toString('utf8')) as {
          questions: { ideas: { text: string }[]; notes: string }[];
        };
        const texts = archive.questions.flatMap((q) => q.ideas.map((i) => i.text));
        for (const t of NASTY) expect(texts).toContain(t);
        expect(archive.questions[0]?.notes).toContain('\u0000');
        expect(e.body.includes(0)).toBe(false); // escaped as \u0000, never a raw NUL byte
        return 'safe';
      },
      expected: 'safe',
    },
    {
      name: 'HTML never carries live markup from an idea',
      attack: async () => {
        producedOrRefused('html', (text, body) => {
          // Control characters a trusted writer typed into notes never reach the file.
          expect(body.includes(0)).toBe(false);
          expect(text).not.toContain('\u0007');
          expect(text).toContain('notes');
          expect(text).toContain('&lt;script&gt;alert');
          expect(text).not.toContain('<script>alert');
          expect(text).not.toMatch(/<img[^>]*onerror/i);
          expect(text).not.toMatch(/href="javascript:/i);
        });
        return 'safe';
      },
      expected: 'safe',
    },
    {
      name: 'Markdown never carries raw HTML or a javascript: link from an idea',
      attack: async () => {
        producedOrRefused('md', (text, body) => {
          expect(body.includes(0)).toBe(false);
          expect(text).not.toContain('\u0007');
          // Markdown escapes with a backslash: no unescaped tag, no unescaped link.
          expect(text).toContain('\\<script\\>');
          expect(text).not.toMatch(/(^|[^\\])<(script|img)/im);
          expect(text).not.toMatch(/(^|[^\\])\]\(javascript:/im);
        });
        return 'safe';
      },
      expected: 'safe',
    },
    {
      name: 'CSV cells never start with a formula character, and hold no NUL',
      attack: async () => {
        producedOrRefused('csv', (text) => {
          for (const cell of text.split(/[,\r\n]+/)) {
            expect(cell.replace(/^"/, '')).not.toMatch(/^[=+\-@\t\r]/);
          }
          expect(text).not.toContain('\u0000');
        });
        return 'safe';
      },
      expected: 'safe',
    },
    {
      name: 'DOCX parts are XML that Word accepts: well formed, no control character or noncharacter, markup escaped',
      attack: async () => {
        producedOrRefused('docx', (_text, body) => {
          const parts = zipEntries(body);
          const document = parts.get('word/document.xml')?.toString('utf8') ?? '';
          expect(document).toContain('&lt;script&gt;');
          expect(docxParagraphs(document).join('\n')).toContain('An older row with noncharacters');
          for (const [name, xml] of parts) {
            if (!name.endsWith('.xml') && !name.endsWith('.rels')) continue;
            // XML 1.0 forbids C0 controls, U+FFFE and U+FFFF outright: one of them and Word
            // calls the file corrupt.
            expect(xmlProblems(xml.toString('utf8')), name).toEqual([]);
          }
        });
        return 'safe';
      },
      expected: 'safe',
    },
    {
      name: 'an export past the render time limit → 503 render_timeout, and the next export is served',
      attack: async () => {
        setRenderJobTimeout(1);
        let res: Response;
        try {
          res = await fetch(`${server.url}/api/workshops/${w.id}/export?format=docx`, {
            headers: asFac(),
          });
        } finally {
          setRenderJobTimeout(20_000);
        }
        expect(res.status).toBe(503);
        const body = (await res.json()) as { error: { code: string; message: string } };
        expect(body.error.message).toMatch(/took longer than/);
        expect(server.logs.some((l) => l.event === 'export_timed_out')).toBe(true);
        // The worker that held it was replaced; the next export is served as usual.
        const next = await fetch(`${server.url}/api/workshops/${w.id}/export?format=docx`, {
          headers: asFac(),
        });
        expect(next.status).toBe(200);
        return body.error.code;
      },
      expected: 'render_timeout',
    },
    {
      name: 'No format carries a noncharacter or lone surrogate from an older row or the notes',
      attack: async () => {
        for (const format of ['md', 'html', 'csv']) {
          producedOrRefused(format, (text) => {
            expect(hasNoncharacters(text), format).toBe(false);
            expect(text, format).toContain('An older row with noncharacters');
          });
        }
        const archive = JSON.parse(of('json').body.toString('utf8')) as {
          questions: { ideas: { text: string; actor: string | null }[]; notes: string }[];
        };
        const strings = archive.questions.flatMap((q) => [
          q.notes,
          ...q.ideas.flatMap((i) => [i.text, i.actor ?? '']),
        ]);
        expect(strings.filter(hasNoncharacters)).toEqual([]);
        expect(strings).toContain('An older row with noncharacters');
        return 'safe';
      },
      expected: 'safe',
    },
  ]);
});
