import type { Pool } from 'pg';
import { errorName, type Logger } from '../log.ts';
import type { LeaseEvent } from '../metrics/metrics.ts';
import {
  acquireLease,
  type Fence,
  type LeaseHolder,
  readLease,
  releaseLease,
  renewLease,
} from '../store/pg/leases.ts';

// Which workshops (and series) this node owns, in cluster mode (issue 17). A node serves a
// workshop only while it holds the workshop's lease in PostgreSQL: it takes the lease when the
// first request, socket or Yjs connection for the workshop reaches it, loads the workshop's
// rows from PostgreSQL into its local SQLite file (the working set the synchronous domain rules
// run on), renews the lease every third of its time, and gives it back once the workshop has
// been idle for a while. A renewal or a fenced write that is refused means another node has
// taken the workshop: this node forgets it at once (`lost`).

/** What a lease covers: a workshop, or a series (its plan, paper and tokens). */
export type OwnerKind = 'workshop' | 'series';

/** The record's side of ownership: the PostgreSQL-backed working set (store/pg/shipping.ts). */
export interface WorkingSet {
  /** Replaces the owner's local rows with PostgreSQL's, under the fence just acquired. */
  load(owner: string, kind: OwnerKind, fence: Fence): Promise<void>;
  /** Forgets the owner's local rows and unshipped writes (nothing in PostgreSQL changes). */
  drop(owner: string): void;
  /** Ships everything committed locally so far (resolves once PostgreSQL has it). */
  ship(): Promise<void>;
  /** Whether the owner has local writes PostgreSQL does not have yet. */
  hasUnshipped(owner: string): boolean;
}

export type Ensured = { ok: true } | { ok: false; holder: LeaseHolder | null };

export interface OwnershipDeps {
  pool: Pool;
  nodeId: string;
  leaseMs: number;
  workingSet: WorkingSet;
  log: Logger;
  /** How long a workshop with nothing loaded stays owned after its last use. */
  idleMs: number;
}

/** What the app does when ownership changes (set by createApp with `attach`). */
export interface OwnershipHooks {
  /** Whether something on this node still uses the owner (a loaded room, a live connection, a running timer). */
  inUse(owner: string): boolean;
  /** The owner was just taken and loaded (the app arms its timer). */
  taken(owner: string, kind: OwnerKind): void;
  /**
   * The owner is no longer this node's (taken by another node, expired, or released): the app
   * drops its room without storing it and cuts its connections, which reconnect elsewhere.
   */
  lost(owner: string): void;
}

interface Holding {
  fence: Fence;
  kind: OwnerKind;
  usedAt: number;
  /** Set while the holding is being given back; an ensure() waits for it, then takes anew. */
  releasing: Promise<void> | null;
}

export class Ownership {
  private readonly held = new Map<string, Holding>();
  private readonly taking = new Map<string, Promise<Ensured>>();
  private readonly claiming = new Map<string, Promise<boolean>>();
  private timer: NodeJS.Timeout | null = null;
  private handingOver = false;
  /** When this node last asked for each workshop back (at most once a second each). */
  private readonly wantedAt = new Map<string, number>();
  private ticking = false;
  /** Counts for /metrics and tests. */
  readonly stats = { taken: 0, refused: 0, lost: 0, released: 0, renewFailures: 0 };

  private hooks: OwnershipHooks = { inUse: () => false, taken: () => {}, lost: () => {} };
  /** Told of every lease event (the app counts them in /metrics). */
  private observer: (event: LeaseEvent, seconds?: number) => void = () => {};

  observe(observer: (event: LeaseEvent, seconds?: number) => void): void {
    this.observer = observer;
  }

  constructor(private readonly deps: OwnershipDeps) {}

  attach(hooks: OwnershipHooks): void {
    this.hooks = hooks;
  }

  get nodeId(): string {
    return this.deps.nodeId;
  }

  /**
   * The holding a write for `owner` is made under, or null if this node does not hold it
   * (while it is being given back it still holds it: its last writes ship under it).
   */
  fenceOf(owner: string): Fence | null {
    return this.held.get(owner)?.fence ?? null;
  }

  /** Owners this node holds now. */
  owners(): string[] {
    return [...this.held.keys()];
  }

  /**
   * Makes this node the owner, loading the owner's rows if it was not: resolves `ok` when the
   * caller may serve it, or says who holds it. Concurrent calls for one owner share one take.
   */
  async ensure(owner: string, kind: OwnerKind): Promise<Ensured> {
    // A node handing over takes nothing more: the proxy sends the retry to another node.
    if (this.handingOver) return { ok: false, holder: null };
    const h = this.held.get(owner);
    if (h && !h.releasing) {
      h.usedAt = Date.now();
      return { ok: true };
    }
    if (h?.releasing) await h.releasing.catch(() => {});
    let taking = this.taking.get(owner);
    if (!taking) {
      taking = this.take(owner, kind).finally(() => this.taking.delete(owner));
      this.taking.set(owner, taking);
    }
    return taking;
  }

