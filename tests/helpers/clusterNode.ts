import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { type App, createApp } from '../../server/src/app.ts';
import { type ClusterStore, openClusterStore } from '../../server/src/cluster/startCluster.ts';
import { type LogEntry, memoryLogger, TEST_ADDRESS_LIMITS } from './testServer.ts';

// A Convene node in cluster mode, in this process (issue 17): its own local working set, the
// shared PostgreSQL database, a real HTTP server with socket.io and Yjs. Two or three of them on
// one scratch database are a cluster without a proxy: a test talks to each node directly.

export interface ClusterTestNode {
  readonly nodeId: string;
  readonly url: string;
  readonly app: App;
  readonly record: ClusterStore;
  readonly logs: LogEntry[];
  /** Orderly stop: ships, gives every lease back, closes. */
  close(): Promise<void>;
}

export async function startClusterNode(
  databaseUrl: string,
  nodeId: string,
  opts: { leaseMs?: number; adminToken?: string } = {},
): Promise<ClusterTestNode> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `convene-${nodeId}-`));
  const logs: LogEntry[] = [];
  const log = memoryLogger(logs);
  const record = await openClusterStore(
    { databaseUrl, nodeId, leaseMs: opts.leaseMs ?? 10_000 },
    dataDir,
    log,
  );
  const app = createApp({
    store: record.store,
    cluster: record.cluster,
    log,
    unloadDelayMs: 0,
    adminToken: opts.adminToken,
    limits: TEST_ADDRESS_LIMITS,
  });
  record.cluster.start();
  await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = app.httpServer.address() as AddressInfo;
  let closed = false;
  return {
    nodeId,
    url: `http://127.0.0.1:${port}`,
    app,
    record,
    logs,
    async close() {
      if (closed) return;
      closed = true;
      await app.close();
      await record.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
