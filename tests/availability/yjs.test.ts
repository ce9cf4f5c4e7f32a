import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCluster, readClusters, readIdeas, readQuestions } from '@convene/shared';
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { bigArchive } from '../helpers/bigBoard.ts';
import { type ChildServer, startChildServer } from '../helpers/childServer.ts';
import { MESSAGE_SYNC, rawDocClient, syncFrame } from '../helpers/hardening.ts';
import { probeHealth } from '../helpers/healthProbe.ts';
import { waitFor } from '../helpers/testServer.ts';

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
let projector: ReturnType<typeof rawDocClient> | undefined;

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
  // The room's projector stays open, as in a real workshop: the room stays loaded throughout.
  projector = rawDocClient(
    server.url,
    board.id,
    (board as unknown as { projectorToken: string }).projectorToken,
  );
  const watching = projector.doc;
  await projector.synced;
  // And the facilitator has been clustering: the room has taken writers' updates before.
  const facilitator = rawDocClient(server.url, board.id, board.facilitatorToken);
  await facilitator.synced;
  const before = Y.encodeStateVector(facilitator.doc);
  const q = readQuestions(facilitator.doc)[0]?.id ?? '';
  createCluster(facilitator.doc, { id: 'warm', questionId: q, label: 'Funding', position: 0 });
  facilitator.send(syncFrame(Y.encodeStateAsUpdate(facilitator.doc, before)));
  await waitFor(() => readClusters(watching).some((c) => c.id === 'warm'), {
    docs: [watching],
    what: 'the first cluster at the projector',
  });
  facilitator.close();
}, 60_000);

afterAll(async () => {
  projector?.close();
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
    expect(readIdeas(doc)).toHaveLength(2000);
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
    expect(readIdeas(newcomer.doc)).toHaveLength(2000);
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
