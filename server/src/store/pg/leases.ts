import type { Pool, PoolClient } from 'pg';

// A workshop's owning node, as a lease row in PostgreSQL (issue 17). One node at a time answers
// for a workshop; it holds the lease by (node id, epoch) until expires_at, renews it well before
// then, and every write it makes for the workshop goes through `withFence`, which locks the row
// and checks the holding first. Time is the DATABASE's clock everywhere (clock_timestamp(), the
// time when the statement actually runs, not now(), the time its transaction began, which may be
// long before a lock wait ended): nodes' clocks may disagree, the database's is the one that all
// of them see. A node that was paused or cut off past its expiry therefore cannot write: another
// node may have taken the workshop with a higher epoch, and even if none did, an expired holding
// is refused until it is acquired again.

/** A node's holding of one workshop: what `withFence` and `renew` check. */
export interface Lease {
  readonly workshopId: string;
  readonly nodeId: string;
  /** Grows by one with every acquisition of the workshop, by any node. */
  readonly epoch: number;
  /**
   * By the database's clock (to the millisecond): for reports. A node schedules its renewal from
   * the lease time counted from when the call returned, not by reading this against its own clock.
   */
  readonly expiresAt: Date;
}

/** Who holds a workshop, reported when an acquisition is refused. */
export interface LeaseHolder {
  readonly nodeId: string;
  readonly epoch: number;
  readonly expiresAt: Date;
}

export type AcquireResult =
  | { readonly ok: true; readonly lease: Lease }
  | { readonly ok: false; readonly heldBy: LeaseHolder };

/** The fence of a write: the holding it is made under. */
export interface Fence {
  readonly workshopId: string;
  readonly nodeId: string;
  readonly epoch: number;
}

/** An id, lease time or epoch that is not one: the caller's bug, reported before any SQL runs. */
export class LeaseInputError extends Error {
  override readonly name = 'LeaseInputError';
}

/** Why a holding no longer holds. */
export type LeaseLostReason = 'no_lease' | 'taken' | 'expired';

/** The node's holding ended (taken over, released, expired): its write or renewal was refused. */
export class LeaseLost extends Error {
  override readonly name = 'LeaseLost';
  constructor(
    readonly fence: Fence,
    readonly reason: LeaseLostReason,
    /** The row as the database had it when refusing, if there was one. */
    readonly current: LeaseHolder | null,
  ) {
    super(
      `lease of workshop ${fence.workshopId} lost by ${fence.nodeId} (epoch ${fence.epoch}): ${reason}` +
        (current
          ? `; held by ${current.nodeId} epoch ${current.epoch} until ${current.expiresAt.toISOString()}`
          : ''),
    );
  }
}

const MAX_ID_LENGTH = 200;
/** A lease longer than a day would make a dead node's workshops unreachable for that long. */
const MAX_LEASE_MS = 86_400_000;

interface LeaseRow {
  node_id: string;
  epoch: string;
  expires_at: Date;
}

/**
 * Take the workshop if it is free, expired, or already this node's; refuse (saying who holds it
 * and until when) if another node holds it. Every acquisition raises the epoch — a node taking
 * back its own workshop (after a restart under the same id) fences its earlier holding too.
 */
export async function acquireLease(
  pool: Pool,
  args: { workshopId: string; nodeId: string; leaseMs: number },
): Promise<AcquireResult> {
  checkId('workshopId', args.workshopId);
  checkId('nodeId', args.nodeId);
  checkLeaseMs(args.leaseMs);
  // One statement: the insert, or the update of an expired (or own) row, is decided under the
  // row's lock, so of two nodes racing exactly one gets a row back.
  const taken = await pool.query<LeaseRow>(
    `INSERT INTO workshop_leases (workshop_id, node_id, epoch, expires_at)
     VALUES ($1, $2, 1, clock_timestamp() + $3 * interval '1 millisecond')
     ON CONFLICT (workshop_id) DO UPDATE
       SET node_id = EXCLUDED.node_id,
           epoch = workshop_leases.epoch + 1,
           expires_at = clock_timestamp() + $3 * interval '1 millisecond'
       WHERE workshop_leases.expires_at <= clock_timestamp()
          OR workshop_leases.node_id = EXCLUDED.node_id
     RETURNING node_id, epoch, expires_at`,
    [args.workshopId, args.nodeId, args.leaseMs],
  );
  const row = taken.rows[0];
  if (row) return { ok: true, lease: { workshopId: args.workshopId, ...holder(row) } };
  const held = await readLease(pool, args.workshopId);
  // The row existed a moment ago and rows are never deleted, so there is one to report.
  if (!held) throw new Error(`lease row of workshop ${args.workshopId} vanished`);
  return { ok: false, heldBy: held };
}

/** Extend the holding to the database's now + leaseMs; refused (LeaseLost) unless it is still live. */
export async function renewLease(pool: Pool, lease: Fence, leaseMs: number): Promise<Lease> {
  checkFence(lease);
  checkLeaseMs(leaseMs);
  const renewed = await pool.query<LeaseRow>(
    `UPDATE workshop_leases
       SET expires_at = clock_timestamp() + $4 * interval '1 millisecond'
     WHERE workshop_id = $1 AND node_id = $2 AND epoch = $3 AND expires_at > clock_timestamp()
     RETURNING node_id, epoch, expires_at`,
    [lease.workshopId, lease.nodeId, lease.epoch, leaseMs],
  );
  const row = renewed.rows[0];
  if (row) return { workshopId: lease.workshopId, ...holder(row) };
  const current = await readLease(pool, lease.workshopId);
  throw new LeaseLost(lease, lostReason(lease, current), current);
}

