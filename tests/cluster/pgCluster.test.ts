import {
  type CreatedWorkshop,
  type CreateWorkshopInput,
  readIdeas,
  readQuestions,
} from '@convene/shared';
import type pg from 'pg';
import { io as ioClient, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { type Cluster, type ClusterNode, haproxyBinary, startCluster } from '../helpers/cluster.ts';
import { postgresUrl, type ScratchDatabase, scratchDatabase } from '../helpers/postgres.ts';
import {
  closeClients,
  connectDoc,
  DEFAULT_WORKSHOP,
  waitFor,
  yjsBase,
} from '../helpers/testServer.ts';

// Three Convene node processes in the cluster mode (DATABASE_URL: one PostgreSQL record, a lease
// per workshop) behind HAProxy running deploy/haproxy.cfg (issue 17, "done means"): what a
// client sees through the proxy, and what PostgreSQL holds afterwards. Who serves a workshop is
// read from two places: X-Convene-Node on every HTTP reply, and the workshop's row in
// `workshop_leases` (the node that holds it, and its epoch) for socket.io and Yjs connections.

const FILE = 'tests/cluster/pgCluster.test.ts';
const haproxy = haproxyBinary(FILE);
const pgUrl = haproxy ? postgresUrl(FILE) : null;

/** Short leases, so that a takeover after a freeze happens within the test's time. */
const LEASE_SECONDS = 3;
/**
 * A stopping node's drain. Longer than the 5 s a client may go without service, on purpose: a
 * node that kept its workshops for its whole drain (no handover) would leave its clients —
 * cut by HAProxy once /readyz marks it down, ~2 s — refused by every other node until it
 * closes. With the handover they are served elsewhere as soon as HAProxy sends them there.
 */
const DRAIN_SECONDS = 8;

interface Workshop {
  id: string;
  token: string;
  joinCode: string;
  questions: string[];
}

interface Lease {
  node: string;
  epoch: number;
}

let cluster: Cluster;
let db: ScratchDatabase;
let pool: pg.Pool;
const sockets = new Set<Socket>();
const started = Date.now();
const took = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Polls `attempt` until it returns a value (not undefined), failing after `ms` with the last
 * thing it saw: how a client waits out a "try again" (503 not_owner with Retry-After).
 */
async function until<T>(
  what: string,
  attempt: () => Promise<T | undefined>,
  ms = 15_000,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const got = await attempt();
      if (got !== undefined) return got;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`${what}: not within ${ms} ms${last ? ` (last: ${String(last)})` : ''}`);
    }
    await delay(everyMs);
  }
}

interface Answer {
  status: number;
  node: string | null;
  body: unknown;
}

async function request(
  url: string,
  init: RequestInit & { token?: string; json?: unknown } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url, {
    ...init,
    headers,
    body: init.json !== undefined ? JSON.stringify(init.json) : undefined,
    // A frozen node accepts and never answers: a client gives up and tries again.
    signal: AbortSignal.timeout(3000),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON (an export in another format)
  }
  return { status: res.status, node: res.headers.get('x-convene-node'), body };
}

/** A request retried, as a client does, while it is refused with "try again" (503). */
function retried(
  what: string,
  url: string,
  init: RequestInit & { token?: string; json?: unknown } = {},
  ms = 15_000,
): Promise<Answer> {
  return until(
    what,
    async () => {
      const a = await request(url, init);
      return a.status === 503 ? undefined : a;
    },
    ms,
  );
}

async function createThroughProxy(
  input: CreateWorkshopInput = DEFAULT_WORKSHOP,
): Promise<Workshop> {
  const a = await retried('create', `${cluster.url}/api/workshops`, {
    method: 'POST',
    json: input,
  });
  expect(a.status).toBe(201);
  const w = a.body as CreatedWorkshop;
  return {
    id: w.id,
    token: w.facilitatorToken,
    joinCode: w.joinCode,
    questions: w.questions.map((q) => q.id),
  };
}

