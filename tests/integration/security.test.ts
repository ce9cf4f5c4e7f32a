import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type {
  CreatedWorkshop,
  Joined,
  NameCheckReply,
  RedactReply,
  UndoRedactReply,
} from '@convene/shared';
import { notesText, placeIdea, readIdeas, readNotes } from '@convene/shared';
import { io as ioClient } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { createApp } from '../../server/src/app.ts';
import { COMMANDS } from '../../server/src/commands/index.ts';
import { openDatabase } from '../../server/src/store/db.ts';
import { openSqliteStore } from '../../server/src/store/store.ts';
import { notesOf } from '../helpers/docParts.ts';
import { rawDocClient } from '../helpers/hardening.ts';
import {
  closeClients,
  connectDoc,
  connectSocket,
  emitAck,
  startTestServer,
  type TestServer,
  waitFor,
  yjsRoundTrip,
} from '../helpers/testServer.ts';
import { unzip } from '../helpers/unzip.ts';

/**
 * Who may do what, enforced on the server at every door; tokens that are unguessable, stored
 * hashed, revocable at once; rate limits with a code and Retry-After; the usual headers; no
 * secrets in logs; dependencies at or above the versions that fixed known advisories.
 */

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

let server: TestServer;
let w: CreatedWorkshop;
let other: CreatedWorkshop;
let alice: Joined;
let q1: string;

beforeAll(async () => {
  server = await startTestServer();
  w = await server.createWorkshop({ title: 'Security' });
  other = await server.createWorkshop({ title: 'Another' });
  q1 = w.questions[0]?.id ?? '';
  alice = await server.join(w.joinCode, 'Alice Liddell');
});
afterEach(() => closeClients());
afterAll(async () => {
  closeClients();
  await server?.close();
});

type RoleName = 'facilitator' | 'rapporteur' | 'projector' | 'participant';
const tokenOf = (role: RoleName, of = w): string =>
  role === 'participant'
    ? alice.participantToken
    : ((of as unknown as Record<string, string>)[`${role}Token`] ?? '');

