import { describe } from 'vitest';
import { type Db, openDatabase } from '../../server/src/store/db.ts';
import { acquireLease, type Lease } from '../../server/src/store/pg/leases.ts';
import { migrate } from '../../server/src/store/pg/migrate.ts';
import { Shipper } from '../../server/src/store/pg/shipping.ts';
import type { Store } from '../../server/src/store/records.ts';
import { openSqliteStore, type SqliteStore } from '../../server/src/store/store.ts';
import { describeStoreContract } from '../contract/storeContract.ts';
import { postgresUrl, scratchDatabase } from '../helpers/postgres.ts';

// The record's contract on the PostgreSQL-backed store (issue 17): a node's SQLite working set
// whose group commit's flush is the ship to PostgreSQL (pg/shipping.ts), as the cluster runs it.
//
// - Every other write (a call outside a group, a transaction) is shipped right after it, as
//   the cluster's reply gate does before it answers an HTTP action; `reopen` waits for those
//   ships only — never for a group's own ship, whose answer the contract (SC16) holds to come
//   after it.
// - `reopen` is a second node: a fresh SQLite loading every owner from PostgreSQL.
// - `reload` (SC13's last step) makes a node load again, as it does when it retakes a lease: a
//   node's working set does not see another node's writes until then, which is why a workshop
//   has one owning node at a time.
// - Every node holds the same leases (one node id), so the first store keeps writing after a
//   reopen, as the suite does; fencing after a takeover is tested in pgShipping.test.ts.
// - `close` fails the test if any ship failed: every write the suite makes must reach PostgreSQL.

const url = postgresUrl('storeContract.pg.test.ts');
const NODE = 'contract-node';

describe.skipIf(!url)('PostgreSQL-backed store', () => {
  describeStoreContract('PostgreSQL (SQLite working set, shipped)', async () => {
    const scratch = await scratchDatabase(url ?? '');
    const pool = scratch.pool(6);
    await migrate(pool);
    const leases = new Map<string, Lease>();
    const taking = new Map<string, Promise<Lease>>();
    const ships: Promise<void>[] = [];
    const failures: unknown[] = [];
    const nodes = new Map<Store, { db: Db; shipper: Shipper; ship: () => Promise<void> }>();

    const lease = (owner: string): Promise<Lease> => {
      let got = taking.get(owner);
      if (!got) {
        got = acquireLease(pool, { workshopId: owner, nodeId: NODE, leaseMs: 600_000 }).then(
          (r) => {
            if (!r.ok) throw new Error(`could not take ${owner}`);
            leases.set(owner, r.lease);
            return r.lease;
          },
        );
        taking.set(owner, got);
      }
      return got;
    };

    const openNode = (): Store => {
      const db = openDatabase(':memory:');
      const shipper = new Shipper({
        db,
        pool,
        fenceOf: (owner) => leases.get(owner) ?? null,
        onLost: (owner, err) => failures.push(new Error(`lease of ${owner} lost: ${err.message}`)),
      });
      shipper.install();
      // The owners written since the last ship take their lease first (as a node takes a new
      // workshop's lease when creating it), then the round ships. The node's ships run one
      // after the other, each starting its round in the same step as its last look at the
      // queue (no transaction open, no round in flight): no owner can slip in without a lease.
      const owners = db.prepare('SELECT DISTINCT owner FROM temp.ship_queue').pluck();
      let chain: Promise<void> = Promise.resolve();
      const shipNow = async () => {
        for (;;) {
          while (db.inTransaction) await new Promise<void>((resolve) => setImmediate(resolve));
          const missing = (owners.all() as string[]).filter((o) => !leases.has(o));
          if (missing.length === 0) return shipper.ship();
          await Promise.all(missing.map(lease));
        }
      };
      const ship = (): Promise<void> => {
        chain = chain.catch(() => {}).then(shipNow);
        return chain;
      };
      const sqlite = openSqliteStore(db, {
        flush: (done) => ship().then(() => done(null), done),
      });
      const store = shippedAfterEachCall(sqlite, () => {
        const shipped = ship();
        shipped.catch((err: unknown) => failures.push(err));
        ships.push(shipped);
      });
      nodes.set(store, { db, shipper, ship });
      return store;
    };

    /** Everything shipped by the calls so far (not a group's own ship: that one is its flush). */
    const shipped = async () => {
      await Promise.allSettled(ships);
      if (failures.length > 0) throw failures[0];
    };

    const loadAll = async (store: Store) => {
      await shipped();
      const node = nodes.get(store);
      if (!node) throw new Error('not a node of this test');
      const { rows } = await pool.query<{ owner: string }>('SELECT DISTINCT owner FROM records');
      for (const { owner } of rows) await node.shipper.load(owner, 'workshop', await lease(owner));
    };

    return {
      store: openNode(),
      async reopen() {
        const fresh = openNode();
        await loadAll(fresh);
        return fresh;
      },
      reload: loadAll,
      async close() {
        try {
          await shipped();
          // The groups' own ships too: nothing may be left unshipped or failed.
          for (const node of nodes.values()) await node.ship();
        } finally {
          for (const { db } of nodes.values()) db.close();
          await scratch.drop();
        }
      },
    };
  });
});

/**
 * The store with a ship after every call made outside a group's work and outside a transaction:
 * what the cluster's reply gate does for HTTP actions, which answer only after their writes are
 * shipped. `enlist` is left alone: a group ships as its flush.
 */
function shippedAfterEachCall(store: SqliteStore, ship: () => void): Store {
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function' || prop === 'enlist') return value;
      return (...args: unknown[]) => {
        try {
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        } finally {
          if (!target.group.inWork && !target.db.inTransaction) ship();
        }
      };
    },
  });
}