async function leaseOf(workshopId: string): Promise<Lease | null> {
  const { rows } = await pool.query<{ node_id: string; epoch: string }>(
    'SELECT node_id, epoch FROM workshop_leases WHERE workshop_id = $1',
    [workshopId],
  );
  const row = rows[0];
  return row ? { node: row.node_id, epoch: Number(row.epoch) } : null;
}

async function records<T = Record<string, unknown>>(tbl: string, owner: string): Promise<T[]> {
  const { rows } = await pool.query<{ row: T }>(
    'SELECT row FROM records WHERE tbl = $1 AND owner = $2',
    [tbl, owner],
  );
  return rows.map((r) => r.row);
}

type SocketOptions = { reconnection?: boolean };

/** A socket.io client as the web client opens it: workshopId in the query. */
function openSocket(url: string, workshopId: string, token: string, opts: SocketOptions = {}) {
  const socket = ioClient(url, {
    transports: ['websocket'],
    auth: { token },
    query: { workshopId },
    forceNew: true,
    reconnection: opts.reconnection ?? false,
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
    randomizationFactor: 0,
    timeout: 3000,
  });
  sockets.add(socket);
  if (opts.reconnection) {
    // As the web client (workshopConnection.ts): socket.io does not retry a refusal by its
    // server's middleware, so a `not_owner` (another node holds the workshop for a moment) is
    // tried again by hand.
    socket.on('connect_error', (err: Error & { data?: { error?: { code?: string } } }) => {
      if (err.data?.error?.code === 'not_owner') {
        setTimeout(() => {
          if (!socket.connected && sockets.has(socket)) socket.connect();
        }, 300);
      }
    });
  }
  return socket;
}

/** Resolves with the refusal's code, or 'ready' once the session is set up. */
function outcome(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    socket.once('session:ready', () => resolve('ready'));
    socket.once('connect_error', (err: Error & { data?: { error?: { code?: string } } }) =>
      resolve(err.data?.error?.code ?? err.message),
    );
  });
}

/**
 * A socket.io session for the workshop, retried while it is refused `not_owner` (the web client
 * reconnects after that refusal; this test client does it itself).
 */
function sessionAt(url: string, workshopId: string, token: string, ms = 15_000): Promise<Socket> {
  return until(
    `socket.io session for ${workshopId} at ${url}`,
    async () => {
      const socket = openSocket(url, workshopId, token);
      const got = await outcome(socket);
      if (got === 'ready') return socket;
      socket.disconnect();
      sockets.delete(socket);
      if (got !== 'not_owner' && !/timeout|websocket error/i.test(got)) {
        throw new Error(`refused: ${got}`);
      }
      return undefined;
    },
    ms,
    200,
  );
}

/** How a Yjs connection straight to a node ends: its close code and reason. */
function yjsClose(url: string, workshopId: string, token: string): Promise<string> {
  const ws = new WebSocket(`${yjsBase(url)}/${workshopId}?token=${token}`);
  return new Promise((resolve) => {
    ws.once('close', (code, reason) => resolve(`${code} ${reason.toString()}`));
    ws.once('error', () => {});
  });
}

/** The promise's value, or a failure naming `what` after `ms`. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
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

async function ack(socket: Socket, name: string, payload: unknown, ms = 5000) {
  return (await socket.timeout(ms).emitWithAck(name, payload)) as {
    ok: boolean;
    error?: { code: string };
    ideaId?: string;
  };
}

/**
 * A participant submitting ideas through HAProxy as the web client's outbox does: one command
 * at a time, each with a command id, resent unchanged after a failure, a lost answer or a
 * reconnection until it is acknowledged; its socket reconnects (also after a not_owner refusal,
 * which socket.io does not retry by itself). It records every ack and the longest time it went
 * without one.
 */
class Submitter {
  readonly socket: Socket;
  readonly acked: { ideaId: string; text: string }[] = [];
  resends = 0;
  /** The last refusal or failure, for failure messages. */
  lastFailure = '';
  private lastAck = 0;
  private longestGap = 0;
  private stopping = false;