describe('roles are enforced on the server', () => {
  /** Who may send each command. A command missing here fails the test: declare it. */
  const ALLOWED: Record<string, RoleName[]> = {
    'idea:submit': ['participant', 'facilitator'],
    'idea:edit': ['participant', 'facilitator'],
    'idea:withdraw': ['participant'],
    'idea:hide': ['facilitator'],
    'idea:restore': ['facilitator'],
    'idea:merge': ['facilitator'],
    'idea:mine': ['participant'],
    'ideas:reveal': ['facilitator'],
    'question:mode': ['facilitator'],
    'phase:set': ['facilitator'],
    'vote:configure': ['facilitator'],
    'round:start': ['facilitator'],
    'vote:cast': ['participant'],
    'vote:retract': ['participant'],
    'vote:mine': ['participant'],
    'timer:start': ['facilitator'],
    'timer:pause': ['facilitator'],
    'timer:resume': ['facilitator'],
    'timer:add': ['facilitator'],
    'timer:stop': ['facilitator'],
    'clock:sync': ['facilitator', 'rapporteur', 'projector', 'participant'],
    // Sense queries (issue 13, clustering help).
    'sense:suggest': ['facilitator', 'rapporteur'],
    'sense:belong': ['facilitator', 'rapporteur'],
    'sense:name': ['facilitator', 'rapporteur'],
    // Points of debate (issue 13).
    'idea:contest': ['facilitator', 'rapporteur'],
    // Issue 14 (brief data).
    'workshop:update': ['facilitator'],
    // Lenses (issue 13): a participant tags only their own ideas (checked per idea).
    'idea:tag': ['facilitator', 'rapporteur', 'participant'],
    'workshop:lenses': ['facilitator'],
  };

  test('every command has declared roles', () => {
    expect(COMMANDS.map((c) => c.name).sort()).toStrictEqual(Object.keys(ALLOWED).sort());
  });

  test.each(['facilitator', 'rapporteur', 'projector', 'participant'] as const)(
    'the %s is refused every command it may not send, before anything is read',
    async (role) => {
      const socket = await connectSocket(server.url, tokenOf(role));
      for (const def of COMMANDS) {
        // A payload that parses for no command: an allowed role gets invalid_payload at most.
        const ack = await emitAck(socket, def.name, { bogus: true });
        const allowed = ALLOWED[def.name]?.includes(role) ?? false;
        if (allowed) expect(ack.error?.code, def.name).not.toBe('forbidden');
        else expect(ack.error?.code, `${role} → ${def.name}`).toBe('forbidden');
      }
    },
  );

  const routes = (id: string) => [
    {
      method: 'GET',
      path: `/api/workshops/${id}/export?format=json`,
      allowed: ['facilitator', 'rapporteur'],
    },
    {
      method: 'POST',
      path: `/api/workshops/${id}/links`,
      body: { role: 'projector' },
      allowed: ['facilitator'],
    },
    { method: 'POST', path: `/api/workshops/${id}/purge-names`, allowed: ['facilitator'] },
    {
      method: 'POST',
      path: `/api/workshops/${id}/revoke-links`,
      body: { role: 'nobody' },
      allowed: ['facilitator'],
    },
    {
      method: 'POST',
      path: `/api/workshops/${id}/remove-participant`,
      body: {},
      allowed: ['facilitator'],
    },
    { method: 'DELETE', path: `/api/workshops/${id}`, allowed: [] },
    // The brief's routes (facilitators and rapporteurs write the draft).
    {
      method: 'POST',
      path: `/api/workshops/${id}/brief`,
      body: {},
      allowed: ['facilitator', 'rapporteur'],
    },
    {
      method: 'GET',
      path: `/api/workshops/${id}/name-check`,
      allowed: ['facilitator', 'rapporteur'],
    },
    {
      method: 'POST',
      path: `/api/workshops/${id}/redact`,
      body: {},
      allowed: ['facilitator', 'rapporteur'],
    },
    {
      method: 'POST',
      path: `/api/workshops/${id}/redact/undo`,
      body: {},
      allowed: ['facilitator', 'rapporteur'],
    },
    {
      method: 'GET',
      path: `/api/workshops/${id}/redactions`,
      allowed: ['facilitator', 'rapporteur'],
    },
    ...['md', 'docx', 'html', 'csv'].map((f) => ({
      method: 'GET',
      path: `/api/workshops/${id}/export?format=${f}`,
      allowed: ['facilitator', 'rapporteur'],
    })),
  ];
  const call = (r: { method: string; path: string; body?: object }, token?: string) =>
    fetch(`${server.url}${r.path}`, {
      method: r.method,
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      ...(r.body ? { body: JSON.stringify(r.body) } : {}),
    });

  test('every workshop route: no token → 401; a role it is not for → 403', async () => {
    for (const r of routes(w.id)) {
      expect((await call(r)).status, `${r.method} ${r.path} without a token`).toBe(401);
      for (const role of ['facilitator', 'rapporteur', 'projector', 'participant'] as const) {
        if (r.allowed.includes(role) || (r.method === 'DELETE' && role === 'facilitator')) continue;
        expect((await call(r, tokenOf(role))).status, `${role}: ${r.method} ${r.path}`).toBe(403);
      }
    }
  });

  test('a token of one workshop opens nothing of another', async () => {
    for (const r of routes(other.id)) {
      for (const role of ['facilitator', 'rapporteur', 'projector', 'participant'] as const) {
        const res = await call(r, tokenOf(role));
        expect(res.status, `${role} of w: ${r.method} ${r.path}`).toBe(403);
      }
    }
    for (const role of ['facilitator', 'rapporteur', 'projector', 'participant'] as const) {
      const c = rawDocClient(server.url, other.id, tokenOf(role));
      expect((await c.closed).code, role).toBe(4403);
    }
    // A socket opens only its own workshop: commands name ids of the other one in vain.
    const fac = await connectSocket(server.url, w.facilitatorToken);
    const ack = await emitAck(fac, 'phase:set', {
      questionId: other.questions[0]?.id,
      phase: 'submit',
    });
    expect(ack.error?.code).toBe('unknown_question');
  });

  test('Yjs: facilitators and rapporteurs write; participants and the projector cannot', async () => {
    const watcher = await connectDoc(server.url, w.id, w.projectorToken);
    for (const role of ['facilitator', 'rapporteur', 'projector', 'participant'] as const) {
      const client = await connectDoc(server.url, w.id, tokenOf(role));
      notesText(client.doc, q1)?.insert(0, `written by the ${role}. `);
      // A sentinel written by the facilitator afterwards tells when the watcher saw everything.
      const sentinel = await connectDoc(server.url, w.id, w.facilitatorToken);
      placeIdea(sentinel.doc, `sentinel-${role}`, 'sentinel');
      // (raw: the sentinel places an idea that does not exist, which readPlacement leaves out)
      await waitFor(() => watcher.doc.getMap('placement').get(`sentinel-${role}`) === 'sentinel', {
        docs: [watcher.doc],
      });
      const notes = readNotes(watcher.doc, q1);
      if (role === 'facilitator' || role === 'rapporteur')
        expect(notes).toContain(`written by the ${role}`);
      else expect(notes).not.toContain(`written by the ${role}`);
      client.close();
      sentinel.close();
    }
  });
});

