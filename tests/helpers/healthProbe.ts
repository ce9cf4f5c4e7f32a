/**
 * Availability under attack, measured: polls `GET /healthz` one request after another while an
 * attack runs and records how long each answer took. The attack suites assert the worst of them
 * (a server whose main thread is busy answers late, whatever else it does right).
 *
 * Run the server in its own process (startChildServer) when the attacker is in the test process:
 * otherwise the attacker's own work delays the probe and the measure says nothing of the server.
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

export function probeHealth(baseUrl: string, opts: { intervalMs?: number } = {}): HealthProbe {
  const interval = opts.intervalMs ?? 20;
  const times: number[] = [];
  let failures = 0;
  let running = true;
  let inFlightSince: number | null = null;
  const loop = (async () => {
    while (running) {
      const t0 = performance.now();
      inFlightSince = t0;
      try {
        const res = await fetch(`${baseUrl}/healthz`, { cache: 'no-store' });
        await res.arrayBuffer();
        if (res.status !== 200) failures++;
      } catch {
        failures++;
      }
      inFlightSince = null;
      times.push(performance.now() - t0);
      if (running) await new Promise((r) => setTimeout(r, interval));
    }
  })();
  return {
    async stop() {
      running = false;
      const pending = inFlightSince;
      const openAge = pending === null ? 0 : performance.now() - pending;
      await loop;
      const sorted = [...times].sort((a, b) => a - b);
      const p95 = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? 0;
      return {
        samples: times.length,
        maxMs: Math.max(openAge, sorted[sorted.length - 1] ?? 0),
        p95Ms: p95,
        failures,
      };
    },
  };
}
