import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { MAX_TOKEN_LENGTH } from './auth/tokens.ts';

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  PUBLIC_URL: z
    .url()
    .transform((u) => u.replace(/\/+$/, ''))
    .optional(),
  ADMIN_TOKEN: z
    .string()
    .min(16, 'ADMIN_TOKEN must be at least 16 characters')
    // Bearer tokens longer than this are refused before they are compared (auth/tokens.ts):
    // a longer ADMIN_TOKEN would start a server that nobody can ever administer.
    .max(MAX_TOKEN_LENGTH, `ADMIN_TOKEN must be at most ${MAX_TOKEN_LENGTH} characters`)
    .regex(/^[\x21-\x7e]+$/, 'ADMIN_TOKEN must be printable ASCII without spaces')
    .optional(),
  ALLOWED_HOSTS: z.string().max(4000).optional(),
  // Issue 17 (operations): who may scrape /metrics, and how long a stopping node drains.
  METRICS_TOKEN: z
    .string()
    .min(16, 'METRICS_TOKEN must be at least 16 characters')
    .max(MAX_TOKEN_LENGTH, `METRICS_TOKEN must be at most ${MAX_TOKEN_LENGTH} characters`)
    .regex(/^[\x21-\x7e]+$/, 'METRICS_TOKEN must be printable ASCII without spaces')
    .optional(),
  SHUTDOWN_DRAIN_SECONDS: z.coerce
    .number()
    .int('SHUTDOWN_DRAIN_SECONDS must be a whole number of seconds')
    .min(0)
    .max(3600)
    .default(0),
  // Issue 17 (cluster mode): PostgreSQL as the shared record, this node's name, its leases.
  DATABASE_URL: z
    .string()
    .max(2000)
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// or postgresql://')
    .optional(),
  NODE_ID: z
    .string()
    .max(100)
    .regex(/^[A-Za-z0-9._:-]+$/, 'NODE_ID may hold letters, digits and . _ : - only')
    .optional(),
  LEASE_SECONDS: z.coerce
    .number()
    .int('LEASE_SECONDS must be a whole number of seconds')
    .min(3, 'LEASE_SECONDS must be at least 3 (a renewal runs every third of it)')
    .max(300)
    .default(10),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  publicUrl: string | undefined;
  adminToken: string | undefined;
  /** Host names (besides the server's own addresses) that browsers may reach it by. */
  allowedHosts: string[];
  /** When set, GET /metrics needs it as a Bearer token. */
  metricsToken: string | undefined;
  /** Seconds a stopping node reports not ready while still serving, before it closes. */
  shutdownDrainSeconds: number;
  /**
   * Cluster mode (issue 17): set when DATABASE_URL is — PostgreSQL holds the record and this
   * node owns the workshops it serves under leases; unset, the embedded SQLite default.
   */
  cluster: { databaseUrl: string; nodeId: string; leaseMs: number } | null;
  /** NODE_ID as given (sent as X-Convene-Node; in cluster mode also the lease holder's name). */
  nodeId: string | undefined;
}

/** Reads the environment once, at start-up; a bad value stops the server with a clear message. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  // An empty ADMIN_TOKEN is a mistake (a secret that did not arrive), not a choice to run open:
  // starting open would hand organiser rights to anyone on the network.
  if (env.ADMIN_TOKEN !== undefined && env.ADMIN_TOKEN.trim() === '') {
    throw new Error(
      'Invalid configuration:\n  ADMIN_TOKEN: is set but empty; unset it to run an open server, or give it a value',
    );
  }
  // Likewise a METRICS_TOKEN that did not arrive must not open the metrics.
  if (env.METRICS_TOKEN !== undefined && env.METRICS_TOKEN.trim() === '') {
    throw new Error(
      'Invalid configuration:\n  METRICS_TOKEN: is set but empty; unset it to leave /metrics open, or give it a value',
    );
  }
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    publicUrl: e.PUBLIC_URL,
    adminToken: e.ADMIN_TOKEN,
    allowedHosts: (e.ALLOWED_HOSTS ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
    metricsToken: e.METRICS_TOKEN,
    shutdownDrainSeconds: e.SHUTDOWN_DRAIN_SECONDS,
    nodeId: e.NODE_ID,
    cluster: e.DATABASE_URL
      ? {
          databaseUrl: e.DATABASE_URL,
          // A restarted node under the same NODE_ID takes its workshops back at once (a new
          // epoch each); without one, a name no other process has.
          nodeId: e.NODE_ID ?? `${os.hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`,
          leaseMs: e.LEASE_SECONDS * 1000,
        }
      : null,
  };
}
