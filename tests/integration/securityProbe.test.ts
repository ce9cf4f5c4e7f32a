import { spawn } from 'node:child_process';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CreatedWorkshop } from '@convene/shared';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { loadConfig } from '../../server/src/config.ts';
import { createHostCheck } from '../../server/src/http/security.ts';
import {
  closeClients,
  connectSocket,
  emitAck,
  startTestServer,
  type TestServer,
} from '../helpers/testServer.ts';

/**
 * The security probe's "leaks and gaps" (issue 11, item 10), each with its control: the
 * authorship oracle of remove-participant, ADMIN_TOKEN values that used to start a server open or
 * unusable, DNS rebinding through "Origin equals Host", the CSP's connect-src and caching of API
 * answers.
 */

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

let server: TestServer;
let w: CreatedWorkshop;
let q1: string;

beforeAll(async () => {
  server = await startTestServer();
  w = await server.createWorkshop({ title: 'Probe' });
  q1 = w.questions[0]?.id ?? '';
});
afterEach(() => closeClients());
afterAll(async () => {
  closeClients();
  await server?.close();
});

async function removeParticipant(body: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${server.url}/api/workshops/${w.id}/remove-participant`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${w.facilitatorToken}`,
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

describe('remove-participant is no authorship oracle', () => {
  test('an idea the facilitator wrote and one whose author is gone get the same answer', async () => {
    const fac = await connectSocket(server.url, w.facilitatorToken);
    await emitAck(fac, 'phase:set', { questionId: q1, phase: 'submit' });
    const own = await emitAck(fac, 'idea:submit', { questionId: q1, text: 'Facilitator idea' });
    expect(own.ok).toBe(true);

    const bob = await server.join(w.joinCode, 'Bob');
    const bobSocket = await connectSocket(server.url, bob.participantToken);
    const bobs = await emitAck(bobSocket, 'idea:submit', { questionId: q1, text: "Bob's idea" });
    // Control: the author of a live participant's idea is removed (tokens revoked).
    const first = await removeParticipant({ ideaId: bobs.ideaId });
    expect(first.status).toBe(200);
    expect((first.body as { revoked: number }).revoked).toBeGreaterThan(0);

    const again = await removeParticipant({ ideaId: bobs.ideaId });
    const facilitators = await removeParticipant({ ideaId: own.ideaId });
    expect(facilitators).toStrictEqual(again);
    expect(facilitators).toStrictEqual({ status: 200, body: { revoked: 0, disconnected: 0 } });
    // An id that is no idea here is still told apart: that reveals nothing about authors.
    expect((await removeParticipant({ ideaId: 'no-such-idea' })).status).toBe(404);
  });
});

describe('ADMIN_TOKEN values that cannot be meant are refused at start', () => {
  test.each([
    ['empty', ''],
    ['blank', '   '],
    ['longer than any bearer token read', 'a'.repeat(250)],
    ['with a space inside', 'correct horse battery staple'],
  ])('%s → a clear message', (_name, value) => {
    expect(() => loadConfig({ ADMIN_TOKEN: value })).toThrow(/ADMIN_TOKEN/);
  });

  test('control: a good token and no token at all both start', () => {
    expect(loadConfig({ ADMIN_TOKEN: 'a'.repeat(200) }).adminToken).toBe('a'.repeat(200));
    expect(loadConfig({}).adminToken).toBeUndefined();
  });

  test('the server process stops with the message instead of running open', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
      cwd: repoRoot,
      env: {
        ...process.env,
        ADMIN_TOKEN: '',
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: path.join(os.tmpdir(), `convene-admin-${process.pid}`),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      out += c.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(out).toMatch(/ADMIN_TOKEN: is set but empty/);
    expect(out).not.toMatch(/Convene is running/);
  }, 30_000);
});

/** A raw HTTP request with a Host header of our choosing (fetch will not send a foreign one). */
function request(
  pathname: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: server.port, path: pathname, headers },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          body += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** How a WebSocket upgrade with these headers ends: the HTTP status if refused, else 101. */
function upgrade(pathname: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}${pathname}`, { headers });
    ws.on('unexpected-response', (_req, res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('open', () => {
      resolve(101);
      ws.terminate();
    });
    ws.on('error', () => resolve(0));
  });
}

describe('DNS rebinding: a foreign host name is refused even when Origin matches it', () => {
  const rebound = () => ({
    host: `rebind.evil.example:${server.port}`,
    origin: `http://rebind.evil.example:${server.port}`,
  });
  const own = () => ({
    host: `127.0.0.1:${server.port}`,
    origin: `http://127.0.0.1:${server.port}`,
  });

  test('Yjs endpoint', async () => {
    const p = `/yjs/${w.id}?token=${w.projectorToken}`;
    expect(await upgrade(p, rebound())).toBe(403);
    expect(await upgrade(p, own())).toBe(101); // control
  });

  test('socket.io (WebSocket and polling)', async () => {
    const p = '/socket.io/?EIO=4&transport=websocket';
    // engine.io refuses a WebSocket upgrade with 400, a polling request with 403.
    expect(await upgrade(p, rebound())).toBe(400);
    expect(await upgrade(p, own())).toBe(101);
    const polling = '/socket.io/?EIO=4&transport=polling';
    expect((await request(polling, rebound())).status).toBe(403);
    expect((await request(polling, own())).status).toBe(200);
  });

  test('the HTTP API answers 421 misdirected_request', async () => {
    const auth = { authorization: `Bearer ${w.facilitatorToken}` };
    const refused = await request('/api/session', { ...rebound(), ...auth });
    expect(refused.status).toBe(421);
    expect(JSON.parse(refused.body).error.code).toBe('misdirected_request');
    expect(refused.body).not.toContain(w.id);
    const ok = await request('/api/session', { ...own(), ...auth });
    expect(ok.status).toBe(200);
    expect(
      (await request('/api/session', { host: `localhost:${server.port}`, ...auth })).status,
    ).toBe(200);
  });

  test('PUBLIC_URL, HOST, ALLOWED_HOSTS and the machine name are the server’s own names', () => {
    const check = createHostCheck({
      publicUrl: 'https://convene.example.org',
      listenHost: '10.1.2.3',
      allowedHosts: ['Workshop.Venue.Lan'],
    });
    const as = (host: string) => check({ headers: { host } } as http.IncomingMessage);
    expect(as('convene.example.org')).toBe(true);
    expect(as('10.1.2.3:3000')).toBe(true);
    expect(as('workshop.venue.lan:3000')).toBe(true);
    expect(as(`${os.hostname()}:3000`)).toBe(true);
    expect(as('[::1]:3000')).toBe(true);
    expect(as('convene.example.org.evil.example')).toBe(false);
    expect(as('evil.example')).toBe(false);
    expect(
      createHostCheck({ allowedHosts: ['*'] })({ headers: { host: 'x' } } as http.IncomingMessage),
    ).toBe(true);
  });
});

describe('headers', () => {
  test('connect-src allows this host only (no ws:/wss: to anywhere)', async () => {
    const res = await fetch(`${server.url}/healthz`);
    const csp = res.headers.get('content-security-policy') ?? '';
    const connect = csp
      .split(';')
      .map((d) => d.trim())
      .find((d) => d.startsWith('connect-src'));
    expect(connect).toBe("connect-src 'self'");
  });

  test('API answers (session, create, join) are never cached', async () => {
    const session = await fetch(`${server.url}/api/session`, {
      headers: { authorization: `Bearer ${w.facilitatorToken}` },
    });
    expect(session.status).toBe(200);
    expect(session.headers.get('cache-control')).toBe('no-store');
    const join = await fetch(`${server.url}/api/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ joinCode: w.joinCode }),
    });
    expect(join.status).toBe(200);
    expect(join.headers.get('cache-control')).toBe('no-store');
  });
});
