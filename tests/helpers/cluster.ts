import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { type ChildServer, freePort, startChildServer } from './childServer.ts';
import { haproxyConfig } from './haproxyConfig.ts';

// Several Convene nodes behind one HAProxy, each in its own process (issue 17): the harness of
// the multi-node tests. Each node has its own DATA_DIR and NODE_ID, and a port fixed for its
// life, so that a node restarted after a kill comes back where HAProxy expects it; with
// `databaseUrl` they share a PostgreSQL record (the cluster mode), without it they are plain
// SQLite nodes (routing can be tested before the cluster mode exists). HAProxy runs with the
// operators' example configuration (deploy/haproxy.cfg, see haproxyConfig.ts).
//
// Without an haproxy binary the tests are skipped with the reason printed — unless
// CONVENE_TEST_HAPROXY_REQUIRED is set (.ci/run sets it, having installed HAProxy), where a
// missing HAProxy fails the run.

/** The haproxy binary, or null after printing why the file's tests are skipped. */
export function haproxyBinary(file: string): string | null {
  const candidates = [
    ...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean),
    '/usr/sbin',
    '/usr/local/sbin',
  ].map((dir) => path.join(dir, 'haproxy'));
  const found = candidates.find((bin) => {
    try {
      fs.accessSync(bin, fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
  if (found) return found;
  const reason = 'no haproxy binary on PATH or in /usr/sbin (install the Debian package haproxy)';
  if (process.env.CONVENE_TEST_HAPROXY_REQUIRED) {
    throw new Error(`CONVENE_TEST_HAPROXY_REQUIRED is set but there is ${reason}`);
  }
  console.warn(`${file}: skipped, ${reason}`);
  return null;
}

/** What `haproxy -v` says, for reports. */
export function haproxyVersion(bin: string): string {
  return execFileSync(bin, ['-v'], { encoding: 'utf8' }).split('\n')[0] ?? '';
}

export type ServerStatus = 'UP' | 'DOWN' | string;

export interface ClusterNode {
  /** The server's name in HAProxy, and the index's name in failure messages: node1, node2, … */
  readonly name: string;
  /** NODE_ID (what X-Convene-Node says). */
  readonly nodeId: string;
  readonly port: number;
  readonly dataDir: string;
  /** The node's own address, bypassing HAProxy. */
  readonly url: string;
  /** Everything the node's processes wrote, across restarts. */
  output(): string;
  /** Its current (or last) process id. */
  readonly pid: number | undefined;
  /** Whether its process runs (started and not killed or stopped). */
  readonly running: boolean;
  /** kill -9: nothing is flushed or released; resolves once the process is gone. */
  kill9(): Promise<void>;
  /** SIGSTOP: the process freezes, its connections stay open (a paused VM, a long GC). */
  pause(): void;
  /** SIGCONT after pause(). */
  resume(): void;
  /** SIGTERM, as a service manager stops it (drain, then close); resolves once it has exited. */
  stop(): Promise<void>;
  /** The exit code of its last process (0 after a clean stop), or null (running, or killed). */
  readonly exitCode: number | null;
  /** Starts it again with the same NODE_ID, DATA_DIR and port (after kill9 or stop). */
  restart(): Promise<void>;
}

export interface Cluster {
  /** HAProxy's frontend: what clients use. */
  readonly url: string;
  readonly nodes: readonly ClusterNode[];
  /** The node whose NODE_ID this is (from an X-Convene-Node header). */
  byNodeId(id: string): ClusterNode;
  /** Each server's state as HAProxy sees it (`show stat`): UP, DOWN, NOLB, … */
  serverStates(): Promise<Map<string, ServerStatus>>;
  /** Resolves once HAProxy reports the node in that state; rejects after timeoutMs. */
  waitForState(node: ClusterNode, state: 'UP' | 'DOWN', timeoutMs?: number): Promise<void>;
  /** What HAProxy wrote (server state changes, alerts). */
  haproxyOutput(): string;
  /** Kills every process (nodes and HAProxy) and removes the data folders. */
  close(): Promise<void>;
}

export interface ClusterOptions {
  haproxy: string;
  /** How many nodes (default 3). */
  nodes?: number;
  /** DATABASE_URL of every node: the PostgreSQL cluster mode. Unset: plain SQLite nodes. */
  databaseUrl?: string;
  /** LEASE_SECONDS of every node (cluster mode). */
  leaseSeconds?: number;
  /** More environment for node i (0-based), e.g. SHUTDOWN_DRAIN_SECONDS. */
  env?: (index: number) => NodeJS.ProcessEnv;
  /** Fills node i's empty DATA_DIR before its first start (e.g. a seeded database). */
  prepare?: (dataDir: string, index: number) => void;
}

/** Every process any harness of this test process started and has not seen exit. */
const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/**
 * A test process that ends without its teardown (an uncaught error, a timeout that kills the
 * worker's work) still takes its nodes and HAProxy with it.
 */
function track(child: ChildProcess): void {
  live.add(child);
  child.once('exit', () => live.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const c of live) {
        try {
          c.kill('SIGCONT');
          c.kill('SIGKILL');
        } catch {
          // already gone
        }
      }
    });
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function startCluster(opts: ClusterOptions): Promise<Cluster> {
  const count = opts.nodes ?? 3;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'convene-cluster-'));
  const nodes: NodeHandle[] = [];
  let haproxy: ChildProcess | null = null;
  let haproxyOut = '';

  const close = async (): Promise<void> => {
    if (haproxy) {
      haproxy.kill('SIGKILL');
      await exited(haproxy);
    }
    await Promise.all(nodes.map((n) => n.kill9()));
    fs.rmSync(root, { recursive: true, force: true });
  };

  try {
    // The ports are fixed before anything starts: HAProxy's configuration names them, and a
    // restarted node must come back on its own.
    const ports = [];
    for (let i = 0; i < count; i++) ports.push(await freePort());
    for (let i = 0; i < count; i++) {
      const name = `node${i + 1}`;
      const env: NodeJS.ProcessEnv = {
        NODE_ID: `convene-${name}`,
        ...(opts.databaseUrl ? { DATABASE_URL: opts.databaseUrl } : {}),
        ...(opts.leaseSeconds !== undefined ? { LEASE_SECONDS: String(opts.leaseSeconds) } : {}),
        ...opts.env?.(i),
      };
      const node = new NodeHandle(name, ports[i] as number, path.join(root, name), env);
      opts.prepare?.(node.dataDir, i);
      nodes.push(node);
    }
    // One after the other: two cores, and each start compiles the server with tsx.
    for (const n of nodes) await n.restart();

    const frontendPort = await freePort();
    const statsSocket = path.join(root, 'haproxy.sock');
    const configFile = path.join(root, 'haproxy.cfg');
    fs.writeFileSync(
      configFile,
      haproxyConfig({
        frontendPort,
        statsSocket,
        nodes: nodes.map((n) => ({ name: n.name, port: n.port })),
      }),
    );
    // -db: stay in the foreground, so the harness owns the process (and its exit).
    const proc = spawn(opts.haproxy, ['-db', '-f', configFile], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    haproxy = proc;
    track(proc);
    proc.stdout?.setEncoding('utf8');
    proc.stderr?.setEncoding('utf8');
    proc.stdout?.on('data', (c: string) => {
      haproxyOut += c;
    });
    proc.stderr?.on('data', (c: string) => {
      haproxyOut += c;
    });

    const stats = async (): Promise<Map<string, ServerStat>> =>
      parseStats(await statsCommand(statsSocket, 'show stat'));
    const serverStates = async (): Promise<Map<string, ServerStatus>> =>
      new Map([...(await stats())].map(([name, s]) => [name, s.status]));

    const cluster: Cluster = {
      url: `http://127.0.0.1:${frontendPort}`,
      nodes,
      byNodeId(id) {
        const node = nodes.find((n) => n.nodeId === id);
        if (!node) throw new Error(`no node has NODE_ID ${id}`);
        return node;
      },
      serverStates,
      async waitForState(node, state, timeoutMs = 15_000) {
        const deadline = Date.now() + timeoutMs;
        let seen: ServerStatus | undefined;
        while (Date.now() < deadline) {
          if (proc.exitCode !== null) throw new Error(`haproxy exited:\n${haproxyOut}`);
          seen = (await serverStates().catch(() => new Map())).get(node.name);
          if (seen === state) return;
          await delay(100);
        }
        throw new Error(
          `HAProxy did not see ${node.name} ${state} within ${timeoutMs} ms (last: ${seen}):\n${haproxyOut}`,
        );
      },
      haproxyOutput: () => haproxyOut,
      close,
    };

    // Ready when HAProxy answers on its stats socket and its own check of every node passed
    // (servers count as up before their first check).
    const deadline = Date.now() + 20_000;
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`haproxy exited at start:\n${haproxyOut}`);
      const seen = await stats().catch(() => null);
      const ok = (n: NodeHandle) =>
        seen?.get(n.name)?.status === 'UP' && seen.get(n.name)?.check === 'L7OK';
      if (nodes.every(ok)) break;
      if (Date.now() > deadline) {
        throw new Error(`HAProxy did not see every node up: ${JSON.stringify([...(seen ?? [])])}`);
      }
      await delay(100);
    }
    return cluster;
  } catch (err) {
    await close();
    throw err;
  }
}