  /**
   * Takes an owner that has never been leased: a workshop or series this node has just created
   * (its rows are all local). An owner that has a lease row is someone's record already: taking
   * it without loading would ship a partial copy over it, so that is refused.
   */
  claimNew(owner: string, kind: OwnerKind): Promise<boolean> {
    if (this.fenceOf(owner)) return Promise.resolve(true);
    // A node handing over keeps nothing new either: the creation is answered "not saved".
    if (this.handingOver) return Promise.resolve(false);
    // One claim at a time per owner: the background ship and a reply may both find the new
    // rows queued; the second must see the first's lease as its own, not as someone else's.
    let claiming = this.claiming.get(owner);
    if (!claiming) {
      claiming = this.claim(owner, kind).finally(() => this.claiming.delete(owner));
      this.claiming.set(owner, claiming);
    }
    return claiming;
  }

  private async claim(owner: string, kind: OwnerKind): Promise<boolean> {
    if (await readLease(this.deps.pool, owner)) return false;
    const got = await acquireLease(this.deps.pool, {
      workshopId: owner,
      nodeId: this.deps.nodeId,
      leaseMs: this.deps.leaseMs,
    });
    if (!got.ok) return false;
    this.hold(owner, kind, got.lease.epoch);
    return true;
  }

  private async take(owner: string, kind: OwnerKind): Promise<Ensured> {
    const started = performance.now();
    const got = await acquireLease(this.deps.pool, {
      workshopId: owner,
      nodeId: this.deps.nodeId,
      leaseMs: this.deps.leaseMs,
    });
    if (!got.ok) {
      this.stats.refused++;
      this.observer('refused');
      return { ok: false, holder: got.heldBy };
    }
    const fence: Fence = { workshopId: owner, nodeId: this.deps.nodeId, epoch: got.lease.epoch };
    try {
      await this.deps.workingSet.load(owner, kind, fence);
    } catch (err) {
      // Not loaded: not served. Give the lease back so that another node (or a retry) can.
      this.deps.workingSet.drop(owner);
      await releaseLease(this.deps.pool, fence).catch(() => {});
      throw err;
    }
    this.hold(owner, kind, fence.epoch);
    // A wish for it (this node's own, or an older one) is fulfilled.
    await this.deps.pool
      .query('DELETE FROM workshop_wanted WHERE workshop_id = $1', [owner])
      .catch(() => {});
    this.stats.taken++;
    this.observer('taken', (performance.now() - started) / 1000);
    this.deps.log.info('owner_taken', { owner, kind, epoch: fence.epoch });
    this.hooks.taken(owner, kind);
    return { ok: true };
  }

  private hold(owner: string, kind: OwnerKind, epoch: number): void {
    this.held.set(owner, {
      fence: { workshopId: owner, nodeId: this.deps.nodeId, epoch },
      kind,
      usedAt: Date.now(),
      releasing: null,
    });
  }

  /**
   * The proxy sends this workshop's requests here, but another node holds it (it took it over
   * while this node was away: a kill, a freeze, a restart). Ask for it back: the holder reads
   * the wish at its next renewal round and hands the workshop over — its clients reconnect
   * through the proxy, to this node. Only requests the proxy routed here by the workshop's id
   * may ask (the caller checks), so two nodes never pull a workshop back and forth.
   */
  want(owner: string): void {
    if (this.handingOver) return;
    const now = Date.now();
    if (now - (this.wantedAt.get(owner) ?? 0) < 1000) return;
    this.wantedAt.set(owner, now);
    if (this.wantedAt.size > 10_000) this.wantedAt.clear();
    this.deps.pool
      .query(
        `INSERT INTO workshop_wanted (workshop_id, node_id, at) VALUES ($1, $2, clock_timestamp())
         ON CONFLICT (workshop_id) DO UPDATE SET node_id = EXCLUDED.node_id, at = EXCLUDED.at`,
        [owner, this.deps.nodeId],
      )
      .catch((err: unknown) =>
        this.deps.log.warn('owner_want_failed', { owner, err: errorName(err) }),
      );
  }

  /** Marks the owner used now (a request served): it stays owned while it is used. */
  touch(owner: string): void {
    const h = this.held.get(owner);
    if (h) h.usedAt = Date.now();
  }

