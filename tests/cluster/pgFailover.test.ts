import type { CreatedWorkshop, Joined } from '@convene/shared';
import { readIdeas } from '@convene/shared';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Cluster, type ClusterNode, haproxyBinary, startCluster } from '../helpers/cluster.ts';
import { docContent } from '../helpers/hardening.ts';
import { OutboxClient } from '../helpers/outboxClient.ts';
import { postgresUrl, type ScratchDatabase, scratchDatabase } from '../helpers/postgres.ts';
import {
  closeClients,
  connectDoc,
  connectSocket,
  type DocClient,
  emitAck,
  waitFor,
} from '../helpers/testServer.ts';

// Issue 17, "done means": `kill -9` of a node in the middle of a burst of ideas and votes from
// 30 retrying clients. Three cluster nodes (DATABASE_URL, LEASE_SECONDS=3) behind HAProxy; the
// workshops all live on one node, which is killed while their clients' outboxes are half
// acknowledged. Within 15 s every client is served by another node (which takes each workshop
// once the dead node's lease ran out, loading it from PostgreSQL); every acknowledged idea and
// vote is in PostgreSQL exactly once; every doc converges to what PostgreSQL's rows say, and a
// fresh node loading the workshops shows the same docs.

const haproxy = haproxyBinary('tests/cluster/pgFailover.test.ts');
const pgUrl = haproxy ? postgresUrl('tests/cluster/pgFailover.test.ts') : null;

const LEASE_SECONDS = 3;
const WORKSHOPS = 3;
const PER_WORKSHOP = 10; // 30 clients
const IDEAS = 6;
const VOTES = 3;
/** "Within 15 s every client works through another node." */
const GAP_LIMIT_MS = 15_000;
/**
 * SOAK (npm run test:soak): then a second burst of ideas, and a kill -9 of the node that took
 * the first workshop, so that the last node standing takes it (from the record the second
 * owner left after taking it from the first).
 */
const SOAK = process.env.SOAK === '1';
const SECOND_BURST = SOAK ? 6 : 0;

interface Workshop {
  created: CreatedWorkshop;
  qVote: string;
  qIdeas: string;
  /** The idea every participant of this workshop votes for. */
  target: string;
  people: Joined[];
}

interface Row {
  row: Record<string, unknown>;
}

async function post<T>(url: string, from: string, body: object): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${url} → ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** The node HAProxy sends this workshop's requests to (X-Convene-Node, refused or not). */
async function routedTo(cluster: Cluster, w: CreatedWorkshop): Promise<string | null> {
  const res = await fetch(`${cluster.url}/api/workshops/${w.id}/board`, {
    headers: { authorization: `Bearer ${w.facilitatorToken}` },
  });
  await res.arrayBuffer();
  return res.headers.get('x-convene-node');
}