class NodeHandle implements ClusterNode {
  readonly nodeId: string;
  readonly url: string;
  private server: ChildServer | null = null;
  private out = '';

  constructor(
    readonly name: string,
    readonly port: number,
    readonly dataDir: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {
    this.nodeId = env.NODE_ID as string;
    this.url = `http://127.0.0.1:${port}`;
    fs.mkdirSync(dataDir, { recursive: true });
  }

  get pid(): number | undefined {
    return this.server?.child.pid;
  }

  get running(): boolean {
    const child = this.server?.child;
    return !!child && child.exitCode === null && child.signalCode === null;
  }

  output(): string {
    return this.out + (this.server?.output() ?? '');
  }

  async restart(): Promise<void> {
    if (this.running) throw new Error(`${this.name} is still running`);
    this.retire();
    this.server = await startChildServer({ dataDir: this.dataDir, port: this.port, env: this.env });
    track(this.server.child);
  }

  async kill9(): Promise<void> {
    if (!this.server) return;
    // A stopped process dies of SIGKILL too; SIGCONT first so that nothing waits on it.
    this.server.child.kill('SIGCONT');
    await this.server.kill9();
  }

  pause(): void {
    if (!this.running) throw new Error(`${this.name} is not running`);
    this.server?.child.kill('SIGSTOP');
  }

  resume(): void {
    this.server?.child.kill('SIGCONT');
  }

  async stop(): Promise<void> {
    const child = this.server?.child;
    if (!child || !this.running) return;
    child.kill('SIGCONT');
    child.kill('SIGTERM');
    // A node drains for SHUTDOWN_DRAIN_SECONDS before it closes: wait that long and more
    // before the hard way (ChildServer.stop gives 5 s only).
    const drain = Number(this.env.SHUTDOWN_DRAIN_SECONDS ?? 0);
    const timer = setTimeout(() => child.kill('SIGKILL'), (drain + 10) * 1000);
    await exited(child);
    clearTimeout(timer);
  }

  /** The exit code of its last process (0 after a clean stop), or null (running, or killed). */
  get exitCode(): number | null {
    return this.server?.child.exitCode ?? null;
  }

  /** Keeps a finished process's output for failure messages. */
  private retire(): void {
    if (this.server) this.out += this.server.output();
    this.server = null;
  }
}

/** One command on HAProxy's stats socket; resolves with its whole answer. */
function statsCommand(socketPath: string, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = net.createConnection(socketPath);
    let answer = '';
    sock.setEncoding('utf8');
    sock.on('connect', () => sock.write(`${command}\n`));
    sock.on('data', (c: string) => {
      answer += c;
    });
    sock.on('end', () => resolve(answer));
    sock.on('error', reject);
    sock.setTimeout(2000, () => sock.destroy(new Error('stats socket timed out')));
  });
}

/** A server as HAProxy's `show stat` reports it. */
interface ServerStat {
  /** UP, DOWN, NOLB, MAINT; "UP 1/2" (falling) and "DOWN 1/2" (rising) are read as UP, DOWN. */
  status: ServerStatus;
  /** The last check's result: L7OK (answered 200), L7STS (another status), L4CON, L4TOUT, … */
  check: string;
}

/** `show stat` CSV → server name → state, for the convene_nodes backend's servers. */
function parseStats(csv: string): Map<string, ServerStat> {
  const lines = csv.split('\n').filter((l) => l.trim() !== '');
  const header = (lines[0] ?? '').replace(/^# /, '').split(',');
  const col = (name: string) => header.indexOf(name);
  const out = new Map<string, ServerStat>();
  for (const line of lines.slice(1)) {
    const f = line.split(',');
    const sv = f[col('svname')] ?? '';
    if (f[col('pxname')] !== 'convene_nodes' || sv === 'BACKEND' || sv === 'FRONTEND') continue;
    out.set(sv, {
      status: (f[col('status')] ?? '').split(' ')[0] ?? '',
      check: (f[col('check_status')] ?? '').replace(/^\* /, ''),
    });
  }
  return out;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