  constructor(
    readonly label: string,
    readonly workshopId: string,
    private readonly questions: readonly string[],
    token: string,
  ) {
    this.socket = openSocket(cluster.url, workshopId, token, { reconnection: true });
    this.socket.on('connect_error', () => {
      // A refusal by the server's middleware (not_owner) ends socket.io's own retries.
      if (!this.socket.active && !this.stopping) setTimeout(() => this.socket.connect(), 200);
    });
  }

  stop(): void {
    this.stopping = true;
  }

  longestGapMs(): number {
    return Math.max(this.longestGap, Date.now() - this.lastAck);
  }

  async run(): Promise<void> {
    this.lastAck = Date.now();
    for (let n = 0; !this.stopping; n++) {
      const text = `${this.label} idea ${n}`;
      const payload = {
        questionId: this.questions[n % this.questions.length],
        text,
        commandId: `${this.label}-command-${n}`,
      };
      for (let attempt = 0; ; attempt++) {
        if (attempt > 0) this.resends++;
        if (!this.socket.connected) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, 1000);
            this.socket.once('connect', () => {
              clearTimeout(timer);
              resolve();
            });
          });
          continue;
        }
        const reply = await ack(this.socket, 'idea:submit', payload, 2000).catch(() => null);
        if (reply?.ok) {
          const now = Date.now();
          this.longestGap = Math.max(this.longestGap, now - this.lastAck);
          this.lastAck = now;
          this.acked.push({ ideaId: reply.ideaId as string, text });
          break;
        }
        this.lastFailure = reply ? (reply.error?.code ?? 'not ok') : 'no answer';
        // "Not now" is retried; anything else is this test's mistake or a bug, not a retry.
        if (
          !['no answer', 'storage_unavailable', 'not_owner', 'rate_limited'].includes(
            this.lastFailure,
          )
        ) {
          throw new Error(`${this.label}: ${text} refused ${JSON.stringify(reply)}`);
        }
        await delay(200);
      }
      // One idea every half second or so per person: a busy room.
      await delay(400);
    }
  }
}

