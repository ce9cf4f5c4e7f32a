import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CreatedWorkshop, Joined } from '@convene/shared';
import { readIdeas } from '@convene/shared';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { loadConfig } from '../../server/src/config.ts';
import { type ChildServer, startChildServer } from '../helpers/childServer.ts';
import {
  type AckReply,
  closeClients,
  commandId,
  connectDoc,
  connectSocket,
  emitAck,
  waitFor,
} from '../helpers/testServer.ts';

/**
 * Issue 17 (operations): a stopping node drains. From SIGTERM it answers /readyz with 503, so a
 * proxy sends it no new clients, while the clients it has keep working for
 * SHUTDOWN_DRAIN_SECONDS; then it closes as before (every doc written back) and exits. A second
 * signal ends the drain at once.
 */

const dirs: string[] = [];
const servers: ChildServer[] = [];

afterEach(async () => {
  closeClients();
  for (const s of servers.splice(0)) await s.kill9();
});
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

async function start(env: NodeJS.ProcessEnv): Promise<{ server: ChildServer; dataDir: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'convene-drain-'));
  dirs.push(dataDir);
  const server = await startChildServer({ dataDir, env });
  servers.push(server);
  return { server, dataDir };
}

async function post<T>(url: string, body: object): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${url} → ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** GET /readyz: its status and body. */
async function readyz(url: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${url}/readyz`);
  return { status: res.status, body: await res.json() };
}

/** Asks /readyz until it answers 503 (the signal is handled in the other process). */
async function until503(url: string): Promise<{ status: number; body: unknown }> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const r = await readyz(url);
    if (r.status === 503) return r;
    if (Date.now() > deadline) throw new Error(`/readyz still ${r.status} after the signal`);
  }
}

function exited(s: ChildServer): Promise<number | null> {
  const { child } = s;
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('SIGTERM with SHUTDOWN_DRAIN_SECONDS', () => {
  test('/readyz turns 503 while existing connections keep working; the process exits after the drain', async () => {
    const DRAIN_S = 4;
    const { server, dataDir } = await start({ SHUTDOWN_DRAIN_SECONDS: String(DRAIN_S) });
    const { url } = server;
    const w = await post<CreatedWorkshop>(`${url}/api/workshops`, {
      title: 'Draining',
      questions: [{ prompt: 'What should donors stop doing?' }],
    });
    const q = w.questions[0]?.id ?? '';
    const alice = await post<Joined>(`${url}/api/join`, { joinCode: w.joinCode });
    const facilitator = await connectSocket(url, w.facilitatorToken);
    const aliceSocket = await connectSocket(url, alice.participantToken);
    const projector = await connectDoc(url, w.id, w.projectorToken);
    expect(await emitAck(facilitator, 'phase:set', { questionId: q, phase: 'submit' })).toEqual({
      ok: true,
      phase: 'submit',
    });
    expect(await readyz(url)).toEqual({ status: 200, body: { ready: true } });

    const exit = exited(server);
    const signalled = Date.now();
    server.child.kill('SIGTERM');
    expect(await until503(url)).toEqual({
      status: 503,
      body: { ready: false, reason: 'draining' },
    });
    // Liveness is not readiness: /healthz keeps its contract during the drain.
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });

    // The connections the node has keep working: an idea is acknowledged and reaches the screen.
    const text = 'Pool the mediators’ funding for the next six months';
    const ack = await emitAck<AckReply>(aliceSocket, 'idea:submit', {
      questionId: q,
      text,
      commandId: commandId('drain'),
    });
    expect(ack.ok).toBe(true);
    await waitFor(() => readIdeas(projector.doc).some((i) => i.text === text), {
      docs: [projector.doc],
      what: 'the idea submitted during the drain on the projector',
    });
    // Still draining, not stopped: the process is alive and still says not ready.
    expect(server.child.exitCode).toBeNull();
    expect((await readyz(url)).status).toBe(503);

    expect(await exit).toBe(0);
    // It waited out the drain (timers fire no earlier than asked; a little slack for clocks).
    expect(Date.now() - signalled).toBeGreaterThanOrEqual(DRAIN_S * 1000 - 50);
    // And closed as before: the idea acknowledged during the drain is on disk.
    const db = new Database(path.join(dataDir, 'convene.sqlite'), { readonly: true });
    try {
      const row = db.prepare('SELECT id FROM ideas WHERE id = ?').get(ack.ideaId);
      expect(row).toEqual({ id: ack.ideaId });
    } finally {
      db.close();
    }
  });

  test('a second signal during the drain stops at once', async () => {
    const { server } = await start({ SHUTDOWN_DRAIN_SECONDS: '600' });
    const exit = exited(server);
    server.child.kill('SIGTERM');
    expect((await until503(server.url)).status).toBe(503);
    const second = Date.now();
    server.child.kill('SIGINT');
    expect(await exit).toBe(0);
    // Far sooner than the 600 s asked for: close() alone (at most about a second's cut).
    expect(Date.now() - second).toBeLessThan(5000);
  });
});

describe('configuration', () => {
  test('SHUTDOWN_DRAIN_SECONDS defaults to 0: Ctrl-C on a laptop still stops at once', () => {
    expect(loadConfig({}).shutdownDrainSeconds).toBe(0);
    expect(loadConfig({ SHUTDOWN_DRAIN_SECONDS: '30' }).shutdownDrainSeconds).toBe(30);
  });

  test.each([
    ['negative', '-1'],
    ['not a number', 'soon'],
    ['a fraction', '1.5'],
    ['over an hour', '3601'],
  ])('SHUTDOWN_DRAIN_SECONDS %s → a clear message', (_name, value) => {
    expect(() => loadConfig({ SHUTDOWN_DRAIN_SECONDS: value })).toThrow(/SHUTDOWN_DRAIN_SECONDS/);
  });

  test.each([
    ['set but empty', ''],
    ['too short', 'short'],
    ['with a space inside', 'correct horse battery staple'],
    ['longer than any bearer token read', 'a'.repeat(250)],
  ])('METRICS_TOKEN %s → a clear message', (_name, value) => {
    expect(() => loadConfig({ METRICS_TOKEN: value })).toThrow(/METRICS_TOKEN/);
  });

  test('control: a good METRICS_TOKEN and none at all both start', () => {
    expect(loadConfig({ METRICS_TOKEN: 'm'.repeat(32) }).metricsToken).toBe('m'.repeat(32));
    expect(loadConfig({}).metricsToken).toBeUndefined();
  });
});
