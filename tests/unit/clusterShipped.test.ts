import { describe, expect, test } from 'vitest';
import {
  createClusterNode,
  type ShippingWorkingSet,
} from '../../server/src/cluster/clusterNode.ts';
import type { Lookups } from '../../server/src/cluster/lookups.ts';
import type { OwnerKind, Ownership } from '../../server/src/cluster/ownership.ts';
import { createLogger } from '../../server/src/log.ts';
import type { Fence } from '../../server/src/store/pg/leases.ts';

// Cluster mode (issue 17): what `shipped()` — the wait behind every answer — does with a
// workshop created on this node: claimed before its first ship, and refused when its join code
// is another workshop's somewhere in the cluster (each node draws codes knowing only its own).

function fakes(opts: { codeElsewhere: boolean; shipError?: Error & { code?: string } }) {
  const fences = new Map<string, Fence>();
  const lost: string[] = [];
  const dropped: string[] = [];
  const released: string[] = [];
  const queue = new Set(['w-new']);
  const ownership = {
    nodeId: 'alice',
    fenceOf: (owner: string) => fences.get(owner) ?? null,
    async claimNew(owner: string, _kind: OwnerKind) {
      fences.set(owner, { workshopId: owner, nodeId: 'alice', epoch: 1 });
      return true;
    },
    lose(owner: string) {
      fences.delete(owner);
      queue.delete(owner);
      lost.push(owner);
    },
    // Shipped, a workshop created here is given back (the proxy's node takes it).
    async release(owner: string) {
      released.push(owner);
    },
  } as unknown as Ownership;
  const workingSet: ShippingWorkingSet = {
    get pending() {
      return queue.size > 0;
    },
    queuedOwners: () => [...queue].map((owner) => ({ owner, kind: 'workshop' as const })),
    joinCodeOf: () => 'KXM7QA',
    async ship() {
      if (opts.shipError) throw opts.shipError;
      queue.clear();
    },
    async load() {},
    drop: (owner) => dropped.push(owner),
    hasUnshipped: (owner) => queue.has(owner),
  };
  const lookups = {
    workshopOfJoinCode: async (code: string) =>
      opts.codeElsewhere && code === 'KXM7QA' ? 'w-other' : null,
  } as unknown as Lookups;
  const node = createClusterNode({
    ownership,
    lookups,
    workingSet,
    log: createLogger(false),
  });
  return { node, lost, dropped, queue, released };
}

describe('cluster: a workshop created on this node', () => {
  test('is claimed and shipped when its join code is free in the cluster', async () => {
    const { node, lost, released } = fakes({ codeElsewhere: false });
    await expect(node.shipped()).resolves.toBeUndefined();
    expect(lost).toStrictEqual([]);
    expect(released).toStrictEqual(['w-new']);
  });

  test('is refused (not saved) when another node gave out its join code already', async () => {
    const { node, lost } = fakes({ codeElsewhere: true });
    await expect(node.shipped()).rejects.toThrow(/did not reach PostgreSQL/);
    expect(lost).toStrictEqual(['w-new']);
  });

  test('is let go when the ship meets the unique index (two nodes, one code, at once)', async () => {
    const clash = Object.assign(new Error('duplicate key value'), { code: '23505' });
    const { node, lost } = fakes({ codeElsewhere: false, shipError: clash });
    await expect(node.shipped()).rejects.toBe(clash);
    expect(lost).toStrictEqual(['w-new']);
  });
});
