/**
 * What an operator scrapes at /metrics (issue 17, operations): one Prometheus registry per app,
 * never prom-client's global one, so that several apps in one process (the tests start many)
 * each count their own.
 *
 * No label carries a workshop id, a name, a token or anything people typed: labels take values
 * from fixed lists only (command names, outcomes, commit kinds, connection kinds, log event
 * names), which keeps the series few and the scrape free of anything the Chatham House Rule
 * protects. Counts that change as people come and go are read at scrape time, not kept.
 */
import type { Ack } from '@convene/shared';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { ConnectionKind } from '../auth/connections.ts';
import type { Logger } from '../log.ts';
import type { CommitKind } from '../store/sqlite/sqliteStore.ts';

/** How a command was answered: done, refused for a reason the client can act on, or failed. */
export type CommandOutcomeLabel = 'ok' | 'refused' | 'failed';

/** What the metrics read at scrape time. */
export interface MetricSources {
  roomsLoaded(): number;
  connections(kind: ConnectionKind): number;
  /** Cluster mode: the workshops and series this node holds a lease on. */
  leasesHeld?(): number;
}

/** What happened to a lease (cluster mode): a fixed list, as every label here. */
export type LeaseEvent = 'taken' | 'refused' | 'lost' | 'released' | 'renew_failed';

export interface AppMetrics {
  readonly contentType: string;
  /** A command answered by the command bus (`name` is from the fixed list of commands). */
  commandAnswered(name: string, ack: Ack<object>): void;
  /** A store commit that finished: its duration and, for a group, how many commands it held. */
  committed(kind: CommitKind, seconds: number, commands: number): void;
  /** Cluster mode: a lease event; for `taken`, the seconds from asking to loaded. */
  leaseEvent(event: LeaseEvent, seconds?: number): void;
  /** Everything, in the Prometheus text format. */
  scrape(): Promise<string>;
}

const PREFIX = 'convene_';
const CONNECTION_KINDS: readonly ConnectionKind[] = ['socketio', 'yjs'];

/** Error codes that mean the server failed, not that the command was refused. */
const FAILURES = new Set(['internal_error', 'storage_unavailable']);

/** Fixed event names look like this; anything else is counted as `other` (never echoed). */
const EVENT_NAME = /^[a-z][a-z0-9_]{0,63}$/;

export function outcomeOf(ack: Ack<object>): CommandOutcomeLabel {
  if (ack.ok) return 'ok';
  return FAILURES.has(ack.error.code) ? 'failed' : 'refused';
}

export function createMetrics(sources: MetricSources): AppMetrics & {
  /** Counts error-level log events by name (see countErrors). */
  errorLogged(event: string): void;
} {
  const registry = new Registry();
  const registers = [registry];

  new Gauge({
    name: `${PREFIX}rooms_loaded`,
    help: 'Workshops whose doc is loaded in memory on this node',
    registers,
    collect() {
      this.set(sources.roomsLoaded());
    },
  });
  new Gauge({
    name: `${PREFIX}connections`,
    help: 'Live authenticated connections on this node, by kind (socketio, yjs)',
    labelNames: ['kind'] as const,
    registers,
    collect() {
      for (const kind of CONNECTION_KINDS) this.set({ kind }, sources.connections(kind));
    },
  });
  const commands = new Counter({
    name: `${PREFIX}commands_total`,
    help: 'Commands answered by the command bus, by command name and outcome (ok, refused, failed)',
    labelNames: ['command', 'outcome'] as const,
    registers,
  });
  const commits = new Histogram({
    name: `${PREFIX}commit_duration_seconds`,
    help: 'Store commits: a group of socket commands from COMMIT to its flush (group), any other outermost write transaction (transaction)',
    labelNames: ['kind'] as const,
    // From a WAL append without a flush (tens of microseconds) to a slow virtual disk's flush.
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers,
  });
  const groupSizes = new Histogram({
    name: `${PREFIX}group_commit_commands`,
    help: 'Socket commands per group commit',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
    registers,
  });
  if (sources.leasesHeld) {
    const held = sources.leasesHeld;
    new Gauge({
      name: `${PREFIX}leases_held`,
      help: 'Cluster mode: workshops and series this node holds the lease of',
      registers,
      collect() {
        this.set(held());
      },
    });
  }
  const leaseEvents = new Counter({
    name: `${PREFIX}lease_events_total`,
    help: 'Cluster mode: leases taken, refused (held by another node), lost, released, and failed renewals',
    labelNames: ['event'] as const,
    registers,
  });
  const leaseTakes = new Histogram({
    name: `${PREFIX}lease_take_seconds`,
    help: "Cluster mode: from asking for a workshop's lease to its rows loaded from PostgreSQL",
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers,
  });
  const errors = new Counter({
    name: `${PREFIX}log_errors_total`,
    help: 'Error-level log events, by event name',
    labelNames: ['event'] as const,
    registers,
  });

  // The process and runtime defaults start on the first scrape: each set watches the event
  // loop and the garbage collector for as long as the process lives, which an app that is never
  // scraped (a laptop, each of the tests' many apps) need not pay for.
  let defaults = false;

  return {
    contentType: registry.contentType,
    commandAnswered(name, ack) {
      commands.inc({ command: name, outcome: outcomeOf(ack) });
    },
    committed(kind, seconds, commandCount) {
      commits.observe({ kind }, seconds);
      if (kind === 'group') groupSizes.observe(commandCount);
    },
    leaseEvent(event, seconds) {
      leaseEvents.inc({ event });
      if (event === 'taken' && seconds !== undefined) leaseTakes.observe(seconds);
    },
    errorLogged(event) {
      errors.inc({ event: EVENT_NAME.test(event) ? event : 'other' });
    },
    scrape() {
      if (!defaults) {
        defaults = true;
        collectDefaultMetrics({ register: registry, prefix: PREFIX });
      }
      return registry.metrics();
    },
  };
}

/** The logger, counting its error-level events in `metrics` as well. */
export function countErrors(log: Logger, metrics: { errorLogged(event: string): void }): Logger {
  return {
    info: (event, fields) => log.info(event, fields),
    warn: (event, fields) => log.warn(event, fields),
    error: (event, fields) => {
      metrics.errorLogged(event);
      log.error(event, fields);
    },
  };
}
