import { describe, expect, test } from 'vitest';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import {
  EMPTY_SYNC_REQUEST,
  earlyYjsUrl,
  fetchFirstBoard,
  openEarlyYjs,
} from '../../client/src/boot/earlyYjs.ts';
import { earlyAwareWebSocket, earlyYjsFor } from '../../client/src/net/earlySocket.ts';

/**
 * The boot script's early Yjs socket (issue 18): the page's provider takes it over with what it
 * has received, in order, and asks for the board only once.
 */

/** A stand-in for the browser's WebSocket: records what is sent, events are fired by hand. */
class FakeSocket {
  static made: FakeSocket[] = [];
  readonly CONNECTING = 0;
  readonly OPEN = 1;
  readonly CLOSING = 2;
  readonly CLOSED = 3;
  readyState = 0;
  binaryType = 'blob';
  bufferedAmount = 0;
  sent: number[][] = [];
  onopen: ((e: Event) => void) | null = null;
  onmessage: ((e: MessageEvent) => void) | null = null;
  onerror: ((e: Event) => void) | null = null;
  onclose: ((e: CloseEvent) => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.made.push(this);
  }
  send(data: Uint8Array | ArrayBuffer) {
    this.sent.push([...new Uint8Array(data as ArrayBuffer)]);
  }
  close() {
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }
  receive(bytes: Uint8Array) {
    const data = bytes.slice().buffer;
    this.onmessage?.({ type: 'message', data } as MessageEvent);
  }
}

// Node 20 has no Event with a settable type for MessageEvent: a minimal one is enough here.
globalThis.Event ??= class {
  constructor(readonly type: string) {}
} as unknown as typeof Event;

/** What a server answers a sync request with: its step 1, then the whole doc as step 2. */
function serverReplies(board: Y.Doc): Uint8Array[] {
  const sv = Y.encodeStateVector(board);
  const step1 = new Uint8Array([0, 0, ...lenPrefixed(sv)]);
  const step2 = new Uint8Array([0, 1, ...lenPrefixed(Y.encodeStateAsUpdate(board))]);
  return [step1, step2];
}
function lenPrefixed(bytes: Uint8Array): number[] {
  const out: number[] = [];
  let n = bytes.length;
  while (n > 0x7f) {
    out.push(0x80 | (n & 0x7f));
    n >>>= 7;
  }
  out.push(n);
  return [...out, ...bytes];
}

const TARGET = { url: 'ws://h/yjs/w1?token=t', workshopId: 'w1', token: 't' };

const tick = () => new Promise((r) => setTimeout(r, 0));

function boardOf(ideas: number): Y.Doc {
  const doc = new Y.Doc();
  const map = doc.getMap('ideas');
  for (let i = 0; i < ideas; i++) map.set(`i${i}`, `idea ${i}`);
  return doc;
}

