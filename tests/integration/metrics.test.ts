import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import {
  type AckReply,
  closeClients,
  commandId,
  connectDoc,
  connectSocket,
  emitAck,
  startTestServer,
  type TestServer,
} from '../helpers/testServer.ts';

/**
 * Issue 17 (operations): GET /metrics in the Prometheus text format, scraped over HTTP while
 * real socket.io and y-websocket clients work, and GET /readyz. Every count is checked as an
 * exact change between two scrapes; nothing a workshop holds may appear in a scrape.
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

type Samples = Map<string, number>;

/** `name{a="1",b="2"}` with the labels sorted, as the key of one sample. */
function key(name: string, labels: Record<string, string> = {}): string {
  const parts = Object.keys(labels)
    .sort()
    .map((k) => `${k}="${labels[k]}"`);
  return parts.length ? `${name}{${parts.join(',')}}` : name;
}

/** Reads the text format's samples (`name{labels} value`), skipping comments. */
function parse(text: string): Samples {
  const out: Samples = new Map();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m?.[1] || m[3] === undefined) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      if (l[1] !== undefined && l[2] !== undefined) labels[l[1]] = l[2];
    }
    out.set(key(m[1], labels), Number(m[3]));
  }
  return out;
}

async function scrapeText(url = server.url, token?: string): Promise<string> {
  const res = await fetch(`${url}/metrics`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.text();
}

const scrape = async (): Promise<Samples> => parse(await scrapeText());

/** A sample's value; 0 for one not (yet) in the scrape (a counter never incremented). */
const get = (s: Samples, name: string, labels: Record<string, string> = {}): number =>
  s.get(key(name, labels)) ?? 0;

/** How much a sample grew between two scrapes. */
const delta = (a: Samples, b: Samples, name: string, labels: Record<string, string> = {}): number =>
  get(b, name, labels) - get(a, name, labels);

/** Re-scrapes until `ok` holds (the gauges follow disconnects a moment later). */
async function scrapeUntil(ok: (s: Samples) => boolean, what: string): Promise<Samples> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const s = await scrape();
    if (ok(s)) return s;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    // Each scrape is an HTTP round trip: a natural pace for re-checking.
  }
}

const SUBMIT_OK = { command: 'idea:submit', outcome: 'ok' };
const SUBMIT_REFUSED = { command: 'idea:submit', outcome: 'refused' };
const SUBMIT_FAILED = { command: 'idea:submit', outcome: 'failed' };