describe.skipIf(!haproxy || !pgUrl)(
  'kill -9 of an owner mid-burst (three PostgreSQL nodes behind HAProxy)',
  () => {
    let db: ScratchDatabase;
    let cluster: Cluster;
    const clients: OutboxClient[] = [];

    beforeAll(async () => {
      db = await scratchDatabase(pgUrl as string);
      cluster = await startCluster({
        haproxy: haproxy as string,
        nodes: 3,
        databaseUrl: db.url,
        leaseSeconds: LEASE_SECONDS,
      });
    });

    afterAll(async () => {
      for (const c of clients) c.close();
      closeClients();
      await cluster?.close();
      await db?.drop();
    });

    const rows = async (tbl: string, owner: string): Promise<Record<string, unknown>[]> =>
      (
        await db
          .pool(1)
          .query<Row>('SELECT row FROM records WHERE tbl = $1 AND owner = $2', [tbl, owner])
      ).rows.map((r) => r.row);

    /**
     * Workshops created on `owner` directly (it holds them from their creation) and kept only
     * if HAProxy routes them to it too, so that their clients, through the proxy, reach the node
     * that is killed.
     */
    async function workshopsOn(owner: ClusterNode): Promise<Workshop[]> {
      const out: Workshop[] = [];
      for (let tries = 0; out.length < WORKSHOPS; tries++) {
        expect(tries, 'workshops routed to the chosen node').toBeLessThan(60);
        // Each attempt from an address of its own (a node trusts X-Forwarded-For from loopback):
        // one address may create 20 workshops, and this may take more attempts than that.
        const created = await post<CreatedWorkshop>(
          `${owner.url}/api/workshops`,
          `198.18.1.${tries + 1}`,
          {
            title: `Burst ${tries}`,
            questions: [{ prompt: 'Vote here' }, { prompt: 'Write here' }],
            voteBudget: VOTES,
            maxVotesPerIdea: VOTES, // several dots on one idea: a vote applied twice would show
          },
        );
        if ((await routedTo(cluster, created)) !== owner.nodeId) continue;
        const [qVote, qIdeas] = created.questions.map((q) => q.id) as [string, string];
        const fac = await connectSocket(owner.url, created.facilitatorToken);
        await emitAck(fac, 'phase:set', { questionId: qVote, phase: 'submit' });
        const target = String(
          (await emitAck(fac, 'idea:submit', { questionId: qVote, text: 'the idea to vote for' }))
            .ideaId,
        );
        for (const phase of ['cluster', 'vote']) {
          expect((await emitAck(fac, 'phase:set', { questionId: qVote, phase })).ok).toBe(true);
        }
        const opened = await emitAck(fac, 'phase:set', { questionId: qIdeas, phase: 'submit' });
        expect(opened.ok).toBe(true);
        fac.disconnect();
        const people: Joined[] = [];
        for (let i = 0; i < PER_WORKSHOP; i++) {
          people.push(
            await post<Joined>(`${owner.url}/api/join`, '198.18.0.1', {
              joinCode: created.joinCode,
              name: `Person Number${i}`,
            }),
          );
        }
        out.push({ created, qVote, qIdeas, target, people });
      }
      return out;
    }

    test('every client is served by another node within 15 s; every acknowledged idea and vote is in PostgreSQL once; every doc converges to a fresh load', async () => {
      const victim = cluster.nodes[0] as ClusterNode;
      const workshops = await workshopsOn(victim);

      // One projector doc per workshop through the proxy: it follows the workshop to its new
      // owner by itself (y-websocket reconnects, and retries the 4512 refusals in between).
      const docs: DocClient[] = [];
      for (const w of workshops) {
        docs.push(await connectDoc(cluster.url, w.created.id, w.created.projectorToken));
      }
      // 30 participants through the proxy, as the web client connects (?workshopId=, a refused
      // connection tried again); half ask idea:mine before resending, half resend blindly.
      for (const [k, w] of workshops.entries()) {
        for (const [i, p] of w.people.entries()) {
          clients.push(
            new OutboxClient(cluster.url, p.participantToken, `w${k}p${i}`, {
              query: { workshopId: w.created.id },
              retryRefusals: true,
              refreshFirst: i % 2 === 0,
              ackTimeoutMs: 3000,
              retryDelayMs: 500,
            }),
          );
        }
      }
      const workshopOf = (i: number) => workshops[Math.floor(i / PER_WORKSHOP)] as Workshop;
      await waitFor(() => clients.every((c) => c.socket.connected), {
        timeoutMs: 10_000,
        what: 'every client connected',
      });

      // The burst: each outbox interleaves ideas and votes, sent one after another.
      for (const [i, c] of clients.entries()) {
        const w = workshopOf(i);
        for (let k = 0; k < IDEAS + VOTES; k++) {
          if (k % 3 === 2) c.enqueue('vote:cast', { ideaId: w.target });
          else c.enqueue('idea:submit', { questionId: w.qIdeas, text: `idea ${k} of ${c.label}` });
        }
      }
      const all = () => clients.flatMap((c) => c.entries);
      const saved = () => all().filter((e) => e.status === 'saved');
      const burst = clients.length * (IDEAS + VOTES);
      await waitFor(() => saved().length >= burst * 0.4, {
        timeoutMs: 20_000,
        what: 'part of the burst acknowledged',
      });

      await victim.kill9();
      const killedAt = Date.now();
      const ackedBefore = saved().map((e) => ({ commandId: e.commandId, reply: e.reply }));
      expect(ackedBefore.length, 'the kill came in the middle of the burst').toBeLessThan(burst);
      // Every client has something to send after the kill, so that each shows when it is served
      // again (the burst of a fast client may be all acknowledged already).
      for (const [i, c] of clients.entries()) {
        c.enqueue('idea:submit', {
          questionId: workshopOf(i).qIdeas,
          text: `after the kill ${c.label}`,
        });
      }
      const total = burst + clients.length;
      await waitFor(() => saved().length === total, {
        timeoutMs: 40_000,
        what: `all ${total} commands acknowledged after the kill`,
      });

      // Within 15 s every client works through another node: its first acknowledgement after
      // the kill (the old connection died with the node) — and how long it went without one.
      const gaps = clients.map((c) => {
        const times = c.entries.map((e) => e.savedAt ?? 0);
        const before = Math.max(0, ...times.filter((t) => t <= killedAt));
        const after = Math.min(...times.filter((t) => t > killedAt));
        return { label: c.label, sinceKill: after - killedAt, gap: after - (before || killedAt) };
      });
      const sinceKill = gaps.map((g) => g.sinceKill).sort((a, b) => a - b);
      console.info(
        `kill -9 ${victim.name} with ${ackedBefore.length}/${burst} acknowledged: first acknowledgement after it, per client (ms): min ${sinceKill[0]}, median ${sinceKill[Math.floor(sinceKill.length / 2)]}, max ${sinceKill.at(-1)}; longest gap between two acknowledgements ${Math.max(...gaps.map((g) => g.gap))} ms; ${clients.reduce((n, c) => n + c.refusals, 0)} connections refused not_owner and retried`,
      );
      console.info(
        `per client (ms after the kill): ${gaps.map((g) => `${g.label} ${g.sinceKill}`).join(', ')}`,
      );
      for (const g of gaps)
        expect(g.sinceKill, `${g.label} served again`).toBeLessThan(GAP_LIMIT_MS);
      expect(all().filter((e) => e.status === 'failed')).toStrictEqual([]);

      // An acknowledgement lost in the crash is what makes a client resend a command the dead
      // node had applied; whether one was lost in this run is chance, so one client per workshop
      // resends everything the dead node acknowledged, as if it had not heard: the new owner must
      // answer from the command log it loaded from PostgreSQL, and apply nothing again.
      let replayed = 0;
      for (const k of workshops.keys()) {
        const c = clients[k * PER_WORKSHOP] as OutboxClient;
        for (const e of c.entries.filter((x) =>
          ackedBefore.some((a) => a.commandId === x.commandId),
        )) {
          const again = await c.socket.timeout(5000).emitWithAck(e.name, e.payload);
          expect(again, `${e.commandId} sent again`).toStrictEqual(e.reply);
          replayed++;
        }
      }
      expect(replayed).toBeGreaterThan(0);

      // Every workshop has a new owner, a live node, named by its lease and by who answers.
      const survivors = cluster.nodes.filter((n) => n !== victim).map((n) => n.nodeId);
      for (const w of workshops) {
        const lease = await db
          .pool(1)
          .query<{ node_id: string }>(
            'SELECT node_id FROM workshop_leases WHERE workshop_id = $1',
            [w.created.id],
          );
        expect(survivors).toContain(lease.rows[0]?.node_id);
        expect(await routedTo(cluster, w.created)).toBe(lease.rows[0]?.node_id);
      }

      if (SOAK) {
        const lease = await db
          .pool(1)
          .query<{ node_id: string }>(
            'SELECT node_id FROM workshop_leases WHERE workshop_id = $1',
            [workshops[0]?.created.id],
          );
        const second = cluster.byNodeId(lease.rows[0]?.node_id as string);
        for (const [i, c] of clients.entries()) {
          for (let k = 0; k < SECOND_BURST; k++) {
            c.enqueue('idea:submit', {
              questionId: workshopOf(i).qIdeas,
              text: `second ${k} of ${c.label}`,
            });
          }
        }
        const before = saved().length;
        await waitFor(() => saved().length >= before + clients.length * 2, {
          timeoutMs: 20_000,
          what: 'part of the second burst acknowledged',
        });
        await second.kill9();
        const secondAt = Date.now();
        const inAtKill = saved().length - before;
        expect(inAtKill, 'the second kill came in the middle of the burst').toBeLessThan(
          clients.length * SECOND_BURST,
        );
        const all2 = total + clients.length * SECOND_BURST;
        await waitFor(() => saved().length === all2, {
          timeoutMs: 40_000,
          what: `all ${all2} commands acknowledged after the second kill`,
        });
        console.info(
          `SOAK: kill -9 ${second.name} with ${inAtKill}/${clients.length * SECOND_BURST} of the second burst acknowledged; all acknowledged ${Date.now() - secondAt} ms after it`,
        );
        expect(all().filter((e) => e.status === 'failed')).toStrictEqual([]);
      }

      // Every acknowledged idea and vote is in PostgreSQL, exactly once.
      const ackedIds = new Set(ackedBefore.map((a) => a.commandId));
      for (const [k, w] of workshops.entries()) {
        const mine = clients.slice(k * PER_WORKSHOP, (k + 1) * PER_WORKSHOP);
        const entries = mine.flatMap((c) => c.entries);
        const ideas = (await rows('ideas', w.created.id)).filter((r) => r.question_id === w.qIdeas);
        const byCommand = new Map<string, Record<string, unknown>[]>();
        for (const r of ideas) {
          const list = byCommand.get(String(r.command_id)) ?? [];
          list.push(r);
          byCommand.set(String(r.command_id), list);
        }
        const submits = entries.filter((e) => e.name === 'idea:submit');
        for (const e of submits) {
          const found = byCommand.get(e.commandId) ?? [];
          expect(
            found.map((r) => r.id),
            `${e.commandId}${ackedIds.has(e.commandId) ? ' (acknowledged before the kill)' : ''}`,
          ).toStrictEqual([e.reply?.ideaId]);
        }
        expect(ideas).toHaveLength(submits.length);
        expect(new Set(ideas.map((r) => r.text)).size).toBe(ideas.length);

        // Votes: one row per participant and idea, its count the dots cast (all acknowledged,
        // each once); and each vote:cast command's result recorded once.
        const rounds = new Set(
          (await rows('rounds', w.created.id))
            .filter((r) => r.question_id === w.qVote)
            .map((r) => r.id),
        );
        const votes = (
          await db.pool(1).query<Row>(`SELECT row FROM records WHERE tbl = 'votes'`)
        ).rows
          .map((r) => r.row)
          .filter((v) => rounds.has(v.round_id));
        expect(votes.map((v) => [v.participant_id, v.idea_id, v.count]).sort()).toStrictEqual(
          w.people.map((p) => [p.participantId, w.target, VOTES]).sort(),
        );
        const commands = (await rows('commands', w.created.id)).map((r) => String(r.command_id));
        for (const e of entries.filter((x) => x.name === 'vote:cast')) {
          expect(
            commands.filter((c) => c === e.commandId),
            e.commandId,
          ).toHaveLength(1);
        }
      }

      // Every doc converges to PostgreSQL's ideas. A Yjs client that connects to the new owner
      // now sees exactly PostgreSQL's visible ideas (every command was answered, and answers
      // come after the relay); the projector that lived through the kill — which may still
      // hold what the dead node relayed — ends equal to it.
      const ownerView: string[] = [];
      for (const [k, w] of workshops.entries()) {
        const expected = (await rows('ideas', w.created.id))
          .filter((r) => r.status === 'visible')
          .map((r) => `${r.id} ${r.text}`)
          .sort();
        expect(expected).toHaveLength(PER_WORKSHOP * (IDEAS + 1 + SECOND_BURST) + 1);
        const ideasOf = (doc: DocClient['doc']) =>
          readIdeas(doc)
            .map((i) => `${i.id} ${i.text}`)
            .sort();
        const onOwner = await connectDoc(cluster.url, w.created.id, w.created.projectorToken);
        expect(ideasOf(onOwner.doc), `workshop ${k} on its new owner`).toStrictEqual(expected);
        ownerView.push(docContent(onOwner.doc));
        const projector = (docs[k] as DocClient).doc;
        await waitFor(() => docContent(projector) === ownerView[k], {
          timeoutMs: 15_000,
          docs: [projector],
          what: `the projector's doc of workshop ${k} equal to its new owner's`,
        }).catch(() => {
          expect(ideasOf(projector), `the projector's doc of workshop ${k}`).toStrictEqual(
            expected,
          );
          expect(docContent(projector), `the projector's doc of workshop ${k}`).toBe(ownerView[k]);
        });
      }

      // A fresh node loading the workshops shows the same docs: the owners hand them back
      // (SIGTERM), and the killed node, restarted with an empty working set, loads them.
      for (const c of clients) c.close();
      closeClients();
      for (const n of cluster.nodes.filter((x) => x !== victim && x.running)) await n.stop();
      await victim.restart();
      for (const [k, w] of workshops.entries()) {
        const fresh = await connectDoc(victim.url, w.created.id, w.created.projectorToken);
        expect(docContent(fresh.doc), `workshop ${k} loaded afresh`).toBe(ownerView[k]);
        fresh.close();
      }
    });
  },
);
