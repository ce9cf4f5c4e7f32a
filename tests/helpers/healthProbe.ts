import { spawn } from 'node:child_process';

/**
 * Availability under attack, measured: polls `GET /healthz` one request after another while an
 * attack runs and records how long each answer took. The attack suites assert the worst of them
 * (a server whose main thread is busy answers late, whatever else it does right).
 *
 * The probe runs in a process of its own: an attacker in the test process keeps that process
 * busy too, and a probe sharing it would time the attacker, not the server. Run the server in
 * its own process as well (startChildServer) for the same reason.
 */

export interface HealthReport {
  /** Answers received while the probe ran. */
  samples: number;
  /** Slowest answer (ms); a request still open when the probe stops counts with its age. */
  maxMs: number;
  p95Ms: number;
  /** Requests that failed or did not answer 200. */
  failures: number;
}

export interface HealthProbe {
  stop(): Promise<HealthReport>;
}

// The probe's own code, run with `node -e`: polls until its stdin closes, then prints a report.
const PROBE = `
const [url, interval] = [process.argv[1], Number(process.argv[2])];
const times = [];
let failures = 0, running = true, since = null;
process.stdin.resume();
process.stdin.on('end', () => { running = false; });
(async () => {
  while (running) {
    const t0 = performance.now();
    since = t0;
    try {
      const res = await fetch(url + '/healthz', { cache: 'no-store' });
      await res.arrayBuffer();
      if (res.status !== 200) failures++;
    } catch { failures++; }
    since = null;
    times.push(performance.now() - t0);
    if (running) await new Promise((r) => setTimeout(r, interval));
  }
  times.sort((a, b) => a - b);
  process.stdout.write(JSON.stringify({
    samples: times.length,
    maxMs: times[times.length - 1] ?? 0,
    p95Ms: times[Math.min(times.length - 1, Math.floor(times.length * 0.95))] ?? 0,
    failures,
  }));
})();
`;

export function probeHealth(baseUrl: string, opts: { intervalMs?: number } = {}): HealthProbe {
  const child = spawn(process.execPath, ['-e', PROBE, baseUrl, String(opts.intervalMs ?? 20)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (c: string) => {
    out += c;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    async stop() {
      child.stdin.end();
      await exited;
      return JSON.parse(out) as HealthReport;
    },
  };
}
