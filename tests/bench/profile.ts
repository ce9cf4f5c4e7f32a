import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { conveneControlRig, KINDS, measure } from './control.bench.ts';
import { conveneYjsUrl, RawYjsClient } from './lib/clients.ts';
import { type BenchWorkshop, seedWorkshops } from './lib/convene.ts';
import { mainProfile, summarizeProfile } from './lib/cpuProfile.ts';
import { conveneRig, runFanout } from './lib/fanout.ts';
import { newDataDir, startServer } from './lib/proc.ts';
import { ms } from './lib/report.ts';
import { sleep, summarize } from './lib/stats.ts';

/**
 * Profiles the Convene server under one load: `node --import tsx tests/bench/profile.ts
 * [burst|steady] [N]`. The server child runs with --cpu-prof; after the load it is stopped, and
 * the functions with the most inclusive and self time are printed. The .cpuprofile stays in the
 * printed folder (open it in Chrome DevTools for the flame chart).
 */

const scenario = process.argv[2] ?? 'burst';
const n = Number(process.argv[3] ?? 60);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'convene-prof-'));
const dataDir = newDataDir();
const seeded =
  scenario === 'load'
    ? seedWorkshops(dataDir, [{ participants: 100, ideas: n, phase: 'submit' }])
    : [];
const server = await startServer('convene', {
  dataDir,
  removeDataDir: true,
  nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`],
  env: { BENCH_UNLOAD_DELAY_MS: '500' },
});
const t0 = performance.now();
if (scenario === 'load') {
  // Room loads of an n-idea board: the first projects the seeded rows, the next ones are normal.
  const w = seeded[0] as BenchWorkshop;
  for (let i = 0; i < 4; i++) {
    const t = performance.now();
    const c = new RawYjsClient(conveneYjsUrl(server.url, w.id, w.facilitatorToken));
    await c.synced;
    console.log(`load ${i}: ${ms(performance.now() - t)} ms`);
    c.close();
    while ((await server.request<{ loaded: number }>('rooms')).loaded > 0) await sleep(100);
  }
} else if (scenario === 'control') {
  const rig = await conveneControlRig(server, n);
  for (const kind of KINDS) {
    const s = summarize((await measure(rig, kind, 40)).visible);
    console.log(`${kind} N=${n}: p50 ${ms(s.p50)} ms, p99 ${ms(s.p99)} ms`);
  }
  rig.close();
} else {
  const rig = await conveneRig(server, n);
  await runFanout([rig], 10, 10);
  const result =
    scenario === 'steady' ? await runFanout([rig], 2, 30) : await runFanout([rig], 60, 300);
  console.log(`${scenario} N=${n}: p50 ${ms(result.all.p50)} ms, p99 ${ms(result.all.p99)} ms`);
  rig.close();
}
console.log(`${((performance.now() - t0) / 1000).toFixed(1)} s`);
await sleep(300);
await server.stop();
const file = mainProfile(dir);
if (!file) throw new Error('no profile written');
const { wallMs, lines } = summarizeProfile(file);
console.log(`profile ${file} (${(wallMs / 1000).toFixed(1)} s of wall time)`);
const show = (title: string, key: 'totalMs' | 'selfMs') => {
  console.log(`\n${title}`);
  for (const l of [...lines].sort((a, b) => b[key] - a[key]).slice(0, 40)) {
    console.log(`${ms(l.totalMs).padStart(8)} ${ms(l.selfMs).padStart(8)}  ${l.name}`);
  }
};
show('inclusive ms / self ms (by inclusive)', 'totalMs');
show('inclusive ms / self ms (by self)', 'selfMs');
process.exit(0);
