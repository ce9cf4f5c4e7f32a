import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CreatedWorkshop } from '@convene/shared';
import { io as ioClient, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { type Cluster, type ClusterNode, haproxyBinary, startCluster } from '../helpers/cluster.ts';
import { DEPLOY_CONFIG } from '../helpers/haproxyConfig.ts';
import { closeClients, connectDoc, DEFAULT_WORKSHOP } from '../helpers/testServer.ts';

// Routing by workshop id through HAProxy (issue 17, decision 10), with the operators' example
// configuration (deploy/haproxy.cfg) in front of three plain nodes: each its own SQLite, no
// shared record. A workshop exists on the node that created it only, so a token works exactly
// where that workshop lives: a connection that succeeds through HAProxy proves which node it
// reached, and one refused `unauthorized` proves it reached another. Every HTTP reply also
// names its node (X-Convene-Node, from NODE_ID).

const haproxy = haproxyBinary('tests/cluster/routing.test.ts');

interface Workshop {
  id: string;
  token: string;
  /** The node that created it: the only one that knows it. */
  home: ClusterNode;
}

const DRAIN_SECONDS = 5;
// 30 workshops ("20 workshops spread over all three nodes"): with HAProxy's hash giving each
// node 30-38 % of random ids, all three get some but once in ~10^4 runs.
const PER_NODE = 10;

async function createOn(node: ClusterNode): Promise<Workshop> {
  const res = await fetch(`${node.url}/api/workshops`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(DEFAULT_WORKSHOP),
  });
  expect(res.status).toBe(201);
  const w = (await res.json()) as CreatedWorkshop;
  return { id: w.id, token: w.facilitatorToken, home: node };
}

/** Which node answered a request through HAProxy, and with what status. */
async function answeredBy(
  url: string,
  token?: string,
): Promise<{ node: string | null; status: number }> {
  const res = await fetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  await res.arrayBuffer();
  return { node: res.headers.get('x-convene-node'), status: res.status };
}

/** A socket.io connection as the web client opens it (workshopId in the query). */
function openSocket(
  url: string,
  w: Workshop,
  transports: ('websocket' | 'polling')[] = ['websocket'],
): Socket {
  const socket = ioClient(url, {
    transports,
    auth: { token: w.token },
    query: { workshopId: w.id },
    forceNew: true,
    reconnection: false,
    timeout: 5000,
  });
  openSockets.add(socket);
  return socket;
}
const openSockets = new Set<Socket>();

/** 'ready' once the server said which workshop the session is in, else the refusal's code. */
function socketOutcome(socket: Socket, workshopId: string): Promise<string> {
  return new Promise((resolve) => {
    socket.once('session:ready', (s: { workshopId: string }) =>
      resolve(s.workshopId === workshopId ? 'ready' : `wrong workshop ${s.workshopId}`),
    );
    socket.once('connect_error', (err: Error & { data?: { error?: { code?: string } } }) =>
      resolve(err.data?.error?.code ?? err.message),
    );
  });
}

async function yjsOutcome(url: string, w: Workshop): Promise<string> {
  try {
    const client = await connectDoc(url, w.id, w.token);
    client.close();
    return 'synced';
  } catch (err) {
    return (err as Error).message;
  }
}

/** The promise's value, or a failure after `ms` (not the test's whole timeout). */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`nothing happened within ${ms} ms`)), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

