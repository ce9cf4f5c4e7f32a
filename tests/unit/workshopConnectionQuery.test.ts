import { afterEach, describe, expect, test, vi } from 'vitest';

// Issue 17 (routing): the web client names its workshop in socket.io's query, so that a proxy
// in front of several nodes can send the connection to the workshop's node (HAProxy hashes
// `url_param(workshopId)`, deploy/haproxy.cfg). socket.io-client and y-websocket are replaced
// by recorders: what is checked is the options the client opens its connections with.

const ioCalls: unknown[] = [];
vi.mock('socket.io-client', () => ({
  io: (opts: unknown) => {
    ioCalls.push(opts);
    return { on() {}, disconnect() {} };
  },
}));
vi.mock('y-websocket', () => ({
  WebsocketProvider: class {
    _updateHandler = () => {};
    on() {}
    destroy() {}
  },
}));

afterEach(() => {
  ioCalls.length = 0;
  vi.unstubAllGlobals();
});

describe('openWorkshopConnection', () => {
  test('sends the workshop id in the socket.io query, beside the token in auth', async () => {
    vi.stubGlobal('location', { protocol: 'https:', host: 'convene.example.org' });
    vi.stubGlobal('WebSocket', class {});
    const { openWorkshopConnection } = await import('../../client/src/net/workshopConnection.ts');
    const events = {
      onStatus() {},
      onSynced() {},
      onPresence() {},
      onRejected() {},
      onReconnect() {},
    };
    const conn = openWorkshopConnection('NJMLe22o8EJt8DDY', 'tok-123', events, { writer: false });
    expect(ioCalls).toHaveLength(1);
    expect(ioCalls[0]).toMatchObject({
      auth: { token: 'tok-123' },
      query: { workshopId: 'NJMLe22o8EJt8DDY' },
      transports: ['websocket'],
    });
    conn.destroy();
  });
});
