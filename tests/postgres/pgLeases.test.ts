import type pg from 'pg';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  acquireLease,
  type Lease,
  LeaseInputError,
  LeaseLost,
  readLease,
  releaseLease,
  renewLease,
  withFence,
  withFences,
} from '../../server/src/store/pg/leases.ts';
import { migrate } from '../../server/src/store/pg/migrate.ts';
import { postgresUrl, type ScratchDatabase, scratchDatabase } from '../helpers/postgres.ts';

// A workshop's owning node as a lease in PostgreSQL (issue 17): two nodes, alice and bob, each
// with a pool of its own, as two Convene processes would have.

const url = postgresUrl('pgLeases.test.ts');
const LONG = 60_000;
// Long enough that a loaded two-core machine still starts the fenced write inside it.
const MID_WRITE_LEASE = 1_000;

describe.skipIf(!url)('workshop leases in PostgreSQL', () => {
  let db: ScratchDatabase;
  let alice: pg.Pool;
  let bob: pg.Pool;
  const A = 'node-alice';
  const B = 'node-bob';

  beforeEach(async () => {
    db = await scratchDatabase(url ?? '');
    alice = db.pool(8);
    bob = db.pool(8);
    await migrate(alice);
    // What the fence protects: a row a workshop's owner writes.
    await alice.query('CREATE TABLE fence_probe (workshop_id text NOT NULL, note text NOT NULL)');
  });
  afterEach(async () => {
    await db.drop();
  });

  async function notes(workshopId: string): Promise<string[]> {
    const { rows } = await bob.query<{ note: string }>(
      'SELECT note FROM fence_probe WHERE workshop_id = $1 ORDER BY note',
      [workshopId],
    );
    return rows.map((r) => r.note);
  }

  function write(pool: pg.Pool, lease: Lease, note: string): Promise<string> {
    return withFence(pool, lease, async (client) => {
      await client.query('INSERT INTO fence_probe (workshop_id, note) VALUES ($1, $2)', [
        lease.workshopId,
        note,
      ]);
      return note;
    });
  }

  /**
   * Let the holding run out: renewed to a 1 ms lease, then waited for until the DATABASE's clock
   * (the one the fence reads) is past it. The test's earlier steps thus run under a long lease,
   * however slow the machine.
   */
  async function runOut(pool: pg.Pool, lease: Lease): Promise<void> {
    await renewLease(pool, lease, 1);
    await untilExpired(lease.workshopId);
  }

  /** Wait for the DATABASE's clock to pass the lease's expiry (the clock the fence reads). */
  async function untilExpired(workshopId: string): Promise<void> {
    for (;;) {
      const { rows } = await bob.query<{ over: boolean }>(
        'SELECT expires_at <= clock_timestamp() AS over FROM workshop_leases WHERE workshop_id = $1',
        [workshopId],
      );
      if (rows[0]?.over) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  async function take(pool: pg.Pool, workshopId: string, nodeId: string, leaseMs = LONG) {
    const got = await acquireLease(pool, { workshopId, nodeId, leaseMs });
    if (!got.ok) throw new Error(`${nodeId} could not take ${workshopId}`);
    return got.lease;
  }

  test('two nodes racing for the same workshop, 60 times at once: exactly one wins each', async () => {
    const rounds = Array.from({ length: 60 }, (_, i) => `race-${i}`);
    const results = await Promise.all(
      rounds.map((workshopId) =>
        Promise.all([
          acquireLease(alice, { workshopId, nodeId: A, leaseMs: LONG }),
          acquireLease(bob, { workshopId, nodeId: B, leaseMs: LONG }),
        ]),
      ),
    );
    const winners = new Set<string>();
    for (const [i, [a, b]] of results.entries()) {
      expect([a.ok, b.ok].filter(Boolean), rounds[i]).toHaveLength(1);
      const won = a.ok ? a.lease : b.ok ? b.lease : null;
      const lost = a.ok ? b : a;
      expect(won?.epoch).toBe(1);
      // The loser is told who holds it and until when, and the row agrees with the winner.
      expect(lost.ok ? null : lost.heldBy).toEqual({
        nodeId: won?.nodeId,
        epoch: 1,
        expiresAt: won?.expiresAt,
      });
      expect(await readLease(alice, rounds[i] ?? '')).toEqual(lost.ok ? null : lost.heldBy);
      winners.add(won?.nodeId ?? '');
    }
    // Both nodes won some: the race was a race, not one pool always first.
    expect(winners.size).toBe(2);
  });

  test('renewal moves the expiry to the database clock plus the lease time', async () => {
    const first = await take(alice, 'w-renew', A, 10_000);
    const before = await dbNow();
    const renewed = await renewLease(alice, first, LONG);
    const after = await dbNow();
    expect(renewed.epoch).toBe(first.epoch);
    expect(renewed.expiresAt.getTime()).toBeGreaterThan(first.expiresAt.getTime());
    expect(renewed.expiresAt.getTime()).toBeGreaterThanOrEqual(before.getTime() + LONG);
    expect(renewed.expiresAt.getTime()).toBeLessThanOrEqual(after.getTime() + LONG);
    expect((await readLease(bob, 'w-renew'))?.expiresAt).toEqual(renewed.expiresAt);
    // Bob cannot renew alice's lease, even naming her epoch; the row is unchanged.
    await expect(renewLease(bob, { ...first, nodeId: B }, LONG)).rejects.toBeInstanceOf(LeaseLost);
    expect((await readLease(bob, 'w-renew'))?.expiresAt).toEqual(renewed.expiresAt);
    // A renewed lease is still held: bob is refused.
    const refused = await acquireLease(bob, { workshopId: 'w-renew', nodeId: B, leaseMs: LONG });
    expect(refused.ok).toBe(false);
  });

  async function dbNow(): Promise<Date> {
    const { rows } = await alice.query<{ now: Date }>('SELECT clock_timestamp() AS now');
    const now = rows[0]?.now;
    if (!now) throw new Error('no clock');
    return now;
  }

  test('an expired lease is taken over by the other node with epoch + 1', async () => {
    const old = await take(alice, 'w-expire', A, LONG);
    const early = await acquireLease(bob, { workshopId: 'w-expire', nodeId: B, leaseMs: LONG });
    expect(early).toEqual({ ok: false, heldBy: { nodeId: A, epoch: 1, expiresAt: old.expiresAt } });
    await runOut(alice, old);
    const taken = await take(bob, 'w-expire', B);
    expect(taken).toMatchObject({ nodeId: B, epoch: old.epoch + 1 });
  });

  test("the old owner's fenced write after a takeover is refused and writes nothing", async () => {
    const old = await take(alice, 'w-fence', A, LONG);
    // Positive control: the owner's own write under its live lease lands.
    await expect(write(alice, old, 'alice while owner')).resolves.toBe('alice while owner');
    await runOut(alice, old);
    const current = await take(bob, 'w-fence', B);

    let ran = false;
    const late = withFence(alice, old, async (client) => {
      ran = true;
      await client.query("INSERT INTO fence_probe VALUES ('w-fence', 'alice after takeover')");
    });
    await expect(late).rejects.toBeInstanceOf(LeaseLost);
    await expect(late).rejects.toMatchObject({
      reason: 'taken',
      current: { nodeId: B, epoch: current.epoch },
    });
    expect(ran).toBe(false);
    // Bob's write, under the new epoch, lands; alice's late one is nowhere.
    await write(bob, current, 'bob as owner');
    expect(await notes('w-fence')).toEqual(['alice while owner', 'bob as owner']);
    // Renewing the old holding is refused too.
    await expect(renewLease(alice, old, LONG)).rejects.toMatchObject({ reason: 'taken' });
  });

  test('a node paused past its expiry (its lease object kept) can neither write nor renew', async () => {
    // As if alice's process were SIGSTOPped holding `old` and woke after the expiry: no other
    // node has taken the workshop yet, and still nothing she does under `old` lands.
    const old = await take(alice, 'w-pause', A, LONG);
    await write(alice, old, 'before the pause');
    await runOut(alice, old);
    await expect(write(alice, old, 'after the pause')).rejects.toMatchObject({
      name: 'LeaseLost',
      reason: 'expired',
    });
    await expect(renewLease(alice, old, LONG)).rejects.toMatchObject({ reason: 'expired' });
    expect(await notes('w-pause')).toEqual(['before the pause']);
    // Bob takes over; alice's next write is refused as taken.
    const current = await take(bob, 'w-pause', B);
    expect(current.epoch).toBe(old.epoch + 1);
    await expect(write(alice, old, 'after the takeover')).rejects.toMatchObject({
      reason: 'taken',
    });
    expect(await notes('w-pause')).toEqual(['before the pause']);
  });

  test('a node paused in the middle of a fenced write past its expiry commits nothing', async () => {
    // Alice's transaction holds the lease row when she pauses: bob's takeover waits for it, and
    // her commit, coming after the expiry, is refused by the check before COMMIT.
    const old = await take(alice, 'w-midwrite', A, MID_WRITE_LEASE);
    let takeover: Promise<unknown> | undefined;
    const paused = withFence(alice, old, async (client) => {
      // Still live here (the fence's first check passed); the pause starts now.
      await client.query("INSERT INTO fence_probe VALUES ('w-midwrite', 'written before pause')");
      await untilExpired('w-midwrite');
      takeover = acquireLease(bob, { workshopId: 'w-midwrite', nodeId: B, leaseMs: LONG });
      // Bob's acquisition is now queued behind alice's row lock (it cannot see the row free).
      await waitForLockWaiter();
    });
    await expect(paused).rejects.toMatchObject({ name: 'LeaseLost', reason: 'expired' });
    expect(takeover).toBeInstanceOf(Promise);
    await expect(takeover).resolves.toMatchObject({ ok: true, lease: { nodeId: B, epoch: 2 } });
    expect(await notes('w-midwrite')).toEqual([]);
  });

  async function waitForLockWaiter(): Promise<void> {
    for (;;) {
      const { rows } = await bob.query<{ n: string }>(
        "SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()",
      );
      if (Number(rows[0]?.n) > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  test('release, then another node takes the workshop at once with a higher epoch', async () => {
    const old = await take(alice, 'w-release', A, LONG);
    // Positive control: while alice holds it, bob is refused and told until when.
    const refused = await acquireLease(bob, { workshopId: 'w-release', nodeId: B, leaseMs: LONG });
    expect(refused).toEqual({
      ok: false,
      heldBy: { nodeId: A, epoch: old.epoch, expiresAt: old.expiresAt },
    });
    // Bob cannot release alice's lease.
    expect(await releaseLease(bob, { ...old, nodeId: B })).toBe(false);
    expect(await releaseLease(alice, old)).toBe(true);
    expect(await releaseLease(alice, old)).toBe(false);
    const next = await take(bob, 'w-release', B);
    expect(next).toMatchObject({ nodeId: B, epoch: old.epoch + 1 });
    await expect(write(alice, old, 'alice after release')).rejects.toBeInstanceOf(LeaseLost);
    await write(bob, next, 'bob after release');
    expect(await notes('w-release')).toEqual(['bob after release']);
  });

  test('a node taking back its own workshop gets a new epoch, fencing its earlier holding', async () => {
    const first = await take(alice, 'w-again', A, LONG);
    const second = await take(alice, 'w-again', A, LONG);
    expect(second.epoch).toBe(first.epoch + 1);
    await expect(write(alice, first, 'old epoch')).rejects.toMatchObject({ reason: 'taken' });
    await write(alice, second, 'new epoch');
    expect(await notes('w-again')).toEqual(['new epoch']);
  });

  test('a workshop with no lease refuses fenced writes', async () => {
    const never = { workshopId: 'w-none', nodeId: A, epoch: 1 };
    await expect(write(alice, { ...never, expiresAt: new Date() }, 'x')).rejects.toMatchObject({
      reason: 'no_lease',
      current: null,
    });
    await expect(renewLease(alice, never, LONG)).rejects.toMatchObject({ reason: 'no_lease' });
    expect(await notes('w-none')).toEqual([]);
  });

  test('bad ids, lease times and epochs are refused before any SQL, and write nothing', async () => {
    const bad: Array<() => Promise<unknown>> = [
      () => acquireLease(alice, { workshopId: '', nodeId: A, leaseMs: LONG }),
      () => acquireLease(alice, { workshopId: 'w-bad', nodeId: '', leaseMs: LONG }),
      () => acquireLease(alice, { workshopId: 'x'.repeat(201), nodeId: A, leaseMs: LONG }),
      () => acquireLease(alice, { workshopId: 'w-bad', nodeId: A, leaseMs: 0 }),
      () => acquireLease(alice, { workshopId: 'w-bad', nodeId: A, leaseMs: -5 }),
      () => acquireLease(alice, { workshopId: 'w-bad', nodeId: A, leaseMs: Number.NaN }),
      () => acquireLease(alice, { workshopId: 'w-bad', nodeId: A, leaseMs: 1.5 }),
      () => renewLease(alice, { workshopId: 'w-bad', nodeId: A, epoch: 0 }, LONG),
      () =>
        renewLease(alice, { workshopId: 'w-bad', nodeId: A, epoch: 1 }, Number.POSITIVE_INFINITY),
      () => releaseLease(alice, { workshopId: 'w-bad', nodeId: A, epoch: -1 }),
      () => withFence(alice, { workshopId: 'w-bad', nodeId: A, epoch: 1.5 }, async () => 1),
    ];
    for (const call of bad) await expect(call()).rejects.toBeInstanceOf(LeaseInputError);
    const { rows } = await alice.query<{ n: string }>('SELECT count(*) AS n FROM workshop_leases');
    expect(Number(rows[0]?.n)).toBe(0);
    // Positive control: the same call with good values takes the lease.
    expect((await acquireLease(alice, { workshopId: 'w-bad', nodeId: A, leaseMs: LONG })).ok).toBe(
      true,
    );
  });
  // ---- withFences: one transaction fenced on several owners (helper A, issue 17 sixth session) ----

  test('withFences commits for several owners together, and nothing when one of them was taken', async () => {
    const w1 = await take(alice, 'w-many-1', A);
    const w2 = await take(alice, 'w-many-2', A);
    const w3 = await take(alice, 'w-many-3', A);
    const writeAll = (fences: Lease[], note: string) =>
      withFences(alice, fences, async (client) => {
        for (const f of fences) {
          await client.query('INSERT INTO fence_probe VALUES ($1, $2)', [f.workshopId, note]);
        }
      });
    // Positive control: all three held, all three written, in one transaction.
    await writeAll([w3, w1, w2], 'together');
    for (const w of ['w-many-1', 'w-many-2', 'w-many-3'])
      expect(await notes(w)).toEqual(['together']);

    await runOut(alice, w2);
    const bobs = await take(bob, 'w-many-2', B);
    const late = writeAll([w1, w2, w3], 'after takeover');
    // The error names the owner whose fence failed, and who holds it now.
    await expect(late).rejects.toBeInstanceOf(LeaseLost);
    await expect(late).rejects.toMatchObject({
      reason: 'taken',
      fence: { workshopId: 'w-many-2', nodeId: A },
      current: { nodeId: B, epoch: bobs.epoch },
    });
    // Nothing of any owner landed, not even the ones still held.
    for (const w of ['w-many-1', 'w-many-2', 'w-many-3'])
      expect(await notes(w)).toEqual(['together']);
  });

  test('withFences refuses at COMMIT when one holding expired while the work ran', async () => {
    const w1 = await take(alice, 'w-mid-1', A, LONG);
    const w2 = await take(alice, 'w-mid-2', A, MID_WRITE_LEASE);
    const paused = withFences(alice, [w1, w2], async (client) => {
      await client.query("INSERT INTO fence_probe VALUES ('w-mid-1', 'before pause')");
      await untilExpired('w-mid-2');
    });
    await expect(paused).rejects.toMatchObject({
      reason: 'expired',
      fence: { workshopId: 'w-mid-2' },
    });
    expect(await notes('w-mid-1')).toEqual([]);
  });

  test('two nodes fencing overlapping owners in opposite orders do not deadlock', async () => {
    // Each transaction locks its rows in id order, whatever order its fences came in: with
    // locks taken in the order given, these pairs would deadlock (PostgreSQL would abort one).
    const ids = Array.from({ length: 6 }, (_, i) => `w-order-${i}`);
    const leases = await Promise.all(ids.map((id) => take(alice, id, A)));
    const forward = leases;
    const backward = [...leases].reverse();
    const runs = Array.from({ length: 20 }, (_, i) =>
      withFences(i % 2 ? alice : bob, i % 2 ? forward : backward, async (client) => {
        for (const l of i % 2 ? forward : backward) {
          await client.query('INSERT INTO fence_probe VALUES ($1, $2)', [l.workshopId, `run ${i}`]);
        }
      }),
    );
    await Promise.all(runs);
    expect(await notes('w-order-0')).toHaveLength(20);
  });

  test('withFences refuses no fences, and two different fences of one owner, before any SQL', async () => {
    const l = await take(alice, 'w-input', A);
    await expect(withFences(alice, [], async () => 1)).rejects.toBeInstanceOf(LeaseInputError);
    await expect(
      withFences(alice, [l, { ...l, epoch: l.epoch + 1 }], async () => 1),
    ).rejects.toBeInstanceOf(LeaseInputError);
    // The same fence twice is one owner, not an error.
    await expect(withFences(alice, [l, l], async () => 'once')).resolves.toBe('once');
  });
});
