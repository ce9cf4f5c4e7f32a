import type { CreatedWorkshop, Joined } from '@convene/shared';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import {
  closeClients,
  connectDoc,
  connectSocket,
  rawHandshake,
  startTestServer,
  type TestServer,
  yjsRoundTrip,
} from '../helpers/testServer.ts';

/** Capability tokens on the Yjs endpoint, and the Origin check on every WebSocket handshake. */

let server: TestServer;
let w: CreatedWorkshop;
let other: CreatedWorkshop;
let alice: Joined;

beforeAll(async () => {
  server = await startTestServer();
  w = await server.createWorkshop();
  other = await server.createWorkshop();
  alice = await server.join(w.joinCode, 'alice');
});
afterEach(() => {
  closeClients();
  // Bad input is answered and logged as a warning at most: the server never errs on it.
  expect(server.errors()).toStrictEqual([]);
});
afterAll(async () => {
  await server?.close();
});

const yjsPath = (id: string, token?: string) =>
  `/yjs/${encodeURIComponent(id)}${token === undefined ? '' : `?token=${encodeURIComponent(token)}`}`;

describe('Yjs endpoint authentication', () => {
  test.each([
    ['a made-up token', () => yjsPath(w.id, 'x'.repeat(43))],
    ['no token', () => yjsPath(w.id)],
    ['an empty token', () => yjsPath(w.id, '')],
    ['a short token', () => yjsPath(w.id, 'abc')],
    ['a huge token', () => yjsPath(w.id, 'x'.repeat(5000))],
    ['a malformed workshop id', () => yjsPath('../etc/passwd', w.facilitatorToken)],
  ])('%s → closed with 4401', async (_name, path) => {
    const result = await rawHandshake(server.url, path());
    expect(result).toMatchObject({ opened: true, code: 4401, reason: 'unauthorized' });
  });

  test.each([
    ['a facilitator token of another workshop', () => [w.id, other.facilitatorToken] as const],
    ['a participant token of another workshop', () => [other.id, alice.participantToken] as const],
  ])('%s → closed with 4403', async (_name, pair) => {
    const [workshopId, token] = pair();
    const result = await rawHandshake(server.url, yjsPath(workshopId, token));
    expect(result).toMatchObject({ opened: true, code: 4403, reason: 'forbidden' });
  });

  test('a valid token opens its own workshop and receives the sync', async () => {
    for (const token of [alice.participantToken, w.facilitatorToken, w.projectorToken]) {
      const result = await rawHandshake(server.url, yjsPath(w.id, token), {
        untilFirstMessage: true,
      });
      expect(result).toMatchObject({ opened: true, reason: 'message received' });
    }
  });

  test('a y-websocket provider refused with 4401 gives up instead of retrying', async () => {
    await expect(connectDoc(server.url, w.id, 'x'.repeat(43))).rejects.toThrow(/4401/);
    await expect(connectDoc(server.url, other.id, alice.participantToken)).rejects.toThrow(/4403/);
  });

  test('a text frame or garbage ends that connection only', async () => {
    const good = await connectDoc(server.url, w.id, w.facilitatorToken);
    for (const frame of ['hello', Buffer.from([0xff, 0xff, 0xff]), Buffer.from([0, 9, 1])]) {
      const ws = new WebSocket(
        `${server.url.replace('http', 'ws')}${yjsPath(w.id, w.facilitatorToken)}`,
      );
      const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
      ws.on('error', () => {});
      await new Promise<void>((resolve) => ws.on('open', () => resolve()));
      ws.send(frame);
      expect(await closed).toBe(4400);
    }
    expect(good.provider.wsconnected).toBe(true);
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
  });

  test('awareness is answered (y-websocket drops a silent link after 30 s) but never relayed', async () => {
    const bob = await server.join(w.joinCode, 'bob');
    const aliceDoc = await connectDoc(server.url, w.id, alice.participantToken);
    const bobDoc = await connectDoc(server.url, w.id, bob.participantToken);
    const ws = aliceDoc.provider.ws as unknown as WebSocket;
    const answered = new Promise<Uint8Array>((resolve) => {
      ws.on('message', (data: ArrayBuffer) => {
        const bytes = new Uint8Array(data);
        if (bytes[0] === 1) resolve(bytes);
      });
    });
    aliceDoc.provider.awareness.setLocalStateField('user', { name: 'alice' });
    expect([...(await answered)]).toStrictEqual([1, 1, 0]);
    await yjsRoundTrip(aliceDoc.provider);
    await yjsRoundTrip(bobDoc.provider);
    expect([...bobDoc.provider.awareness.getStates().keys()]).toStrictEqual([bobDoc.doc.clientID]);
  });

  test('an upgrade to an unknown path is refused', async () => {
    const result = await rawHandshake(server.url, '/not-yjs/whatever');
    expect(result).toMatchObject({ opened: false, status: 404 });
  });
});

describe('Origin check on WebSocket handshakes', () => {
  const EVIL = 'http://evil.example';

  test('socket.io refuses a foreign Origin and accepts its own host', async () => {
    await expect(connectSocket(server.url, w.facilitatorToken, { origin: EVIL })).rejects.toThrow();
    await expect(
      connectSocket(server.url, w.facilitatorToken, { origin: `http://127.0.0.1:${server.port}x` }),
    ).rejects.toThrow();
    const ok = await connectSocket(server.url, w.facilitatorToken, { origin: server.url });
    expect(ok.connected).toBe(true);
  });

  test('the Yjs endpoint refuses a foreign Origin and accepts its own host', async () => {
    const path = yjsPath(w.id, w.facilitatorToken);
    for (const origin of [EVIL, 'null', `http://127.0.0.1:${server.port + 1}`, 'not a url']) {
      const refused = await rawHandshake(server.url, path, { origin });
      expect(refused, origin).toMatchObject({ opened: false, status: 403 });
    }
    const accepted = await rawHandshake(server.url, path, {
      origin: server.url,
      untilFirstMessage: true,
    });
    expect(accepted).toMatchObject({ opened: true, reason: 'message received' });
  });

  test('with PUBLIC_URL set, that origin is accepted too', async () => {
    const publicUrl = 'https://convene.example.org';
    const proxied = await startTestServer({ publicUrl });
    try {
      const pw = await proxied.createWorkshop();
      const s = await connectSocket(proxied.url, pw.facilitatorToken, { origin: publicUrl });
      expect(s.connected).toBe(true);
      const y = await rawHandshake(proxied.url, yjsPath(pw.id, pw.facilitatorToken), {
        origin: publicUrl,
        untilFirstMessage: true,
      });
      expect(y.opened).toBe(true);
      const evil = await rawHandshake(proxied.url, yjsPath(pw.id, pw.facilitatorToken), {
        origin: EVIL,
      });
      expect(evil).toMatchObject({ opened: false, status: 403 });
      expect(pw.links.participant.startsWith(`${publicUrl}/join/`)).toBe(true);
    } finally {
      closeClients();
      await proxied.close();
    }
  });
});
