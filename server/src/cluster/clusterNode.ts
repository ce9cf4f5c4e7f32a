import type { IncomingHttpHeaders } from 'node:http';
import { errorBody, normalizeJoinCode } from '@convene/shared';
import type { NextFunction, Request, Response } from 'express';
import { bearerToken, hashToken } from '../auth/tokens.ts';
import { send, tokenFromLink } from '../http/guards.ts';
import { errorName, type Logger } from '../log.ts';
import { seriesNameKey } from '../store/seriesStore.ts';
import type { Lookups } from './lookups.ts';
import type { Ensured, OwnerKind, Ownership, WorkingSet } from './ownership.ts';

// A node of a cluster (issue 17): what the app needs to serve only the workshops it owns, and
// to answer nothing before PostgreSQL holds it.

/** The working set as the node drives it (store/pg/shipping.ts implements it). */
export interface ShippingWorkingSet extends WorkingSet {
  /** Local writes not in PostgreSQL yet, or a ship under way. */
  readonly pending: boolean;
  /** The owners that have local writes waiting to ship, and what they are. */
  queuedOwners(): { owner: string; kind: OwnerKind }[];
  /** A local workshop's join code (a created one is checked against the cluster's). */
  joinCodeOf(owner: string): string | null;
}

export interface ClusterNode {
  readonly nodeId: string;
  readonly ownership: Ownership;
  readonly lookups: Lookups;
  readonly workingSet: ShippingWorkingSet;
  /**
   * Resolves once everything committed locally before the call is in PostgreSQL. A workshop or
   * series created here is claimed first (its first lease); a group's flush and every HTTP
   * reply wait on this.
   */
  shipped(): Promise<void>;
  /** Starts the lease renewals and the background ship (writes nobody waits for: a writer's
   * Yjs update, a compaction, the timer's auto-advance). */
  start(): void;
  /** Ships what is left and gives every lease back (a stopping node). */
  stop(): Promise<void>;
  /** A draining node: hands every workshop over now (Ownership.handOver). */
  handOver(): Promise<void>;
}

export function createClusterNode(args: {
  ownership: Ownership;
  lookups: Lookups;
  workingSet: ShippingWorkingSet;
  log: Logger;
  /** How often to look for timers no node holds (default: every second). */
  timerSweepMs?: number;
}): ClusterNode {
  const { ownership, workingSet, lookups, log } = args;
  let loop: NodeJS.Timeout | null = null;
  let sweep: NodeJS.Timeout | null = null;
  let sweeping = false;
  /**
   * A running auto-advance timer of a workshop no node holds (its owner died): take the
   * workshop, which arms its timer here (the `taken` hook); a timer that ran out meanwhile
   * fires at once. Taking is the lease's acquisition, so of several nodes sweeping at once
   * exactly one gets it, and the advance it commits is fenced like every other write.
   */
  const sweepTimers = async () => {
    for (const owner of await lookups.orphanedTimers(20)) {
      const taken = await ownership.ensure(owner, 'workshop');
      if (taken.ok) log.info('orphaned_timer_taken', { owner });
    }
  };
  let shipping = false;
  const node: ClusterNode = {
    nodeId: ownership.nodeId,
    ownership,
    lookups: args.lookups,
    workingSet,
    async shipped() {
      const queued = workingSet.queuedOwners();
      const foreign: string[] = [];
      const created: string[] = [];
      for (const { owner, kind } of queued) {
        if (ownership.fenceOf(owner)) continue;
        // Rows of an owner this node does not hold: created here just now (claimed now), or
        // someone else's record — never this node's to write: dropped, and not saved.
        if (await ownership.claimNew(owner, kind)) created.push(owner);
        else foreign.push(owner);
      }
      for (const owner of foreign) workingSet.drop(owner);
      // A workshop created here drew its join code knowing only this node's: one another node
      // gave out already makes the creation "not saved" (its creator tries again, and gets
      // another code) rather than two workshops answering one code.
      for (const owner of created) {
        const code = workingSet.joinCodeOf(owner);
        if (code && (await args.lookups.workshopOfJoinCode(code)) !== null) {
          ownership.lose(owner, 'join code taken in the cluster');
        }
      }
      const fences = queued.map(({ owner }) => [owner, ownership.fenceOf(owner)] as const);
      try {
        await workingSet.ship();
      } catch (err) {
        // Two nodes creating at once with one code (or one series name): the unique index
        // refuses the second. Its new owners go, or every later ship would fail on them again.
        if ((err as { code?: unknown }).code === '23505') {
          for (const owner of created) ownership.lose(owner, 'taken in the cluster');
        }
        throw err;
      }
      // A round already under way when this call came may have carried these writes and
      // failed: their owner was lost and its rows dropped, and the round this call waited for
      // found nothing left to ship. Those writes are not in PostgreSQL: not saved.
      for (const [owner, fence] of fences) {
        if (!fence || ownership.fenceOf(owner) !== fence) {
          throw new Error(`the writes of ${owner} did not reach PostgreSQL (not held here)`);
        }
      }
      // A workshop (or series) created here is given back once it is in PostgreSQL, unless
      // something here uses it already: the proxy sends its requests to the node its id hashes
      // to, which is this one only by chance, and that node must be able to take it at once —
      // not refuse it (not_owner) until this node lets it go for being idle.
      for (const owner of created) void ownership.release(owner);
    },
    start() {
      ownership.start();
      loop = setInterval(() => {
        if (shipping || !workingSet.pending) return;
        shipping = true;
        node
          .shipped()
          .catch(() => {
            // The next reply or group that needs it reports it; this loop only keeps the
            // record close behind.
          })
          .finally(() => {
            shipping = false;
          });
      }, 20);
      loop.unref();
      sweep = setInterval(() => {
        if (sweeping) return;
        sweeping = true;
        sweepTimers()
          .catch((err: unknown) => log.warn('timer_sweep_failed', { err: errorName(err) }))
          .finally(() => {
            sweeping = false;
          });
      }, args.timerSweepMs ?? 1000);
      sweep.unref();
    },
    async handOver() {
      if (sweep) clearInterval(sweep);
      sweep = null;
      await ownership.handOver();
    },
    async stop() {
      if (loop) clearInterval(loop);
      if (sweep) clearInterval(sweep);
      loop = null;
      sweep = null;
      await ownership.handOver();
    },
  };
  return node;
}

