import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadAverage, REPO_ROOT } from './lib/proc.ts';
import type { BenchOptions, Report } from './lib/report.ts';

/**
 * `npm run bench` — every benchmark, each with its baseline in the same run, quick by default
 * (`--full` for longer windows and larger samples; `--only fanout,control` for a subset).
 * Prints every table as it goes, then the budget summary, and writes the tables as Markdown to
 * test-artifacts/bench/latest.md (docs/performance.md quotes it). Exit code 0 even when a budget
 * is missed: a benchmark reports, it does not gate.
 */

type Bench = {
  name: string;
  load: () => Promise<{ run(o: BenchOptions): Promise<Report> }>;
  /** A part of another benchmark, run only when named in --only (not twice in a full run). */
  onlyWhenAsked?: boolean;
};

const BENCHES: Bench[] = [
  { name: 'fanout', load: () => import('./fanout.bench.ts') },
  // Issue 16, item 3: fan-out's steady N=60 case alone (one idea at a time), p50 and p99 vs B.
  {
    name: 'steady',
    load: () => import('./fanout.bench.ts').then((m) => ({ run: m.runSteady })),
    onlyWhenAsked: true,
  },
  { name: 'control', load: () => import('./control.bench.ts') },
  { name: 'presence', load: () => import('./presence.bench.ts') },
  { name: 'coldjoin', load: () => import('./coldJoin.bench.ts') },
  { name: 'memory', load: () => import('./memory.bench.ts') },
  { name: 'rooms', load: () => import('./manyRooms.bench.ts') },
  { name: 'export', load: () => import('./exportLoad.bench.ts') },
  { name: 'exportcode', load: () => import('./export.bench.ts') },
  { name: 'growth', load: () => import('./growth.bench.ts') },
  // Issue 13: the sense engine (clustering help) on a 300-idea question.
  { name: 'sense', load: () => import('./sense.bench.ts') },
  // Issue 17: 600 clients over 20 workshops through HAProxy, one node and three.
  { name: 'cluster', load: () => import('./cluster.bench.ts') },
];

function parseArgs(argv: readonly string[]): { full: boolean; only: string[] | null } {
  const full = argv.includes('--full');
  const onlyArg = argv.find((a) => a.startsWith('--only'));
  let only: string[] | null = null;
  if (onlyArg) {
    const value = onlyArg.includes('=') ? onlyArg.split('=')[1] : argv[argv.indexOf(onlyArg) + 1];
    only = (value ?? '').split(',').filter(Boolean);
  }
  return { full, only };
}

function machine(): string {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
}

async function main(): Promise<void> {
  const { full, only } = parseArgs(process.argv.slice(2));
  const selected = BENCHES.filter((b) => (only ? only.includes(b.name) : !b.onlyWhenAsked));
  if (selected.length === 0) {
    console.error(`No benchmark matches; choose from ${BENCHES.map((b) => b.name).join(', ')}`);
    process.exit(2);
  }
  const started = new Date();
  const header = [
    `Convene benchmarks (${full ? 'full' : 'quick'} mode), ${started.toISOString()}`,
    `Machine: ${machine()}`,
    `Load average at start: ${loadAverage()}`,
  ];
  for (const l of header) console.log(l);
  const reports: Report[] = [];
  for (const bench of selected) {
    const t0 = performance.now();
    const mod = await bench.load();
    try {
      reports.push(await mod.run({ full }));
    } catch (err) {
      console.error(`benchmark ${bench.name} failed:`, err);
    }
    console.log(
      `(${bench.name}: ${((performance.now() - t0) / 1000).toFixed(0)} s, load ${loadAverage()})`,
    );
  }
  const verdicts = reports.flatMap((r) => r.verdicts);
  console.log('\n=== Budgets ===');
  for (const v of verdicts) {
    const tag = v.pass === null ? 'N/A ' : v.pass ? 'PASS' : 'MISS';
    console.log(`[${tag}] ${v.bench.split(':')[0]} — ${v.budget}: ${v.measured}`);
  }
  const missed = verdicts.filter((v) => v.pass === false).length;
  const footer = `${verdicts.length - missed} of ${verdicts.length} budgets met; ${((Date.now() - started.getTime()) / 1000).toFixed(0)} s; load average at end: ${loadAverage()}`;
  console.log(`\n${footer}`);

  const dir = path.join(REPO_ROOT, 'test-artifacts/bench');
  fs.mkdirSync(dir, { recursive: true });
  const md = [
    ...header.map((l) => `${l}  `),
    '',
    ...reports.flatMap((r) => r.markdown),
    footer,
    '',
  ];
  fs.writeFileSync(path.join(dir, 'latest.md'), md.join('\n'));
  fs.writeFileSync(
    path.join(dir, 'latest.json'),
    JSON.stringify({ header, verdicts, finishedAt: new Date().toISOString() }, null, 2),
  );
  console.log(`Tables written to ${path.relative(REPO_ROOT, path.join(dir, 'latest.md'))}`);
  // Clients and timers of the benchmarks are closed; anything left must not keep us running.
  process.exit(0);
}

void main();
