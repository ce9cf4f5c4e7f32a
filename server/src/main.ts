import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from './app.ts';
import { openClusterStore } from './cluster/startCluster.ts';
import { loadConfig } from './config.ts';
import { createLogger, errorName } from './log.ts';
import { openDatabase } from './store/db.ts';
import { openSqliteStore } from './store/store.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const log = createLogger();

function lanAddresses(): string[] {
  const out: string[] = [];
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) out.push(a.address);
  }
  return out;
}

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  // Cluster mode (issue 17) when DATABASE_URL is set: PostgreSQL is the record and the local
  // SQLite file only this node's working set. Otherwise the embedded default, nothing to start.
  const clustered = config.cluster
    ? await openClusterStore(config.cluster, config.dataDir, log)
    : null;
  const db = clustered?.db ?? openDatabase(path.join(config.dataDir, 'convene.sqlite'));
  const store = clustered?.store ?? openSqliteStore(db);
  const app = createApp({
    store,
    cluster: clustered?.cluster,
    nodeId: config.cluster?.nodeId ?? config.nodeId,
    clientDir: path.resolve(here, '../../client/dist'),
    publicUrl: config.publicUrl,
    adminToken: config.adminToken,
    listenHost: config.host,
    allowedHosts: config.allowedHosts,
    log,
    metricsToken: config.metricsToken,
  });

  // The handlers are in place before the address is printed: a supervisor (or a test) that
  // signals as soon as it reads the address gets the orderly stop, never the default kill.
  let stopping = false;
  /** Ends the drain early; set while a drain is under way. */
  let endDrain: (() => void) | null = null;
  const stop = async (signal: string) => {
    if (stopping) {
      // A second signal during the drain (Ctrl-C again, an orchestrator that lost patience):
      // stop now. close() still writes every doc back.
      endDrain?.();
      return;
    }
    stopping = true;
    // Issue 17 (operations): /readyz answers 503 from now on, so the proxy sends this node no
    // new clients, while the ones it has keep working for SHUTDOWN_DRAIN_SECONDS (default 0:
    // Ctrl-C on a laptop stops at once).
    app.drain();
    const drainMs = config.shutdownDrainSeconds * 1000;
    if (drainMs > 0) {
      log.info('draining', { signal, seconds: config.shutdownDrainSeconds });
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, drainMs);
        endDrain = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      endDrain = null;
    }
    log.info('stopping', { signal });
    try {
      await app.close();
      if (clustered) await clustered.close();
      else db.close();
    } catch (err) {
      log.error('stop_failed', { err: errorName(err) });
    }
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  await new Promise<void>((resolve, reject) => {
    app.httpServer.once('error', reject);
    app.httpServer.listen(config.port, config.host, () => resolve());
  });
  clustered?.cluster.start();
  const address = app.httpServer.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const urls = [`http://localhost:${port}`];
  if (config.host === '0.0.0.0' || config.host === '::') {
    for (const ip of lanAddresses()) urls.push(`http://${ip}:${port}`);
  }
  process.stdout.write(
    `\nConvene is running.\n${urls.map((u) => `  ${u}`).join('\n')}\n` +
      (config.publicUrl ? `  links use ${config.publicUrl}\n` : '') +
      (config.cluster
        ? `  cluster node ${config.cluster.nodeId}: PostgreSQL holds the record\n\n`
        : `  data: ${config.dataDir}\n\n`),
  );
  log.info('listening', {
    port,
    dataDir: config.dataDir,
    ...(config.cluster ? { nodeId: config.cluster.nodeId } : {}),
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