describe('tokens', () => {
  test('at least 128 random bits each, all different', async () => {
    const tokens = [
      w.facilitatorToken,
      w.rapporteurToken,
      w.projectorToken,
      alice.participantToken,
    ];
    for (const t of tokens) {
      expect(t).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(t.length * 6).toBeGreaterThanOrEqual(128); // base64url: 6 bits a character
    }
    expect(new Set(tokens).size).toBe(tokens.length);
  });

  test('stored only as SHA-256 hashes: the database files never contain a token', () => {
    const tokens = [
      w.facilitatorToken,
      w.rapporteurToken,
      w.projectorToken,
      alice.participantToken,
    ];
    const hashes = (
      server.store.db.prepare('SELECT hash FROM tokens WHERE workshop_id = ?').all(w.id) as {
        hash: string;
      }[]
    ).map((r) => r.hash);
    for (const t of tokens) {
      expect(hashes).toContain(createHash('sha256').update(t).digest('hex'));
    }
    server.store.db.pragma('wal_checkpoint(PASSIVE)');
    const files = fs
      .readdirSync(server.dataDir)
      .map((f) => fs.readFileSync(path.join(server.dataDir, f)));
    expect(files.length).toBeGreaterThan(0);
    for (const bytes of files) {
      for (const t of tokens) expect(bytes.includes(Buffer.from(t))).toBe(false);
    }
  });

  test('removing a participant cuts their socket and Yjs link at once and for good', async () => {
    const mallory = await server.join(w.joinCode, 'mallory');
    const fac = await connectSocket(server.url, w.facilitatorToken);
    await emitAck(fac, 'phase:set', { questionId: q1, phase: 'submit' });
    const socket = await connectSocket(server.url, mallory.participantToken);
    const doc = rawDocClient(server.url, w.id, mallory.participantToken);
    await doc.synced;
    const spam = await emitAck(socket, 'idea:submit', { questionId: q1, text: 'spam' });
    const kicked = new Promise<string>((resolve) => socket.once('disconnect', resolve));

    const res = await fetch(`${server.url}/api/workshops/${w.id}/remove-participant`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${w.facilitatorToken}`,
      },
      body: JSON.stringify({ ideaId: spam.ideaId }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toStrictEqual({ revoked: 1, disconnected: 2 });
    expect(await kicked).toBe('io server disconnect');
    expect((await doc.closed).code).toBe(4401);
    await expect(connectSocket(server.url, mallory.participantToken)).rejects.toThrow(
      /unauthorized/,
    );
    expect((await rawDocClient(server.url, w.id, mallory.participantToken).closed).code).toBe(4401);
    const session = await fetch(`${server.url}/api/session`, {
      headers: { authorization: `Bearer ${mallory.participantToken}` },
    });
    expect(session.status).toBe(401);
    // alice is untouched.
    const a = await connectSocket(server.url, alice.participantToken);
    expect((await emitAck(a, 'clock:sync', {})).ok).toBe(true);
  });

  test('revoking the rapporteur links ends them; a new link works', async () => {
    const fac = {
      authorization: `Bearer ${w.facilitatorToken}`,
      'content-type': 'application/json',
    };
    const minted = (await (
      await fetch(`${server.url}/api/workshops/${w.id}/links`, {
        method: 'POST',
        headers: fac,
        body: JSON.stringify({ role: 'rapporteur' }),
      })
    ).json()) as { token: string };
    const live = rawDocClient(server.url, w.id, minted.token);
    await live.synced;
    const res = await fetch(`${server.url}/api/workshops/${w.id}/revoke-links`, {
      method: 'POST',
      headers: fac,
      body: JSON.stringify({ role: 'rapporteur' }),
    });
    expect(await res.json()).toMatchObject({ revoked: 2, disconnected: 1 });
    expect((await live.closed).code).toBe(4401);
    for (const t of [minted.token, w.rapporteurToken]) {
      expect((await rawDocClient(server.url, w.id, t).closed).code).toBe(4401);
    }
    const fresh = (await (
      await fetch(`${server.url}/api/workshops/${w.id}/links`, {
        method: 'POST',
        headers: fac,
        body: JSON.stringify({ role: 'rapporteur' }),
      })
    ).json()) as { token: string };
    const ok = rawDocClient(server.url, w.id, fresh.token);
    await ok.synced;
    ok.close();
  });
});

describe('WebSocket upgrades check Origin', () => {
  test('socket.io over polling refuses a foreign Origin too', async () => {
    const res = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`, {
      headers: { origin: 'http://evil.example' },
    });
    expect(res.status).toBe(403);
    const own = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`, {
      headers: { origin: server.url },
    });
    expect(own.status).toBe(200);
  });

  test('a foreign Origin is refused on both WebSocket endpoints, before any token is read', async () => {
    const evil = ioClient(server.url, {
      transports: ['websocket'],
      auth: { token: w.facilitatorToken },
      extraHeaders: { origin: 'https://convene.example.org.evil.example' },
      reconnection: false,
      forceNew: true,
    });
    await new Promise<void>((resolve) => evil.once('connect_error', () => resolve()));
    evil.close();
    const y = rawDocClient(server.url, w.id, w.facilitatorToken, undefined, {
      origin: `http://127.0.0.1:${server.port}.evil.example`,
    });
    expect((await y.closed).code).toBe(1006);
  });
});

