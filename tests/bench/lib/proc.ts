import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Servers under test run as child processes (`node --import tsx <script>`), never in the load
 * process, so that their CPU and memory can be read from /proc and the load generator's work is
 * not counted as theirs. Each prints `BENCH_LISTENING <port>` once it listens on 127.0.0.1:0,
 * and answers a few requests over the IPC channel (see servers/ipc.ts).
 */

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SERVERS = path.join(REPO_ROOT, 'tests/bench/servers');

export type ServerKind = 'convene' | 'socketio' | 'yjs' | 'static';

/** What each kind is called in tables. */
export const SERVER_LABEL: Record<ServerKind, string> = {
  convene: 'Convene',
  socketio: 'A: bare socket.io',
  yjs: 'B: bare y-websocket relay',
  static: 'C: bare static file server',
};

const SCRIPT: Record<ServerKind, string> = {
  convene: 'convene.ts',
  socketio: 'bareSocketio.ts',
  yjs: 'bareYjsRelay.ts',
  static: 'bareStatic.ts',
};

export interface ServerProcess {
  kind: ServerKind;
  pid: number;
  port: number;
  url: string;
  /** The Convene server's data folder (a fresh temp folder unless one was given). */
  dataDir: string;
  child: ChildProcess;
  /** Everything the process wrote to stderr (warnings and errors; info is not logged). */
  errors(): string;
  /** An IPC request answered by the child (see servers/ipc.ts). */
  request<T>(cmd: string, args?: Record<string, unknown>): Promise<T>;
  stop(): Promise<void>;
}

export interface StartOptions {
  dataDir?: string;
  /** Remove the data folder on stop (default: only when startServer made it). */
  removeDataDir?: boolean;
  env?: Record<string, string>;
  /** Extra node flags, e.g. ['--cpu-prof', '--cpu-prof-dir=…'] to profile the server. */
  nodeArgs?: string[];
}

/** A fresh data folder for a Convene server (seed it before the server starts). */
export const newDataDir = (kind = 'convene') =>
  fs.mkdtempSync(path.join(os.tmpdir(), `convene-bench-${kind}-`));

export async function startServer(
  kind: ServerKind,
  opts: StartOptions = {},
): Promise<ServerProcess> {
  const dataDir = opts.dataDir ?? newDataDir(kind);
  const child = spawn(
    process.execPath,
    ['--expose-gc', ...(opts.nodeArgs ?? []), '--import', 'tsx', path.join(SERVERS, SCRIPT[kind])],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, BENCH_DATA_DIR: dataDir, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    },
  );
  let err = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    if (err.length < 200_000) err += chunk;
  });
  let out = '';
  child.stdout?.setEncoding('utf8');
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${kind} server did not start:\n${out}\n${err}`));
    }, 30_000);
    child.stdout?.on('data', (chunk: string) => {
      out += chunk;
      const m = /BENCH_LISTENING (\d+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${kind} server exited early (${code ?? signal}):\n${out}\n${err}`));
    });
  });

  let nextId = 0;
  const pending = new Map<number, (value: unknown) => void>();
  child.on('message', (msg: { id: number; result: unknown }) => {
    pending.get(msg.id)?.(msg.result);
    pending.delete(msg.id);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  return {
    kind,
    pid: child.pid as number,
    port,
    url: `http://127.0.0.1:${port}`,
    dataDir,
    child,
    errors: () => err,
    request<T>(cmd: string, args: Record<string, unknown> = {}) {
      const id = ++nextId;
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`IPC ${cmd} timed out`)), 60_000);
        pending.set(id, (v) => {
          clearTimeout(timer);
          resolve(v as T);
        });
        child.send({ id, cmd, ...args });
      });
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      if (opts.removeDataDir ?? !opts.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// /proc sampling

const TICK_MS = 10; // CLK_TCK is 100 on Linux x86-64 (getconf CLK_TCK)

/** CPU time (user + system, ms) and resident memory (KB) of a process, read from /proc. */
export function readProc(pid: number): { cpuMs: number; rssKb: number } {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuTicks = Number(fields[11]) + Number(fields[12]);
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const rss = /VmRSS:\s+(\d+) kB/.exec(status);
  return { cpuMs: cpuTicks * TICK_MS, rssKb: rss ? Number(rss[1]) : 0 };
}

export interface CpuWindow {
  /** Average CPU over the window, in % of one core. */
  cpuPercent: number;
  cpuMs: number;
  wallMs: number;
  /** Resident memory at the end and the highest seen while sampling (MB). */
  rssMb: number;
  peakRssMb: number;
}

/** Measures a process's CPU and RSS from now until `stop()` (RSS sampled every 250 ms). */
export function meter(pid: number): { stop(): CpuWindow } {
  const t0 = performance.now();
  const p0 = readProc(pid);
  let peak = p0.rssKb;
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, readProc(pid).rssKb);
    } catch {
      // The process ended; stop() reports what was seen.
    }
  }, 250);
  return {
    stop() {
      clearInterval(timer);
      const p1 = readProc(pid);
      peak = Math.max(peak, p1.rssKb);
      const wallMs = performance.now() - t0;
      const cpuMs = p1.cpuMs - p0.cpuMs;
      return {
        cpuPercent: (cpuMs / wallMs) * 100,
        cpuMs,
        wallMs,
        rssMb: p1.rssKb / 1024,
        peakRssMb: peak / 1024,
      };
    },
  };
}

/** The load process's own CPU over a window (% of one core), to show the harness is not starved. */
export function selfMeter(): { stop(): number } {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  return {
    stop() {
      const c = process.cpuUsage(c0);
      return ((c.user + c.system) / 1000 / (performance.now() - t0)) * 100;
    },
  };
}

export function loadAverage(): string {
  return os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
}