/**
 * End the holding now (handover, drain): the next node's acquisition succeeds at once. The row
 * stays with its epoch, so the next holder's epoch is higher. False if it was no longer held.
 */
export async function releaseLease(pool: Pool, lease: Fence): Promise<boolean> {
  checkFence(lease);
  const released = await pool.query(
    `UPDATE workshop_leases SET expires_at = clock_timestamp()
     WHERE workshop_id = $1 AND node_id = $2 AND epoch = $3 AND expires_at > clock_timestamp()`,
    [lease.workshopId, lease.nodeId, lease.epoch],
  );
  return released.rowCount === 1;
}

/** The lease row of a workshop as it is now, or null if it never had one. */
export async function readLease(pool: Pool, workshopId: string): Promise<LeaseHolder | null> {
  checkId('workshopId', workshopId);
  const { rows } = await pool.query<LeaseRow>(
    'SELECT node_id, epoch, expires_at FROM workshop_leases WHERE workshop_id = $1',
    [workshopId],
  );
  return rows[0] ? holder(rows[0]) : null;
}

/**
 * Run `work` in one transaction that commits only under the given live holding: the lease row is
 * locked (FOR UPDATE) and checked first — so no other node can take the workshop until this
 * transaction ends — and checked again just before COMMIT, so a holding that expired while the
 * work ran (a node paused mid-write) commits nothing. Otherwise ROLLBACK and LeaseLost.
 * `work` must write through `client` and must not end the transaction itself; renewing this
 * workshop's lease from another connection meanwhile would wait on this transaction's own lock.
 */
export function withFence<T>(
  pool: Pool,
  fence: Fence,
  work: (client: PoolClient) => Promise<T>,
): Promise<T> {
  return withFences(pool, [fence], work);
}

/**
 * `withFence` over several owners at once (a group of commands touching several workshops,
 * shipped in one transaction): every lease row is locked and checked before the work and again
 * before COMMIT. The rows are locked in one statement in the order of their ids, so two nodes
 * fencing overlapping sets wait for each other instead of deadlocking. The LeaseLost thrown names
 * (in `fence`) the first owner, in id order, whose holding failed; nothing is committed for any.
 */
export async function withFences<T>(
  pool: Pool,
  fences: readonly Fence[],
  work: (client: PoolClient) => Promise<T>,
): Promise<T> {
  if (fences.length === 0) throw new LeaseInputError('withFences needs at least one fence');
  const byOwner = new Map<string, Fence>();
  for (const fence of fences) {
    checkFence(fence);
    const seen = byOwner.get(fence.workshopId);
    if (seen && (seen.nodeId !== fence.nodeId || seen.epoch !== fence.epoch)) {
      throw new LeaseInputError(`two different fences for ${fence.workshopId}`);
    }
    byOwner.set(fence.workshopId, fence);
  }
  const ordered = [...byOwner.values()].sort((a, b) => compareIds(a.workshopId, b.workshopId));
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
  } catch (err) {
    client.release(asError(err));
    throw err;
  }
  try {
    await checkHoldings(client, ordered);
    const result = await work(client);
    await checkHoldings(client, ordered);
    await client.query('COMMIT');
    client.release();
    return result;
  } catch (err) {
    try {
      await client.query('ROLLBACK');
      client.release();
    } catch (rollbackErr) {
      // A connection that cannot even roll back is not given back to the pool.
      client.release(asError(rollbackErr));
    }
    throw err;
  }
}

/** Byte order of the ids, as PostgreSQL's "C" collation sorts them (the lock order). */
function compareIds(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

async function checkHoldings(client: PoolClient, ordered: readonly Fence[]): Promise<void> {
  const { rows } = await client.query<LeaseRow & { workshop_id: string; live: boolean }>(
    `SELECT workshop_id, node_id, epoch, expires_at, expires_at > clock_timestamp() AS live
     FROM workshop_leases WHERE workshop_id = ANY($1::text[])
     ORDER BY workshop_id COLLATE "C" FOR UPDATE`,
    [ordered.map((f) => f.workshopId)],
  );
  const found = new Map(rows.map((r) => [r.workshop_id, r]));
  for (const fence of ordered) {
    const row = found.get(fence.workshopId);
    const current = row ? holder(row) : null;
    if (!row || !current || current.nodeId !== fence.nodeId || current.epoch !== fence.epoch) {
      throw new LeaseLost(fence, lostReason(fence, current), current);
    }
    if (!row.live) throw new LeaseLost(fence, 'expired', current);
  }
}

function lostReason(fence: Fence, current: LeaseHolder | null): LeaseLostReason {
  if (!current) return 'no_lease';
  if (current.nodeId !== fence.nodeId || current.epoch !== fence.epoch) return 'taken';
  return 'expired';
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

function holder(row: LeaseRow): LeaseHolder {
  // bigint arrives as a string; epochs stay far below 2^53.
  return { nodeId: row.node_id, epoch: Number(row.epoch), expiresAt: row.expires_at };
}

function checkId(field: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_ID_LENGTH) {
    throw new LeaseInputError(`${field} must be a string of 1 to ${MAX_ID_LENGTH} characters`);
  }
}

function checkLeaseMs(value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0 || value > MAX_LEASE_MS) {
    throw new LeaseInputError(
      `leaseMs must be a whole number of milliseconds, 1 to ${MAX_LEASE_MS}`,
    );
  }
}

function checkFence(fence: Fence): void {
  checkId('workshopId', fence.workshopId);
  checkId('nodeId', fence.nodeId);
  if (!Number.isSafeInteger(fence.epoch) || fence.epoch <= 0) {
    throw new LeaseInputError('epoch must be a positive whole number');
  }
}