describe.skipIf(!haproxy || !pgUrl)('three cluster nodes on one PostgreSQL behind HAProxy', () => {
  beforeAll(async () => {
    const t = Date.now();
    db = await scratchDatabase(pgUrl as string);
    pool = db.pool(2);
    cluster = await startCluster({
      haproxy: haproxy as string,
      nodes: 3,
      databaseUrl: db.url,
      leaseSeconds: LEASE_SECONDS,
      env: () => ({ SHUTDOWN_DRAIN_SECONDS: String(DRAIN_SECONDS) }),
    });
    console.info(`[pgCluster] three nodes and HAProxy up in ${took(t)}`);
  });

  afterEach(() => {
    closeClients();
    for (const s of sockets) s.disconnect();
    sockets.clear();
  });

  afterAll(async () => {
    await cluster?.close();
    await db?.drop();
    console.info(`[pgCluster] whole file: ${took(started)}`);
  });

  test('20 workshops created through HAProxy spread over all three nodes; each one’s API, export, socket.io and Yjs reach its owner', async () => {
    const t = Date.now();
    const workshops: Workshop[] = [];
    for (let i = 0; i < 20; i++) workshops.push(await createThroughProxy());
    const owners = new Map<string, string>();
    for (const w of workshops) {
      const api = `${cluster.url}/api/workshops/${w.id}`;
      const exported = await retried(`export of ${w.id}`, `${api}/export?format=json`, {
        token: w.token,
      });
      expect(exported.status, JSON.stringify(exported.body)).toBe(200);
      expect((exported.body as { workshop?: { id?: string } }).workshop?.id ?? w.id).toBe(w.id);
      const owner = exported.node as string;
      expect(owner).toMatch(/^convene-node\d$/);
      owners.set(w.id, owner);
      const before = await leaseOf(w.id);
      expect(before?.node, `${w.id}: the lease is the answering node's`).toBe(owner);

      // The API again, then a socket.io session and a Yjs sync through HAProxy.
      const board = await request(`${api}/board`, { token: w.token });
      expect([board.status, board.node]).toEqual([200, owner]);
      const socket = await sessionAt(cluster.url, w.id, w.token, 5000);
      expect(
        await ack(socket, 'phase:set', { questionId: w.questions[0], phase: 'submit' }),
      ).toMatchObject({ ok: true });
      // The doc synced through HAProxy is the owner's room: it shows the command just made.
      const doc = await connectDoc(cluster.url, w.id, w.token, { timeoutMs: 5000 });
      expect(readQuestions(doc.doc).find((q) => q.id === w.questions[0])?.phase).toBe('submit');
      doc.close();
      socket.disconnect();
      // Served by the lease's holder throughout: the lease neither moved nor was taken anew.
      expect(await leaseOf(w.id), `${w.id}: lease after socket.io and Yjs`).toEqual(before);
      expect(
        (await records<{ id: string; phase: string }>('questions', w.id)).find(
          (q) => q.id === w.questions[0],
        )?.phase,
        'the command on the socket reached the owner, which wrote it to PostgreSQL',
      ).toBe('submit');

      // Anyone else refuses it, directly: HTTP 503 not_owner naming the owner, socket.io
      // not_owner.
      const other = cluster.nodes.find((n) => n.nodeId !== owner) as ClusterNode;
      const refused = await request(`${other.url}/api/workshops/${w.id}/board`, { token: w.token });
      expect([refused.status, (refused.body as { error?: { code?: string } }).error?.code]).toEqual(
        [503, 'not_owner'],
      );
      expect(await outcome(openSocket(other.url, w.id, w.token))).toBe('not_owner');
      expect(await yjsClose(other.url, w.id, w.token)).toBe('4512 not_owner');
    }
    const perNode = new Map<string, number>();
    for (const node of owners.values()) perNode.set(node, (perNode.get(node) ?? 0) + 1);
    console.info(
      `[pgCluster] 20 workshops: owners ${JSON.stringify(Object.fromEntries(perNode))}, checked in ${took(t)}`,
    );
    // With HAProxy's hash giving each node about a third of random ids, one node gets none of
    // 20 in about one run in a thousand (3 × (2/3)^20).
    expect([...perNode.keys()].sort()).toEqual(cluster.nodes.map((n) => n.nodeId).sort());
  });

  test('split brain: a frozen owner loses its workshop to another node; thawed, its next writes are refused by the fence and its clients move; 20 concurrent votes through two nodes accept at most the budget of 3', async () => {
    const t = Date.now();
    const w = await createThroughProxy({
      title: 'Split brain',
      questions: [{ prompt: 'Vote here' }, { prompt: 'Write here' }],
      voteBudget: 3,
      maxVotesPerIdea: 3, // several dots on one idea: a vote counted twice would show
    });
    const [qVote, qWrite] = w.questions as [string, string];
    const api = `${cluster.url}/api/workshops/${w.id}`;
    const oldOwner = cluster.byNodeId(
      (await retried('owner', `${api}/board`, { token: w.token })).node as string,
    );
    const fac = await sessionAt(cluster.url, w.id, w.token);
    expect(await ack(fac, 'phase:set', { questionId: qVote, phase: 'submit' })).toMatchObject({
      ok: true,
    });
    // Two ideas: the old node's sockets vote for the first, the new node's for the second (one
    // participant, two tabs), so that a vote of the old node that reached PostgreSQL would add
    // to the new node's (a row per participant and idea) instead of overwriting it.
    const targets: string[] = [];
    for (const text of ['The first idea to vote for', 'The second idea to vote for']) {
      const submitted = await ack(fac, 'idea:submit', { questionId: qVote, text });
      targets.push(submitted.ideaId as string);
    }
    for (const phase of ['cluster', 'vote']) {
      expect(await ack(fac, 'phase:set', { questionId: qVote, phase })).toMatchObject({ ok: true });
    }
    expect(await ack(fac, 'phase:set', { questionId: qWrite, phase: 'submit' })).toMatchObject({
      ok: true,
    });
    fac.disconnect();
    const joined = await request(`${oldOwner.url}/api/join`, {
      method: 'POST',
      json: { joinCode: w.joinCode, name: 'Ana Split' },
    });
    expect(joined.status).toBe(200);
    const { participantToken, participantId } = joined.body as {
      participantToken: string;
      participantId: string;
    };

    // Half of the participant's sockets straight to the owner; one screen through HAProxy,
    // reconnecting as the web client does.
    const onOld = await Promise.all(
      Array.from({ length: 10 }, () => sessionAt(oldOwner.url, w.id, participantToken)),
    );
    const screen = openSocket(cluster.url, w.id, participantToken, { reconnection: true });
    // Counted from the start: the session may be ready while the Yjs doc below connects.
    let screenSessions = 0;
    screen.on('session:ready', () => {
      screenSessions++;
    });
    // And the board as a screen shows it: a Yjs doc through HAProxy (y-websocket reconnects by
    // itself after a cut, and retries 45xx refusals).
    const board = await connectDoc(cluster.url, w.id, participantToken, { timeoutMs: 5000 });
    await until('the screen through HAProxy', async () =>
      screenSessions === 1 ? true : undefined,
    );
    const before = (await leaseOf(w.id)) as Lease;
    expect(before.node).toBe(oldOwner.nodeId);

    // Frozen past its lease: HAProxy marks it down and cuts the screen, which reconnects to the
    // node the workshop's id hashes to now; that node takes the expired lease.
    const pausedAt = Date.now();
    oldOwner.pause();
    const newOwnerId = await until(
      'another node serving the workshop',
      async () => {
        const a = await request(`${api}/board`, { token: w.token }).catch(() => null);
        return a?.status === 200 && a.node !== oldOwner.nodeId ? (a.node as string) : undefined;
      },
      20_000,
      200,
    );
    const takeoverMs = Date.now() - pausedAt;
    const newOwner = cluster.byNodeId(newOwnerId);
    const after = (await leaseOf(w.id)) as Lease;
    expect(after.node).toBe(newOwner.nodeId);
    expect(after.epoch).toBeGreaterThan(before.epoch);
    await until('the screen back, on the new owner', async () =>
      screenSessions === 2 ? true : undefined,
    );
    const moved = await ack(screen, 'idea:submit', {
      questionId: qWrite,
      text: 'Written through HAProxy after the takeover',
      commandId: `screen-${Date.now()}`,
    });
    expect(moved).toMatchObject({ ok: true });
    await waitFor(
      () =>
        readIdeas(board.doc).some((i) => i.text === 'Written through HAProxy after the takeover'),
      { docs: [board.doc], timeoutMs: 10_000, what: 'the Yjs screen synced from the new owner' },
    );
    const onNew = await Promise.all(
      Array.from({ length: 10 }, () => sessionAt(newOwner.url, w.id, participantToken)),
    );
    // The old owner's sockets are still open (nothing told them): what they send waits in the
    // frozen process's buffers.
    expect(onOld.every((s) => s.connected)).toBe(true);
    const cut = onOld.map(
      (s) =>
        new Promise<void>((resolve) =>
          s.connected ? s.once('disconnect', () => resolve()) : resolve(),
        ),
    );
    const answered = (p: Promise<{ ok: boolean; error?: { code: string } }>) =>
      p.catch(() => ({ ok: false, error: { code: 'no answer' } }));
    const staleIdea = answered(
      ack(
        onOld[0] as Socket,
        'idea:submit',
        {
          questionId: qWrite,
          text: 'Written on the frozen node',
          commandId: `stale-${Date.now()}`,
        },
        8000,
      ),
    );
    const oldVotes = onOld.map((s) => answered(ack(s, 'vote:cast', { ideaId: targets[0] }, 8000)));
    const thawedAt = Date.now();
    oldOwner.resume();
    const newVotes = onNew.map((s) => answered(ack(s, 'vote:cast', { ideaId: targets[1] }, 8000)));
    const oldReplies = await Promise.all(oldVotes);
    const newReplies = await Promise.all(newVotes);
    const stale = await staleIdea;
    await within(Promise.all(cut), 10_000, 'the old owner cutting its sockets');
    const cutMs = Date.now() - thawedAt;

    const accepted = [...oldReplies, ...newReplies].filter((r) => r.ok).length;
    const { rows } = await pool.query<{ n: string | null }>(
      `SELECT sum((row->>'count')::int) AS n FROM records
       WHERE tbl = 'votes' AND owner = $1 AND row->>'participant_id' = $2`,
      [w.id, participantId],
    );
    const inPostgres = Number(rows[0]?.n ?? 0);
    const codes = (rs: { ok: boolean; error?: { code: string } }[]) =>
      JSON.stringify(
        rs.reduce<Record<string, number>>((m, r) => {
          const k = r.ok ? 'ok' : (r.error?.code ?? '?');
          m[k] = (m[k] ?? 0) + 1;
          return m;
        }, {}),
      );
    // The old node's log: its group of commands failed on PostgreSQL's fence (LeaseLost from
    // the ship's transaction), not merely on a renewal that found the lease gone.
    const fenced = oldOwner
      .output()
      .split('\n')
      .filter(
        (l) =>
          l.includes('"group_flush_failed"') && l.includes(`LeaseLost: lease of workshop ${w.id}`),
      );
    console.info(
      `[pgCluster] split brain: ${oldOwner.name} frozen, ${newOwner.name} served the workshop after ${takeoverMs} ms (epoch ${before.epoch} → ${after.epoch}); thawed: the old owner answered ${codes(oldReplies)}, its idea ${codes([stale])}, cut its sockets within ${cutMs} ms; the new owner answered ${codes(newReplies)}; votes in PostgreSQL: ${inPostgres}; the old owner's log: ${fenced.map((l) => l.slice(0, 160)).join(' | ')}`,
    );
    expect(accepted).toBeLessThanOrEqual(3);
    expect(inPostgres).toBeLessThanOrEqual(3);
    expect(inPostgres).toBe(accepted);
    expect(oldReplies.filter((r) => r.ok)).toEqual([]);
    expect(stale.ok).toBe(false);
    const ideas = await records<{ text: string }>('ideas', w.id);
    expect(ideas.map((i) => i.text).sort()).toEqual(
      [
        'The first idea to vote for',
        'The second idea to vote for',
        'Written through HAProxy after the takeover',
      ].sort(),
    );
    // The old node's writes were refused by PostgreSQL's fence, and it let the workshop go.
    expect(fenced.length).toBeGreaterThan(0);
    expect((await leaseOf(w.id))?.node).toBe(newOwner.nodeId);
    // The positive control: the new owner counted the budget (not zero accepted).
    expect(accepted).toBe(3);
    // The thawed node passes HAProxy's checks again before the next test: a workshop created
    // while it is marked down would be taken by another node and then hashed back to it.
    await cluster.waitForState(oldOwner, 'UP');
    // Back in HAProxy's ring, the thawed node is where the workshop's id hashes again: a new
    // screen through HAProxy lands there, is refused, and asks for the workshop back; the node
    // that took it over hands it over at its next renewal round (a second here, LEASE_SECONDS
    // being 3), in use or not, and the screen is served — by the returned node.
    const back = Date.now();
    const returning = await sessionAt(cluster.url, w.id, w.token, 10_000);
    expect(await ack(returning, 'clock:sync', {})).toMatchObject({ ok: true });
    expect((await leaseOf(w.id))?.node).toBe(oldOwner.nodeId);
    console.info(`[pgCluster] the returned node served its workshop again after ${took(back)}`);
    console.info(`[pgCluster] split brain test: ${took(t)}`);
  });

  test('a rolling restart of all three nodes under load: nothing acknowledged is lost or doubled, and no client is without service for more than 5 s', async () => {
    const t = Date.now();
    const WORKSHOPS = 6;
    const PER_WORKSHOP = 4;
    const clients: Submitter[] = [];
    for (let k = 0; k < WORKSHOPS; k++) {
      const w = await createThroughProxy({ ...DEFAULT_WORKSHOP, title: `Rolling ${k}` });
      const fac = await sessionAt(cluster.url, w.id, w.token);
      // Both questions open: each person writes to them in turn (at most 50 ideas per person
      // and question).
      for (const questionId of w.questions) {
        expect(await ack(fac, 'phase:set', { questionId, phase: 'submit' })).toMatchObject({
          ok: true,
        });
      }
      fac.disconnect();
      for (let i = 0; i < PER_WORKSHOP; i++) {
        const joined = await retried('join', `${cluster.url}/api/join`, {
          method: 'POST',
          json: { joinCode: w.joinCode, name: `Person ${k}-${i}` },
        });
        expect(joined.status).toBe(200);
        const token = (joined.body as { participantToken: string }).participantToken;
        clients.push(new Submitter(`w${k}p${i}`, w.id, w.questions, token));
      }
    }
    await until('every client connected', async () =>
      clients.every((c) => c.socket.connected) ? true : undefined,
    );
    const loadFrom = Date.now();
    const running = clients.map((c) => c.run());
    const acked = () => clients.reduce((n, c) => n + c.acked.length, 0);
    const failures = () =>
      clients.map((c) => `${c.label}: ${c.acked.length} ${c.lastFailure}`).join(', ');
    await until('the load under way', async () => {
      if (acked() >= clients.length) return true;
      throw new Error(failures());
    });

    const steps: string[] = [];
    for (const node of cluster.nodes) {
      const from = Date.now();
      const ackedBefore = acked();
      await node.stop();
      expect(node.exitCode, `${node.name} stopped cleanly after its drain`).toBe(0);
      const stoppedMs = Date.now() - from;
      await node.restart();
      await cluster.waitForState(node, 'UP');
      steps.push(
        `${node.name}: stopped ${stoppedMs} ms, up again ${Date.now() - from} ms, ${acked() - ackedBefore} acks meanwhile`,
      );
    }
    // A little load on the restarted cluster, then every client finishes its last command.
    const settled = acked();
    await until('acks after the last restart', async () =>
      acked() >= settled + clients.length ? true : undefined,
    );
    for (const c of clients) c.stop();
    await within(Promise.all(running), 20_000, 'every client’s last command acknowledged');
    const loadMs = Date.now() - loadFrom;

    // Every acknowledged idea is in PostgreSQL once, with the id its ack gave; and nothing else
    // is (every command a client sent was acknowledged in the end: retries were not doubled).
    const byWorkshop = new Map<string, Submitter[]>();
    for (const c of clients)
      byWorkshop.set(c.workshopId, [...(byWorkshop.get(c.workshopId) ?? []), c]);
    let total = 0;
    for (const [workshopId, group] of byWorkshop) {
      const ideas = await records<{ id: string; text: string }>('ideas', workshopId);
      const expected = group.flatMap((c) => c.acked).map((a) => `${a.ideaId} ${a.text}`);
      expect(ideas.map((i) => `${i.id} ${i.text}`).sort(), workshopId).toEqual(expected.sort());
      total += expected.length;
    }
    const gaps = clients.map((c) => c.longestGapMs()).sort((a, b) => a - b);
    const resent = clients.reduce((n, c) => n + c.resends, 0);
    console.info(
      `[pgCluster] rolling restart: ${steps.join('; ')}. ${clients.length} clients, ${total} ideas acknowledged over ${(loadMs / 1000).toFixed(1)} s (${resent} resends), all in PostgreSQL once; longest time without an ack per client (ms): ${gaps.join(' ')}; test ${took(t)}`,
    );
    expect(gaps.at(-1)).toBeLessThanOrEqual(5000);
    // Positive control: the restarts did interrupt the clients (they had to resend).
    expect(resent).toBeGreaterThan(0);
  }, 120_000);
});