/** Which owner an API request concerns, as far as its path, token or body tell. */
type RequestOwner =
  | { kind: OwnerKind; id: string }
  | { kind: 'token'; hash: string }
  | { kind: 'joinCode'; code: string }
  | { kind: 'seriesName'; key: string }
  | null;

const ID = /^[A-Za-z0-9_-]{1,64}$/;

function ownerOfRequest(req: Request): RequestOwner {
  // Mounted at /api: req.path is the rest.
  const [, first, id] = req.path.split('/');
  if (first === 'workshops' && id && id !== 'import' && ID.test(id)) {
    return { kind: 'workshop', id };
  }
  if (first === 'series' && id && ID.test(id)) return { kind: 'series', id };
  // Creating a workshop in a series, or a series, by name: the series (if it exists, on any
  // node) must be this node's, or the name check would not see it and make a second one.
  if (req.method === 'POST' && !id && (first === 'workshops' || first === 'series')) {
    const body = req.body as { series?: unknown; name?: unknown } | undefined;
    const name = first === 'workshops' ? body?.series : body?.name;
    return typeof name === 'string' && name.length <= 500
      ? { kind: 'seriesName', key: seriesNameKey(name) }
      : null;
  }
  if (first === 'join' && req.method === 'POST') {
    const code = (req.body as { joinCode?: unknown } | undefined)?.joinCode;
    return typeof code === 'string' && code.length <= 64
      ? { kind: 'joinCode', code: normalizeJoinCode(code) }
      : null;
  }
  if (first === 'session') {
    const token = bearerToken(req.headers.authorization);
    return token ? { kind: 'token', hash: hashToken(token) } : null;
  }
  // Creation (POST /workshops, /workshops/import, /series) and the organiser's list: no owner
  // yet; a created one is claimed when its rows ship.
  return null;
}

/**
 * Whether a request came through the proxy (which adds X-Forwarded-For). Only such a request,
 * routed here by the workshop id in its URL, may ask for its workshop back (Ownership.want): the
 * proxy's hash says this node should serve it. A request made straight to a node says nothing
 * about where the workshop belongs.
 */
