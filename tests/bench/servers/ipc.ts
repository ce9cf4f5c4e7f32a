import { monitorEventLoopDelay } from 'node:perf_hooks';
import v8 from 'node:v8';

/**
 * The IPC side of a benchmark server: the bench process asks for a garbage collection (so RSS
 * is read after one), for event-loop delay since the last ask, or for anything the server adds.
 * This is harness plumbing in the server's process; the server code under test is not changed.
 */
export type IpcHandler = (msg: Record<string, unknown>) => unknown;

export function serveIpc(extra: Record<string, IpcHandler> = {}): void {
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const handlers: Record<string, IpcHandler> = {
    /**
     * A full, compacting collection that also gives free heap pages back to the system (V8's
     * "last resort" GC), so that RSS read afterwards does not depend on when V8 last shrank.
     */
    gc: () => {
      const gc = (globalThis as { gc?: (o?: Record<string, string>) => void }).gc;
      gc?.();
      gc?.({ type: 'major', execution: 'sync', flavor: 'last-resort' });
      return { rssMb: process.memoryUsage().rss / 1024 / 1024 };
    },
    /** Longest and p99 event-loop delay (ms) since the previous call. */
    loop: () => {
      const out = { maxMs: loop.max / 1e6, p99Ms: loop.percentile(99) / 1e6 };
      loop.reset();
      return out;
    },
    memory: () => process.memoryUsage(),
    /** This process's CPU time in ms (user + system, all threads), to the microsecond. */
    cpu: () => {
      const u = process.cpuUsage();
      return { ms: (u.user + u.system) / 1000 };
    },
    /** Writes a heap snapshot (for finding what retains memory) and returns its path. */
    heapSnapshot: (msg) => v8.writeHeapSnapshot(String(msg.file ?? '') || undefined),
    ...extra,
  };
  process.on('message', (raw: unknown) => {
    const msg = raw as { id: number; cmd: string } & Record<string, unknown>;
    let result: unknown;
    try {
      result = handlers[msg.cmd]?.(msg) ?? null;
    } catch (err) {
      result = { error: String(err) };
    }
    process.send?.({ id: msg.id, result });
  });
  // The parent going away must not leave a server running.
  process.on('disconnect', () => process.exit(0));
}

export function announce(port: number): void {
  process.stdout.write(`BENCH_LISTENING ${port}\n`);
}