describe.skipIf(!haproxy)('deploy/haproxy.cfg', () => {
  test('is valid as a whole for HAProxy (TLS frontend included), not only the parts the cluster tests run', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'convene-haproxy-check-'));
    try {
      // A throwaway certificate where the example names the operator's.
      const key = path.join(dir, 'key.pem');
      const crt = path.join(dir, 'crt.pem');
      execFileSync(
        'openssl',
        ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1'].concat([
          '-subj',
          '/CN=convene.example.org',
          '-keyout',
          key,
          '-out',
          crt,
        ]),
        {
          stdio: 'ignore',
        },
      );
      const pem = path.join(dir, 'convene.pem');
      fs.writeFileSync(pem, fs.readFileSync(crt, 'utf8') + fs.readFileSync(key, 'utf8'));
      const config = fs.readFileSync(DEPLOY_CONFIG, 'utf8');
      expect(config).toContain('/etc/haproxy/certs/convene.pem');
      const file = path.join(dir, 'haproxy.cfg');
      fs.writeFileSync(file, config.replace('/etc/haproxy/certs/convene.pem', pem));
      const out = execFileSync(haproxy as string, ['-c', '-f', file], { encoding: 'utf8' });
      expect(out).toContain('Configuration file is valid');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!haproxy)('HAProxy in front of three nodes routes by workshop id', () => {
  let cluster: Cluster;
  const workshops: Workshop[] = [];
  /** Workshop id → NODE_ID that HAProxy routes it to, with every node up. */
  const routed = new Map<string, string>();

  beforeAll(async () => {
    cluster = await startCluster({
      haproxy: haproxy as string,
      nodes: 3,
      // A stopping node keeps serving this long while its /readyz says 503.
      env: () => ({ SHUTDOWN_DRAIN_SECONDS: String(DRAIN_SECONDS) }),
    });
    for (const node of cluster.nodes) {
      for (let i = 0; i < PER_NODE; i++) workshops.push(await createOn(node));
    }
  });

  afterEach(() => {
    closeClients();
    for (const s of openSockets) s.disconnect();
    openSockets.clear();
  });

  afterAll(async () => {
    await cluster?.close();
  });

  test('every request naming a workshop reaches one node: API, Yjs, socket.io; the ids spread over all three', async () => {
    for (const w of workshops) {
      const api = `${cluster.url}/api/workshops/${w.id}`;
      const answers = [
        await answeredBy(`${api}/board`, w.token),
        await answeredBy(`${api}/export?format=json`, w.token),
        await answeredBy(`${api}/details`), // no token: 401, from the same node
        await answeredBy(`${api}/board`, w.token),
      ];
      const node = answers[0]?.node;
      expect(node, 'X-Convene-Node on a reply through HAProxy').toMatch(/^convene-node\d$/);
      expect(answers.map((a) => a.node)).toEqual(answers.map(() => node));
      routed.set(w.id, node as string);
      const atHome = node === w.home.nodeId;
      // The token is known on its home node only: 200 there, 401 anywhere else.
      expect(answers.map((a) => a.status)).toEqual(
        atHome ? [200, 200, 401, 200] : [401, 401, 401, 401],
      );

      // socket.io over WebSocket, twice, and over long polling (every poll must reach the node
      // that holds the session, or the server answers 400 for an unknown sid).
      const expected = atHome ? 'ready' : 'unauthorized';
      for (const transports of [['websocket'], ['websocket'], ['polling']] as const) {
        const socket = openSocket(cluster.url, w, [...transports]);
        expect(await socketOutcome(socket, w.id), `${w.id} over ${transports}`).toBe(expected);
        if (transports[0] === 'polling' && atHome) {
          // A command after the handshake: more polls, the same node.
          const reply = await socket.timeout(5000).emitWithAck('clock:sync', {});
          expect(reply).toMatchObject({ ok: true });
        }
        socket.disconnect();
      }
      // Yjs: synced at home, closed 4401 (unknown token) elsewhere.
      for (let i = 0; i < 2; i++) {
        const outcome = await yjsOutcome(cluster.url, w);
        expect(outcome, `${w.id} over /yjs`).toBe(
          atHome ? 'synced' : 'Yjs connection closed: 4401 unauthorized',
        );
      }
    }
    const perNode = new Map<string, number>();
    for (const node of routed.values()) perNode.set(node, (perNode.get(node) ?? 0) + 1);
    expect([...perNode.keys()].sort()).toEqual(cluster.nodes.map((n) => n.nodeId).sort());
    // Both outcomes were seen, so neither check above held vacuously.
    const home = workshops.filter((w) => routed.get(w.id) === w.home.nodeId).length;
    expect(home).toBeGreaterThan(0);
    expect(home).toBeLessThan(workshops.length);
  });

  test('a request that names no workshop goes round robin', async () => {
    const nodes = [];
    for (let i = 0; i < 6; i++) nodes.push((await answeredBy(`${cluster.url}/healthz`)).node);
    expect(new Set(nodes).size).toBe(3);
    // So does socket.io without the query (a client older than the query): one workshop's
    // connections land on its home node only now and then, and are refused elsewhere.
    const w = workshops[0] as Workshop;
    const outcomes = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const socket = ioClient(cluster.url, {
        transports: ['websocket'],
        auth: { token: w.token },
        forceNew: true,
        reconnection: false,
      });
      openSockets.add(socket);
      outcomes.add(await socketOutcome(socket, w.id));
      socket.disconnect();
    }
    expect([...outcomes].sort()).toEqual(['ready', 'unauthorized']);
  });

  /** The node with the most workshops that live where HAProxy sends them, and those. */
  function busiestHome(): { node: ClusterNode; atHome: Workshop[] } {
    const ranked = cluster.nodes
      .map((node) => ({
        node,
        atHome: workshops.filter((w) => w.home === node && routed.get(w.id) === node.nodeId),
      }))
      .sort((a, b) => b.atHome.length - a.atHome.length);
    return ranked[0] as { node: ClusterNode; atHome: Workshop[] };
  }

  /** Every workshop is answered by the node `expect` names (three requests each). */
  async function expectRoutes(expected: (w: Workshop) => string, what: string): Promise<void> {
    for (const w of workshops) {
      for (let i = 0; i < 3; i++) {
        const a = await answeredBy(`${cluster.url}/api/workshops/${w.id}/board`, w.token);
        expect(a.node, `${w.id} ${what}`).toBe(expected(w));
      }
    }
  }

  test('kill -9 of a node: its workshops move to another node within seconds, the others stay; back after a restart', async () => {
    expect(routed.size).toBe(workshops.length); // the first test mapped every workshop
    const { node: victim, atHome } = busiestHome();
    expect(atHome.length).toBeGreaterThan(0);
    const moved = workshops.filter((w) => routed.get(w.id) === victim.nodeId);

    const killedAt = Date.now();
    await victim.kill9();
    // Until HAProxy's checks mark it down, a request for its workshops meets a refused
    // connection and is redispatched to another node. A request already in flight on the
    // proxy's connection to the node when it died ends with that connection ("other side
    // closed", seen once in CI): the client asks again, as it would.
    let slowestMs = 0;
    for (const w of moved) {
      for (;;) {
        const a = await answeredBy(`${cluster.url}/api/workshops/${w.id}/board`, w.token).catch(
          () => null,
        );
        if (a?.node && a.node !== victim.nodeId && a.status !== 503) break;
        expect(Date.now() - killedAt, `${w.id} still not served`).toBeLessThan(15_000);
      }
      slowestMs = Math.max(slowestMs, Date.now() - killedAt);
    }
    await cluster.waitForState(victim, 'DOWN');
    const downMs = Date.now() - killedAt;
    console.info(
      `kill -9 ${victim.name}: its ${moved.length} workshops served elsewhere after ${slowestMs} ms; HAProxy marked it down after ${downMs} ms`,
    );
    expect(slowestMs).toBeLessThan(5000);

    // Once it is down, each of its workshops has one new node (not one per request), and no
    // other workshop moved (hash-type consistent).
    const after = new Map<string, string>();
    for (const w of moved) {
      const a = await answeredBy(`${cluster.url}/api/workshops/${w.id}/board`, w.token);
      after.set(w.id, a.node as string);
    }
    await expectRoutes(
      (w) => after.get(w.id) ?? (routed.get(w.id) as string),
      `with ${victim.name} down`,
    );
    for (const node of after.values()) expect(node).not.toBe(victim.nodeId);

    // Restarted with its NODE_ID, DATA_DIR and port: it gets its workshops back, with their data.
    await victim.restart();
    await cluster.waitForState(victim, 'UP');
    await expectRoutes((w) => routed.get(w.id) as string, `after ${victim.name} came back`);
    for (const w of atHome) {
      expect(await socketOutcome(openSocket(cluster.url, w), w.id)).toBe('ready');
    }
  });

  test('SIGSTOP of a node: HAProxy marks it down, cuts its clients and routes its workshops elsewhere; SIGCONT brings it back', async () => {
    const { node: paused, atHome } = busiestHome();
    const w = atHome[0] as Workshop;
    const socket = openSocket(cluster.url, w);
    expect(await socketOutcome(socket, w.id)).toBe('ready');
    const doc = await connectDoc(cluster.url, w.id, w.token);
    const socketCut = new Promise<number>((resolve) =>
      socket.once('disconnect', () => resolve(Date.now())),
    );
    const yjsCut = new Promise<number>((resolve) =>
      doc.provider.once('connection-close', () => resolve(Date.now())),
    );

    const pausedAt = Date.now();
    paused.pause();
    // A frozen process accepts connections but answers nothing: its checks time out.
    await cluster.waitForState(paused, 'DOWN');
    const downMs = Date.now() - pausedAt;
    // on-marked-down shutdown-sessions: its clients are cut at once and can reconnect (to the
    // node that takes the workshop over), rather than waiting out their own ping timeouts.
    const cutMs =
      Math.max(await within(socketCut, 10_000), await within(yjsCut, 10_000)) - pausedAt;
    console.info(
      `SIGSTOP ${paused.name}: marked down after ${downMs} ms, its clients cut after ${cutMs} ms`,
    );
    expect(cutMs).toBeLessThan(downMs + 1000);
    const others = workshops.filter((x) => routed.get(x.id) !== paused.nodeId);
    for (const x of others) {
      const a = await answeredBy(`${cluster.url}/api/workshops/${x.id}/board`, x.token);
      expect(a.node, x.id).toBe(routed.get(x.id));
    }
    const a = await answeredBy(`${cluster.url}/api/workshops/${w.id}/board`, w.token);
    expect(a.node).not.toBe(paused.nodeId);
    expect(a.node).toMatch(/^convene-node\d$/);

    paused.resume();
    await cluster.waitForState(paused, 'UP');
    await expectRoutes((x) => routed.get(x.id) as string, `after ${paused.name} resumed`);
    expect(await socketOutcome(openSocket(cluster.url, w), w.id)).toBe('ready');
  });

  test('SIGTERM: a draining node is marked down by its /readyz while it still serves, and comes back after a restart', async () => {
    const { node, atHome } = busiestHome();
    const w = atHome[0] as Workshop;
    const stopping = node.stop();
    const stoppedAt = Date.now();
    await cluster.waitForState(node, 'DOWN');
    const downMs = Date.now() - stoppedAt;
    // Down because /readyz says so, not because the process is gone: it still answers.
    expect(node.running).toBe(true);
    expect((await fetch(`${node.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${node.url}/readyz`)).status).toBe(503);
    const a = await answeredBy(`${cluster.url}/api/workshops/${w.id}/board`, w.token);
    expect(a.node).not.toBe(node.nodeId);
    console.info(
      `SIGTERM ${node.name}: marked down by /readyz after ${downMs} ms of a ${DRAIN_SECONDS} s drain`,
    );
    expect(downMs).toBeLessThan(DRAIN_SECONDS * 1000);

    await stopping;
    expect(node.exitCode).toBe(0); // a clean stop after the drain, not the harness's SIGKILL
    await node.restart();
    await cluster.waitForState(node, 'UP');
    await expectRoutes((x) => routed.get(x.id) as string, `after ${node.name} restarted`);
    expect(await socketOutcome(openSocket(cluster.url, w), w.id)).toBe('ready');
  });
});