export function viaProxy(headers: IncomingHttpHeaders): boolean {
  return headers['x-forwarded-for'] !== undefined;
}

/** Refuses with 503 and who holds the workshop: the client (or the proxy) tries again. */
export function sendNotOwner(res: Response, ensured: Ensured & { ok: false }): void {
  res.setHeader('Retry-After', '1');
  if (ensured.holder) res.setHeader('X-Convene-Owner', ensured.holder.nodeId);
  send(res, 503, 'not_owner', 'Another server holds this workshop now; try again in a moment');
}

function sendUnavailable(res: Response): void {
  res.setHeader('Retry-After', '2');
  send(res, 503, 'storage_unavailable', 'The server cannot reach its database right now');
}

/**
 * Before any API route: the workshop (or series) the request concerns is this node's, loaded —
 * taken now if it is free — or the request is refused with `not_owner`. A request whose
 * workshop cannot be told (unknown token or code) goes on: its route answers 401/404 as ever.
 */
export function ownerGate(cluster: ClusterNode, log: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const target = ownerOfRequest(req);
    if (!target) {
      next();
      return;
    }
    void (async () => {
      let owner: string | null;
      let kind: OwnerKind = 'workshop';
      if (target.kind === 'token') owner = await cluster.lookups.workshopOfToken(target.hash);
      else if (target.kind === 'seriesName') {
        owner = await cluster.lookups.seriesByNameKey(target.key);
        kind = 'series';
      } else if (target.kind === 'joinCode')
        owner = await cluster.lookups.workshopOfJoinCode(target.code);
      else {
        owner = target.id;
        kind = target.kind;
      }
      if (!owner) return next();
      const ensured = await cluster.ownership.ensure(owner, kind);
      if (!ensured.ok) {
        // Routed here by its id (a workshop path through the proxy): ask for it back.
        if (target.kind === 'workshop' && viaProxy(req.headers)) cluster.ownership.want(owner);
        return sendNotOwner(res, ensured);
      }
      if (kind === 'series') {
        // A series' pages read and write its workshops' rows (progress, plan, consolidation,
        // paper): this node must hold them too. One held by another node (running there now)
        // makes the request wait for it: not_owner, retried.
        const workshops = await cluster.lookups.workshopsOfSeries(owner);
        // Adding a workshop to the series (POST /api/series/:id/workshops) names it by its
        // facilitator token, or a link holding it: that workshop too.
        const named = (req.body as { facilitatorToken?: unknown } | undefined)?.facilitatorToken;
        const token = typeof named === 'string' ? tokenFromLink(named) : undefined;
        const adding = token ? await cluster.lookups.workshopOfToken(hashToken(token)) : null;
        if (adding) workshops.push(adding);
        for (const workshop of workshops) {
          const held = await cluster.ownership.ensure(workshop, 'workshop');
          if (!held.ok) return sendNotOwner(res, held);
        }
      }
      next();
    })().catch((err: unknown) => {
      log.error('owner_gate_failed', { err: errorName(err) });
      if (!res.headersSent) sendUnavailable(res);
    });
  };
}

/**
 * Holds every API reply until what was committed locally before it is in PostgreSQL ("durable
 * before the answer", with PostgreSQL's commit in place of the local flush). A failed ship turns
 * a reply not yet sent into 503 `storage_unavailable`: the client retries, and nothing it was
 * told is saved can be missing from the record.
 */
export function replyGate(cluster: ClusterNode, log: Logger) {
  return (_req: Request, res: Response, next: NextFunction): void => {
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    res.end = ((...args: unknown[]) => {
      if (!cluster.workingSet.pending || res.headersSent) return end(...args);
      cluster.shipped().then(
        () => end(...args),
        (err: unknown) => {
          log.error('reply_ship_failed', { err: errorName(err) });
          if (res.headersSent) return end(...args);
          const body = JSON.stringify(
            errorBody('storage_unavailable', 'The server cannot save right now; try again'),
          );
          res.removeHeader('ETag');
          res.status(503).setHeader('Retry-After', '2');
          res.setHeader('Content-Type', 'application/json; charset=utf-8');
          res.setHeader('Content-Length', Buffer.byteLength(body));
          end(body);
        },
      );
      return res;
    }) as Response['end'];
    next();
  };
}