describe('rate limits answer with rate_limited and Retry-After', () => {
  let limited: TestServer;
  let lw: CreatedWorkshop;
  beforeAll(async () => {
    // The production limits (no lifted per-address limits), one small workshop cap.
    limited = await startTestServer({ limits: { participantsPerWorkshop: 150 } });
    lw = await limited.createWorkshop();
  });
  afterAll(async () => {
    await limited?.close();
  });
  const join = (body: object, address: string) =>
    fetch(`${limited.url}/api/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
      body: JSON.stringify(body),
    });

  async function expectLimited(res: Response): Promise<number> {
    expect(res.status).toBe(429);
    expect(await res.json()).toMatchObject({ error: { code: 'rate_limited' } });
    const retry = Number(res.headers.get('retry-after'));
    expect(retry).toBeGreaterThanOrEqual(1);
    return retry;
  }

  test('guessing join codes: 10 misses per address, then 429 (another address is not)', async () => {
    for (let i = 0; i < 10; i++) {
      expect((await join({ joinCode: 'AAAAAA' }, '203.0.113.7')).status).toBe(404);
    }
    const res = await join({ joinCode: 'AAAAAA' }, '203.0.113.7');
    expect(await expectLimited(res.clone())).toBe(5);
    expect((await res.json()).error.message).toBe('Too many attempts; try again in 5 seconds');
    expect((await join({ joinCode: 'AAAAAA' }, '198.51.100.9')).status).toBe(404);
  });

  // Issue 12 item 8: a venue shares one address; its mistypes must not lock the room out.
  test('a venue never locks itself out: ten wrong codes, then the right one joins at once', async () => {
    const venue = '192.0.2.77';
    for (let i = 0; i < 10; i++) {
      expect((await join({ joinCode: 'AAAAAA' }, venue)).status).toBe(404);
    }
    // Positive control: the address is past its guess budget (a wrong code now waits)…
    await expectLimited(await join({ joinCode: 'CCCCCC' }, venue));
    // …and still, a correct code is not a guess: it joins, as does the next person's.
    expect((await join({ joinCode: lw.joinCode }, venue)).status).toBe(200);
    expect((await join({ joinCode: lw.joinCode.toLowerCase() }, venue)).status).toBe(200);
  });

  test('guessing beyond the budget is refused before any code is looked up', async () => {
    const guesser = '203.0.113.99';
    const statuses: number[] = [];
    // 10 answered 404, then 50 more looked up but answered 429, then none looked up at all.
    for (let i = 0; i < 61; i++)
      statuses.push((await join({ joinCode: 'AAAAAA' }, guesser)).status);
    expect(statuses.filter((s) => s === 404)).toHaveLength(10);
    expect(statuses.slice(10).every((s) => s === 429)).toBe(true);
    // Past the grace even the right code waits: this address is guessing, not mistyping.
    const retry = await expectLimited(await join({ joinCode: lw.joinCode }, guesser));
    expect(retry).toBeLessThanOrEqual(5);
    // Another address is not held up.
    expect((await join({ joinCode: lw.joinCode }, '198.51.100.10')).status).toBe(200);
  });

  test('a whole room joins from one address (venue NAT); a flood of joins does not', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 125; i++)
      statuses.push((await join({ joinCode: lw.joinCode }, '192.0.2.1')).status);
    // 120 at once (then 2 a second): a room of 60 behind one NAT joins twice over.
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(120);
    expect(statuses.at(-1)).toBe(429);
  });

  test('a workshop accepts at most its cap of participants → workshop_full', async () => {
    let last: Response | null = null;
    for (let i = 0; i < 40; i++) {
      last = await join({ joinCode: lw.joinCode }, `198.18.0.${i}`);
      if (last.status !== 200) break;
    }
    expect(last?.status).toBe(409);
    expect(await last?.json()).toMatchObject({ error: { code: 'workshop_full' } });
  });

  test('creating workshops: 20 per address, then refused with Retry-After', async () => {
    const create = () =>
      fetch(`${limited.url}/api/workshops`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.50' },
        body: JSON.stringify({ title: 'x', questions: [{ prompt: 'p' }] }),
      });
    for (let i = 0; i < 20; i++) expect((await create()).status).toBe(201);
    expect(await expectLimited(await create())).toBeGreaterThanOrEqual(29);
  });

  test('guessing ADMIN_TOKEN: 10 refusals, then even the right token waits', async () => {
    const admin = 'the-admin-token-of-this-server';
    const guarded = await startTestServer({ adminToken: admin, limits: {} });
    try {
      const create = (token: string, address = '203.0.113.99') =>
        fetch(`${guarded.url}/api/workshops`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${token}`,
            'x-forwarded-for': address,
          },
          body: JSON.stringify({ title: 'x', questions: [{ prompt: 'p' }] }),
        });
      for (let i = 0; i < 10; i++)
        expect((await create(`wrong-${i}-guess-xxxxxx`)).status).toBe(401);
      await expectLimited(await create(admin));
      expect((await create(admin, '198.51.100.77')).status).toBe(201);
    } finally {
      await guarded.close();
    }
  });

  test('commands: per participant across sockets, with retryAfter; others unaffected', async () => {
    const lw2 = await limited.createWorkshop();
    const fac = await connectSocket(limited.url, lw2.facilitatorToken);
    const p = await limited.join(lw2.joinCode);
    const [s1, s2] = await Promise.all([
      connectSocket(limited.url, p.participantToken),
      connectSocket(limited.url, p.participantToken),
    ]);
    const acks = await Promise.all(Array.from({ length: 70 }, () => emitAck(s1, 'clock:sync', {})));
    expect(acks.filter((a) => a.ok).length).toBeLessThanOrEqual(61);
    const second = await emitAck(s2, 'clock:sync', {});
    expect(second.error).toMatchObject({ code: 'rate_limited', retryAfter: 1 });
    expect((await emitAck(fac, 'clock:sync', {})).ok).toBe(true);
  });
});

