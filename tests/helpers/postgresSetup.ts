import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

// The 'postgres' project's global setup (issue 17): one scratch PostgreSQL cluster for the whole
// run, started only when a PostgreSQL test file is in the run (vitest sets up a project's
// globals only then), and removed after it. CONVENE_TEST_PG_URL points the tests at a server of
// your own instead (its user needs CREATEDB: each test file makes a database of its own).
// Without either, the tests are skipped and the reason printed — unless
// CONVENE_TEST_PG_REQUIRED is set (.ci/run sets it, having installed PostgreSQL), where a
// PostgreSQL that cannot be started fails the run instead of hiding behind a skip.

/** What the PostgreSQL tests are given: a database URL, or why there is none. */
export type PostgresTarget = { url: string; reason: null } | { url: null; reason: string };

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: PostgresTarget;
  }
}

const run = promisify(execFile);
const PREFIX = 'convene-pg-';
const DATABASE = 'convene_test';

interface Account {
  uid: number;
  gid: number;
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.CONVENE_TEST_PG_URL;
  if (external) {
    project.provide('postgres', { url: external, reason: null });
    return async () => {};
  }
  sweepAbandonedClusters();
  let cluster: Cluster | null = null;
  let reason: string;
  try {
    cluster = await startCluster();
    reason = '';
  } catch (err) {
    reason = err instanceof Error ? err.message : String(err);
  }
  if (!cluster) {
    if (process.env.CONVENE_TEST_PG_REQUIRED) {
      throw new Error(`CONVENE_TEST_PG_REQUIRED is set but PostgreSQL did not start: ${reason}`);
    }
    console.warn(`PostgreSQL tests skipped: ${reason}`);
    project.provide('postgres', { url: null, reason });
    return async () => {};
  }
  const started = cluster;
  project.provide('postgres', { url: started.url, reason: null });
  // A run that ends without its teardown (an uncaught error in the runner) still stops the
  // cluster; a run killed outright leaves it to the next run's sweep.
  const onExit = () => started.stopSync();
  process.once('exit', onExit);
  return async () => {
    process.off('exit', onExit);
    started.stopSync();
  };
}

interface Cluster {
  url: string;
  stopSync(): void;
}

/**
 * The same scratch PostgreSQL for a process outside vitest (the cluster benchmark, issue 17):
 * its URL and `stopSync()`, which stops it and removes its folder. Throws why it cannot start.
 */
export async function startScratchPostgres(): Promise<Cluster> {
  sweepAbandonedClusters();
  return startCluster();
}

async function startCluster(): Promise<Cluster> {
  const bin = findBinaries();
  const account = runAs();
  // Run as the postgres account, the cluster's folder must be reachable by it: /tmp is, a
  // TMPDIR under root's home may not be.
  const dir = fs.mkdtempSync(path.join(account ? '/tmp' : os.tmpdir(), PREFIX));
  fs.writeFileSync(path.join(dir, 'owner.pid'), String(process.pid));
  if (account) fs.chownSync(dir, account.uid, account.gid);
  const data = path.join(dir, 'data');
  const as = {
    cwd: dir,
    env: { ...process.env, LC_ALL: 'C' },
    ...(account ?? {}),
  };
  let stopped = false;
  const stopSync = () => {
    if (stopped) return;
    stopped = true;
    try {
      if (fs.existsSync(path.join(data, 'postmaster.pid'))) {
        execFileSync(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], {
          ...as,
          stdio: 'ignore',
        });
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    await run(
      path.join(bin, 'initdb'),
      ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync'],
      as,
    ).catch((err: unknown) => {
      throw new Error(`initdb failed: ${describeFailure(err)}`);
    });
    const port = await freePort();
    // A scratch cluster: durability is not what these tests measure, and without fsync the
    // start and every commit are faster on a shared two-core machine.
    const options = [
      `-p ${port}`,
      `-k ${dir}`,
      '-c listen_addresses=127.0.0.1',
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c max_connections=200',
    ].join(' ');
    const log = path.join(dir, 'postgres.log');
    await run(
      path.join(bin, 'pg_ctl'),
      ['-D', data, '-l', log, '-w', '-t', '30', '-o', options, 'start'],
      as,
    ).catch((err: unknown) => {
      const tail = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').slice(-600) : '';
      throw new Error(`pg_ctl start failed: ${describeFailure(err)} ${tail}`);
    });
    const admin = new pg.Client({
      host: '127.0.0.1',
      port,
      user: 'postgres',
      database: 'postgres',
    });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${DATABASE}`);
    } finally {
      await admin.end();
    }
    return { url: `postgres://postgres@127.0.0.1:${port}/${DATABASE}`, stopSync };
  } catch (err) {
    stopSync();
    throw err;
  }
}

/** The directory holding initdb and pg_ctl: Debian's newest version, else whatever PATH has. */
function findBinaries(): string {
  const debian = '/usr/lib/postgresql';
  const versions = fs.existsSync(debian)
    ? fs
        .readdirSync(debian)
        .filter((v) => /^\d+(\.\d+)?$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const candidates = [
    ...versions.map((v) => path.join(debian, v, 'bin')),
    ...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean),
  ];
  for (const dir of candidates) {
    if (['initdb', 'pg_ctl', 'postgres'].every((b) => isExecutable(path.join(dir, b)))) return dir;
  }
  throw new Error(
    'no PostgreSQL server binaries (initdb, pg_ctl, postgres) in /usr/lib/postgresql/*/bin or on PATH; install the Debian package postgresql or set CONVENE_TEST_PG_URL',
  );
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** initdb and postgres refuse to run as root: as root, run them as the postgres account. */
function runAs(): Account | null {
  if (process.getuid?.() !== 0) return null;
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    if (Number.isInteger(uid) && Number.isInteger(gid) && uid > 0) return { uid, gid };
  } catch {
    // fall through to the explanation below
  }
  throw new Error(
    'running as root and there is no postgres account to run initdb as (initdb refuses root)',
  );
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

/** Clusters left by runs that were killed before their teardown: stop them and remove them. */
function sweepAbandonedClusters(): void {
  const folders = new Set([os.tmpdir(), '/tmp'].filter((d) => fs.existsSync(d)));
  const clusters = [...folders].flatMap((tmp) =>
    fs
      .readdirSync(tmp)
      .filter((name) => name.startsWith(PREFIX))
      .map((name) => path.join(tmp, name)),
  );
  for (const dir of clusters) {
    let owner = 0;
    try {
      owner = Number(fs.readFileSync(path.join(dir, 'owner.pid'), 'utf8'));
    } catch {
      continue;
    }
    if (!Number.isInteger(owner) || owner <= 0 || isAlive(owner)) continue;
    const pidFile = path.join(dir, 'data', 'postmaster.pid');
    try {
      const postmaster = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
      if (Number.isInteger(postmaster) && postmaster > 0) process.kill(postmaster, 'SIGQUIT');
    } catch {
      // no postmaster left: only the folder remains
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function describeFailure(err: unknown): string {
  if (err && typeof err === 'object' && 'stderr' in err && typeof err.stderr === 'string') {
    return err.stderr.trim().slice(-600) || String(err);
  }
  return err instanceof Error ? err.message : String(err);
}