describe('early Yjs socket', () => {
  test("its URL is the one the page's provider opens, with the token from the fragment or the device", () => {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider('ws://room.local:3000/yjs', 'wk_1-A', doc, {
      params: { token: 'a+b/c=d' },
      connect: false,
      disableBc: true,
      WebSocketPolyfill: FakeSocket as unknown as typeof WebSocket,
    });
    const page = {
      protocol: 'http:',
      host: 'room.local:3000',
      pathname: '/participant/wk_1-A',
      hash: '#token=a%2Bb%2Fc%3Dd',
    };
    expect(earlyYjsUrl(page, () => null)).toBe(provider.url);
    // Kept on the device under net/tokens.ts's key, when the link has no fragment.
    const stored = new Map([['convene:token:participant:wk_1-A', 'a+b/c=d']]);
    expect(earlyYjsUrl({ ...page, hash: '' }, (k) => stored.get(k) ?? null)).toBe(provider.url);
    expect(earlyYjsUrl({ ...page, pathname: '/projector/wk_1-A' }, () => null)).toBe(provider.url);
    provider.destroy();
    // Only read-only screens, and only with a token.
    expect(earlyYjsUrl({ ...page, pathname: '/facilitator/wk_1-A' }, () => null)).toBeNull();
    expect(earlyYjsUrl({ ...page, pathname: '/join/ABC' }, () => null)).toBeNull();
    expect(earlyYjsUrl({ ...page, hash: '' }, () => null)).toBeNull();
    expect(earlyYjsUrl({ ...page, pathname: '/participant/%E0%A4%A' }, () => null)).toBeNull();
  });

  test('the token key is the one net/tokens.ts keeps it under', async () => {
    const { tokenKey } = await import('../../client/src/net/tokens.ts');
    const seen: string[] = [];
    earlyYjsUrl({ protocol: 'http:', host: 'h', pathname: '/projector/w1', hash: '' }, (key) => {
      seen.push(key);
      return null;
    });
    expect(seen).toEqual([tokenKey('projector', 'w1')]);
  });

  test('the provider takes it over: the board that arrived first is read, and asked for once', async () => {
    FakeSocket.made = [];
    const early = openEarlyYjs(
      TARGET,
      FakeSocket as unknown as typeof WebSocket,
      undefined,
      60_000,
    );
    const raw = FakeSocket.made[0] as FakeSocket;
    raw.open();
    const board = boardOf(50);
    for (const m of serverReplies(board)) raw.receive(m);
    expect(raw.sent).toEqual([EMPTY_SYNC_REQUEST]);

    const doc = new Y.Doc();
    const provider = new WebsocketProvider('ws://h/yjs', 'w1', doc, {
      params: { token: 't' },
      disableBc: true,
      WebSocketPolyfill: earlyAwareWebSocket(
        () => early,
        FakeSocket as unknown as typeof WebSocket,
      ),
    });
    const synced = new Promise<void>((r) => provider.once('sync', () => r()));
    await synced;
    expect(doc.getMap('ideas').size).toBe(50);
    expect(FakeSocket.made).toHaveLength(1); // no second socket
    // Sent: the early request, then (from the provider) its answer to the server's step 1 and
    // its awareness — never a second request for the board.
    const requests = raw.sent.filter((m) => m[0] === 0 && m[1] === 0);
    expect(requests).toEqual([EMPTY_SYNC_REQUEST]);
    expect(raw.sent.length).toBeGreaterThan(1); // positive control: the provider did send

    // Later messages pass straight through.
    const more = new Y.Doc();
    Y.applyUpdate(more, Y.encodeStateAsUpdate(board));
    const before = Y.encodeStateVector(more);
    more.getMap('ideas').set('late', 'a late idea');
    const update = Y.encodeStateAsUpdate(more, before);
    raw.receive(new Uint8Array([0, 2, ...lenPrefixed(update)]));
    expect(doc.getMap('ideas').get('late')).toBe('a late idea');
    provider.destroy();
  });

  test('a socket that closed before the provider came is reported closed, and the provider opens a new one', async () => {
    FakeSocket.made = [];
    const early = openEarlyYjs(TARGET, FakeSocket as unknown as typeof WebSocket);
    const raw = FakeSocket.made[0] as FakeSocket;
    raw.readyState = 3;
    raw.onerror?.(new Event('error'));
    raw.onclose?.({ type: 'close', code: 1006, reason: '' } as CloseEvent);
    const provider = new WebsocketProvider('ws://h/yjs', 'w1', new Y.Doc(), {
      params: { token: 't' },
      disableBc: true,
      maxBackoffTime: 10,
      WebSocketPolyfill: earlyAwareWebSocket(
        () => early,
        FakeSocket as unknown as typeof WebSocket,
      ),
    });
    const closed = new Promise<number>((r) =>
      provider.once('connection-close', (e) => r((e as CloseEvent).code)),
    );
    expect(await closed).toBe(1006);
    while (FakeSocket.made.length < 2) await tick();
    expect(FakeSocket.made[1]?.url).toBe('ws://h/yjs/w1?token=t');
    provider.destroy();
  });

  test('an early socket for another URL is closed and not used', () => {
    FakeSocket.made = [];
    const early = openEarlyYjs(
      { ...TARGET, url: 'ws://h/yjs/other?token=t', workshopId: 'other' },
      FakeSocket as unknown as typeof WebSocket,
    );
    const Ws = earlyAwareWebSocket(() => early, FakeSocket as unknown as typeof WebSocket);
    const ws = new Ws('ws://h/yjs/w1?token=t');
    expect(ws).toBe(FakeSocket.made[1]);
    expect(FakeSocket.made[0]?.readyState).toBe(3);
  });

  test("what arrived waits for the app's hold (its first frame from the server's JSON), then comes in order", async () => {
    FakeSocket.made = [];
    const early = openEarlyYjs(
      TARGET,
      FakeSocket as unknown as typeof WebSocket,
      undefined,
      60_000,
    );
    const raw = FakeSocket.made[0] as FakeSocket;
    raw.open();
    for (const m of serverReplies(boardOf(20))) raw.receive(m);
    let release = () => {};
    early.hold = new Promise<void>((r) => {
      release = r;
    });
    const doc = new Y.Doc();
    const provider = new WebsocketProvider('ws://h/yjs', 'w1', doc, {
      params: { token: 't' },
      disableBc: true,
      WebSocketPolyfill: earlyAwareWebSocket(
        () => early,
        FakeSocket as unknown as typeof WebSocket,
      ),
    });
    for (let i = 0; i < 5; i++) await tick();
    expect(doc.getMap('ideas').size).toBe(0); // held
    release();
    await new Promise<void>((r) => provider.once('sync', () => r()));
    expect(doc.getMap('ideas').size).toBe(20);
    provider.destroy();
  });

  test("the board's JSON: read when the server has it, null when it has none or cannot be reached", async () => {
    const board = { workshop: {}, ideas: [] };
    const asked: [string, RequestInit | undefined][] = [];
    const answer =
      (status: number, body: string) => async (url: string | URL | Request, init?: RequestInit) => {
        asked.push([String(url), init]);
        return new Response(status === 204 ? null : body, { status });
      };
    const got = await fetchFirstBoard(
      'w 1',
      'tok',
      answer(200, JSON.stringify(board)) as typeof fetch,
    );
    expect(got?.board).toEqual(board);
    expect(got?.json).toBe(JSON.stringify(board));
    // The token in a header (never in the URL), the id escaped, never from a cache.
    expect(asked[0]?.[0]).toBe('/api/workshops/w%201/board');
    expect(asked[0]?.[1]?.headers).toEqual({ authorization: 'Bearer tok' });
    expect(asked[0]?.[1]?.cache).toBe('no-store');
    expect(await fetchFirstBoard('w1', 'tok', answer(204, '') as typeof fetch)).toBeNull();
    expect(await fetchFirstBoard('w1', 'tok', answer(401, '{}') as typeof fetch)).toBeNull();
    expect(await fetchFirstBoard('w1', 'tok', answer(200, '<html>') as typeof fetch)).toBeNull();
    const offline = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    expect(await fetchFirstBoard('w1', 'tok', offline)).toBeNull();
  });

  test('once the app has connected without it, a late boot script is told to open nothing', () => {
    const g = globalThis as { window?: { __conveneEarlyYjs?: unknown } };
    g.window = {};
    try {
      expect(earlyYjsFor('w1', 't')).toBeNull();
      expect(g.window.__conveneEarlyYjs).toBeNull(); // the boot script checks for exactly this
      // One that is there is found (and left for the provider to take).
      const early = openEarlyYjs(TARGET, FakeSocket as unknown as typeof WebSocket);
      g.window.__conveneEarlyYjs = early;
      expect(earlyYjsFor('w1', 't')).toBe(early);
      expect(earlyYjsFor('w1', 'another token')).toBeNull();
    } finally {
      delete g.window;
    }
  });
});