describe('headers', () => {
  test('API responses carry a strict CSP and the usual headers', async () => {
    const res = await fetch(`${server.url}/api/nope`);
    const csp = res.headers.get('content-security-policy') ?? '';
    const directive = (name: string) =>
      csp
        .split(';')
        .map((d) => d.trim())
        .find((d) => d.startsWith(`${name} `)) ?? '';
    expect(directive('default-src')).toBe("default-src 'self'");
    expect(directive('script-src')).toBe("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(directive('frame-ancestors')).toBe("frame-ancestors 'none'");
    expect(directive('object-src')).toBe("object-src 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  test('the built client has no inline script for the CSP to forbid (npm test builds it)', async () => {
    const clientDir = path.join(repoRoot, 'client/dist');
    const html = fs.readFileSync(path.join(clientDir, 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/\bsrc=/);
      expect(body?.trim()).toBe('');
    }
    expect(html).not.toMatch(/\son[a-z]+=/i);
    // Served with the same headers.
    const db = openDatabase(':memory:');
    const app = createApp({
      store: openSqliteStore(db),
      clientDir,
      log: { info() {}, warn() {}, error() {} },
    });
    await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', () => resolve()));
    try {
      const port = (app.httpServer.address() as { port: number }).port;
      const res = await fetch(`http://127.0.0.1:${port}/join/ABCDEF`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    } finally {
      await app.close();
      db.close();
    }
  });
});

describe('nothing secret leaks', () => {
  test('no stack trace or internal message reaches a client, even on a server fault', async () => {
    const s = await connectSocket(server.url, w.facilitatorToken);
    const store = server.store as unknown as { workshop: (id: string) => unknown };
    const original = store.workshop;
    store.workshop = () => {
      throw new TypeError('secret internal detail at /srv/convene/store.ts:42');
    };
    try {
      const res = await fetch(`${server.url}/api/session`, {
        headers: { authorization: `Bearer ${w.facilitatorToken}` },
      });
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(JSON.parse(text)).toStrictEqual({
        error: { code: 'internal_error', message: 'Something went wrong on the server' },
      });
      const ack = await emitAck(s, 'vote:configure', { questionId: q1, budget: 2 });
      expect(ack).toStrictEqual({
        ok: false,
        error: {
          code: 'internal_error',
          message: 'Something went wrong on the server; nothing was saved.',
        },
      });
    } finally {
      store.workshop = original;
    }
    // The fault is in the log (with its message, for the operator), not in any reply.
    expect(server.errors().length).toBeGreaterThan(0);
    server.logs.splice(0);
  });

  test('logs hold no idea text, no name, no token', async () => {
    server.logs.splice(0);
    const name = 'Zebulon Quux-Name';
    const text = 'SECRET-IDEA-TEXT that must stay out of logs';
    const p = await server.join(w.joinCode, name);
    const fac = await connectSocket(server.url, w.facilitatorToken);
    await emitAck(fac, 'phase:set', { questionId: q1, phase: 'submit' });
    const s = await connectSocket(server.url, p.participantToken);
    const ack = await emitAck(s, 'idea:submit', { questionId: q1, text });
    await emitAck(s, 'idea:edit', { ideaId: ack.ideaId, text: `${text} (edited)` });
    await emitAck(s, 'idea:submit', { questionId: q1, text: `${text}\u0000` }); // refused
    const doc = await connectDoc(server.url, w.id, w.facilitatorToken);
    await waitFor(() => readIdeas(doc.doc).some((i) => i.text.startsWith('SECRET')), {
      docs: [doc.doc],
    });
    const bad = rawDocClient(server.url, w.id, p.participantToken);
    await bad.synced;
    bad.send(Uint8Array.from([9, 9, 9]));
    await bad.closed;
    await fetch(`${server.url}/api/workshops/${w.id}/export?format=json`, {
      headers: { authorization: `Bearer ${w.facilitatorToken}` },
    });
    expect(server.logs.length).toBeGreaterThan(0);
    const all = JSON.stringify(server.logs);
    for (const secret of [name, 'SECRET-IDEA-TEXT', p.participantToken, w.facilitatorToken]) {
      expect(all).not.toContain(secret);
    }
  });
});

describe('durability settings', () => {
  test('WAL, synchronous=FULL, foreign keys, secure_delete', () => {
    const db = server.store.db;
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('secure_delete', { simple: true })).toBe(1);
  });
});

describe('dependencies', () => {
  /** Fixed versions of known advisories: every installed copy must be at or above. */
  const FIXED: Record<string, string> = {
    ws: '8.21.0',
    'engine.io': '6.6.9',
    'socket.io': '4.8.0',
    'socket.io-parser': '4.2.6',
  };
  const newer = (a: string, b: string) => {
    const pa = a.split('.').map(Number);
    const pb = b.split('.').map(Number);
    for (let i = 0; i < 3; i++)
      if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) > (pb[i] ?? 0);
    return true;
  };
  function copies(name: string, dir = path.join(repoRoot, 'node_modules'), depth = 0): string[] {
    const out: string[] = [];
    const pkg = path.join(dir, name, 'package.json');
    if (fs.existsSync(pkg))
      out.push((JSON.parse(fs.readFileSync(pkg, 'utf8')) as { version: string }).version);
    if (depth > 3 || !fs.existsSync(dir)) return out;
    for (const entry of fs.readdirSync(dir)) {
      const nested = entry.startsWith('@')
        ? fs.readdirSync(path.join(dir, entry)).map((e) => path.join(dir, entry, e))
        : [path.join(dir, entry)];
      for (const n of nested) {
        const nm = path.join(n, 'node_modules');
        if (fs.existsSync(nm)) out.push(...copies(name, nm, depth + 1));
      }
    }
    return out;
  }
  for (const workspace of ['', 'server', 'client', 'tests']) {
    test.each(Object.entries(FIXED))(
      `${workspace || 'root'}: every copy of %s ≥ %s`,
      (name, min) => {
        const found = copies(name, path.join(repoRoot, workspace, 'node_modules'));
        for (const v of found) expect(newer(v, min), `${name}@${v}`).toBe(true);
        if (workspace === '' && name !== 'socket.io-parser')
          expect(found.length).toBeGreaterThan(0);
      },
    );
  }
});

/**
 * Issue 11, items 2–4: the Chatham House name check against disguised names, join names made
 * of ordinary words, and a replacement that must be confirmed and can be undone — while every
 * export stays free of the names.
 */
describe('the name check (Chatham House)', () => {
  const AMARA = 'Amara Oyelaran-Tessema';
  // What participants typed: each disguise in a different field of an idea, and in the notes.
  const IDEA = {
    text: 'As \u0410mara said, pool funds for local peacebuilders.',
    actor: 'Am\u200bara\u2019s ministry',
    nextStep: 'Ask \uff21\uff4d\uff41\uff52\uff41 and Li to draft it',
  };
  const PLAIN = 'Pool funds for local peacebuilders with local councils.';
  const NOTES = 'Opening.\nAs Am**ara** said, fund it.\nLi agreed with \u202earamA\u202c.\n';
  /** Every form of the name that appears above (what a reader of an export would see). */
  const FORMS = [
    'Amara',
    '\u0410mara',
    'Am\u200bara',
    '\uff21\uff4d\uff41\uff52\uff41',
    'Am**ara',
    'aramA',
  ];

  let ws: CreatedWorkshop;
  let q: string;
  const asRap = () => ({
    'content-type': 'application/json',
    authorization: `Bearer ${ws.rapporteurToken}`,
  });
  const nameCheck = async () =>
    (await (
      await fetch(`${server.url}/api/workshops/${ws.id}/name-check`, { headers: asRap() })
    ).json()) as NameCheckReply;
  const post = (path: string, body: object) =>
    fetch(`${server.url}/api/workshops/${ws.id}${path}`, {
      method: 'POST',
      headers: asRap(),
      body: JSON.stringify(body),
    });
  /** Every export as the text a reader or a program sees (DOCX: the document's text). */
  const exportsAsText = async () => {
    const out: Record<string, string> = {};
    for (const format of ['md', 'html', 'csv', 'json', 'docx']) {
      const res = await fetch(`${server.url}/api/workshops/${ws.id}/export?format=${format}`, {
        headers: asRap(),
      });
      expect(res.status).toBe(200);
      const body = Buffer.from(await res.arrayBuffer());
      out[format] =
        format === 'docx'
          ? [...unzip(body).values()]
              .map((f) => f.toString('utf8').replace(/<[^>]+>/g, ''))
              .join('\n')
          : body.toString('utf8');
    }
    return out;
  };
  /**
   * The first question's record (its ideas' texts and its notes), read on the server: the JSON
   * archive would show the same, but it waits while a name is open (issue 14).
   */
  const ideasOf = async () => ({
    notes: server.app.rooms.with(ws.id, (room) => readNotes(room.doc, q)),
    ideas: server.store
      .ideas(ws.id)
      .filter((i) => i.questionId === q && i.status === 'visible')
      .map((i) => ({ text: i.text, actor: i.actor, nextStep: i.nextStep })),
  });

  beforeAll(async () => {
    ws = await server.createWorkshop({ title: 'Names' });
    q = ws.questions[0]?.id ?? '';
    const amara = await server.join(ws.joinCode, AMARA);
    const local = await server.join(ws.joinCode, 'For With Local');
    await server.join(ws.joinCode, 'Wei Li');
    const fac = await connectSocket(server.url, ws.facilitatorToken);
    expect((await emitAck(fac, 'phase:set', { questionId: q, phase: 'submit' })).ok).toBe(true);
    const a = await connectSocket(server.url, amara.participantToken);
    expect((await emitAck(a, 'idea:submit', { questionId: q, ...IDEA })).ok).toBe(true);
    const l = await connectSocket(server.url, local.participantToken);
    expect((await emitAck(l, 'idea:submit', { questionId: q, text: PLAIN })).ok).toBe(true);
    const rap = await connectDoc(server.url, ws.id, ws.rapporteurToken);
    notesOf(rap.doc, q).insert(0, NOTES);
    await yjsRoundTrip(rap.provider);
    closeClients();
  });

  test('item 2: disguised names are found in the idea, who should act, first step and notes', async () => {
    const check = await nameCheck();
    const found = check.findings.map((f) => `${f.where}: ${f.match}`);
    expect(found).toEqual(
      expect.arrayContaining([
        'Question 1 · idea: \u0410mara',
        'Question 1 · idea (who should act): Am\u200bara',
        'Question 1 · idea (first step): \uff21\uff4d\uff41\uff52\uff41',
        'Question 1 · idea (first step): Li',
        'Question 1 · notes: Am**ara**',
        'Question 1 · notes: Li',
        'Question 1 · notes: \u202earamA\u202c',
      ]),
    );
  });

  test('item 3: a join name of ordinary words makes none of them a name', async () => {
    const check = await nameCheck();
    expect(check.findings.filter((f) => f.names.includes('For With Local'))).toEqual([]);
    expect(check.candidates.map((c) => c.name).sort()).toEqual([AMARA, 'Wei Li']);
  });

  test('item 3: only confirmed names are replaced; undo puts back the exact words; exports stay name-free', async () => {
    const before = await ideasOf();
    const li = (await (await post('/redact', { names: ['Wei Li'] })).json()) as RedactReply;
    expect(li.redacted).toBe(2);
    expect(li.check.candidates.map((c) => c.name)).toEqual([AMARA]);
    const res = await post('/redact', { names: [AMARA] });
    expect(res.status).toBe(200);
    const amara = (await res.json()) as RedactReply;
    expect(amara.redacted).toBe(5);
    expect(amara.check.total).toBe(0);
    expect(amara.check.undoable.map((u) => u.id)).toEqual([amara.redactionId, li.redactionId]);

    // Every export format, as text: no form of either name, and the other texts untouched.
    const exported = await exportsAsText();
    for (const [format, text] of Object.entries(exported)) {
      for (const form of [...FORMS, 'Oyelaran', 'Tessema', ' Li ', 'Wei']) {
        expect(text, `${format} still shows ${form}`).not.toContain(form);
      }
    }
    expect(exported.json).toContain(PLAIN);
    const after = await ideasOf();
    expect(after.ideas.map((i) => i.text).sort()).toEqual(
      ['As a participant said, pool funds for local peacebuilders.', PLAIN].sort(),
    );
    expect(after.notes).toBe(
      'Opening.\nAs a participant said, fund it.\nA participant agreed with a participant.\n',
    );

    // Undo the Amara replacement: her name is back exactly as typed, Li's stays replaced.
    const undo = await post('/redact/undo', { id: amara.redactionId });
    expect(undo.status).toBe(200);
    expect(((await undo.json()) as UndoRedactReply).restored).toBe(5);
    const restored = await ideasOf();
    const idea = restored.ideas.find((i) => i.text !== PLAIN);
    expect(idea?.text).toBe(IDEA.text);
    expect(idea?.actor).toBe(IDEA.actor);
    expect(idea?.nextStep).toBe(IDEA.nextStep.replace('Li', 'a participant'));
    expect(restored.notes).toBe(NOTES.replace('Li', 'A participant'));
    // Once undone, it is gone: a second undo has nothing to do.
    expect((await post('/redact/undo', { id: amara.redactionId })).status).toBe(404);
    // Undo of the first one still works, then everything is exactly as typed.
    expect((await post('/redact/undo', {})).status).toBe(200);
    expect(await ideasOf()).toEqual(before);
  });

  test('the kept words are in no export, are erased once undone, and by purging names', async () => {
    // "Replace all" (no choice: every finding) leaves the ordinary words of a join name alone.
    const res = await post('/redact', {});
    const reply = (await res.json()) as RedactReply;
    expect(reply.redacted).toBeGreaterThan(0);
    expect((await ideasOf()).ideas.map((i) => i.text)).toContain(PLAIN);
    const kept = server.store.db
      .prepare('SELECT data FROM name_redactions WHERE id = ?')
      .get(reply.redactionId) as { data: string };
    expect(kept.data).toContain('\u0410mara');
    for (const text of Object.values(await exportsAsText()))
      expect(text).not.toContain('\u0410mara');
    const purge = await fetch(`${server.url}/api/workshops/${ws.id}/purge-names`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ws.facilitatorToken}` },
    });
    expect(purge.status).toBe(200);
    expect(
      server.store.db
        .prepare('SELECT COUNT(*) AS n FROM name_redactions WHERE workshop_id = ?')
        .get(ws.id),
    ).toEqual({ n: 0 });
  });

  test('bad bodies are refused with invalid_payload', async () => {
    for (const [path, body] of [
      ['/redact', { names: 'Amara' }],
      ['/redact', { names: [''] }],
      ['/redact', { everything: true }],
      ['/redact/undo', { id: 42 }],
      ['/redact/undo', { id: 'x'.repeat(65) }],
    ] as const) {
      const res = await post(path, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
        'invalid_payload',
      );
    }
  });
});

// Issue 12 item 9: a workshop's title is not visible without its link.
describe('GET /api/workshops lists workshops to an administrator only', () => {
  test('an open server (no ADMIN_TOKEN) does not serve the list to anyone', async () => {
    const open = await startTestServer();
    try {
      await open.createWorkshop({ title: 'Private consultation on border security' });
      const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer anything-at-all' }];
      for (const headers of attempts) {
        const res = await fetch(`${open.url}/api/workshops`, { headers });
        expect(res.status).toBe(403);
        const body = await res.text();
        expect(JSON.parse(body)).toMatchObject({ error: { code: 'forbidden' } });
        expect(body).not.toContain('border security');
      }
    } finally {
      await open.close();
    }
  });

  test('with ADMIN_TOKEN: 401 without it, the list with it (positive control)', async () => {
    const admin = 'admin-token-for-item-9-0123456789abcdef';
    const guarded = await startTestServer({ adminToken: admin });
    try {
      await guarded.createWorkshop({ title: 'Listed for the administrator' });
      const refused = await fetch(`${guarded.url}/api/workshops`);
      expect(refused.status).toBe(401);
      const listed = await fetch(`${guarded.url}/api/workshops`, {
        headers: { authorization: `Bearer ${admin}` },
      });
      expect(listed.status).toBe(200);
      expect((await listed.json()).workshops[0]).toMatchObject({
        title: 'Listed for the administrator',
      });
    } finally {
      await guarded.close();
    }
  });
});