describe('GET /metrics', () => {
  test('counts commands by name and outcome, connections by kind, rooms, and commits; leaks nothing of the workshop', async () => {
    const start = await scrape();
    const w = await server.createWorkshop({ title: 'Quarterly reflection of the Ashgrove donors' });
    const q1 = w.questions[0]?.id ?? '';
    const alice = await server.join(w.joinCode, 'Alice Ashdown-Quill');
    const afterHttp = await scrape();
    // Creating a workshop and joining are outermost write transactions of their own.
    expect(
      delta(start, afterHttp, 'convene_commit_duration_seconds_count', { kind: 'transaction' }),
    ).toBeGreaterThanOrEqual(2);

    const facilitator = await connectSocket(server.url, w.facilitatorToken);
    const aliceSocket = await connectSocket(server.url, alice.participantToken);
    const projector = await connectDoc(server.url, w.id, w.projectorToken);
    const connected = await scrape();
    expect(delta(afterHttp, connected, 'convene_connections', { kind: 'socketio' })).toBe(2);
    expect(delta(afterHttp, connected, 'convene_connections', { kind: 'yjs' })).toBe(1);
    expect(delta(afterHttp, connected, 'convene_rooms_loaded')).toBe(1);

    expect(await emitAck(facilitator, 'phase:set', { questionId: q1, phase: 'submit' })).toEqual({
      ok: true,
      phase: 'submit',
    });
    const texts = [
      'Fund the Ashgrove mediators through a pooled trust, not project grants',
      'Publish every donor pledge to the Ashgrove council within a week',
      'Let the Ashgrove women’s network chair the review panel',
    ];
    const firstId = commandId('metrics');
    const ideaIds: string[] = [];
    for (const [i, text] of texts.entries()) {
      const ack = await emitAck<AckReply>(aliceSocket, 'idea:submit', {
        questionId: q1,
        text,
        commandId: i === 0 ? firstId : commandId('metrics'),
      });
      expect(ack.ok).toBe(true);
      ideaIds.push(String(ack.ideaId));
    }
    // A refusal: an empty idea is not a valid payload.
    const refused = await emitAck<AckReply>(aliceSocket, 'idea:submit', {
      questionId: q1,
      text: '',
      commandId: commandId('metrics'),
    });
    expect(refused.error?.code).toBe('invalid_payload');
    // A retry of the first idea: answered from the command log, so counted ok, stored once.
    const replay = await emitAck<AckReply>(aliceSocket, 'idea:submit', {
      questionId: q1,
      text: texts[0],
      commandId: firstId,
    });
    expect(replay).toEqual({ ok: true, ideaId: ideaIds[0] });

    const worked = await scrape();
    expect(delta(connected, worked, 'convene_commands_total', SUBMIT_OK)).toBe(4);
    expect(delta(connected, worked, 'convene_commands_total', SUBMIT_REFUSED)).toBe(1);
    expect(delta(connected, worked, 'convene_commands_total', SUBMIT_FAILED)).toBe(0);
    expect(
      delta(connected, worked, 'convene_commands_total', { command: 'phase:set', outcome: 'ok' }),
    ).toBe(1);
    // Each command was awaited before the next: five groups of one (the refusal read nothing
    // and joined no group), each timed from its COMMIT to its flush.
    expect(
      delta(connected, worked, 'convene_commit_duration_seconds_count', { kind: 'group' }),
    ).toBe(5);
    expect(delta(connected, worked, 'convene_group_commit_commands_sum')).toBe(5);
    expect(delta(connected, worked, 'convene_group_commit_commands_count')).toBe(5);
    expect(get(worked, 'convene_commit_duration_seconds_sum', { kind: 'group' })).toBeGreaterThan(
      0,
    );
    // Defaults of the process and runtime, with the prefix.
    expect(get(worked, 'convene_process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(worked.has('convene_nodejs_eventloop_lag_seconds')).toBe(true);

    // Nothing of the workshop in the scrape: its id, codes, tokens, names, title, ideas.
    const text = await scrapeText();
    const secrets = [
      w.id,
      w.joinCode,
      w.facilitatorToken,
      w.projectorToken,
      w.rapporteurToken,
      q1,
      alice.participantId,
      alice.participantToken,
      'Ashdown',
      'Ashgrove',
      ...texts,
      ...ideaIds,
    ];
    for (const secret of secrets) expect(text).not.toContain(secret);
    // Control: the server does hold them (the scrape could not have missed them by accident).
    expect(server.store.workshop(w.id)?.title).toBe('Quarterly reflection of the Ashgrove donors');
    const exported = await fetch(`${server.url}/api/workshops/${w.id}/export?format=json`, {
      headers: { authorization: `Bearer ${w.facilitatorToken}` },
    }).then((r) => r.text());
    for (const t of texts) expect(exported).toContain(JSON.stringify(t).slice(1, -1));
    expect(exported).toContain(w.id);

    // Everyone leaves: the gauges follow.
    projector.close();
    facilitator.disconnect();
    aliceSocket.disconnect();
    await scrapeUntil(
      (s) =>
        get(s, 'convene_connections', { kind: 'socketio' }) ===
          get(afterHttp, 'convene_connections', { kind: 'socketio' }) &&
        get(s, 'convene_connections', { kind: 'yjs' }) ===
          get(afterHttp, 'convene_connections', { kind: 'yjs' }) &&
        get(s, 'convene_rooms_loaded') === get(afterHttp, 'convene_rooms_loaded'),
      'the gauges to return once the clients left',
    );
  });

  test('a writer’s Yjs update is timed as a transaction', async () => {
    const w = await server.createWorkshop();
    const writer = await connectDoc(server.url, w.id, w.facilitatorToken);
    const before = await scrape();
    writer.doc.getMap('notes').set('metrics-probe', 'x');
    const after = await scrapeUntil(
      (s) => delta(before, s, 'convene_commit_duration_seconds_count', { kind: 'transaction' }) > 0,
      'the writer’s update to be committed',
    );
    expect(delta(before, after, 'convene_commit_duration_seconds_count', { kind: 'group' })).toBe(
      0,
    );
  });

  test('is open without METRICS_TOKEN, and labels carry no per-workshop values', async () => {
    const text = await scrapeText();
    // Convene's own families (the runtime defaults label only the runtime: gc kinds, heap spaces).
    const own =
      /^convene_(rooms_loaded|connections|commands_total|commit_duration_seconds|group_commit_commands|log_errors_total)\b/;
    const labelValues = new Set<string>();
    for (const line of text.split('\n')) {
      if (!own.test(line)) continue;
      for (const m of line.matchAll(/([a-z]+)="([^"]*)"/g)) {
        if (m[1] !== 'le') labelValues.add(`${m[1]}=${m[2]}`);
      }
    }
    for (const v of labelValues) {
      // Command names are noun:verb, outcomes and kinds fixed words, events snake_case names.
      expect(v).toMatch(
        /^(command=[a-z]+:[a-zA-Z]+|outcome=(ok|refused|failed)|kind=(socketio|yjs|group|transaction)|event=[a-z][a-z0-9_]*)$/,
      );
    }
    expect(labelValues.size).toBeGreaterThan(0);
  });
});

describe('failures', () => {
  test('a command the store cannot save counts as failed, and each error-level log event by its name', async () => {
    const s = await startTestServer();
    try {
      const w = await s.createWorkshop();
      const q1 = w.questions[0]?.id ?? '';
      const facilitator = await connectSocket(s.url, w.facilitatorToken);
      expect(
        (await emitAck(facilitator, 'phase:set', { questionId: q1, phase: 'submit' })).ok,
      ).toBe(true);
      const alice = await s.join(w.joinCode, 'Alice');
      const aliceSocket = await connectSocket(s.url, alice.participantToken);
      const scrapeOf = async () => {
        const res = await fetch(`${s.url}/metrics`);
        return parse(await res.text());
      };
      const before = await scrapeOf();
      expect(s.errors()).toEqual([]);
      s.store.db.pragma('query_only = ON'); // SQLite now refuses every write
      const ack = await emitAck<AckReply>(aliceSocket, 'idea:submit', {
        questionId: q1,
        text: 'An idea the disk will not take',
        commandId: commandId('metrics'),
      });
      expect(ack.error?.code).toBe('storage_unavailable');
      s.store.db.pragma('query_only = OFF');
      const after = await scrapeOf();
      expect(delta(before, after, 'convene_commands_total', SUBMIT_FAILED)).toBe(1);
      expect(delta(before, after, 'convene_commands_total', SUBMIT_OK)).toBe(0);
      // The errors the server logged, counted by event name: the same events, the same numbers.
      const logged = new Map<string, number>();
      for (const e of s.errors()) logged.set(e.event, (logged.get(e.event) ?? 0) + 1);
      expect(logged.size).toBeGreaterThan(0);
      for (const [event, n] of logged) {
        expect(delta(before, after, 'convene_log_errors_total', { event })).toBe(n);
      }
      const counted = [...after.keys()].filter((k) => k.startsWith('convene_log_errors_total{'));
      expect(counted.length).toBe(logged.size);
    } finally {
      closeClients();
      await s.close();
    }
  });
});

describe('METRICS_TOKEN', () => {
  const token = 'metrics-scraper-secret-0123456789';
  let guarded: TestServer;
  beforeAll(async () => {
    guarded = await startTestServer({ metricsToken: token });
  });
  afterAll(async () => {
    await guarded?.close();
  });

  test('when set, /metrics needs it as a Bearer token', async () => {
    const none = await fetch(`${guarded.url}/metrics`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect(await none.json()).toEqual({
      error: { code: 'unauthorized', message: expect.any(String) },
    });
    const wrong = await fetch(`${guarded.url}/metrics`, {
      headers: { authorization: `Bearer ${token}x` },
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toContain('convene_');
    // Control: the right token reads the metrics.
    const text = await scrapeText(guarded.url, token);
    expect(text).toContain('convene_rooms_loaded');
    // The other operator routes stay open: a proxy's health checks carry no token.
    expect((await fetch(`${guarded.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${guarded.url}/readyz`)).status).toBe(200);
  });
});

describe('GET /readyz', () => {
  test('ready while the node takes new work; 503 draining once it drains; /healthz unchanged', async () => {
    const s = await startTestServer();
    try {
      const ready = await fetch(`${s.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(ready.headers.get('cache-control')).toBe('no-store');
      expect(await ready.json()).toEqual({ ready: true });
      s.app.drain();
      const draining = await fetch(`${s.url}/readyz`);
      expect(draining.status).toBe(503);
      expect(await draining.json()).toEqual({ ready: false, reason: 'draining' });
      const health = await fetch(`${s.url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ ok: true });
    } finally {
      await s.close();
    }
  });
});