  /**
   * The owner is not this node's any more (a fenced write or a renewal was refused): forget it
   * and let the app drop what it served. Safe to call more than once.
   */
  lose(owner: string, why: string): void {
    if (!this.held.delete(owner)) return;
    this.stats.lost++;
    this.observer('lost');
    this.deps.log.warn('owner_lost', { owner, why });
    this.deps.workingSet.drop(owner);
    this.hooks.lost(owner);
  }

  /** Starts renewing (every third of the lease time) and giving back idle owners. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), Math.max(250, this.deps.leaseMs / 3));
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One round: renew every holding; give back those idle long enough. */
  async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      const now = Date.now();
      const wanted = await this.wantedElsewhere();
      await Promise.all(
        [...this.held.entries()].map(async ([owner, h]) => {
          if (h.releasing) return;
          if (now - h.usedAt > this.deps.idleMs && !this.hooks.inUse(owner)) {
            await this.release(owner);
            return;
          }
          if (wanted.has(owner)) {
            await this.release(owner, true);
            return;
          }
          try {
            await renewLease(this.deps.pool, h.fence, this.deps.leaseMs);
          } catch (err) {
            this.stats.renewFailures++;
            this.observer('renew_failed');
            if ((err as Error).name === 'LeaseLost') this.lose(owner, errorName(err));
            // Otherwise PostgreSQL is out of reach: the lease may still hold; try next round.
            else this.deps.log.warn('lease_renew_failed', { owner, err: errorName(err) });
          }
        }),
      );
    } finally {
      this.ticking = false;
    }
  }

  /** Held workshops that another node asked for within the last lease time. */
  private async wantedElsewhere(): Promise<Set<string>> {
    if (this.held.size === 0) return new Set();
    try {
      const { rows } = await this.deps.pool.query<{ workshop_id: string }>(
        `SELECT workshop_id FROM workshop_wanted
         WHERE workshop_id = ANY($1::text[]) AND node_id <> $2
           AND at > clock_timestamp() - $3 * interval '1 millisecond'`,
        [[...this.held.keys()], this.deps.nodeId, this.deps.leaseMs],
      );
      return new Set(rows.map((r) => r.workshop_id));
    } catch (err) {
      this.deps.log.warn('owner_wanted_read_failed', { err: errorName(err) });
      return new Set();
    }
  }

  /**
   * Ships the owner's writes, gives the lease back and forgets the local rows. An idle owner
   * only (a write or a use that came meanwhile keeps it), unless `wanted`: then it goes even in
   * use, and its connections are cut as moved (another node asked for it back).
   */
  async release(owner: string, wanted = false): Promise<void> {
    const h = this.held.get(owner);
    if (!h || h.releasing) return h?.releasing ?? undefined;
    const releasing = (async () => {
      try {
        await this.deps.workingSet.ship();
        // A write that came in during the ship: keep the workshop, try again later.
        if (this.deps.workingSet.hasUnshipped(owner) || (!wanted && this.hooks.inUse(owner))) {
          h.usedAt = Date.now();
          return;
        }
        await this.giveBack(owner, h, true);
      } catch (err) {
        this.deps.log.warn('owner_release_failed', { owner, err: errorName(err) });
      } finally {
        h.releasing = null;
      }
    })();
    h.releasing = releasing;
    return releasing;
  }

  /**
   * A draining node gives its workshops to the others at once (issue 17, rolling restarts):
   * it takes nothing more, ships what is left, gives every lease back and tells the app, which
   * cuts the workshops' connections as moved — their clients reconnect through the proxy, which
   * no longer sends them here, and the next node takes each workshop without waiting for a
   * lease to run out.
   */
  async handOver(): Promise<void> {
    this.handingOver = true;
    this.stop();
    try {
      await this.deps.workingSet.ship();
    } catch (err) {
      this.deps.log.warn('handover_ship_failed', { err: errorName(err) });
    }
    await Promise.all([...this.held].map(([owner, h]) => this.giveBack(owner, h, false)));
  }

  /**
   * Ends a holding this node gives up (idle, asked for, handing over): the lease released so
   * the next node takes it at once, the local rows dropped, the app told (room dropped,
   * connections cut as moved). `strict`: a failed release throws (the caller keeps the owner
   * and tries again); otherwise the lease simply runs out.
   */
  private async giveBack(owner: string, h: Holding, strict: boolean): Promise<void> {
    const released = releaseLease(this.deps.pool, h.fence);
    await (strict ? released : released.catch(() => false));
    this.held.delete(owner);
    this.stats.released++;
    this.observer('released');
    this.deps.workingSet.drop(owner);
    this.hooks.lost(owner);
  }
}
