import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The HAProxy configuration of the cluster tests (issue 17): the operators' example,
// deploy/haproxy.cfg, with the test's own addresses. Its `defaults` section and its backend's
// routing and health-check lines are taken as they are, so the tests check the documented file;
// only the global section (a stats socket, no syslog), the frontend (a loopback port, no TLS)
// and the server lines are the test's.

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DEPLOY_CONFIG = path.join(repoRoot, 'deploy/haproxy.cfg');

export interface HaproxyNode {
  /** The server's name in HAProxy (its stats and logs). */
  name: string;
  port: number;
}

/** The sections of an HAProxy file by their header line ("defaults", "backend convene_nodes"). */
function sections(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let current: string[] | null = null;
  for (const line of text.split('\n')) {
    if (/^\S/.test(line) && !line.startsWith('#')) {
      current = [];
      out.set(line.trim(), current);
    } else if (current && line.trim() !== '') {
      current.push(line);
    }
  }
  return out;
}

export function haproxyConfig(opts: {
  frontendPort: number;
  nodes: readonly HaproxyNode[];
  /** A unix socket for `show stat` (the harness reads the servers' states from it). */
  statsSocket: string;
}): string {
  const deploy = sections(fs.readFileSync(DEPLOY_CONFIG, 'utf8'));
  const defaults = deploy.get('defaults');
  const backend = deploy.get('backend convene_nodes');
  if (!defaults || !backend) {
    throw new Error(`${DEPLOY_CONFIG} has no "defaults" or no "backend convene_nodes" section`);
  }
  const policy = backend.filter((line) => !/^\s*server\s/.test(line));
  return [
    'global',
    `  stats socket ${opts.statsSocket} mode 600 level admin`,
    // The test reads what went wrong from the process's output, not from a syslog.
    '  log stdout format raw local0 notice',
    '',
    'defaults',
    ...defaults,
    '',
    'frontend convene',
    `  bind 127.0.0.1:${opts.frontendPort}`,
    '  option forwardfor',
    '  default_backend convene_nodes',
    '',
    'backend convene_nodes',
    ...policy,
    ...opts.nodes.map((n) => `  server ${n.name} 127.0.0.1:${n.port} check`),
    '',
  ].join('\n');
}
